import Fluent
import Vapor

/// A private subscription address of someone's meetings (`/calendar/<token>.ics`). Only the
/// SHA-256 of the token is stored; creating a new address or stopping the feed revokes the old.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    /// The coach or admin whose feed it is, or nil for a person's.
    @OptionalField(key: "user_id") var userID: UUID?
    /// The client, sponsor, senior executive or HR partner whose feed it is, or nil for an account's.
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}
