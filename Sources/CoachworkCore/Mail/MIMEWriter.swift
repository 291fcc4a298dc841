import Foundation

/// Renders a `MailMessage` as an RFC 5322 Internet message with MIME (RFC 2045-2047) bodies.
///
/// Output is 7-bit ASCII text with CRLF line endings: header fields folded to at most 78 characters
/// per line where whitespace allows, UTF-8 bodies in quoted-printable. Pure and deterministic apart
/// from the random boundary used when none is given. Never throws: bad input is sanitised (see
/// `MailMessage`) rather than rejected, so validate addresses with `MailAddress.isValidEmail(_:)` first.
public enum MIMEWriter {
    /// Header fields that the writer emits itself; `extraHeaders` entries with these names are skipped.
    static let reservedHeaders: Set<String> = [
        "date", "from", "to", "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Renders the whole message as RFC 5322 text with CRLF line endings, ready to write to a .eml file or
    /// pipe to sendmail.
    ///
    /// Header order: Date, From, To, Subject, Message-ID (`<id>`), MIME-Version: 1.0, the extra headers,
    /// then Content-Type (and Content-Transfer-Encoding for a single part). With `htmlBody == nil` the body
    /// is one `text/plain; charset=utf-8` quoted-printable part; otherwise it is `multipart/alternative`
    /// (RFC 2046 §5.1.4) with a text/plain part then a text/html part, both UTF-8 quoted-printable.
    /// With attachments the whole becomes `multipart/mixed` (RFC 2046 §5.1.3): that text body first, then
    /// each attachment in order (see `MailAttachment`), under a second boundary `mixed_<boundary>`.
    /// - Parameters:
    ///   - message: the message to render.
    ///   - boundary: multipart boundary, 1-70 of RFC 2046 §5.1.1 bchars except space
    ///     (`A-Za-z0-9'()+_,-./:=?`). Ignored for single-part messages. When nil, invalid, or occurring
    ///     anywhere inside an encoded body part (headers included), a random `=_cw_<32 hex>` boundary is
    ///     used instead (`=_` can never occur in quoted-printable output).
    /// - Returns: the message text; every line ends with CRLF.
    public static func render(_ message: MailMessage, boundary: String? = nil) -> String {
        var out = headerBlock(message)
        let texts = textParts(message)
        let inner = pick(boundary, avoiding: texts)
        let body = texts.count == 1 ? texts[0] : multipart("alternative", boundary: inner, parts: texts)
        guard !message.attachments.isEmpty else { return out + body }
        let parts = [body] + message.attachments.map(\.part)
        let outer = pick(isValidBoundary("mixed_" + inner) ? "mixed_" + inner : nil, avoiding: parts + ["--" + inner])
        return out + multipart("mixed", boundary: outer, parts: parts)
    }

    /// The text body as one `text/plain` part, or a text and an HTML part (headers included).
    static func textParts(_ message: MailMessage) -> [String] {
        let bodies = [("text/plain", message.textBody)] + (message.htmlBody.map { [("text/html", $0)] } ?? [])
        return bodies.map { type, body in
            "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + QuotedPrintable.encode(body, terminated: bodies.count == 1 && message.attachments.isEmpty)
        }
    }

    /// A `multipart/<subtype>` entity (RFC 2046 §5.1.1): Content-Type header, then each part between
    /// delimiter lines, then the close delimiter.
    static func multipart(_ subtype: String, boundary: String, parts: [String]) -> String {
        var field = HeaderField(name: "Content-Type")
        field.append("multipart/\(subtype);")
        field.append("boundary=\"\(boundary)\"")
        var out = field.rendered + "\r\n"
        for part in parts { out += "--\(boundary)\r\n" + part + "\r\n" }
        return out + "--\(boundary)--\r\n"
    }

    /// `preferred` when it is a valid boundary found in none of `parts`, else a random `=_cw_<32 hex>`.
    static func pick(_ preferred: String?, avoiding parts: [String]) -> String {
        var chosen = preferred ?? ""
        while !isValidBoundary(chosen) || parts.contains(where: { $0.contains(chosen) }) {
            chosen = "=_cw_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }
        return chosen
    }

    /// RFC 5322 §3.3 date-time in UTC, e.g. "Sun, 29 Nov 2026 14:37:15 +0000".
    ///
    /// English day and month names, two-digit day, 24-hour time, seconds truncated (not rounded),
    /// zone always `+0000`. Uses the proleptic Gregorian calendar; years are printed with at least 4 digits.
    /// Never fails.
    public static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ n: Int?, _ width: Int = 2) -> String {
            let s = String(n ?? 0)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(days[(c.weekday ?? 1) - 1]), \(pad(c.day)) \(months[(c.month ?? 1) - 1]) \(pad(c.year, 4)) "
            + "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) +0000"
    }

    /// RFC 2047 encoded-word(s) ("=?UTF-8?B?...?=", split so each encoded-word <= 75 chars, never splitting
    /// a UTF-8 character) when the text is not plain printable ASCII, else the text unchanged.
    ///
    /// "Plain printable ASCII" means only characters U+0020-U+007E and no `=?` (which a decoder would take
    /// for an encoded-word). Encoded-words (RFC 2047 §4.1 "B" encoding) are separated by a single space,
    /// which decoders drop between adjacent encoded-words (RFC 2047 §6.2), and are split between
    /// grapheme clusters where possible. CR/LF are not removed here; `render` sanitises header values
    /// before encoding. Never fails. Examples: `"Hello"` → `"Hello"`, `"Café"` → `"=?UTF-8?B?Q2Fmw6k=?="`.
    public static func encodeHeaderText(_ text: String) -> String {
        EncodedWord.isPlainPrintableASCII(text) ? text : EncodedWord.words(text).joined(separator: " ")
    }

    /// The header block up to and including the extra headers (no Content-Type, no blank line).
    static func headerBlock(_ message: MailMessage) -> String {
        var out = "Date: \(rfc5322Date(message.date))\r\n"
        var from = HeaderField(name: "From")
        from.appendMailbox(message.from)
        out += from.rendered
        var to = HeaderField(name: "To")
        if message.to.isEmpty { to.append("undisclosed-recipients:;") }
        for (index, address) in message.to.enumerated() {
            to.appendMailbox(address, suffix: index < message.to.count - 1 ? "," : "")
        }
        out += to.rendered
        if let replyTo = message.replyTo {
            var field = HeaderField(name: "Reply-To")
            field.appendMailbox(replyTo)
            out += field.rendered
        }
        var subject = HeaderField(name: "Subject")
        subject.appendUnstructured(HeaderField.sanitize(message.subject.precomposedStringWithCanonicalMapping))
        out += subject.rendered
        out += "Message-ID: <\(HeaderField.sanitizeAddrSpec(message.messageID))>\r\n"
        out += "MIME-Version: 1.0\r\n"
        for header in message.extraHeaders {
            let name = String(String.UnicodeScalarView(header.name.unicodeScalars.filter {
                $0.value >= 0x21 && $0.value <= 0x7E && $0 != ":"
            }))
            guard !name.isEmpty, !reservedHeaders.contains(name.lowercased()) else { continue }
            var field = HeaderField(name: name)
            field.appendUnstructured(HeaderField.sanitize(header.value))
            out += field.rendered
        }
        return out
    }

    /// RFC 2046 §5.1.1 boundary syntax, 1-70 bchars, minus space (keeps the parameter unfoldable).
    static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:=?")
        return (1...70).contains(boundary.count) && boundary.allSatisfy(allowed.contains)
    }
}
