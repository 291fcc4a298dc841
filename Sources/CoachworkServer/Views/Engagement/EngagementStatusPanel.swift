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
        if o.isCoach, status == .cancelled { return .group(banner, reopen(o, values: values, errors: errors), erase(o)) }
        guard o.isCoach, status.isOngoing else { return .group(banner, handover(o), erase(o)) }
        let csrf = o.scope.req.csrfToken
        let planned = o.meetings.filter(\.isPlanned).count
        let invited = o.meetings.filter { $0.isPlanned && $0.invitedAt != nil }.count
        // Both forms have a reason: the one sent back with an error opens and shows it.
        let sent = values["intent"]
        func kept(_ intent: String) -> (value: String?, error: String?) {
            sent == intent ? (values["reason"], errors["reason"]) : (nil, nil)
        }
        func folded(_ summary: String, open: Bool, _ form: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
            .element(named: "details", nodes: [open ? .flag("open") : .empty, .element(named: "summary", nodes: [.text(summary)]), form])
        }
        let intent = { (name: String) -> Node<HTML.BodyContext> in Form.hidden(name: "intent", value: name) }
        let pause: Node<HTML.BodyContext> = status == .active
            ? folded("Pause the engagement…", open: sent == "pause" && !errors.isEmpty,
              Form.post(action: "\(Paths.engagement(o.id))/pause", csrf: csrf, submitLabel: "Pause the engagement", intent("pause"),
                        Form.textArea(name: "reason", label: "Why pause?", value: kept("pause").value, error: kept("pause").error,
                                      hint: "The client, sponsor and HR partner see this. Reminders and planned survey rounds wait; rater links say the engagement is paused.",
                                      rows: 2, required: true)))
            : Form.post(action: "\(Paths.engagement(o.id))/resume", csrf: csrf, submitLabel: "Resume the engagement")
        let consequences = "Cancelling is final: \(planned) planned meeting\(planned == 1 ? "" : "s") will be cancelled"
            + (invited > 0 ? " (the attendees of \(invited) get a cancellation in their calendar)" : "")
            + ", open 360-degree assessments and mini-survey rounds close and their links stop working."
        let cancel = Form.post(action: "\(Paths.engagement(o.id))/cancel", csrf: csrf, submitLabel: "Cancel the engagement",
            intent("cancel"), .p(.text(consequences)),
            Form.textArea(name: "reason", label: "Why cancel?", value: kept("cancel").value, error: kept("cancel").error, rows: 2, required: true),
            Form.confirmBox(label: "I understand this cannot be undone.", error: errors["confirm"]))
        return .div(.class("panel"), .attribute(named: "id", value: "status"),
                    .h2(.text("Engagement status: \(status.rawValue)")), banner, pause,
                    folded("Cancel the engagement…", open: sent == "cancel" && !errors.isEmpty, cancel),
                    handover(o))
    }

    /// The link to the hand-over page (its own page: the list of coaches is not loaded here).
    static func handover(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        let e = o.scope.engagement
        guard o.scope.can(.update, .coachAssignment), e.isOngoing else { return .empty }
        return .p(.a(.escapedAttribute("href", Paths.handover(o.id)), .text("Hand over to another coach…")))
    }

    /// The coach's way back from a cancellation, while the practice's grace period lasts.
    private static func reopen(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let e = o.scope.engagement
        let grace = o.settings.reopenGraceDays
        guard (try? EngagementStatus.checkReopen(endedAt: e.endedAt, now: o.scope.req.now, graceDays: grace)) != nil, let ended = e.endedAt else { return .empty }
        let until = LocalTime.date(ended.addingTimeInterval(Double(grace) * 86_400), zone: o.zone)
        let sent = values["intent"] == "reopen"
        return Form.post(action: "\(Paths.engagement(o.id))/reopen", csrf: o.scope.req.csrfToken, submitLabel: "Reopen the engagement",
                         Form.hidden(name: "intent", value: "reopen"),
                         .p(.text("You can reopen it until \(until). Cancelled meetings and closed questionnaires stay as they are; the client, sponsor and HR partner are emailed.")),
                         Form.textArea(name: "reason", label: "Why reopen?", value: sent ? values["reason"] : nil, error: sent ? errors["reason"] : nil,
                                       rows: 2, required: true))
    }

    /// The admin's way to erase an engagement once it ended (a page that asks first).
    private static func erase(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard o.scope.can(.delete, .engagementErasure), !o.scope.engagement.isOngoing else { return .empty }
        return .p(.a(.escapedAttribute("href", Paths.engagementErasure(o.id)), .text("Erase the engagement…")),
                  .text(" Deletes everything it holds and keeps only anonymous figures; the next page says what and asks first."))
    }
}

/// The hand-over form: which coach, and a note to the parties.
enum HandoverPage {
    /// - Parameter coaches: the active coaches other than the current one, by name.
    static func response(_ scope: EngagementScope, coaches: [User], currentCoach: String, values: [String: String] = [:],
                         errors: [String: String] = [:]) -> Response {
        scope.req.page(
            "Hand over the engagement", status: errors.isEmpty ? .ok : .unprocessableEntity,
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("The new coach gets everything, private notes included; \(currentCoach) loses access at once. The client, sponsor and HR partner are emailed with a link to the engagement.")),
            coaches.isEmpty ? .p(.class("notice"), .text("There is no other active coach account. An admin adds one under Users.")) :
            Form.post(action: Paths.handover(scope.id), csrf: scope.req.csrfToken, submitLabel: "Hand over",
                      Form.select(name: "coachId", label: "New coach", options: [("", "Choose a coach")] + coaches.map { ($0.id!.uuidString, "\($0.name) <\($0.email)>") },
                                  selected: values["coachId"], error: errors["coachId"]),
                      Form.textArea(name: "note", label: "Note to the parties (optional)", value: values["note"], error: errors["note"], rows: 2)))
    }
}
