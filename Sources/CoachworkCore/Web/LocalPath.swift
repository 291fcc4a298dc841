/// Where a page may send someone after signing in or following a personal link: a plain path on
/// this site, never another host.
///
/// Browsers forgive a lot in a `Location` header: they drop tabs and line breaks (`/\t/evil`
/// becomes `//evil`, a host), read `\` as `/`, and treat `//host` as a host (WHATWG URL Standard,
/// "URL parsing": special schemes). So rather than list what is dangerous, this accepts only
/// what a path of ours looks like: `/` followed by RFC 3986 path and query characters, with no
/// `//`, no backslash, no control or non-ASCII scalar, and no percent-encoded slash, backslash
/// or control character.
public enum LocalPath {
    /// Longest accepted path, in bytes.
    public static let maxLength = 2048

    /// `candidate` when it is a plain same-site path (optionally with a query), else `nil`.
    ///
    /// - Parameter candidate: a decoded `next` value from a query string or form (may be nil).
    /// - Returns: the path unchanged, or `nil` when it is anything else (callers fall back to home).
    public static func validated(_ candidate: String?) -> String? {
        guard let candidate, !candidate.isEmpty, candidate.utf8.count <= maxLength else { return nil }
        let scalars = Array(candidate.unicodeScalars)
        guard scalars[0] == "/", !candidate.contains("//") else { return nil }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.isASCII, allowed.contains(Character(scalar)) else { return nil }
            if scalar == "%" {
                guard index + 2 < scalars.count, let byte = UInt8(String(String.UnicodeScalarView(scalars[(index + 1)...(index + 2)])), radix: 16),
                      byte >= 0x20, byte != 0x7F, byte != 0x2F, byte != 0x5C, byte < 0x80 else { return nil }
                index += 3
                continue
            }
            index += 1
        }
        return candidate
    }

    /// RFC 3986 `pchar` plus `/` and `?` (section 3.3 and 3.4), without `#`.
    private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%")
}
