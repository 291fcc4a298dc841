import Foundation

/// One mailbox: an optional display name plus an addr-spec (RFC 5322 §3.4 `name-addr` / `addr-spec`).
///
/// `MIMEWriter` renders it as `addr@example.com` when `name` is nil or empty, as
/// `Plain Name <addr@example.com>` for ASCII atoms, as `"Doe, Jane" <addr@example.com>` (RFC 5322
/// §3.2.4 quoted-string) when the ASCII name holds specials, and as RFC 2047 encoded-words otherwise.
/// No validation happens here; call `isValidEmail(_:)` before accepting user input.
public struct MailAddress: Sendable, Hashable, Codable {
    /// Display name, any Unicode (NFC-normalised when rendered). `nil` or `""` means "no name".
    public var name: String?
    /// The addr-spec `local@domain`, ASCII only (no IDN/SMTPUTF8 support); see `isValidEmail(_:)`.
    public var email: String

    /// Creates an address. Stores both values as given; sanitising happens when the message is rendered.
    /// - Parameters:
    ///   - name: display name or nil.
    ///   - email: addr-spec such as `"jane@example.com"`.
    public init(name: String?, email: String) {
        self.name = name
        self.email = email
    }

    /// Returns true when `s` is a plausible RFC 5322 §3.4.1 addr-spec for sending mail. No errors are thrown.
    ///
    /// Checks, in order: at most 254 characters (RFC 5321 §4.5.3.1 path limit minus the brackets);
    /// ASCII only; no spaces, control characters or the specials `<>()[]\,;:"`;
    /// exactly one `@`; a non-empty local part; a non-empty domain that is `localhost`
    /// (case-insensitive) or contains a dot, with no empty labels (no leading, trailing or doubled dot).
    /// It does not check DNS, quoted local parts, IP literals or internationalised addresses.
    /// - Parameter s: candidate address, e.g. `"jane@example.com"` (true) or `"jane@example"` (false).
    public static func isValidEmail(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 254 else { return false }
        let forbidden = Set("<>()[]\\,;:\"".utf8)
        for byte in s.utf8 {
            if byte <= 0x20 || byte >= 0x7F || forbidden.contains(byte) { return false }
        }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if domain.lowercased() == "localhost" { return true }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
