import Vapor
import Fluent
import CoachworkCore

/// Personal links: `GET /link/<token>` only shows (mail scanners open links first);
/// `POST /link/<token>` acts: signs a person in, or submits a stakeholder's form.
struct LinkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("link", ":token", use: show)
        routes.post("link", ":token", use: act)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            let link = try await PersonalLinkService(req: req).find(token)
            switch link.linkPurpose {
            case .signIn?:
                let person = try await requirePerson(link, req)
                return LinkPages.signIn(req, name: person.name, token: token)
            case .assessmentResponse?:
                let form = try await AssessmentForm.load(link, req)
                try await requireOwnForm(req, raterEmail: { try await form.raterEmail(req) })
                guard form.assessment.status == "open" else {
                    throw DomainError(.gone, code: "assessment_closed", message: "This questionnaire is closed; thank you all the same.")
                }
                return LinkPages.assessment(req, form: form, token: token)
            case .surveyResponse?:
                let form = try await SurveyForm.load(link, req)
                try await requireOwnForm(req, raterEmail: { try await form.raterEmail(req) })
                guard form.round.closedAt == nil else {
                    throw DomainError(.gone, code: "survey_round_closed", message: "This survey is closed; thank you all the same.")
                }
                return LinkPages.survey(req, form: form, token: token)
            case nil:
                throw DomainError(.notFound, code: "link_unknown", message: "This link is not valid.")
            }
        } catch let error as DomainError {
            return LinkPages.failure(req, error: error)
        }
    }

    @Sendable func act(req: Request) async throws -> Response {
        // Checked now (a read), counted in the submission's own transaction: one commit per answer.
        try await req.limitDeferred(req.config.rateLimits.linkPostsPerAddress, key: req.clientAddress, what: "form submissions")
        do {
            let response = try await actOnLink(req)
            try await req.countDeferredHits(on: req.db)
            return response
        } catch {
            try? await req.countDeferredHits(on: req.db)
            throw error
        }
    }

    private func actOnLink(_ req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let service = PersonalLinkService(req: req)
        do {
            let link = try await service.find(token)
            switch link.linkPurpose {
            case .signIn?:
                let person = try await requirePerson(link, req)
                try await service.consume(link)
                try await req.signIn(.person(person))
                try await AuditTrail.append(.init(AuditActor(.person(person)), action: "signed_in",
                                                  detail: "Signed in with a personal link.", at: req.now), on: req.db)
                return req.seeOther(SessionController.safeNext(link.nextPath))
            case .assessmentResponse?:
                let form = try await AssessmentForm.load(link, req, withDraft: false)
                try await requireOwnForm(req, raterEmail: { try await form.raterEmail(req) })
                do {
                    if try await form.submit(req, link: link) { return LinkPages.thanks(req) }
                } catch let errors as FormErrors {
                    return LinkPages.assessment(req, form: form, token: token, errors: errors.messages, status: .unprocessableEntity)
                }
                return LinkPages.assessment(req, form: try await AssessmentForm.load(link, req), token: token, saved: true)
            case .surveyResponse?:
                let form = try await SurveyForm.load(link, req)
                try await requireOwnForm(req, raterEmail: { try await form.raterEmail(req) })
                do {
                    try await form.submit(req, link: link)
                } catch let errors as FormErrors {
                    return LinkPages.survey(req, form: form, token: token, errors: errors.messages, status: .unprocessableEntity)
                }
                return LinkPages.thanks(req)
            case nil:
                throw DomainError(.notFound, code: "link_unknown", message: "This link is not valid.")
            }
        } catch let error as DomainError {
            return LinkPages.failure(req, error: error)
        }
    }

    /// Refuses a rater form while someone other than its rater is signed in (``AccessPolicy/decideRaterForm(raterEmail:signedInEmail:)``).
    /// Asks the access policy whether this browser may answer the form. The rater's email is looked
    /// up only when someone is signed in: with nobody signed in the policy allows whatever it is.
    private func requireOwnForm(_ req: Request, raterEmail: () async throws -> String) async throws {
        let signedIn: String? = switch req.actor {
        case .user(let user)?: user.email
        case .person(let person)?: person.email
        case nil: nil
        }
        let email = signedIn == nil ? "" : try await raterEmail()
        if case .deny(let reason) = AccessPolicy().decideRaterForm(raterEmail: email, signedInEmail: signedIn) {
            throw DomainError(.forbidden, code: "link_not_yours", message: reason)
        }
    }

    private func requirePerson(_ link: PersonalLink, _ req: Request) async throws -> Person {
        guard let person = try await link.$person.get(on: req.db) else {
            throw DomainError(.notFound, code: "link_unknown", message: "This link is not valid.")
        }
        return person
    }
}
