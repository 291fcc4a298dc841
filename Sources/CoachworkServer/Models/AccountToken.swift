import Fluent
import Vapor
import CoachworkCore

/// An emailed link to choose an account's password (an invitation or a password reset). The token
/// itself is never stored, only its SHA-256 hash (hex), like ``PersonalLink``.
///
/// A token works once (``usedAt``), until ``expiresAt``, and only while nothing newer replaced it
/// (``revokedAt``: a new token of the same purpose, or any password change, revokes the old ones).
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    // Identity
    @ID(key: .id) var id: UUID?
    /// Hex SHA-256 of the 256-bit random token in the URL (``Secret/hash(_:)``).
    @Field(key: "token_hash") var tokenHash: String
    // References
    /// The account whose password the link sets.
    @Parent(key: "user_id") var user: User
    // Data
    /// ``AccountTokenPurpose`` raw value: `invitation` or `password_reset`.
    @Field(key: "purpose") var purpose: String
    var tokenPurpose: AccountTokenPurpose? { AccountTokenPurpose(rawValue: purpose) }
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    /// When the password was set with it.
    @OptionalField(key: "used_at") var usedAt: Date?
    /// When a newer link or a password change made it useless.
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, purpose: AccountTokenPurpose, createdAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.purpose = purpose.rawValue
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(purpose.lifetime)
    }
}

/// A "forgot your password?" request, queued by `/account/reset` (or the API) and answered by the
/// outbox worker (``PasswordResetQueue``): the page does the same work, one insert, whether or not
/// the address has an account, so neither its answer nor its timing says which addresses do.
final class PasswordResetRequest: Model, @unchecked Sendable {
    static let schema = "password_reset_requests"

    // Identity
    @ID(key: .id) var id: UUID?
    // Data
    /// The address typed, NFC-normalised and lower-cased. Deleted once answered; never audited
    /// when it has no account.
    @Field(key: "email") var email: String
    /// When it was asked for (UTC).
    @Field(key: "requested_at") var requestedAt: Date

    init() {}

    init(email: String, requestedAt: Date) {
        self.email = email
        self.requestedAt = requestedAt
    }
}
