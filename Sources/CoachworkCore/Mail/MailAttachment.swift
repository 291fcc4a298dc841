import Foundation

/// A file attached to a `MailMessage`, e.g. the `.ics` of a meeting invitation (RFC 5545 / RFC 6047 iMIP).
///
/// `MIMEWriter` writes it as its own body part after the message text, base64-encoded (RFC 2045 §6.8) in
/// lines of 76 characters, with `Content-Disposition: attachment; filename="..."` (RFC 2183).
public struct MailAttachment: Sendable, Equatable {
    /// File name offered to the reader, e.g. `"invite.ics"`. Only `A-Za-z0-9._-` survive rendering (other
    /// characters become `_`, so no RFC 2231 encoding is needed); empty becomes `"attachment"`.
    public var filename: String
    /// MIME type with parameters, e.g. `"text/calendar; method=REQUEST; charset=utf-8"` (RFC 6047 §2.4).
    /// Rendered as given after removing CR, LF and other control characters.
    public var contentType: String
    /// The content, any Unicode; sent as its UTF-8 bytes.
    public var content: String

    /// Creates an attachment; values are stored as given (see the properties for rendering rules).
    public init(filename: String, contentType: String, content: String) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }

    /// The filename reduced to `A-Za-z0-9._-`, never empty.
    var safeFilename: String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        let cleaned = String(filename.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty ? "attachment" : cleaned
    }

    /// The body part: headers, a blank line, base64 lines of 76 characters (CRLF-terminated, RFC 2045 §6.8).
    var part: String {
        let type = String(String.UnicodeScalarView(contentType.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }))
        let encoded = Data(content.utf8).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return "Content-Type: \(type); name=\"\(safeFilename)\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"\(safeFilename)\"\r\n\r\n"
            + lines.map { $0 + "\r\n" }.joined()
    }
}
