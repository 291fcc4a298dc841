import Fluent
import Vapor

/// A stop-reminders address sent with one reminder (`/mail/stop/<token>`), and whether its
/// recipient used it. Only the SHA-256 of the token is stored. An email address with any used
/// row gets no more reminders; invitations, changes and links it asks for still come.
final class MailOptOut: Model, @unchecked Sendable {
    static let schema = "mail_opt_outs"

    @ID(key: .id) var id: UUID?
    /// Lower-cased recipient address.
    @Field(key: "email") var email: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    /// When the recipient stopped reminders through this address; nil while unused or after resuming.
    @OptionalField(key: "stopped_at") var stoppedAt: Date?

    init() {}
}
