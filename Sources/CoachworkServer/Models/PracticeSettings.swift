import Fluent
import Vapor
import CoachworkCore

/// The practice's settings: one row, created with the defaults on first save.
///
/// Thresholds apply to assessments started afterwards; a running or closed assessment keeps
/// the rules it started with, so changing a setting never changes results already read.
final class PracticeSettings: Model, @unchecked Sendable {
    static let schema = "practice_settings"

    @ID(key: .id) var id: UUID?
    /// Smallest rater group whose ratings are shown (DOMAIN.md default 3).
    @Field(key: "rating_threshold") var ratingThreshold: Int
    /// Smallest number of comments shown for one question; never below the rating threshold.
    @Field(key: "comment_threshold") var commentThreshold: Int
    /// Whether the manager's ratings get a column of their own (else merged into "others").
    @Field(key: "show_manager_separately") var showManagerSeparately: Bool
    /// Days between reminders to raters and respondents who have not answered yet.
    @Field(key: "reminder_interval_days") var reminderIntervalDays: Int
    /// JSON array of the stakeholder interview questions.
    @Field(key: "interview_questions_json") var interviewQuestionsJSON: String
    /// Weeks between planned mini-survey rounds (NULL: 12, about three months).
    @OptionalField(key: "survey_interval_weeks") var surveyIntervalWeeksValue: Int?
    /// Weeks after the last coaching session that the follow-up session is proposed (NULL: 6).
    @OptionalField(key: "follow_up_weeks") var followUpWeeksValue: Int?
    /// Days between reminders to accept a proposed coaching agreement (NULL: 3; 0: none).
    @OptionalField(key: "acceptance_reminder_days") var acceptanceReminderDaysValue: Int?
    /// Days between reminders to acknowledge a shared IDP (NULL: 3; 0: none).
    @OptionalField(key: "acknowledgement_reminder_days") var acknowledgementReminderDaysValue: Int?
    /// Hours before a meeting that its attendees are reminded (NULL: 24; 0: none).
    @OptionalField(key: "meeting_reminder_hours") var meetingReminderHoursValue: Int?
    /// Months after an engagement ended that its private notes are deleted (NULL: kept; migration 016).
    @OptionalField(key: "private_notes_retention_months") var privateNotesRetentionMonths: Int?
    /// Months after an engagement ended that it is erased (NULL: kept; migration 016).
    @OptionalField(key: "engagement_retention_months") var engagementRetentionMonths: Int?
    /// Days after a cancellation that the coach may reopen the engagement (NULL or 0: never; migration 016).
    @OptionalField(key: "reopen_grace_days") var reopenGraceDaysValue: Int?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    var reopenGraceDays: Int { reopenGraceDaysValue ?? 0 }

    /// The retention periods as the core's rule.
    var retention: RetentionPolicy {
        RetentionPolicy(privateNotesMonths: privateNotesRetentionMonths, engagementMonths: engagementRetentionMonths)
    }

    var acceptanceReminderDays: Int { acceptanceReminderDaysValue ?? 3 }
    var acknowledgementReminderDays: Int { acknowledgementReminderDaysValue ?? 3 }
    var meetingReminderHours: Int { meetingReminderHoursValue ?? 24 }
    /// Reminders sent at most per acceptance or acknowledgement asked for.
    static let reminderLimit = 3
    /// The days allowed between acceptance or acknowledgement reminders (0: none).
    static let requestReminderDays = 0...30
    var surveyIntervalWeeks: Int { surveyIntervalWeeksValue ?? 12 }
    var followUpWeeks: Int { followUpWeeksValue ?? 6 }

    init() {}

    /// The rules results are computed under.
    var rules: AnonymityRules {
        AnonymityRules(ratingThreshold: ratingThreshold, commentThreshold: commentThreshold,
                       showManagerSeparately: showManagerSeparately)
    }

    var interviewQuestions: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(interviewQuestionsJSON.utf8))) ?? Self.defaultInterviewQuestions
    }

    /// A new, unsaved row holding the defaults.
    static func defaults() -> PracticeSettings {
        let settings = PracticeSettings()
        settings.ratingThreshold = 3
        settings.commentThreshold = 3
        settings.showManagerSeparately = false
        settings.reminderIntervalDays = 3
        settings.interviewQuestionsJSON = encode(defaultInterviewQuestions)
        return settings
    }

    static func encode(_ questions: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(questions)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The practice's settings, or the defaults when none were saved.
    static func current(on db: any Database) async throws -> PracticeSettings {
        try await PracticeSettings.query(on: db).first() ?? .defaults()
    }

    /// The default question set of a stakeholder interview in executive coaching: strengths,
    /// development areas, impact and the change that would matter most.
    static let defaultInterviewQuestions = [
        "What does the client do well? What strengths should they keep using?",
        "What could the client do differently to be more effective?",
        "How does the client's behaviour affect you and your team?",
        "If the client changed one thing in the next six months, what would make the biggest difference?",
        "How could you support the client in that change?",
    ]
}
