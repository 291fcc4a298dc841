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
        let (user, password) = try await AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(try req.requireActor())).create(
            .init(email: body.email, name: body.name, role: body.role.rawValue, timeZone: body.timeZone))
        return .created(.init(body: .json(.init(user: try DTO.user(user), oneTimePassword: password))))
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
