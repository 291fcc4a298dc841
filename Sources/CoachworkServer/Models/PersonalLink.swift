import Fluent
import Vapor

/// A personal link emailed to a person: the token itself is never stored, only its
/// SHA-256 hash (hex), with an expiry and the moment it was used.
final class PersonalLink: Model, @unchecked Sendable {
    static let schema = "personal_links"

    /// What a link lets its holder do.
    enum Purpose: String, Codable, Sendable {
        /// Sign in as the person (a "magic link").
        case signIn = "sign_in"
    }

    // Identity
    @ID(key: .id) var id: UUID?
    /// Hex SHA-256 of the 256-bit random token in the URL.
    @Field(key: "token_hash") var tokenHash: String
    // References
    @Parent(key: "person_id") var person: Person
    // Data
    @Field(key: "purpose") var purpose: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, personID: UUID, purpose: Purpose, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$person.id = personID
        self.purpose = purpose.rawValue
        self.expiresAt = expiresAt
    }
}
