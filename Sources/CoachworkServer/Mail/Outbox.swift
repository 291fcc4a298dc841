import Vapor
import Fluent
import CoachworkCore

/// Writes emails into the outbox table. Call it with the same `Database` (transaction) as
/// the change that causes the email, so both commit or neither does.
enum Outbox {
    /// Queues one email unless one with the same idempotency key already exists.
    ///
    /// - Parameters:
    ///   - purpose: what kind of message it is, e.g. `sign_in_link`.
    ///   - key: unique per purpose and recipient (and cause); a second call with it is a no-op.
    ///   - domain: the host part for the Message-ID, from the sender's address.
    /// - Returns: `true` when queued, `false` when it was already there.
    @discardableResult
    static func enqueue(
        on db: any Database, purpose: String, key: String, to recipient: MailAddress,
        content: MailContent, senderDomain: String, now: Date, replyTo: MailAddress? = nil
    ) async throws -> Bool {
        let idempotencyKey = "\(purpose):\(key)"
        if try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == idempotencyKey).count() > 0 {
            return false
        }
        let message = OutboxMessage()
        message.idempotencyKey = idempotencyKey
        message.messageID = "\(UUID().uuidString.lowercased())@\(senderDomain)"
        message.purpose = purpose
        message.toEmail = recipient.email
        message.toName = recipient.name
        message.replyToEmail = replyTo?.email
        message.replyToName = replyTo?.name
        message.subject = content.subject
        message.textBody = content.text
        message.htmlBody = content.html
        message.status = OutboxMessage.Status.pending.rawValue
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.create(on: db)
        return true
    }
}

/// The rendered content of one email: subject and both alternative bodies.
struct MailContent: Sendable {
    var subject: String
    var text: String
    var html: String
}

extension Request {
    /// Queues an email from this request's app (sender domain and clock from config).
    func enqueueMail(on db: any Database, purpose: String, key: String, to recipient: MailAddress, content: MailContent,
                     replyTo: MailAddress? = nil) async throws {
        let domain = config.mailFrom.email.split(separator: "@").last.map(String.init) ?? "localhost"
        try await Outbox.enqueue(on: db, purpose: purpose, key: key, to: recipient, content: content, senderDomain: domain, now: now, replyTo: replyTo)
    }
}
