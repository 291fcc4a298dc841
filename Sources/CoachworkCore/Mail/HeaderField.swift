import Foundation

/// Builds one header field, folded at whitespace (RFC 5322 §2.2.3) so each line stays within 78
/// characters where a break point exists. Unfolding (deleting each CRLF) restores the exact value.
struct HeaderField {
    static let lineLimit = 78

    private var lines: [String] = []
    private var current: String
    private let prefix: String

    /// Starts a field `Name:`; the name is used as given.
    init(name: String) {
        prefix = name + ":"
        current = prefix
    }

    /// The field with CRLF between folded lines and a final CRLF.
    var rendered: String { (lines + [current]).joined(separator: "\r\n") + "\r\n" }

    /// Appends one space and `token` (which must not contain spaces). Folds before a non-empty token
    /// that would overflow the line (so no line is ever whitespace-only), but does not fold straight
    /// after `Name:` unless the token then fits; a token longer than a line stays whole (over-long line).
    mutating func append(_ token: String) {
        let overflows = current.count + 1 + token.count > Self.lineLimit
        let nameOnly = lines.isEmpty && current == prefix
        if overflows, !token.isEmpty, !nameOnly || 1 + token.count <= Self.lineLimit {
            lines.append(current)
            current = ""
        }
        current += " " + token
    }

    /// Appends a space and `text` verbatim, with fold points at its spaces.
    mutating func appendText(_ text: String) {
        for token in text.split(separator: " ", omittingEmptySubsequences: false) { append(String(token)) }
    }

    /// Appends a space and `text` as RFC 2047 encoded-words separated by folding whitespace; the first
    /// word is sized to fit the rest of the current line.
    mutating func appendEncoded(_ text: String) {
        for word in EncodedWord.words(text, firstLength: Self.lineLimit - current.count - 1) { append(word) }
    }

    /// Appends unstructured text (RFC 5322 §3.2.5): verbatim when plain printable ASCII, else encoded.
    mutating func appendUnstructured(_ text: String) {
        if EncodedWord.isPlainPrintableASCII(text) { appendText(text) } else { appendEncoded(text) }
    }

    /// Appends one mailbox (RFC 5322 §3.4), followed by `suffix` (e.g. `","`) glued to the address.
    mutating func appendMailbox(_ address: MailAddress, suffix: String = "") {
        let email = Self.sanitizeAddrSpec(address.email)
        let name = Self.sanitize(address.name?.precomposedStringWithCanonicalMapping ?? "")
            .trimmingCharacters(in: .whitespaces)
        if name.isEmpty { append(email + suffix); return }
        if !EncodedWord.isPlainPrintableASCII(name) {
            appendEncoded(name)
        } else if Self.needsQuoting(name) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            appendText("\"" + escaped + "\"")  // FWS inside a quoted-string is legal (RFC 5322 §3.2.4)
        } else {
            appendText(name)
        }
        append("<" + email + ">" + suffix)
    }

    /// True when an ASCII display name is not a plain RFC 5322 §3.2.5 phrase of atoms separated by
    /// single spaces: it holds a §3.2.3 special (`()<>[]:;@\,."`) or doubled spaces.
    static func needsQuoting(_ name: String) -> Bool {
        name.contains { "()<>[]:;@\\,.\"".contains($0) } || name.contains("  ")
    }

    /// Header-injection guard for any header text: each run of CR/LF becomes one space, TAB becomes a
    /// space, other C0 controls and DEL are dropped.
    static func sanitize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasBreak = false
        for scalar in text.unicodeScalars {
            let isBreak = scalar == "\r" || scalar == "\n"
            if isBreak {
                if !previousWasBreak { out.append(" ") }
            } else if scalar == "\t" {
                out.append(" ")
            } else if scalar.value >= 0x20 && scalar.value != 0x7F {
                out.append(scalar)
            }
            previousWasBreak = isBreak
        }
        return String(out)
    }

    /// Keeps only printable ASCII other than space, `<`, `>`, `,`, `;` and `"` so an addr-spec or
    /// msg-id cannot break out of its angle brackets or the address list.
    static func sanitizeAddrSpec(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0.value > 0x20 && $0.value < 0x7F && !"<>,;\"".unicodeScalars.contains($0)
        }))
    }
}
