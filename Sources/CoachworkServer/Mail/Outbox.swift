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
    ///   - senderDomain: the host part for the Message-ID, from the sender's address.
    ///   - engagementID: the engagement the email belongs to (its coach sees failures), if any.
    /// - Returns: `true` when queued, `false` when it was already there.
    @discardableResult
    static func enqueue(
        on db: any Database, purpose: String, key: String, to recipient: MailAddress,
        content: MailContent, senderDomain: String, now: Date, replyTo: MailAddress? = nil, engagementID: UUID? = nil
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
        message.engagementID = engagementID
        message.attachmentFilename = content.attachment?.filename
        message.attachmentType = content.attachment?.contentType
        message.attachmentBody = content.attachment?.content
        message.unsubscribeURL = content.unsubscribeURL
        message.status = OutboxMessage.Status.pending.rawValue
        message.attempts = 0
        message.nextAttemptAt = now
        message.createdAt = now
        try await message.create(on: db)
        return true
    }
}

/// The rendered content of one email: subject, both alternative bodies, and optionally a file
/// (a meeting's `.ics`) and the one-click stop address of a reminder.
struct MailContent: Sendable {
    var subject: String
    var text: String
    var html: String
    var attachment: MailAttachment? = nil
    var unsubscribeURL: String? = nil
}

extension Request {
    /// Queues an email from this request's app (sender domain and clock from config).
    func enqueueMail(on db: any Database, purpose: String, key: String, to recipient: MailAddress, content: MailContent,
                     replyTo: MailAddress? = nil, engagementID: UUID? = nil) async throws {
        let domain = config.mailFrom.email.split(separator: "@").last.map(String.init) ?? "localhost"
        try await Outbox.enqueue(on: db, purpose: purpose, key: key, to: recipient, content: content, senderDomain: domain, now: now, replyTo: replyTo, engagementID: engagementID)
    }
}

extension Outbox {
    /// Whether an email with this purpose and key was queued already (sweeps check before
    /// creating links for a reminder that would then be refused).
    static func exists(purpose: String, key: String, on db: any Database) async throws -> Bool {
        try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == "\(purpose):\(key)").count() > 0
    }

    /// Whether any email of engagement `engagementID` whose `<purpose>:<key>` starts with `prefix` was
    /// queued, whatever became of it. The engagement narrows the search by index first: a LIKE alone
    /// would read the whole outbox.
    static func exists(prefix: String, engagementID: UUID, on db: any Database) async throws -> Bool {
        try await OutboxMessage.query(on: db).filter(\.$engagementID == engagementID).filter(\.$idempotencyKey =~ prefix).count() > 0
    }
}
