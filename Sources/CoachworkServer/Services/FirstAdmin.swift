import Vapor
import Fluent
import CoachworkCore

/// Creates the first admin on a brand-new installation and says how to sign in, once.
enum FirstAdmin {
    /// When no account exists, creates `config.firstAdminEmail` with a one-time password.
    /// - Returns: the lines to print, or `nil` when accounts already exist (so it prints
    ///   exactly once in the life of a database).
    static func ensure(_ app: Application) async throws -> String? {
        guard try await User.query(on: app.db).count() == 0 else { return nil }
        let service = AccountService(db: app.db, passwords: app.password.async)
        let (user, password) = try await service.create(
            .init(email: app.config.firstAdminEmail, name: "Administrator", role: Role.admin.rawValue, timeZone: "UTC"))
        return """

        ================================================================
         Coachwork is set up. Sign in as the first admin:
           URL:      \(app.config.baseURL)\(Paths.signIn)
           Email:    \(user.email)
           Password: \(password)   (one-time: you choose your own next)
         This is shown only once. Lost it? Run: coachwork user reset --email \(user.email)
        ================================================================

        """
    }
}
