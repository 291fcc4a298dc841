import Vapor
import Plot
import CoachworkCore

/// The status of an IDP action on the plan's page, with a control to tick it for whoever may (the coach any action,
/// the client their own; ``IDPStatusService``). A tick is no new revision: nobody is asked to acknowledge again.
extension IDPPage {
    /// The status badge, and under it a small form when the actor may tick this action of the shared plan.
    static func statusCell(_ m: Model, _ item: IDPItem) -> Node<HTML.BodyContext> {
        let tone = item.status == "done" ? "success" : item.status == "dropped" ? "neutral" : "info"
        let shown = badge(IDPItem.statusTitle(item.status), tone: tone)
        guard let actionID = item.id, let latest = m.revisions.last, latest.status == "finalised",
              m.scope.engagement.isActive, IDPStatusService.canTick(m.scope, item, clientName: m.clientName) else { return shown }
        // Dropping an action changes the plan: only the coach offers it.
        let codes = IDPItem.statuses.filter { $0 != "dropped" || m.scope.role == .coach }
        return .div(shown,
            Form.post(action: Paths.idpActionStatus(m.scope.id, actionID), csrf: m.scope.req.csrfToken, submitLabel: "Update",
                      Form.select(name: "status", label: "Status of this action", options: codes.map { ($0, IDPItem.statusTitle($0)) },
                                  selected: item.status ?? "planned")))
    }
}
