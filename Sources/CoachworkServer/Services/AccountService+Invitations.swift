import Vapor
import Fluent
import CoachworkCore

extension AccountService {
    /// Creates an account and emails its holder an invitation to choose a password (queued in the
    /// outbox in the same transaction). Until then the account has a random password nobody knows,
    /// so it cannot be signed in to, and ``User/mustChangePassword`` marks it as waiting.
    /// - Returns: the user and the invitation link.
    /// - Throws: ``FormErrors`` for bad input or a taken email.
    func invite(_ input: NewUser, config: AppConfig, now: Date) async throws -> (User, AccountLinks.Issued) {
        let unknowable = try await passwords.hash(Secret.generate())
        let (actor, replyTo) = (self.actor, self.replyTo)
        return try await insert(input, passwordHash: unknowable, mustChangePassword: true) { user, tx in
            let issued = try await AccountLinks.issue(.invitation, for: user, on: tx, config: config, now: now, replyTo: replyTo)
            try await AuditTrail.append(.init(actor, action: "invitation_sent", object: "user:\(try user.requireID().uuidString.lowercased())",
                                              detail: "Invitation to choose a password queued for sending.", at: now), on: tx)
            return issued
        }
    }

    /// Emails `user` a new invitation (the earlier ones stop working), for an account whose holder
    /// has not chosen a password yet.
    /// - Returns: the new link.
    /// - Throws: 409 `password_already_set` when the holder has chosen a password (send a reset
    ///   instead), `account_deactivated` for a deactivated account.
    func resendInvitation(to user: User, config: AppConfig, now: Date) async throws -> AccountLinks.Issued {
        guard user.disabledAt == nil else {
            throw DomainError(.conflict, code: "account_deactivated", message: "This account is deactivated; reactivate it first.")
        }
        guard user.mustChangePassword else {
            throw DomainError(.conflict, code: "password_already_set", message: "\(user.name) has chosen a password already; send a password reset instead.")
        }
        return try await send(.invitation, to: user, action: "invitation_resent",
                              detail: "Invitation re-sent; earlier invitation links no longer work.", config: config, now: now)
    }

    /// Emails `user` a password reset link at an admin's request (the password stays until the holder
    /// chooses a new one).
    /// - Throws: 409 `account_deactivated` for a deactivated account.
    func sendPasswordReset(to user: User, config: AppConfig, now: Date) async throws -> AccountLinks.Issued {
        guard user.disabledAt == nil else {
            throw DomainError(.conflict, code: "account_deactivated", message: "This account is deactivated; reactivate it first.")
        }
        return try await send(.passwordReset, to: user, action: "password_reset_sent",
                              detail: "Password reset link queued for sending.", config: config, now: now)
    }

    private func send(_ purpose: AccountTokenPurpose, to user: User, action: String, detail: String,
                      config: AppConfig, now: Date) async throws -> AccountLinks.Issued {
        let (actor, replyTo) = (self.actor, self.replyTo)
        return try await db.writeTransaction { tx in
            let issued = try await AccountLinks.issue(purpose, for: user, on: tx, config: config, now: now, replyTo: replyTo)
            try await AuditTrail.append(.init(actor, action: action, object: "user:\(try user.requireID().uuidString.lowercased())",
                                              detail: detail, at: now), on: tx)
            return issued
        }
    }
}
