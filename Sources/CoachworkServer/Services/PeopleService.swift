import Vapor
import Fluent
import CoachworkCore

/// Adding people (clients, sponsors, HR partners): shared by pages and API.
struct PeopleService {
    let db: any Database

    /// A person as typed.
    struct NewPerson: Sendable {
        var name: String?
        var email: String?
        var organisation: String?
        var timeZone: String?
    }

    /// Validates and stores a person.
    /// - Throws: ``FormErrors`` naming each bad field (a taken email included).
    func create(_ input: NewPerson, by user: User) async throws -> Person {
        var errors = FormErrors()
        let name = errors.collect { try TextInput.required(input.name, field: "name", label: "Name") }
        let email = errors.collect { try TextInput.email(input.email) }
        let organisation = TextInput.optional(input.organisation)
        if (organisation?.count ?? 0) > 200 { errors.add("organisation", "Organisation must be at most 200 characters.") }
        let zone = errors.collect { try TextInput.timeZone(input.timeZone) }
        if let email, try await Person.query(on: db).filter(\.$email == email).count() > 0 {
            errors.add("email", "A person with this email already exists.")
        }
        try errors.throwIfAny()
        let person = Person(email: email!, name: name!, organisation: organisation, timeZone: zone!, createdByID: user.id)
        try await person.create(on: db)
        return person
    }
}
