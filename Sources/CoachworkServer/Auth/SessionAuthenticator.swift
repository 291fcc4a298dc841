import Vapor
import Fluent

/// Restores the signed-in actor from the database-backed session, and gives every
/// session a CSRF token for its forms.
struct SessionAuthenticator: AsyncMiddleware {
    static let userKey = "user"
    static let personKey = "person"
    static let csrfKey = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.hasSession else { return try await next.respond(to: request) }
        if let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw),
           let user = try await User.find(id, on: request.db), user.disabledAt == nil {
            request.auth.login(Actor.user(user))
        } else if let raw = request.session.data[Self.personKey], let id = UUID(uuidString: raw),
                  let person = try await Person.find(id, on: request.db) {
            request.auth.login(Actor.person(person))
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Starts a signed-in session for `actor`, replacing any earlier one (a fresh session
    /// id defeats session fixation).
    func signIn(_ actor: Actor) async throws {
        if let old = session.id {
            try await application.sessions.driver.deleteSession(old, for: self).get()
            session.id = nil
        }
        session.data = SessionData()
        switch actor {
        case .user(let user): session.data[SessionAuthenticator.userKey] = user.id?.uuidString
        case .person(let person): session.data[SessionAuthenticator.personKey] = person.id?.uuidString
        }
        session.data[SessionAuthenticator.csrfKey] = Secret.generate()
        auth.login(actor)
    }

    /// Ends the session.
    func signOut() {
        auth.logout(Actor.self)
        session.destroy()
    }

    /// The CSRF token of this session (created on first use).
    var csrfToken: String {
        if let token = session.data[SessionAuthenticator.csrfKey] { return token }
        let token = Secret.generate()
        session.data[SessionAuthenticator.csrfKey] = token
        return token
    }
}
