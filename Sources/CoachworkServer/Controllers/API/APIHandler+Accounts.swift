import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

extension APIHandler {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIRequestContext.current()
        return .ok(.init(body: .json(try DTO.user(req.requireUser()))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .userAccount)
        let users = try await User.query(on: req.db).sort(\.$name).all()
        return .ok(.init(body: .json(try users.map(DTO.user))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.create, .userAccount)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let (user, issued) = try await req.accountService().invite(
            .init(email: body.email, name: body.name, role: body.role.rawValue, timeZone: body.timeZone), config: req.config, now: req.now)
        return .created(.init(body: .json(.init(user: try DTO.user(user), invitation: .init(queued: true, expiresAt: issued.expiresAt)))))
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .apiToken)
        let tokens = try await TokenService(db: req.db).list(for: req.requireUser())
        return .ok(.init(body: .json(try tokens.map(DTO.token))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.create, .apiToken)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let (token, secret) = try await TokenService(db: req.db).create(name: body.name, for: req.requireUser())
        return .created(.init(body: .json(.init(token: try DTO.token(token), secret: secret))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.delete, .apiToken)
        try await TokenService(db: req.db).revoke(id: UUID(uuidString: input.path.tokenId), for: req.requireUser(), now: req.now)
        return .noContent(.init())
    }
}

extension APIHandler {
    /// Account `id` for an admin.
    /// - Throws: `forbidden` (policy), `notFound`.
    private func account(_ id: String, _ req: Request) async throws -> User {
        try req.authorize(.update, .userAccount)
        guard let user = try await User.find(UUID(uuidString: id), on: req.db) else {
            throw DomainError(.notFound, code: "user_not_found", message: "There is no such account.")
        }
        return user
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        let req = try APIRequestContext.current()
        let user = try await account(input.path.userId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await req.accountService()
            .update(user, .init(email: body.email, name: body.name, role: body.role.rawValue, timeZone: body.timeZone), now: req.now)
        return .ok(.init(body: .json(try DTO.user(user))))
    }

    func deactivateUser(_ input: Operations.DeactivateUser.Input) async throws -> Operations.DeactivateUser.Output {
        .ok(.init(body: .json(try await setActive(input.path.userId, false))))
    }

    func reactivateUser(_ input: Operations.ReactivateUser.Input) async throws -> Operations.ReactivateUser.Output {
        .ok(.init(body: .json(try await setActive(input.path.userId, true))))
    }

    func resendInvitation(_ input: Operations.ResendInvitation.Input) async throws -> Operations.ResendInvitation.Output {
        let req = try APIRequestContext.current()
        let user = try await account(input.path.userId, req)
        let issued = try await req.accountService()
            .resendInvitation(to: user, config: req.config, now: req.now)
        return .accepted(.init(body: .json(.init(queued: true, expiresAt: issued.expiresAt))))
    }

    func sendPasswordReset(_ input: Operations.SendPasswordReset.Input) async throws -> Operations.SendPasswordReset.Output {
        let req = try APIRequestContext.current()
        let user = try await account(input.path.userId, req)
        let issued = try await req.accountService()
            .sendPasswordReset(to: user, config: req.config, now: req.now)
        return .accepted(.init(body: .json(.init(queued: true, expiresAt: issued.expiresAt))))
    }

    /// Unauthenticated (an open path of ``BearerAuthenticator``): the same answer and the same work
    /// (one queued request) for any address, as the web page; the worker answers (``PasswordResetQueue``).
    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        let req = try APIRequestContext.current()
        try await req.limit(req.config.rateLimits.passwordResetRequestsPerAddress, key: req.clientAddress, what: "password reset requests")
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let email = try TextInput.email(body.email)
        try await PasswordResetRequest(email: email, requestedAt: req.now).create(on: req.db)
        return .accepted(.init(body: .json(.init(queued: true))))
    }

    private func setActive(_ id: String, _ active: Bool) async throws -> Components.Schemas.User {
        let req = try APIRequestContext.current()
        let user = try await account(id, req)
        let acting = try req.requireUser()
        try await AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(.user(acting)))
            .setActive(user, active, by: acting.id, now: req.now)
        return try DTO.user(user)
    }
}
