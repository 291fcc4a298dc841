import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Issues, checks and redeems account links (``AccountToken``): the invitation to a new account
/// and the password reset. Shared by the admin pages, the API, the commands and the worker.
///
/// Opening a link (GET) only checks it: mail scanners fetch every link first. Only the POST of the
/// form consumes it, atomically, in the same transaction as the new password.
enum AccountLinks {
    /// A link just issued; its email is queued in the same transaction.
    struct Issued: Sendable {
        /// The secret in the URL (never stored; shown by `coachwork user add`, else only mailed).
        var token: String
        /// The absolute link, `<base URL>/account/set-password/<token>`.
        var url: String
        /// When it stops working.
        var expiresAt: Date
    }

    /// One answer for every link that does not work, so a page says nothing about the account.
    static let unusable = "This link does not work: it is incomplete, was already used, was replaced by a newer one, or expired. Ask for a new one with “Forgot your password?” on the sign-in page."

    /// Creates a `purpose` link for `user`, revoking that user's earlier links of the same purpose,
    /// and queues its email, all on `db` (call it inside the transaction of the change that causes it).
    /// - Returns: the new link.
    /// - Throws: the database's errors.
    static func issue(_ purpose: AccountTokenPurpose, for user: User, on db: any Database, config: AppConfig, now: Date,
                      replyTo: MailAddress? = nil) async throws -> Issued {
        let userID = try user.requireID()
        try await revoke(userID: userID, purpose: purpose, on: db, now: now)
        let token = Secret.generate()
        let row = AccountToken(tokenHash: Secret.hash(token), userID: userID, purpose: purpose, createdAt: now)
        try await row.create(on: db)
        let url = config.baseURL + Paths.setPassword(token)
        let content = MailTemplates.accountLink(purpose: purpose, name: user.name, url: url, expiresAt: row.expiresAt,
                                                zone: user.timeZone, signInURL: config.baseURL + Paths.signIn)
        let domain = config.mailFrom.email.split(separator: "@").last.map(String.init) ?? "localhost"
        // Each link is its own cause: the key is the link's id, so a re-sent invitation is a second email.
        try await Outbox.enqueue(on: db, purpose: "account_\(purpose.rawValue)", key: try row.requireID().uuidString,
                                 to: MailAddress(name: user.name, email: user.email), content: content, senderDomain: domain, now: now, replyTo: replyTo)
        return Issued(token: token, url: url, expiresAt: row.expiresAt)
    }

    /// Revokes `userID`'s unused links of `purpose` (of every purpose when `nil`): after a newer link
    /// of that purpose, and after any password change (a link mailed earlier must not undo it).
    static func revoke(userID: UUID, purpose: AccountTokenPurpose?, on db: any Database, now: Date) async throws {
        let query = AccountToken.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).filter(\.$revokedAt == nil)
        if let purpose { query.filter(\.$purpose == purpose.rawValue) }
        try await query.set(\.$revokedAt, to: now).update()
    }

    /// The link behind `token` and its account, checked but not consumed.
    /// - Throws: `notFound` (`account_link_unknown`) for an unknown token; `gone`
    ///   (`account_link_unusable`) for a used, revoked or expired link or a deactivated account.
    ///   Both carry the same message (``unusable``).
    static func find(token: String, on db: any Database, now: Date) async throws -> (AccountToken, User) {
        guard let link = try await AccountToken.query(on: db).filter(\.$tokenHash == Secret.hash(token)).with(\.$user).first() else {
            throw DomainError(.notFound, code: "account_link_unknown", message: unusable)
        }
        return try check(link, now: now)
    }

    /// The link with id `id` (kept in the session after the link was opened), checked but not consumed.
    /// - Throws: as ``find(token:on:now:)``.
    static func find(id: UUID, on db: any Database, now: Date) async throws -> (AccountToken, User) {
        guard let link = try await AccountToken.query(on: db).filter(\.$id == id).with(\.$user).first() else {
            throw DomainError(.notFound, code: "account_link_unknown", message: unusable)
        }
        return try check(link, now: now)
    }

    private static func check(_ link: AccountToken, now: Date) throws -> (AccountToken, User) {
        guard link.usedAt == nil, link.revokedAt == nil, link.expiresAt > now, link.user.disabledAt == nil, link.tokenPurpose != nil else {
            throw DomainError(.gone, code: "account_link_unusable", message: unusable)
        }
        return (link, link.user)
    }

    /// Sets the password of `link`'s account: consumes the link (of two simultaneous POSTs only one
    /// succeeds), clears "must change password", revokes every other link of the account, ends its
    /// other sessions and audits `password_set` (invitation) or `password_reset_by_email`, in one
    /// transaction.
    /// - Parameter passwordHash: the bcrypt hash of the new password (hashed before the transaction).
    /// - Throws: `gone` when the link was used or revoked meanwhile.
    static func setPassword(_ link: AccountToken, user: User, passwordHash: String, on db: any Database, now: Date) async throws {
        let linkID = try link.requireID()
        let userID = try user.requireID()
        let invitation = link.tokenPurpose == .invitation
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let claimed = try await sql.update(AccountToken.schema)
                .set("used_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(linkID))
                .where("used_at", .is, SQLLiteral.null)
                .where("revoked_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard claimed.count == 1 else { throw DomainError(.gone, code: "account_link_unusable", message: unusable) }
            user.passwordHash = passwordHash
            user.mustChangePassword = false
            try await user.save(on: tx)
            try await revoke(userID: userID, purpose: nil, on: tx, now: now)
            try await endSessions(of: userID, on: tx)
            try await AuditTrail.append(.init(AuditActor(.user(user)), action: invitation ? "password_set" : "password_reset_by_email",
                                              object: "user:\(userID.uuidString.lowercased())",
                                              detail: invitation ? "Password chosen with the invitation link." : "Password reset with an emailed link.",
                                              at: now), on: tx)
        }
    }

    /// Deletes every stored session of account `userID` (its browsers are signed out).
    static func endSessions(of userID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM _fluent_sessions WHERE CAST(data AS TEXT) LIKE \(bind: "%\(userID.uuidString)%")").run()
    }
}
