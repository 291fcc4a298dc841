import Vapor
import CoachworkCore

/// The engagement's life beyond its phases, as forms on its page: pause, resume and cancel, the
/// hand-over to another coach (a page of its own), and withdrawing a stakeholder (issue 12).
struct EngagementLifecycleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("engagements", ":engagementID")
        for change in EngagementStatus.Change.allCases {
            one.post(PathComponent(stringLiteral: change.rawValue)) { req in try await changeStatus(req, change) }
        }
        one.post("stakeholders", ":stakeholderID", "withdraw", use: withdrawStakeholder)
        one.get("handover", use: showHandOver)
        one.post("handover", use: handOver)
    }

    /// Pauses, resumes or cancels (``EngagementLifecycle``); a missing reason or a refused change
    /// shows the engagement page again with the reason beside its field.
    @Sendable func changeStatus(_ req: Request, _ change: EngagementStatus.Change) async throws -> Response {
        let success = switch change {
        case .pause: "The engagement is paused: nothing is sent until you resume it."
        case .resume: "The engagement is active again."
        case .cancel: "The engagement is cancelled."
        case .reopen: "The engagement is reopened: schedule what comes next."
        }
        return try await EngagementsController.perform(req, fields: ["reason", "confirm", "intent"], success: success) { scope, values in
            // Final: the page asks for a tick first (the API's caller decides for itself).
            if change == .cancel, values["confirm"] != "yes" {
                var errors = FormErrors()
                errors.add("confirm", "Tick the box to confirm the cancellation: it cannot be undone.")
                if TextInput.optional(values["reason"]) == nil { errors.add("reason", "Say why the engagement is cancelled.") }
                throw errors
            }
            try await EngagementLifecycle(req: req).change(scope, change, reason: values["reason"])
        }
    }

    /// The hand-over form, with the practice's other active coaches.
    @Sendable func showHandOver(req: Request) async throws -> Response {
        try await handOverPage(req, try await req.engagementScope())
    }

    private func handOverPage(_ req: Request, _ scope: EngagementScope, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> Response {
        try scope.authorize(.update, .coachAssignment)
        let coaches = try await EngagementHandover.candidates(for: scope.engagement, on: req.db)
        let current = try await User.find(scope.engagement.$coach.id, on: req.db)?.name ?? "the current coach"
        return HandoverPage.response(scope, coaches: coaches, currentCoach: current, values: values, errors: errors)
    }

    /// Hands the engagement to another coach; a coach who handed over their own may no longer
    /// see it, so they land on the list. Bad input shows the form again, kept.
    @Sendable func handOver(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let values = req.formValues(["coachId", "note"])
        do {
            try await EngagementHandover(req: req).handOver(scope, to: values["coachId"].flatMap(UUID.init(uuidString:)), note: values["note"])
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            // A bad choice, or an engagement that ended or changed hands meanwhile: said on the form.
            let response = try await handOverPage(req, scope, values: values, errors: [error.field ?? "coachId": error.message])
            if error.kind == .conflict { response.status = .conflict }
            return response
        }
        req.flash(.success, "The engagement is handed over; the client, sponsor and HR partner are emailed.")
        if case .user(let user)? = req.actor, user.accountRole == .coach { return req.seeOther(Paths.engagements) }
        return req.seeOther(Paths.engagement(scope.id))
    }

    @Sendable func withdrawStakeholder(req: Request) async throws -> Response {
        try await EngagementsController.perform(req, fields: ["reason"], success: "The stakeholder is withdrawn: they are not asked again, and what they answered stays.") { scope, v in
            try await StakeholderWithdrawal(req: req).withdraw(scope, stakeholderID: req.parameters.get("stakeholderID", as: UUID.self), reason: v["reason"])
        }
    }
}
