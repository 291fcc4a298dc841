import Fluent
import Vapor
import CoachworkCore

/// A password account: an admin or a coach (DOMAIN.md roles). Clients, sponsors and HR
/// partners are ``Person``s who sign in through personal links instead.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // Identity
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    // Data
    @Field(key: "name") var name: String
    /// `admin` or `coach` (raw values of ``Role``).
    @Field(key: "role") var role: String
    /// bcrypt hash (cost 12) of the password.
    @Field(key: "password_hash") var passwordHash: String
    /// IANA time zone in which this user sees times.
    @Field(key: "time_zone") var timeZone: String
    /// Set for a generated password: the user must choose their own at next sign-in.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String, timeZone: String, mustChangePassword: Bool) {
        self.email = email
        self.name = name
        self.role = role.rawValue
        self.passwordHash = passwordHash
        self.timeZone = timeZone
        self.mustChangePassword = mustChangePassword
    }

    /// The account role; unknown stored values (never written by this code) read as coach.
    var accountRole: Role { Role(rawValue: role) ?? .coach }
}
