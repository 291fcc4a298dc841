import Vapor
import Plot
import CoachworkCore

/// The engagement's status beyond its phase: everyone sees why it is paused or cancelled; the coach
/// pauses, resumes or cancels it (``EngagementLifecycle``), and cancelling says first what it stops.
enum EngagementStatusPanel {
    static func render(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let e = o.scope.engagement
        let status = EngagementStatus(rawValue: e.status) ?? .active
        let banner: Node<HTML.BodyContext> = switch status {
        case .paused: .div(.class("notice"), .attribute(named: "role", value: "status"),
                           .p(.strong(.text("Paused. ")), .text(e.statusReason ?? ""),
                              .text(" Nothing is sent and raters cannot answer until the coach resumes the engagement.")))
        case .cancelled: .div(.class("notice"), .attribute(named: "role", value: "status"),
                              .p(.strong(.text("Cancelled. ")), .text(e.statusReason ?? "")))
        case .active, .closed: .empty
        }
        guard o.isCoach, status == .active || status == .paused else { return .group(banner, handover(o, values: values, errors: errors)) }
        let csrf = o.scope.req.csrfToken
        let planned = o.meetings.filter(\.isPlanned).count
        let invited = o.meetings.filter { $0.isPlanned && $0.invitedAt != nil }.count
        let pause: Node<HTML.BodyContext> = status == .active
            ? Form.post(action: "\(Paths.engagement(o.id))/pause", csrf: csrf, submitLabel: "Pause the engagement",
                        Form.textArea(name: "reason", label: "Why pause?", value: values["reason"], error: errors["reason"],
                                      hint: "The client, sponsor and HR partner see this. Reminders and planned survey rounds wait; rater links say the engagement is paused.",
                                      rows: 2, required: true))
            : Form.post(action: "\(Paths.engagement(o.id))/resume", csrf: csrf, submitLabel: "Resume the engagement")
        let consequences = "Cancelling is final: \(planned) planned meeting\(planned == 1 ? "" : "s") will be cancelled"
            + (invited > 0 ? " (the attendees of \(invited) get a cancellation in their calendar)" : "")
            + ", open 360-degree assessments and mini-survey rounds close and their links stop working."
        let cancel = Form.post(action: "\(Paths.engagement(o.id))/cancel", csrf: csrf, submitLabel: "Cancel the engagement",
            .p(.text(consequences)),
            Form.textArea(name: "reason", label: "Why cancel?", value: values["reason"], error: errors["reason"], rows: 2, required: true),
            .div(.class("field"),
                 .element(named: "label", nodes: [
                    .selfClosedElement(named: "input", attributes: [.attribute(named: "type", value: "checkbox"), .attribute(named: "name", value: "confirm"),
                                                                     .attribute(named: "value", value: "yes"), .flag("required")]),
                    .text(" I understand this cannot be undone."),
                 ]),
                 errors["confirm"].map { .p(.class("field-error"), .text($0)) } ?? .empty))
        return .div(.class("panel"), .attribute(named: "id", value: "status"),
                    .h2(.text("Engagement status: \(status.rawValue)")), banner, pause,
                    .element(named: "details", nodes: [.element(named: "summary", nodes: [.text("Cancel the engagement…")]), cancel]),
                    handover(o, values: values, errors: errors))
    }

    /// Handing the engagement to another coach (the coach's own, or the admin's for anyone's).
    static func handover(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard !o.otherCoaches.isEmpty else { return .empty }
        return .element(named: "details", nodes: [
            errors["coachId"] == nil ? .empty : .flag("open"),
            .element(named: "summary", nodes: [.text("Hand over to another coach…")]),
            Form.post(action: "\(Paths.engagement(o.id))/handover", csrf: o.scope.req.csrfToken, submitLabel: "Hand over",
                      .p(.class("hint"), .text("The new coach gets everything, private notes included; \(o.coach.name) loses access at once. The client, sponsor and HR partner are emailed.")),
                      Form.select(name: "coachId", label: "New coach", options: [("", "Choose a coach")] + o.otherCoaches.map { ($0.id!.uuidString, "\($0.name) <\($0.email)>") },
                                  selected: values["coachId"], error: errors["coachId"]),
                      Form.textArea(name: "note", label: "Note to the parties (optional)", value: values["note"], error: errors["note"], rows: 2)),
        ])
    }
}
