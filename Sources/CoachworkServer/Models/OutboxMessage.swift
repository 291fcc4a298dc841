import Fluent
import Vapor

/// One email in the transactional outbox: written in the same transaction as the change
/// that causes it, delivered later by ``OutboxDelivery``.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    /// Delivery state.
    enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for (another) delivery attempt.
        case pending
        /// Handed to the transport.
        case sent
        /// Gave up after the last retry; shown to admins.
        case failed
        /// Never sent because a newer email replaced it (a meeting changed or was cancelled
        /// before its invitation went out); a retry would only send out-of-date news.
        case superseded
    }

    // Identity
    @ID(key: .id) var id: UUID?
    /// Unique per purpose and recipient, so one cause never mails anyone twice.
    @Field(key: "idempotency_key") var idempotencyKey: String
    /// RFC 5322 Message-ID without angle brackets, stable across retries.
    @Field(key: "message_id") var messageID: String
    // Data
    @Field(key: "purpose") var purpose: String
    @Field(key: "to_email") var toEmail: String
    @OptionalField(key: "to_name") var toName: String?
    /// Where replies go (the coach, for stakeholder invitations); nil: the sender.
    @OptionalField(key: "reply_to_email") var replyToEmail: String?
    @OptionalField(key: "reply_to_name") var replyToName: String?
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    // Delivery
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "claim_token") var claimToken: UUID?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// When it was queued, by the app's clock (so the demo's history and tests with a set clock
    /// agree with the rest of the data; reminder schedules count from it).
    @OptionalField(key: "created_at") var createdAt: Date?
    /// The engagement the email belongs to, so its coach sees failed deliveries.
    @OptionalField(key: "engagement_id") var engagementID: UUID?
    /// One attached file (a meeting's `.ics`): name, MIME type with parameters, content.
    @OptionalField(key: "attachment_filename") var attachmentFilename: String?
    @OptionalField(key: "attachment_type") var attachmentType: String?
    @OptionalField(key: "attachment_body") var attachmentBody: String?
    /// Reminders only: the one-click stop address (List-Unsubscribe, RFC 2369 and RFC 8058).
    @OptionalField(key: "unsubscribe_url") var unsubscribeURL: String?

    init() {}
}
