import Fluent
import Vapor

/// A bearer token for `/api/v1`, owned by a user. Only its SHA-256 hash is stored; the
/// secret is shown once when created.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // Identity
    @ID(key: .id) var id: UUID?
    /// Hex SHA-256 of the secret.
    @Field(key: "token_hash") var tokenHash: String
    // References
    @Parent(key: "user_id") var user: User
    // Data
    /// The owner's label for it, e.g. "reporting script".
    @Field(key: "name") var name: String
    /// First characters of the secret, shown so the owner can tell tokens apart.
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, name: String, prefix: String) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.name = name
        self.prefix = prefix
    }
}
