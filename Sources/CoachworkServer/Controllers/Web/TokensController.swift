import Vapor
import CoachworkCore

/// The API tokens page.
struct TokensController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tokens = routes.grouped("account", "tokens")
        tokens.get(use: index)
        tokens.post(use: create)
        tokens.post(":tokenID", "revoke", use: revoke)
    }

    struct TokenForm: Content { var name: String? }

    @Sendable func index(req: Request) async throws -> Response {
        try req.authorize(.view, .apiToken)
        return TokensPage.response(req, tokens: try await TokenService(db: req.db).list(for: req.requireUser()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.create, .apiToken)
        let user = try req.requireUser()
        let form = try req.content.decode(TokenForm.self)
        let service = TokenService(db: req.db)
        do {
            let (_, secret) = try await service.create(name: form.name, for: user)
            return TokensPage.response(req, tokens: try await service.list(for: user), secret: secret)
        } catch let error as DomainError where error.kind == .invalid {
            return TokensPage.response(req, tokens: try await service.list(for: user), error: error.message, name: form.name)
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        try req.authorize(.delete, .apiToken)
        try await TokenService(db: req.db).revoke(id: req.parameters.get("tokenID", as: UUID.self), for: req.requireUser(), now: req.now)
        req.flash(.success, "The token is revoked.")
        return req.seeOther(Paths.tokens)
    }
}
