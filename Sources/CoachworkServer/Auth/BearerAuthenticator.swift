import Vapor
import Fluent
import CoachworkCore

/// Authenticates `/api/v1` requests by `Authorization: Bearer <token>` (RFC 6750).
/// Anything else on a protected route is a 401 problem.
struct BearerAuthenticator: AsyncMiddleware {
    /// Paths under the API that need no token.
    let openPaths: Set<String>

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if openPaths.contains(request.url.path) { return try await next.respond(to: request) }
        guard let bearer = request.headers.bearerAuthorization else {
            throw DomainError(.unauthenticated, code: "missing_token",
                              message: "Send an API token as 'Authorization: Bearer <token>'.")
        }
        let hash = Secret.hash(bearer.token)
        guard let token = try await APIToken.query(on: request.db)
                .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil).with(\.$user).first(),
              token.user.disabledAt == nil else {
            throw DomainError(.unauthenticated, code: "invalid_token", message: "The API token is unknown or revoked.")
        }
        // Recording use at most once a minute keeps reads from writing on every call.
        let now = request.now
        if (token.lastUsedAt.map { now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            // Bookkeeping only: while storage cannot write, reads still get their answer.
            do { try await token.save(on: request.db) } catch where StorageFailure.matches(error) {
                request.logger.debug("Token use not recorded: storage unavailable")
            }
        }
        request.auth.login(Actor.user(token.user))
        return try await next.respond(to: request)
    }
}
