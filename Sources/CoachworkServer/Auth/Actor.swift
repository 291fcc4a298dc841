import Vapor
import CoachworkCore

/// Who is making a request: a password user or a person signed in by personal link.
enum Actor: Sendable {
    /// An admin or coach account.
    case user(User)
    /// A client, sponsor or HR partner.
    case person(Person)

    /// The name to show in the header.
    var displayName: String {
        switch self {
        case .user(let user): user.name
        case .person(let person): person.name
        }
    }

    /// The account role for practice-level decisions; `nil` for people, whose roles
    /// exist only inside an engagement.
    var accountRole: Role? {
        switch self {
        case .user(let user): user.accountRole
        case .person: nil
        }
    }

    /// The actor's id in the audit trail: `user:<uuid>` or `person:<uuid>` (lower case).
    var auditID: String {
        switch self {
        case .user(let user): "user:\(user.id?.uuidString.lowercased() ?? "?")"
        case .person(let person): "person:\(person.id?.uuidString.lowercased() ?? "?")"
        }
    }

    /// IANA time zone in which this actor sees times.
    var timeZone: String {
        switch self {
        case .user(let user): user.timeZone
        case .person(let person): person.timeZone
        }
    }
}

extension Actor: Authenticatable {}

extension Request {
    /// The signed-in actor, if any.
    var actor: Actor? { auth.get(Actor.self) }

    /// The signed-in actor.
    /// - Throws: ``DomainError`` `unauthenticated` when nobody is signed in.
    func requireActor() throws -> Actor {
        guard let actor else {
            throw DomainError(.unauthenticated, code: "not_signed_in", message: "Please sign in first.")
        }
        return actor
    }

    /// The signed-in password user.
    /// - Throws: `unauthenticated` when nobody, or only a person, is signed in.
    func requireUser() throws -> User {
        guard case .user(let user) = try requireActor() else {
            throw DomainError(.forbidden, code: "account_required", message: "This needs a coach or admin account.")
        }
        return user
    }

    /// Asks the one ``AccessPolicy`` about a practice-level resource for the signed-in actor.
    /// - Throws: `unauthenticated` or `forbidden` (with the policy's reason).
    func authorize(_ action: Action, _ resource: Resource) throws {
        let actor = try requireActor()
        if case .deny(let reason) = AccessPolicy().decide(actor.accountRole, action, resource) {
            throw DomainError(.forbidden, code: "forbidden", message: reason)
        }
    }
}
