import Vapor
import Fluent
import CoachworkCore

/// Ticks the status of an action of the shared IDP (planned, in progress, done, dropped) without making a revision.
///
/// A revision is the plan sponsor and HR partner acknowledged; carrying it out is not a new plan, so a tick is stored
/// beside the revision (``IDPActionStatus``), asks nobody to acknowledge again and is recorded in the audit trail.
struct IDPStatusService {
    let req: Request

    /// Sets the status of action `actionID` of the latest revision, once that revision is finalised.
    ///
    /// - Parameters:
    ///   - actionID: ``IDPItem/id`` of the action.
    ///   - status: one of ``IDPItem/statuses``.
    /// - Returns: the action with its new status.
    /// - Throws: 404 `idp_action_not_found` (no such action in the latest revision, or no plan); 409
    ///   `idp_not_finalised` for a draft (edit the draft instead), `wrong_phase` / `engagement_inactive`; 403 by the
    ///   access policy (``Resource/idpActionStatus``: the coach any action, the client their own); 422 naming
    ///   `status` for an unknown status; 403 when a client drops an action (dropping changes the plan: the coach's).
    @discardableResult
    func tick(_ scope: EngagementScope, actionID: UUID?, status: String?) async throws -> IDPItem {
        try scope.authorize(.view, .idpActionStatus)
        guard let revision = try await PlanService.latest(scope.id, on: req.db),
              let actionID, var item = try await revision.effectiveItems(on: req.db).first(where: { $0.id == actionID }) else {
            throw DomainError(.notFound, code: "idp_action_not_found", message: "There is no such action in the current plan.")
        }
        try await authorize(scope, item)
        guard revision.status == "finalised" else {
            throw DomainError(.conflict, code: "idp_not_finalised", message: "The plan is a draft: change the action's status in the draft.")
        }
        try scope.check(.tickIDPAction)
        let code = (status ?? "").trimmingCharacters(in: .whitespaces)
        guard IDPItem.statuses.contains(code) else {
            throw DomainError.invalid("status", "Choose planned, in progress, done or dropped.")
        }
        if code == "dropped", scope.role != .coach {
            throw DomainError(.forbidden, code: "forbidden", message: "Dropping an action changes the plan; ask your coach.")
        }
        let before = item.status ?? "planned"
        item.status = code
        guard before != code else { return item }
        let tick = IDPActionStatus()
        tick.$revision.id = try revision.requireID()
        tick.actionID = actionID
        tick.status = code
        tick.changedBy = AuditActor(scope).name
        tick.changedAt = req.now
        try await req.db.writeTransaction { db in
            // One row per action: the latest tick replaces the one before (the audit trail keeps each).
            try await IDPActionStatus.query(on: db).filter(\.$revision.$id == tick.$revision.id)
                .filter(\.$actionID == actionID).delete()
            try await tick.create(on: db)
            try await scope.audit("idp_action_status", "IDP revision \(revision.revision): an action marked \(IDPItem.statusTitle(code).lowercased()) (was \(IDPItem.statusTitle(before).lowercased())).",
                                  object: "idp_action:\(actionID)", on: db)
        }
        return item
    }

    /// Asks the policy whether the actor may tick `item`: the client owns it when ``ActionOwner`` says so.
    /// - Throws: 403 with the policy's reason.
    func authorize(_ scope: EngagementScope, _ item: IDPItem) async throws {
        var context = scope.context
        if scope.party == .client {
            let client = try await scope.engagement.$client.get(on: req.db)
            context.ownsIDPAction = ActionOwner.isClients(item.owner, clientName: client.name)
        }
        if case .deny(let reason) = AccessPolicy().decide(scope.role, .update, .idpActionStatus, context: context) {
            throw DomainError(.forbidden, code: "forbidden", message: reason)
        }
    }

    /// Whether the actor may tick `item`, for showing the control (same rule as ``authorize(_:_:)``).
    static func canTick(_ scope: EngagementScope, _ item: IDPItem, clientName: String) -> Bool {
        var context = scope.context
        if scope.party == .client { context.ownsIDPAction = ActionOwner.isClients(item.owner, clientName: clientName) }
        return AccessPolicy().allows(scope.role, .update, .idpActionStatus, context: context)
    }
}
