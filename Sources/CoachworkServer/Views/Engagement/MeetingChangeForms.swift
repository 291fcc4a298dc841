import Vapor
import Plot
import CoachworkCore

/// The coach's forms on a planned meeting's page: send a proposal's invitations, change the
/// meeting (attendees invited already get the update), cancel it.
enum MeetingChangeForms {
    /// Field names of the change form, to keep what was typed when it shows an error.
    static let fieldNames = ["startsAt", "durationMinutes", "objective", "location", "videoURL", "attendees", "reason"]

    static func render(_ scope: EngagementScope, meeting: Meeting, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard scope.role == .coach, meeting.isPlanned, scope.engagement.isActive else { return .empty }
        let zone = scope.actor.timeZone
        let path = Paths.meeting(scope.id, meeting.id!)
        let csrf = scope.req.csrfToken
        let sent = meeting.invitedAt != nil
        return .group(
            sent || meeting.startsAt <= scope.req.now ? .empty : .div(.class("panel"),
                .h2(.text("Not sent yet")),
                .p(.text("This meeting was proposed by Coachwork and nobody has been invited yet. Adjust it below if needed, then send the invitations.")),
                Form.button(action: path + "/invite", csrf: csrf, label: "Send the invitations", style: "primary")),
            .h2(.text("Change the meeting")),
            Form.errorSummary(errors),
            .p(.class("hint"), .text(sent ? "Attendees get the update by email with a calendar file that moves it in their calendar."
                                          : "Nobody is told until the invitations are sent.")),
            Form.post(action: path + "/change", csrf: csrf, submitLabel: sent ? "Save and send the update" : "Save",
                Form.field(name: "startsAt", label: "Starts (\(zone))", type: "datetime-local",
                           value: values["startsAt"] ?? LocalTime.inputValue(meeting.startsAt, zone: zone), error: errors["startsAt"], required: true),
                Form.field(name: "durationMinutes", label: "Duration in minutes", type: "number",
                           value: values["durationMinutes"] ?? String(meeting.durationMinutes), error: errors["durationMinutes"]),
                // Text areas: a single-line input would drop line breaks typed through the API.
                Form.textArea(name: "objective", label: "Objective", value: values["objective"] ?? meeting.objective, error: errors["objective"], rows: 2),
                Form.textArea(name: "location", label: "Where (optional)", value: values["location"] ?? meeting.location ?? "", error: errors["location"], rows: 2),
                Form.field(name: "videoURL", label: "Video call link (optional)", type: "url", value: values["videoURL"] ?? meeting.videoURL, error: errors["videoURL"]),
                EngagementSections.attendeeChoices(errors["attendees"], selected: values["attendees"] ?? meeting.attendees)),
            .h2(.text("Cancel the meeting")),
            Form.post(action: path + "/cancel", csrf: csrf, submitLabel: "Cancel the meeting",
                Form.field(name: "reason", label: "Reason (sent to the attendees, optional)", value: values["reason"], error: errors["reason"])))
    }
}
