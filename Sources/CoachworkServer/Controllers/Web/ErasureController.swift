import Vapor
import CoachworkCore

/// Erasure and retention pages (issue 12), the admin's alone: erase a person on request, erase an
/// ended engagement, and see (then apply) what the retention periods would delete now. Each asks
/// first, saying what will happen; nothing is deleted by looking.
struct ErasureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "erasure", use: showPersonForm)
        // The address travels in a POST body, never in a URL (URLs end up in logs and history).
        routes.post("admin", "erasure", "preview", use: previewPerson)
        routes.post("admin", "erasure", use: erasePerson)
        routes.get("engagements", ":engagementID", "erase", use: showEngagement)
        routes.post("engagements", ":engagementID", "erase", use: eraseEngagement)
        routes.get("admin", "retention", use: showRetention)
        routes.post("admin", "retention", use: applyRetention)
    }

    @Sendable func showPersonForm(req: Request) async throws -> Response {
        try req.authorize(.view, .personErasure)
        return PersonErasurePage.response(req, email: nil, subject: nil)
    }

    @Sendable func previewPerson(req: Request) async throws -> Response {
        try req.authorize(.view, .personErasure)
        let email = req.formValue("email")
        do {
            let subject = try await PersonErasure(db: req.db).subject(email: email)
            return PersonErasurePage.response(req, email: subject.email, subject: subject)
        } catch let error as DomainError where error.kind == .invalid {
            return PersonErasurePage.response(req, email: email, subject: nil, errors: ["email": error.message])
        }
    }

    @Sendable func erasePerson(req: Request) async throws -> Response {
        try req.authorize(.delete, .personErasure)
        let service = PersonErasure(db: req.db)
        let subject = try await service.subject(email: req.formValue("email"))
        guard req.formValue("confirm") == "yes" else {
            return PersonErasurePage.response(req, email: subject.email, subject: subject,
                                              errors: ["confirm": "Tick the box to confirm: erasure cannot be undone."])
        }
        do {
            try await service.erase(subject, actor: AuditActor(try req.requireActor()), now: req.now)
        } catch let error as DomainError where error.kind == .conflict || error.kind == .notFound {
            // Something changed since the preview (an engagement started, someone erased it): show it again.
            let fresh = try await service.subject(email: subject.email)
            return PersonErasurePage.response(req, email: subject.email, subject: fresh, errors: ["email": error.message],
                                              status: error.kind == .conflict ? .conflict : .notFound)
        }
        req.flash(.success, "\(subject.email) is erased.")
        return req.seeOther(Paths.erasure)
    }

    @Sendable func showEngagement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .engagementErasure)
        return EngagementErasurePage.response(scope, preview: try await EngagementErasure.preview(scope.engagement, on: req.db))
    }

    @Sendable func eraseEngagement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.delete, .engagementErasure)
        guard req.formValue("confirm") == "yes" else {
            return EngagementErasurePage.response(scope, preview: try await EngagementErasure.preview(scope.engagement, on: req.db),
                                                  errors: ["confirm": "Tick the box to confirm: erasure cannot be undone."])
        }
        do {
            _ = try await EngagementErasure.erase(scope)
        } catch let error as DomainError where error.kind == .conflict {
            let response = EngagementErasurePage.response(scope, preview: try await EngagementErasure.preview(scope.engagement, on: req.db),
                                                          errors: ["confirm": error.message])
            response.status = .conflict
            return response
        }
        req.flash(.success, "The engagement is erased; its anonymous figures stay with the practice.")
        return req.seeOther(Paths.engagements)
    }

    @Sendable func showRetention(req: Request) async throws -> Response {
        try req.authorize(.view, .engagementErasure)
        let plan = try await RetentionSweep(db: req.db).plan(now: req.now)
        return RetentionPage.response(req, plan: plan, zone: try req.requireActor().timeZone)
    }

    @Sendable func applyRetention(req: Request) async throws -> Response {
        try req.authorize(.delete, .engagementErasure)
        guard req.formValue("confirm") == "yes" else { return req.seeOther(Paths.retention) }
        let plan = try await RetentionSweep(db: req.db).run(now: req.now, actor: AuditActor(try req.requireActor()))
        req.flash(.success, "Retention applied: private notes of \(plan.notes.count) engagement\(plan.notes.count == 1 ? "" : "s") deleted, \(plan.erasures.count) engagement\(plan.erasures.count == 1 ? "" : "s") erased.")
        return req.seeOther(Paths.retention)
    }
}
