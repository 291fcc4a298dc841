import Vapor
import Fluent
import CoachworkCore

extension AccountService {
    /// Changes account `user`'s name, email, role and time zone (admins), with its audit entry.
    /// - Returns: the changed field names (empty: nothing changed, nothing written).
    /// - Throws: ``FormErrors`` naming each bad field: a taken email (compared lower-cased), or the
    ///   role of the last active admin (the practice would have nobody to run it).
    @discardableResult
    func update(_ user: User, _ input: NewUser, now: Date) async throws -> [String] {
        let valid = try Self.validate(input)
        var errors = FormErrors()
        let userID = try user.requireID()
        if try await User.query(on: db).filter(\.$email == valid.email).filter(\.$id != userID).count() > 0 {
            errors.add("email", "An account with this email already exists.")
        }
        if user.accountRole == .admin, valid.role != .admin, try await otherActiveAdmins(than: userID) == 0 {
            errors.add("role", "This is the only active admin: make another account an admin first.")
        }
        try errors.throwIfAny()
        let changed = [("name", valid.name != user.name), ("email", valid.email != user.email),
                       ("role", valid.role != user.accountRole), ("timeZone", valid.zone != user.timeZone)].filter(\.1).map(\.0)
        guard !changed.isEmpty else { return [] }
        user.name = valid.name
        user.email = valid.email
        user.role = valid.role.rawValue
        user.timeZone = valid.zone
        let actor = self.actor
        let emailChanged = changed.contains("email")
        try await db.writeTransaction { tx in
            try await user.save(on: tx)
            // A link mailed to the old address must not set the password of the account now at the
            // new one (re-send the invitation, or ask for a reset, at the new address).
            if emailChanged { try await AccountLinks.revoke(userID: userID, purpose: nil, on: tx, now: now) }
            try await AuditTrail.append(.init(actor, action: "account_updated", object: "user:\(userID.uuidString.lowercased())",
                                              detail: "Account changed: \(changed.joined(separator: ", ")).", at: now), on: tx)
        }
        return changed
    }

    /// Deactivates (`active: false`) or reactivates an account. A deactivated account cannot sign
    /// in, its sessions are deleted and its API tokens revoked (reactivating revives neither), and
    /// its engagements stay (hand them over). Nobody deactivates themselves or the last active admin.
    /// - Parameter by: the acting account's id, or `nil` for the command line.
    /// - Throws: 409 `account_unchanged` (already so), `cannot_deactivate_self`, `last_admin`.
    func setActive(_ user: User, _ active: Bool, by actingID: UUID?, now: Date) async throws {
        let userID = try user.requireID()
        guard (user.disabledAt == nil) != active else {
            throw DomainError(.conflict, code: "account_unchanged", message: "This account is already \(active ? "active" : "deactivated").")
        }
        if !active {
            guard userID != actingID else {
                throw DomainError(.conflict, code: "cannot_deactivate_self", message: "You cannot deactivate your own account.")
            }
            if user.accountRole == .admin, try await otherActiveAdmins(than: userID) == 0 {
                throw DomainError(.conflict, code: "last_admin", message: "This is the only active admin; the practice would have nobody to run it.")
            }
        }
        user.disabledAt = active ? nil : now
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await user.save(on: tx)
            if !active {
                // Reactivating must not revive what was open: sessions end, API tokens and emailed
                // password links are revoked.
                try await AccountLinks.endSessions(of: userID, on: tx)
                try await AccountLinks.revoke(userID: userID, purpose: nil, on: tx, now: now)
                try await APIToken.query(on: tx).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            }
            try await AuditTrail.append(.init(actor, action: active ? "account_reactivated" : "account_deactivated",
                                              object: "user:\(userID.uuidString.lowercased())",
                                              detail: active ? "Account reactivated." : "Account deactivated.", at: now), on: tx)
        }
    }

    /// Active admin accounts other than `id`.
    private func otherActiveAdmins(than id: UUID) async throws -> Int {
        try await User.query(on: db).filter(\.$role == Role.admin.rawValue).filter(\.$disabledAt == nil).filter(\.$id != id).count()
    }
}
