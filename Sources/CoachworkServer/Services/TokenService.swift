import Vapor
import Fluent
import CoachworkCore

/// API bearer tokens: created for a user (secret shown once), listed, revoked.
struct TokenService {
    let db: any Database

    /// Creates a token named `name` for `user`.
    /// - Returns: the stored token and its secret (never stored, shown once).
    /// - Throws: `invalid` naming `name` when empty or longer than 100 characters.
    func create(name: String?, for user: User) async throws -> (APIToken, String) {
        let label = try TextInput.required(name, field: "name", label: "Token name", maxLength: 100)
        let secret = "cw_" + Secret.generate()
        let token = APIToken(tokenHash: Secret.hash(secret), userID: try user.requireID(), name: label,
                             prefix: String(secret.prefix(9)))
        try await token.create(on: db)
        return (token, secret)
    }

    /// The user's tokens, newest first.
    func list(for user: User) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of `user`'s tokens; revoking twice is harmless.
    /// - Throws: `notFound` when the token is not the user's (others' tokens are not revealed).
    func revoke(id: UUID?, for user: User, now: Date) async throws {
        guard let id, let token = try await APIToken.query(on: db)
                .filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw DomainError(.notFound, code: "token_not_found", message: "There is no such token.")
        }
        if token.revokedAt == nil {
            token.revokedAt = now
            try await token.save(on: db)
        }
    }
}
