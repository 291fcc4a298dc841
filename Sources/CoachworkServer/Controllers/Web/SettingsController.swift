import Vapor
import CoachworkCore

/// The practice settings page (admins change, coaches read).
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "settings", use: show)
        routes.post("admin", "settings", use: save)
    }

    /// The form as posted: numbers arrive as text so a typo is reported, not a 400.
    struct SettingsForm: Content {
        var ratingThreshold: String?
        var commentThreshold: String?
        var showManagerSeparately: String?
        var reminderIntervalDays: String?
        var interviewQuestions: String?
        var surveyIntervalWeeks: String?
        var followUpWeeks: String?
        var acceptanceReminderDays: String?
        var acknowledgementReminderDays: String?
        var meetingReminderHours: String?
        var privateNotesRetentionMonths: String?
        var engagementRetentionMonths: String?
        var reopenGraceDays: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try req.authorize(.view, .practiceSettings)
        let settings = try await PracticeSettings.current(on: req.db)
        return SettingsPage.response(req, values: SettingsPage.values(of: settings))
    }

    @Sendable func save(req: Request) async throws -> Response {
        try req.authorize(.update, .practiceSettings)
        let form = try req.content.decode(SettingsForm.self)
        var errors = FormErrors()
        func number(_ field: String, _ text: String?) -> Int? { errors.wholeNumber(text, field: field) }
        let input = SettingsService.Input(
            ratingThreshold: number("ratingThreshold", form.ratingThreshold),
            commentThreshold: number("commentThreshold", form.commentThreshold),
            showManagerSeparately: form.showManagerSeparately.map { $0 == "yes" },
            reminderIntervalDays: number("reminderIntervalDays", form.reminderIntervalDays),
            interviewQuestions: form.interviewQuestions.map { $0.components(separatedBy: .newlines) },
            surveyIntervalWeeks: number("surveyIntervalWeeks", form.surveyIntervalWeeks),
            followUpWeeks: number("followUpWeeks", form.followUpWeeks),
            acceptanceReminderDays: number("acceptanceReminderDays", form.acceptanceReminderDays),
            acknowledgementReminderDays: number("acknowledgementReminderDays", form.acknowledgementReminderDays),
            meetingReminderHours: number("meetingReminderHours", form.meetingReminderHours),
            // An emptied retention field means "keep", which the service reads as 0.
            privateNotesRetentionMonths: number("privateNotesRetentionMonths", Self.keepWhenEmpty(form.privateNotesRetentionMonths)),
            engagementRetentionMonths: number("engagementRetentionMonths", Self.keepWhenEmpty(form.engagementRetentionMonths)),
            reopenGraceDays: number("reopenGraceDays", form.reopenGraceDays))
        let values: [String: String] = [
            "ratingThreshold": form.ratingThreshold ?? "", "commentThreshold": form.commentThreshold ?? "",
            "showManagerSeparately": form.showManagerSeparately ?? "no",
            "reminderIntervalDays": form.reminderIntervalDays ?? "", "interviewQuestions": form.interviewQuestions ?? "",
            "surveyIntervalWeeks": form.surveyIntervalWeeks ?? "", "followUpWeeks": form.followUpWeeks ?? "",
            "acceptanceReminderDays": form.acceptanceReminderDays ?? "", "acknowledgementReminderDays": form.acknowledgementReminderDays ?? "",
            "meetingReminderHours": form.meetingReminderHours ?? "",
            "privateNotesRetentionMonths": form.privateNotesRetentionMonths ?? "",
            "engagementRetentionMonths": form.engagementRetentionMonths ?? "",
            "reopenGraceDays": form.reopenGraceDays ?? "",
        ]
        do {
            try errors.throwIfAny()
            _ = try await SettingsService(db: req.db).update(input, by: AuditActor(try req.requireActor()), at: req.now)
        } catch let failure as FormErrors {
            return SettingsPage.response(req, values: values, errors: failure.messages)
        }
        req.flash(.success, "Settings saved. They apply to assessments and surveys started from now on.")
        return req.seeOther(Paths.settings)
    }

    /// A posted retention field left empty means "keep" (0); a field not posted at all stays unchanged.
    private static func keepWhenEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.trimmingCharacters(in: .whitespaces).isEmpty ? "0" : text
    }
}
