import Vapor
import Fluent
import CoachworkCore

/// The IDP pages of ``EngagementDocumentsController``: the plan, saving the draft, finalising and sharing it,
/// corrections and acknowledgements. (Ticking an action's status: ``IDPStatusController``.)
extension EngagementDocumentsController {

    /// What the plan's page shows: every revision with its ticks, the latest acknowledgements, targets and goals.
    static func idpModel(_ scope: EngagementScope) async throws -> IDPPage.Model {
        let db = scope.req.db
        let revisions = try await IDPRevision.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$revision).all()
        var acks: [IDPAcknowledgement] = []
        if let latest = revisions.last { acks = try await IDPAcknowledgement.query(on: db).filter(\.$revision.$id == latest.requireID()).all() }
        let goals = try await AgreementService.acceptedGoals(of: scope.id, on: db)
        let targets = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$position).with(\.$competency).all()
        let rounds = try await SurveyRound.query(on: db).filter(\.$engagement.$id == scope.id).filter(\.$closedAt != nil).sort(\.$number).all()
        let ticks = revisions.isEmpty ? [] : try await IDPActionStatus.query(on: db).filter(\.$revision.$id ~~ revisions.compactMap(\.id)).all()
        let client = try await scope.engagement.$client.get(on: db)
        return .init(scope: scope, revisions: revisions, acknowledgements: acks, targets: targets, goals: goals, rounds: rounds,
                     ticks: ticks, clientName: client.name)
    }

    @Sendable func idp(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .idp)
        return IDPPage.response(try await Self.idpModel(scope))
    }

    /// Runs an IDP form's `action`; it may return a message other than `success` (a correction that only ticked statuses).
    private func idpAction(_ req: Request, success: String, _ action: (EngagementScope, [String: String], [Goal]) async throws -> String?) async throws -> Response {
        let scope = try await req.engagementScope()
        let model = try await Self.idpModel(scope)
        let v = req.formValues(IDPPage.fieldNames)
        do {
            let message = try await action(scope, v, model.goals)
            req.flash(.success, message ?? success)
            return req.seeOther(Paths.idp(scope.id))
        } catch let errors as FormErrors {
            return IDPPage.response(model, values: v, errors: IDPPage.fieldErrors(errors.messages, values: v), status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .invalid {
            return IDPPage.response(model, values: v, errors: [error.field ?? "_form": error.message], status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .conflict {
            // Stale or repeated: show the plan as it now is, with why nothing was saved.
            return IDPPage.response(model, errors: ["_form": error.message], status: .conflict)
        }
    }

    @Sendable func saveIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The IDP draft is saved.") { scope, v, _ in
            _ = try await PlanService(req: req).saveDraft(scope, IDPPage.items(v))
            return nil
        }
    }

    @Sendable func shareIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The IDP is finalised and shared with sponsor and HR partner.") { scope, _, _ in
            _ = try await PlanService(req: req).finaliseAndShare(scope)
            return nil
        }
    }

    @Sendable func reviseIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The correction is saved as a new revision and shared.") { scope, v, _ in
            let before = try await PlanService.latest(scope.id, on: req.db)?.revision
            let saved = try await PlanService(req: req).revise(scope, reason: v["reason"], items: IDPPage.items(v),
                                                               basedOn: v["basedOn"].flatMap { Int($0) },
                                                               roundID: try bodyID(v["surveyRoundId"], field: "surveyRoundId"))
            return saved.revision == before
                ? "Only statuses changed: they are saved without a new revision, so nobody is asked to acknowledge the plan again." : nil
        }
    }

    @Sendable func acknowledgeIDP(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try await PlanService(req: req).acknowledge(scope, revision: req.formValue("revision").flatMap { Int($0) })
        req.flash(.success, "Thank you: your acknowledgement is recorded.")
        return req.seeOther(Paths.idp(scope.id))
    }
}
