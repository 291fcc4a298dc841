import Vapor
import Plot
import CoachworkCore

/// The practice settings: anonymity thresholds, the manager column, reminders and the interview question set.
enum SettingsPage {
    static func values(of settings: PracticeSettings) -> [String: String] {
        ["ratingThreshold": String(settings.ratingThreshold), "commentThreshold": String(settings.commentThreshold),
         "showManagerSeparately": settings.showManagerSeparately ? "yes" : "no",
         "reminderIntervalDays": String(settings.reminderIntervalDays),
         "interviewQuestions": settings.interviewQuestions.joined(separator: "\n"),
         "surveyIntervalWeeks": String(settings.surveyIntervalWeeks), "followUpWeeks": String(settings.followUpWeeks),
         "acceptanceReminderDays": String(settings.acceptanceReminderDays),
         "acknowledgementReminderDays": String(settings.acknowledgementReminderDays),
         "meetingReminderHours": String(settings.meetingReminderHours),
         "privateNotesRetentionMonths": settings.privateNotesRetentionMonths.map(String.init) ?? "",
         "engagementRetentionMonths": settings.engagementRetentionMonths.map(String.init) ?? "",
         "reopenGraceDays": String(settings.reopenGraceDays)]
    }

    /// The settings as text, for coaches (who read them; an admin changes them).
    static func readOnly(_ v: [String: String]) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = [
            [.text("Rating threshold"), .text(v["ratingThreshold"] ?? "")],
            [.text("Comment threshold"), .text(v["commentThreshold"] ?? "")],
            [.text("Manager's ratings"), .text(v["showManagerSeparately"] == "yes" ? "Shown as a group of their own" : "Merged into \"all others\"")],
            [.text("Days between reminders"), .text(v["reminderIntervalDays"] ?? "")],
            [.text("Days between reminders to accept the agreement (0: none)"), .text(v["acceptanceReminderDays"] ?? "")],
            [.text("Days between reminders to acknowledge the IDP (0: none)"), .text(v["acknowledgementReminderDays"] ?? "")],
            [.text("Hours before a meeting that attendees are reminded (0: none)"), .text(v["meetingReminderHours"] ?? "")],
            [.text("Weeks between mini-survey rounds"), .text(v["surveyIntervalWeeks"] ?? "")],
            [.text("Weeks to the follow-up session"), .text(v["followUpWeeks"] ?? "")],
            [.text("Private notes deleted after an engagement ended (months)"), .text(v["privateNotesRetentionMonths"].flatMap { $0.isEmpty ? nil : $0 } ?? "kept")],
            [.text("Days a cancelled engagement can be reopened (0: never)"), .text(v["reopenGraceDays"] ?? "0")],
            [.text("Ended engagements erased after (months)"), .text(v["engagementRetentionMonths"].flatMap { $0.isEmpty ? nil : $0 } ?? "kept")],
            [.text("Interview questions"), .ol(.group((v["interviewQuestions"] ?? "").split(separator: "\n").map { .li(.text(String($0))) }))],
        ]
        return .group(Table.render(caption: "Settings", headers: ["Setting", "Value"], rows: rows, empty: ""),
                      .p(.class("hint"), .text("Only an admin can change these.")))
    }

    static func response(_ req: Request, values: [String: String], errors: [String: String] = [:]) -> Response {
        let canEdit = AccessPolicy().allows(req.actor?.accountRole, .update, .practiceSettings)
        let fields: Node<HTML.BodyContext> = .group(
            Form.errorSummary(errors),
            .h2(.text("Anonymity")),
            Form.field(name: "ratingThreshold", label: "Rating threshold", type: "number", value: values["ratingThreshold"],
                       error: errors["ratingThreshold"],
                       hint: "The smallest number of raters whose combined ratings are shown: 2 to 20, default 3.", required: true),
            Form.field(name: "commentThreshold", label: "Comment threshold", type: "number", value: values["commentThreshold"],
                       error: errors["commentThreshold"],
                       hint: "Comments to a question are shown once at least this many stakeholders answered the questionnaire; at least the rating threshold. Default 3.",
                       required: true),
            Form.select(name: "showManagerSeparately", label: "Manager's ratings",
                        options: [("no", "Merge into \"all others\" (recommended)"), ("yes", "Show the manager as a group of their own")],
                        selected: values["showManagerSeparately"], error: errors["showManagerSeparately"],
                        hint: "Shown separately, a single manager's ratings appear labelled (raters are told so), unless hiding them is needed to protect a smaller group."),
            .h2(.text("Reminders")),
            Form.field(name: "reminderIntervalDays", label: "Days between reminders", type: "number",
                       value: values["reminderIntervalDays"], error: errors["reminderIntervalDays"],
                       hint: "Raters and mini-survey respondents who have not submitted are reminded this often until the close date.", required: true),
            Form.field(name: "acceptanceReminderDays", label: "Days between reminders to accept the coaching agreement", type: "number",
                       value: values["acceptanceReminderDays"], error: errors["acceptanceReminderDays"],
                       hint: "Client and sponsor who have not accepted are reminded this often, at most \(PracticeSettings.reminderLimit) times. 0 sends none. Default 3."),
            Form.field(name: "acknowledgementReminderDays", label: "Days between reminders to acknowledge the IDP", type: "number",
                       value: values["acknowledgementReminderDays"], error: errors["acknowledgementReminderDays"],
                       hint: "Sponsor and HR partner, at most \(PracticeSettings.reminderLimit) times. 0 sends none. Default 3."),
            Form.field(name: "meetingReminderHours", label: "Hours before a meeting that attendees are reminded", type: "number",
                       value: values["meetingReminderHours"], error: errors["meetingReminderHours"],
                       hint: "Up to 168 (a week). 0 sends none. Default 24. Every reminder carries a one-click way to stop reminders."),
            .h2(.text("Achievement")),
            Form.field(name: "surveyIntervalWeeks", label: "Weeks between mini-survey rounds", type: "number",
                       value: values["surveyIntervalWeeks"], error: errors["surveyIntervalWeeks"], hint: "The default when a coach plans rounds. Default 12 (about three months)."),
            Form.field(name: "followUpWeeks", label: "Weeks from the last coaching session to the follow-up", type: "number",
                       value: values["followUpWeeks"], error: errors["followUpWeeks"], hint: "The follow-up session is proposed this long after the last session held. Default 6."),
            .h2(.text("Stakeholder interviews")),
            Form.textArea(name: "interviewQuestions", label: "Interview questions", value: values["interviewQuestions"],
                          error: errors["interviewQuestions"], hint: "One question per line, in the order you ask them.", rows: 7),
            .h2(.text("Cancelled engagements")),
            Form.field(name: "reopenGraceDays", label: "Days after a cancellation that the coach can reopen the engagement", type: "number",
                       value: values["reopenGraceDays"], error: errors["reopenGraceDays"],
                       hint: "0 (the default) makes a cancellation final; up to \(EngagementStatus.maxReopenGraceDays)."),
            .h2(.text("Retention")),
            Form.field(name: "privateNotesRetentionMonths", label: "Months after an engagement ended that private notes are deleted", type: "number",
                       value: values["privateNotesRetentionMonths"], error: errors["privateNotesRetentionMonths"],
                       hint: "The coach's private meeting notes and raw interview notes. 1 to 120; empty keeps them."),
            Form.field(name: "engagementRetentionMonths", label: "Months after an engagement ended that it is erased", type: "number",
                       value: values["engagementRetentionMonths"], error: errors["engagementRetentionMonths"],
                       hint: "Everything it holds is deleted; only anonymous figures for the practice stay. 1 to 120; empty keeps them."),
            .p(.a(.escapedAttribute("href", Paths.retention), .text("See what retention would do now")), .text(" (nothing is deleted by looking).")))
        return req.page(
            "Practice settings", status: errors.isEmpty ? .ok : .unprocessableEntity,
            .p(.text("These settings apply to assessments and surveys started from now on; running and closed ones keep the rules they started with.")),
            canEdit ? Form.post(action: Paths.settings, csrf: req.csrfToken, submitLabel: "Save settings", fields)
                    : readOnly(values))
    }
}
