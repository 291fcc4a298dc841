import Vapor
import Fluent
import CoachworkCore

/// Reads and changes the practice's settings (thresholds, manager column, reminders, interview questions).
struct SettingsService {
    let db: any Database

    /// What a settings form or API body submits; every field optional (missing = keep).
    struct Input: Content, Sendable {
        var ratingThreshold: Int?
        var commentThreshold: Int?
        var showManagerSeparately: Bool?
        var reminderIntervalDays: Int?
        /// One question per entry; blank entries are dropped.
        var interviewQuestions: [String]?
        var surveyIntervalWeeks: Int? = nil
        var followUpWeeks: Int? = nil
        /// Days between reminders to accept an agreement / acknowledge an IDP (0 = none), hours
        /// before a meeting that attendees are reminded (0 = none).
        var acceptanceReminderDays: Int? = nil
        var acknowledgementReminderDays: Int? = nil
        var meetingReminderHours: Int? = nil
        /// Months after an engagement ended that private notes are deleted / it is erased (0 = keep).
        var privateNotesRetentionMonths: Int? = nil
        var engagementRetentionMonths: Int? = nil
        /// Days after a cancellation that the coach may reopen it (0: never).
        var reopenGraceDays: Int? = nil
    }

    /// Validates and stores `input` over the current settings.
    /// - Throws: ``FormErrors`` naming each field at fault: thresholds 2...20, the comment threshold
    ///   not below the rating threshold, reminders every 1...30 days, 1...15 interview questions of at most 500 characters,
    ///   acceptance and acknowledgement reminders every 0...30 days, meeting reminders 0...168 hours before,
    ///   retention periods 1...120 months or 0 to keep (``RetentionPolicy/validated()``).
    ///   Records `settings_changed` in the audit trail with each changed setting (old → new), by `actor`.
    func update(_ input: Input, by actor: AuditActor, at now: Date) async throws -> PracticeSettings {
        let settings = try await PracticeSettings.current(on: db)
        let before = Self.values(settings)
        var errors = FormErrors()
        if let value = input.ratingThreshold {
            // 1 would show single raters' answers, which the confidentiality promise forbids.
            if (2...20).contains(value) { settings.ratingThreshold = value }
            else { errors.add("ratingThreshold", "The rating threshold must be a whole number from 2 to 20 (3 is recommended): a group of one would expose its rater.") }
        }
        if let value = input.commentThreshold {
            if (2...20).contains(value) { settings.commentThreshold = value }
            else { errors.add("commentThreshold", "The comment threshold must be a whole number from 2 to 20.") }
        }
        if errors.messages.isEmpty, settings.commentThreshold < settings.ratingThreshold {
            errors.add("commentThreshold", "The comment threshold may not be lower than the rating threshold (\(settings.ratingThreshold)).")
        }
        if let value = input.showManagerSeparately { settings.showManagerSeparately = value }
        if let value = input.reminderIntervalDays {
            if (1...30).contains(value) { settings.reminderIntervalDays = value }
            else { errors.add("reminderIntervalDays", "Reminders go out every 1 to 30 days.") }
        }
        if let questions = input.interviewQuestions {
            let kept = questions.compactMap(TextInput.optional)
            if kept.isEmpty || kept.count > 15 { errors.add("interviewQuestions", "Give between 1 and 15 interview questions.") }
            else if kept.contains(where: { $0.count > 500 }) { errors.add("interviewQuestions", "Each question must be at most 500 characters.") }
            else { settings.interviewQuestionsJSON = PracticeSettings.encode(kept) }
        }
        if let value = input.surveyIntervalWeeks {
            if (1...52).contains(value) { settings.surveyIntervalWeeksValue = value }
            else { errors.add("surveyIntervalWeeks", "Rounds are 1 to 52 weeks apart.") }
        }
        if let value = input.followUpWeeks {
            if (1...26).contains(value) { settings.followUpWeeksValue = value }
            else { errors.add("followUpWeeks", "The follow-up comes 1 to 26 weeks after the last session.") }
        }
        // 0 switches a reminder off; the upper bounds keep a typo from sending nothing for months.
        func schedule(_ value: Int?, _ range: ClosedRange<Int>, _ field: String, _ message: String, _ set: (Int) -> Void) {
            guard let value else { return }
            if range.contains(value) { set(value) } else { errors.add(field, message) }
        }
        schedule(input.acceptanceReminderDays, PracticeSettings.requestReminderDays, "acceptanceReminderDays", "Acceptance reminders go out every 1 to 30 days, or 0 for none.") {
            settings.acceptanceReminderDaysValue = $0
        }
        schedule(input.acknowledgementReminderDays, PracticeSettings.requestReminderDays, "acknowledgementReminderDays", "Acknowledgement reminders go out every 1 to 30 days, or 0 for none.") {
            settings.acknowledgementReminderDaysValue = $0
        }
        schedule(input.meetingReminderHours, 0...168, "meetingReminderHours", "Meeting reminders go out 1 to 168 hours (a week) before, or 0 for none.") {
            settings.meetingReminderHoursValue = $0
        }
        schedule(input.reopenGraceDays, 0...EngagementStatus.maxReopenGraceDays, "reopenGraceDays",
                 "A cancelled engagement can be reopened within 0 (never) to \(EngagementStatus.maxReopenGraceDays) days.") {
            settings.reopenGraceDaysValue = $0
        }
        if input.privateNotesRetentionMonths != nil || input.engagementRetentionMonths != nil {
            var policy = settings.retention
            if let months = input.privateNotesRetentionMonths { policy.privateNotesMonths = months == 0 ? nil : months }
            if let months = input.engagementRetentionMonths { policy.engagementMonths = months == 0 ? nil : months }
            // Each period on its own first, so two bad fields are both named; then the two together.
            for (field, months) in [("privateNotesRetentionMonths", policy.privateNotesMonths), ("engagementRetentionMonths", policy.engagementMonths)] {
                if let months, !RetentionPolicy.allowedMonths.contains(months) {
                    errors.add(field, "Choose between \(RetentionPolicy.allowedMonths.lowerBound) and \(RetentionPolicy.allowedMonths.upperBound) months, or leave it empty to keep.")
                }
            }
            if errors.messages["privateNotesRetentionMonths"] == nil && errors.messages["engagementRetentionMonths"] == nil { do {
                let valid = try policy.validated()
                settings.privateNotesRetentionMonths = valid.privateNotesMonths
                settings.engagementRetentionMonths = valid.engagementMonths
            } catch let error as DomainError {
                errors.add(error.field == "privateNotesMonths" ? "privateNotesRetentionMonths" : "engagementRetentionMonths", error.message)
            } }
        }
        try errors.throwIfAny()
        let changes = Self.values(settings).sorted(by: { $0.key < $1.key }).compactMap { key, value -> String? in
            guard before[key] != value else { return nil }
            // Questions are long: their change is named, not quoted.
            return key.hasSuffix("JSON") ? "\(key.dropLast(4)) changed" : "\(key) \(before[key] ?? "–") → \(value)"
        }
        guard !changes.isEmpty else { return settings }
        try await db.writeTransaction { tx in
            try await settings.save(on: tx)
            try await AuditTrail.append(.init(actor, action: "settings_changed",
                                              detail: "Practice settings changed: \(changes.joined(separator: "; ")).", at: now), on: tx)
        }
        return settings
    }

    /// Each stored setting as text, by property name (from the model's `Codable` form).
    private static func values(_ settings: PracticeSettings) -> [String: String] {
        guard let data = try? JSONEncoder().encode(settings),
              let object = try? JSONDecoder().decode([String: SettingText].self, from: data) else { return [:] }
        // Optional settings are stored as `…Value` (NULL: the default); the trail names the setting.
        return Dictionary(object.filter { $0.key != "id" && $0.key != "updatedAt" }
            .map { ($0.key.hasSuffix("Value") ? String($0.key.dropLast(5)) : $0.key, $0.value.text) }, uniquingKeysWith: { first, _ in first })
    }

    /// A JSON value as a person reads it: `true`/`false` stay words (JSONSerialization turns them
    /// into 1 and 0 on Linux), numbers and strings as they are, `null` as "–".
    private struct SettingText: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() { text = "–" }
            else if let flag = try? value.decode(Bool.self) { text = flag ? "true" : "false" }
            else if let number = try? value.decode(Int.self) { text = String(number) }
            else if let string = try? value.decode(String.self) { text = string }
            else { text = "…" }
        }
    }
}
