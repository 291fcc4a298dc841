import Vapor
import Fluent
import CoachworkCore

/// The people directory and their personal sign-in links.
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", use: index)
        routes.post("people", use: create)
        routes.post("people", ":personID", "send-link", use: sendLink)
        routes.get("people", ":personID", "edit", use: edit)
        routes.post("people", ":personID", use: update)
        routes.get("signin", "link", use: showRequestLink)
        routes.post("signin", "link", use: requestLink)
    }

    struct PersonForm: Content { var name: String?; var email: String?; var organisation: String?; var timeZone: String?; var jobTitle: String? }
    struct EmailForm: Content { var email: String?; var next: String? = nil }

    @Sendable func index(req: Request) async throws -> Response {
        try req.authorize(.view, .person)
        return PeoplePage.response(req, page: try await directoryPage(req, try req.pageRequest()))
    }

    /// One page of the people the user may see, by name (ties by id).
    private func directoryPage(_ req: Request, _ request: PageRequest) async throws -> Page<Person> {
        try await PeopleService(db: req.db).directory(for: req.requireUser()).sort(\.$name).sort(\.$id)
            .page(withIndex: request.page, size: request.per)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.create, .person)
        let form = try req.content.decode(PersonForm.self)
        do {
            let person = try await PeopleService(db: req.db).create(
                .init(name: form.name, email: form.email, organisation: form.organisation, timeZone: form.timeZone),
                by: req.requireUser())
            req.flash(.success, "\(person.name) is added.")
            return req.seeOther(Paths.people)
        } catch let errors as FormErrors {
            let values = ["name": form.name ?? "", "email": form.email ?? "", "organisation": form.organisation ?? "", "timeZone": form.timeZone ?? ""]
            return PeoplePage.response(req, page: try await directoryPage(req, PageRequest(page: 1, per: Pagination.defaultPer)),
                                       values: values, errors: errors.messages)
        }
    }

    /// The form to change a person's details, filled in.
    @Sendable func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .person)
        let person = try await PeopleService(db: req.db).find(req.parameters.get("personID", as: UUID.self), for: req.requireUser())
        return PersonEditPage.response(req, person: person, values: [
            "name": person.name, "email": person.email, "organisation": person.organisation ?? "",
            "jobTitle": person.jobTitle ?? "", "timeZone": person.timeZone])
    }

    /// Saves the form; on bad input shows it again with what was typed and each error by its field.
    @Sendable func update(req: Request) async throws -> Response {
        try req.authorize(.update, .person)
        let form = try req.content.decode(PersonForm.self)
        let service = PeopleService(db: req.db)
        let id = req.parameters.get("personID", as: UUID.self)
        do {
            let result = try await service.update(id, .init(name: form.name, email: form.email, organisation: form.organisation,
                                                             timeZone: form.timeZone, jobTitle: form.jobTitle),
                                                  by: req.requireUser(), config: req.config, now: req.now)
            req.flash(.success, result.changed.isEmpty ? "Nothing changed."
                      : result.newLinkExpires != nil ? "Saved. The old address's sign-in links no longer work; a new one went to \(result.person.email)."
                      : "Saved.")
            return req.seeOther(Paths.people)
        } catch let errors as FormErrors {
            let person = try await service.find(id, for: req.requireUser())
            let values = ["name": form.name ?? "", "email": form.email ?? "", "organisation": form.organisation ?? "",
                          "jobTitle": form.jobTitle ?? "", "timeZone": form.timeZone ?? ""]
            return PersonEditPage.response(req, person: person, values: values, errors: errors.messages)
        }
    }

    @Sendable func sendLink(req: Request) async throws -> Response {
        try req.authorize(.update, .person)
        let person = try await PeopleService(db: req.db).find(req.parameters.get("personID", as: UUID.self), for: req.requireUser())
        let expires = try await PersonalLinkService(req: req).sendSignIn(to: person)
        req.flash(.success, "A sign-in link for \(person.name) is queued; it works until \(LocalTime.format(expires, zone: try req.requireActor().timeZone)).")
        return req.seeOther(Paths.people)
    }

    @Sendable func showRequestLink(req: Request) async throws -> Response {
        RequestLinkPage.response(req, next: LocalPath.validated(try? req.query.get(String.self, at: "next")))
    }

    /// Always answers the same way, and does the same work (one queued request) for every
    /// address, so neither the page nor its timing reveals who is a known person. The worker
    /// answers the request (``SignInRequestQueue``).
    @Sendable func requestLink(req: Request) async throws -> Response {
        try await req.limit(req.config.rateLimits.linkRequestsPerAddress, key: req.clientAddress, what: "sign-in link requests")
        let form = try req.content.decode(EmailForm.self)
        let next = LocalPath.validated(form.next)
        let email: String
        do { email = try TextInput.email(form.email) } catch {
            return RequestLinkPage.response(req, email: form.email, error: error.message, next: next)
        }
        try await SignInRequest(email: email, nextPath: next, requestedAt: req.now).create(on: req.db)
        return RequestLinkPage.response(req, email: email, sent: true, next: next)
    }
}
