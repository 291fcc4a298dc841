import Vapor
import Fluent
import Plot
import CoachworkCore

/// The coach's preparation for a coaching session: the engagement's problem and objective, this
/// session's objective, the open action items, the IDP's focus and the notes of the last session.
enum SessionPreparation {
    static func response(_ scope: EngagementScope, meeting: Meeting) async throws -> Response {
        try scope.authorize(.view, .privateNotes)
        let db = scope.req.db
        let zone = scope.actor.timeZone
        let e = scope.engagement
        let open = try await ActionItem.query(on: db).filter(\.$engagement.$id == scope.id).filter(\.$status != "done").all()
        let last = try await Meeting.query(on: db).filter(\.$engagement.$id == scope.id)
            .filter(\.$kind == Meeting.Kind.coachingSession.rawValue).filter(\.$status == Meeting.Status.held.rawValue)
            .filter(\.$startsAt < meeting.startsAt).sort(\.$startsAt, .descending).first()
        let idp = try await PlanService.latest(scope.id, on: db)
        let items = try await idp?.effectiveItems(on: db) ?? []   // a ticked "done" is no longer a focus
        let names = try await CompetencyCatalog.names(Array(Set(items.map(\.competencyID))), on: db)
        let focus = items.filter { !["done", "dropped"].contains($0.status ?? "planned") }
        return scope.req.page("Prepare: \(meeting.meetingKind.title), \(LocalTime.format(meeting.startsAt, zone: zone))",
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id)),
                          (meeting.meetingKind.title, Paths.meeting(scope.id, meeting.id!))],
            .div(.class("columns"),
                 .div(.class("panel"), .h2(.text("Presenting problem")), .p(.text(e.presentingProblem))),
                 .div(.class("panel"), .h2(.text("Objective of the engagement")), .p(.text(e.objective)))),
            .div(.class("panel"), .h2(.text("Objective of this session")), .p(.text(meeting.objective.isEmpty ? "Not set yet." : meeting.objective))),
            Table.render(caption: "Open action items", headers: ["Action", "Owner", "Due"],
                         rows: open.map { [.text($0.description), .text($0.owner.capitalized), .text($0.dueDate ?? "—")] },
                         empty: "No open action items."),
            Table.render(caption: "IDP focus (actions not done)", headers: ["Target competency", "Action", "Status", "Due"],
                         rows: focus.map { [.text(names[$0.competencyID.uuidString] ?? ""), .text($0.action), .text(IDPItem.statusTitle($0.status)), .text($0.dueDate)] },
                         empty: idp == nil ? "No IDP yet." : "Every action is done or dropped."),
            last.map { m in
                .div(.class("panel"), .h2(.text("Last session, \(LocalTime.format(m.startsAt, zone: zone))")),
                     .p(.strong(.text("Objective: ")), .text(m.objective.isEmpty ? "—" : m.objective)),
                     .h3(.text("Shared notes")), .p(.text(m.sharedNotes.isEmpty ? "None." : m.sharedNotes)),
                     .h3(.text("Private notes (yours only)")), .p(.text(m.privateNotes.isEmpty ? "None." : m.privateNotes)))
            } ?? .p(.class("muted"), .text("No earlier coaching session.")))
    }
}
