import Foundation

/// An outgoing e-mail before rendering: envelope-independent header fields plus a plain-text body and
/// an optional HTML alternative. Render it with `MIMEWriter.render(_:boundary:)`.
///
/// Values are stored as given; `MIMEWriter` sanitises them when rendering (CR/LF in header values become
/// spaces, names and subject are NFC-normalised, bodies get CRLF line endings).
public struct MailMessage: Sendable {
    /// Originator mailbox (RFC 5322 §3.6.2 `From:`).
    public var from: MailAddress
    /// Recipients (RFC 5322 §3.6.3 `To:`), rendered in order, comma-separated. Empty renders
    /// `To: undisclosed-recipients:;` (an empty RFC 5322 §3.4 group).
    public var to: [MailAddress]
    /// Subject line, any Unicode (RFC 5322 §3.6.5; non-ASCII is RFC 2047 encoded).
    public var subject: String
    /// Plain-text body, any Unicode; sent as `text/plain; charset=utf-8`, quoted-printable (RFC 2045 §6.7).
    /// Line endings LF, CR or CRLF are all accepted and normalised to CRLF.
    public var textBody: String
    /// Optional HTML alternative; when non-nil the message becomes `multipart/alternative` (RFC 2046 §5.1.4)
    /// with the text part first and this `text/html; charset=utf-8` part second.
    public var htmlBody: String?
    /// Message identifier without angle brackets, e.g. `"8f3c1d@coachwork.local"` (RFC 5322 §3.6.4
    /// `id-left "@" id-right`). Rendered as `Message-ID: <...>`; brackets, whitespace and control
    /// characters in the value are dropped.
    public var messageID: String
    /// Origination date (RFC 5322 §3.6.1), rendered in UTC with second precision (fractions truncated).
    public var date: Date
    /// Additional header fields, rendered in order after `MIME-Version`, e.g.
    /// `("List-Unsubscribe", "<https://example.com/u/1>")`. Names keep only RFC 5322 §3.6.8 ftext
    /// characters (printable ASCII except `:`); an empty name, or one of the fields the writer itself
    /// produces (Date, From, To, Subject, Message-ID, MIME-Version, Content-Type,
    /// Content-Transfer-Encoding), is skipped. Printable-ASCII values are written as-is (folded);
    /// other values are RFC 2047 encoded.
    public var extraHeaders: [(name: String, value: String)]
    /// Where replies go (RFC 5322 §3.6.2 Reply-To), e.g. the coach for a stakeholder's
    /// invitation; nil to reply to `from`.
    public var replyTo: MailAddress?
    /// Files sent with the message (RFC 2046 §5.1.3 `multipart/mixed`), in order; empty for none.
    public var attachments: [MailAttachment]

    /// Creates a message; all values are stored unchanged (see the property docs for rendering rules).
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        textBody: String,
        htmlBody: String?,
        messageID: String,
        date: Date,
        extraHeaders: [(name: String, value: String)] = [],
        replyTo: MailAddress? = nil,
        attachments: [MailAttachment] = []
    ) {
        self.attachments = attachments
        self.replyTo = replyTo
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.date = date
        self.extraHeaders = extraHeaders
    }
}
