import Vapor
import Fluent
import FluentSQL
import SQLKit
import CoachworkCore

/// Adding people (clients, sponsors, HR partners) and the part of the directory an account may see and
/// act on: shared by pages and API.
struct PeopleService {
    let db: any Database

    /// The people `user` may see and act on (list, open, send a sign-in link, choose for an engagement):
    /// every person for the admin; for a coach, the parties (client, sponsor, HR partner, senior
    /// executive) of their own engagements, and the people they created who are no party of another
    /// coach's engagement. Like an engagement's role, this reach is
    /// derived here, then the access policy decides what the role may do with the person.
    func directory(for user: User) async throws -> QueryBuilder<Person> {
        // An erased person is kept only as a placeholder for the engagements that name them.
        guard user.accountRole != .admin else { return Person.query(on: db).filter(\.$erasedAt == nil) }
        let userID = try user.requireID()
        // One query: the coach's engagements are a subquery (index on engagements.coach_id), never loaded.
        let parties = SQLQueryString("""
            "people"."id" IN (SELECT client_id FROM engagements WHERE coach_id = \(bind: userID) \
            UNION SELECT sponsor_id FROM engagements WHERE coach_id = \(bind: userID) \
            UNION SELECT hr_partner_id FROM engagements WHERE coach_id = \(bind: userID) \
            UNION SELECT senior_executive_id FROM engagements WHERE coach_id = \(bind: userID) AND senior_executive_id IS NOT NULL)
            """)
        // Who created a person no longer matters once another coach runs an engagement they are a
        // party of (a hand-over): the old coach could otherwise change the client's email and take
        // over their sign-in.
        let othersParties = SQLQueryString("""
            "people"."id" NOT IN (SELECT client_id FROM engagements WHERE coach_id <> \(bind: userID) \
            UNION SELECT sponsor_id FROM engagements WHERE coach_id <> \(bind: userID) \
            UNION SELECT hr_partner_id FROM engagements WHERE coach_id <> \(bind: userID) \
            UNION SELECT senior_executive_id FROM engagements WHERE coach_id <> \(bind: userID) AND senior_executive_id IS NOT NULL)
            """)
        return Person.query(on: db).filter(\.$erasedAt == nil).group(.or) { group in
            group.group(.and) { $0.filter(\.$createdBy.$id == userID).filter(.sql(embed: othersParties)) }
            group.filter(.sql(embed: parties))
        }
    }

    /// Person `id` if `user` may reach it (see ``directory(for:)``).
    /// - Throws: `notFound` when it does not exist *or* lies outside the user's reach (no probing).
    func find(_ id: UUID?, for user: User) async throws -> Person {
        guard let id, let person = try await directory(for: user).filter(\.$id == id).first() else {
            throw DomainError(.notFound, code: "person_not_found", message: "There is no such person.")
        }
        return person
    }

    /// A person as typed.
    struct NewPerson: Sendable {
        var name: String?
        var email: String?
        var organisation: String?
        var timeZone: String?
        var jobTitle: String? = nil
    }

    /// Validates and stores a person.
    /// - Throws: ``FormErrors`` naming each bad field (a taken email included).
    func create(_ input: NewPerson, by user: User) async throws -> Person {
        let valid = try await validate(input, except: nil)
        let person = Person(email: valid.email, name: valid.name, organisation: valid.organisation, timeZone: valid.zone, createdByID: user.id)
        person.jobTitle = valid.jobTitle
        let actor = AuditActor(.user(user))
        try await db.writeTransaction { tx in
            try await person.create(on: tx)
            try await AuditTrail.append(.init(actor, action: "person_created", object: "person:\(try person.requireID().uuidString.lowercased())",
                                              detail: "A person was added to the directory.", at: Date()), on: tx)
        }
        return person
    }

    /// Every field of `input` checked at once; emails are compared lower-cased (``TextInput/email(_:)``),
    /// so "Zoe@Example.com" is taken when "zoe@example.com" is, except by person `except`.
    /// - Throws: ``FormErrors`` naming each bad field.
    func validate(_ input: NewPerson, except: UUID?) async throws -> (name: String, email: String, organisation: String?, jobTitle: String?, zone: String) {
        var errors = FormErrors()
        let name = errors.collect { try TextInput.required(input.name, field: "name", label: "Name") }
        let email = errors.collect { try TextInput.email(input.email) }
        let organisation = TextInput.optional(input.organisation)
        if (organisation?.count ?? 0) > 200 { errors.add("organisation", "Organisation must be at most 200 characters.") }
        let jobTitle = TextInput.optional(input.jobTitle)
        if (jobTitle?.count ?? 0) > 200 { errors.add("jobTitle", "Job title must be at most 200 characters.") }
        let zone = errors.collect { try TextInput.timeZone(input.timeZone) }
        if let email {
            var taken = Person.query(on: db).filter(\.$email == email)
            if let except { taken = taken.filter(\.$id != except) }
            if try await taken.count() > 0 { errors.add("email", "A person with this email already exists.") }
        }
        try errors.throwIfAny()
        return (name!, email!, organisation, jobTitle, zone!)
    }
}
