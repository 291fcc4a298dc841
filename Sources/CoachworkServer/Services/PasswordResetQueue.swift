import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Answers queued "forgot your password?" requests (``PasswordResetRequest``): an active account
/// gets a reset link by email (at most one per ``AppConfig/RateLimits/passwordResetEmailsPerAddress``
/// window, whoever asks); an unknown address or a deactivated account gets nothing. Every request is
/// audited, by an anonymous actor (whoever typed the address is not known); an unknown address is
/// never written to the trail. Runs in the outbox worker before each delivery pass.
struct PasswordResetQueue: Sendable {
    /// Requests answered per pass.
    static let batchSize = 50
    /// Who asks: the page is open to anyone.
    static let requester = AuditActor(id: "anonymous", name: "Someone at the password reset page", role: "anonymous")

    let db: any Database
    let config: AppConfig
    let now: Date

    /// Answers up to ``batchSize`` pending requests, oldest first. Each is claimed by deleting its
    /// row, so of several instances only one answers it.
    /// - Returns: how many reset emails were queued.
    @discardableResult
    func process() async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let pending = try await PasswordResetRequest.query(on: db).sort(\.$requestedAt).limit(Self.batchSize).all()
        var queued = 0
        for request in pending {
            let claimed = try await sql.delete(from: PasswordResetRequest.schema)
                .where("id", .equal, try request.requireID()).returning("id").all()
            guard claimed.count == 1 else { continue }
            if try await answer(request.email, sql: sql) { queued += 1 }
        }
        return queued
    }

    /// Sends a link when `email` is an active account's and none went out minutes ago; audits either way.
    private func answer(_ email: String, sql: any SQLDatabase) async throws -> Bool {
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else {
            try await AuditTrail.append(.init(Self.requester, action: "password_reset_requested",
                                              detail: "A password reset was asked for an address that has no account; nothing was sent.", at: now), on: db)
            return false
        }
        let object = "user:\(try user.requireID().uuidString.lowercased())"
        guard user.disabledAt == nil else {
            try await AuditTrail.append(.init(Self.requester, action: "password_reset_requested", object: object,
                                              detail: "A password reset was asked for a deactivated account; nothing was sent.", at: now), on: db)
            return false
        }
        guard try await RateLimiter(db: sql, now: now).hit(config.rateLimits.passwordResetEmailsPerAddress, key: email) == .allowed else {
            try await AuditTrail.append(.init(Self.requester, action: "password_reset_requested", object: object,
                                              detail: "A password reset was asked for again within minutes; the link sent before still works.", at: now), on: db)
            return false
        }
        let (config, now) = (self.config, self.now)
        try await db.writeTransaction { tx in
            _ = try await AccountLinks.issue(.passwordReset, for: user, on: tx, config: config, now: now)
            try await AuditTrail.append(.init(Self.requester, action: "password_reset_requested", object: object,
                                              detail: "Password reset link queued for sending.", at: now), on: tx)
        }
        return true
    }
}
