import Vapor
import Plot
import CoachworkCore

/// One meeting: objective, shared notes and action items for those allowed; private notes
/// for the coach only; the coach's form to record it.
enum MeetingPage {
    /// - Parameters:
    ///   - values, errors: what was typed into the record form and its errors.
    ///   - changeValues: what was typed into the change or cancel form (errors then belong to it).
    static func response(_ scope: EngagementScope, meeting: Meeting, items: [ActionItem], values: [String: String] = [:],
                         changeValues: [String: String]? = nil, errors: [String: String] = [:], status: HTTPResponseStatus = .ok) -> Response {
        let zone = scope.actor.timeZone
        let canTick = scope.can(.update, .actionItems) && scope.engagement.isActive
        let itemRows: [[Node<HTML.BodyContext>]] = items.map { item in
            let done = item.status == "done"
            let toggle: Node<HTML.BodyContext> = canTick
                ? Form.button(action: "\(Paths.engagement(scope.id))/action-items/\(item.id!)/\(done ? "reopen" : "done")",
                              csrf: scope.req.csrfToken, label: done ? "Reopen" : "Mark done")
                : .empty
            return [.text(item.description), .text(item.owner), .text(item.dueDate ?? ""), badge(item.status, tone: item.status == "done" ? "success" : "info"), toggle]
        }
        let showPrivate = scope.can(.view, .privateNotes)
        // Sponsor and HR partner reach this page from their invitation: details, never notes.
        let showShared = scope.can(.view, .sharedNotes)
        let value: (String, String) -> String = { name, fallback in values[name] ?? fallback }
        return scope.req.page(
            meeting.meetingKind.title, status: status,
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("\(LocalTime.format(meeting.startsAt, zone: zone)) · \(meeting.durationMinutes) minutes · \(meeting.status)"),
               // The organiser's own wall-clock time, when it differs from the reader's zone.
               meeting.timeZone.map { organiser in organiser == zone ? .empty
                   : .span(.class("muted"), .text(" · organiser's time \(LocalTime.format(meeting.startsAt, zone: organiser))")) } ?? .empty),
            .p(.text("Attending: coach, " + meeting.attendeeList.map { a in Meeting.parties.first { $0.value == a }?.label.lowercased() ?? a }.joined(separator: ", "))),
            meeting.location.map { .p(.text("Where: \($0)")) } ?? .empty,
            meeting.videoURL.map { .p(.text("Video call: "), .a(.escapedAttribute("href", $0), .text($0))) } ?? .empty,
            meeting.cancelledAt.map { .p(.class("notice"), .text("Cancelled \(LocalTime.format($0, zone: zone))" + (meeting.cancellationReason.map { ": \($0)" } ?? "."))) } ?? .empty,
            .p(link("Add to your calendar (.ics)", "\(Paths.meeting(scope.id, meeting.id!))/calendar.ics"),
               scope.role == .coach ? .group(.text(" · "), link("Prepare the session", "\(Paths.meeting(scope.id, meeting.id!))/prepare")) : .empty),
            .div(.class("panel"), .h2(.text("Objective")), .p(.text(meeting.objective.isEmpty ? "—" : meeting.objective))),
            showShared ? .div(.class("panel"), .h2(.text("Shared notes")), .p(.text(meeting.sharedNotes.isEmpty ? "None yet." : meeting.sharedNotes))) : .empty,
            showShared && meeting.meetingKind == .followUp && meeting.status != "planned" ? .div(.class("panel"),
                .h2(.text("Feedback obtained")), .p(.text(meeting.feedbackObtained ?? "—")),
                .h2(.text("Achievements recognised")), .p(.text(meeting.achievements ?? "—"))) : .empty,
            showPrivate ? .div(.class("panel"), .h2(.text("Private notes (only you see these)")), .p(.text(meeting.privateNotes.isEmpty ? "None." : meeting.privateNotes))) : .empty,
            showShared ? Table.render(caption: "Action items", headers: ["Action", "Owner", "Due", "Status", ""], rows: itemRows, empty: "No action items.") : .empty,
            MeetingChangeForms.render(scope, meeting: meeting, values: changeValues ?? [:], errors: changeValues == nil ? [:] : errors),
            scope.role == .coach && meeting.isPlanned && meeting.startsAt > scope.req.now
                ? .p(.class("hint"), .text("Record the meeting here once it has taken place.")) : .empty,
            scope.role == .coach && meeting.isPlanned && meeting.startsAt <= scope.req.now ? .group(
                .h2(.text("Record the meeting")),
                Form.errorSummary(changeValues == nil ? errors : [:]),
                Form.post(action: Paths.meeting(scope.id, meeting.id!), csrf: scope.req.csrfToken, submitLabel: "Mark as held and save",
                    Form.textArea(name: "sharedNotes", label: "Shared notes (the client sees these)", value: value("sharedNotes", ""), error: errors["sharedNotes"], rows: 6),
                    Form.textArea(name: "privateNotes", label: "Private notes (yours only)", value: value("privateNotes", ""), error: errors["privateNotes"], rows: 4),
                    meeting.meetingKind == .followUp ? .group(
                        Form.textArea(name: "feedbackObtained", label: "Feedback obtained (what the client heard back from stakeholders)",
                                      value: value("feedbackObtained", ""), error: errors["feedbackObtained"], rows: 4),
                        Form.textArea(name: "achievements", label: "Achievements recognised", value: value("achievements", ""),
                                      error: errors["achievements"], rows: 4)) : .empty,
                    .group((0..<3).map { i in .div(.class("panel"),
                        Form.field(name: "item_\(i)", label: "Action item \(i + 1)", value: values["item_\(i)"]),
                        Form.select(name: "owner_\(i)", label: "Owner", options: [("client", "Client"), ("coach", "Coach")], selected: values["owner_\(i)"], error: errors["actionItems[\(i)].owner"]),
                        Form.field(name: "due_\(i)", label: "Due", type: "date", value: values["due_\(i)"], error: errors["actionItems[\(i)].dueDate"]))
                    }))) : .empty)
    }

    static let fieldNames = ["sharedNotes", "privateNotes", "feedbackObtained", "achievements"] + (0..<3).flatMap { ["item_\($0)", "owner_\($0)", "due_\($0)"] }
}
