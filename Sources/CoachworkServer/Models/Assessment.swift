import Fluent
import Vapor
import CoachworkCore

/// A 360-degree assessment of the client on chosen competencies.
final class Assessment: Model, @unchecked Sendable {
    static let schema = "assessments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    /// `open` or `closed`; closing freezes the results.
    @Field(key: "status") var status: String
    @Field(key: "open_question") var openQuestion: String
    /// Anonymity threshold in force for this assessment's results.
    @Field(key: "threshold") var threshold: Int
    /// Competency ids in the order asked, comma-separated (they belong to one pinned model version).
    @Field(key: "competency_ids") var competencyIDs: String
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// The competency model version the assessment pins (NULL for assessments before versioning).
    @OptionalField(key: "model_id") var modelID: UUID?
    @OptionalField(key: "comment_threshold") var commentThreshold: Int?
    @OptionalField(key: "show_manager_separately") var showManagerSeparately: Bool?
    /// JSON array of open questions; NULL means the single ``openQuestion``.
    @OptionalField(key: "questions_json") var questionsJSON: String?
    /// `YYYY-MM-DD` after which no reminders go out (the close itself stays the coach's act).
    @OptionalField(key: "closes_on") var closesOn: String?
    @OptionalField(key: "reminder_interval_days") var reminderIntervalDays: Int?
    // Sharing (009): the 360 report is the client's; sponsor and HR partner read what the client approved.
    /// The summary being written (by the coach or the client); nobody but they read it.
    @OptionalField(key: "summary_draft") var summaryDraft: String?
    /// `coach` or `client`: who last wrote the draft.
    @OptionalField(key: "summary_drafted_by") var summaryDraftedBy: String?
    /// The summary as the client approved it: what sponsor and HR partner read.
    @OptionalField(key: "summary_approved") var summaryApproved: String?
    @OptionalField(key: "summary_approved_at") var summaryApprovedAt: Date?
    /// The client also shares the competency-level "all others" figures (never items, distributions or comments).
    @OptionalField(key: "figures_shared") var figuresShared: Bool?

    init() {}

    /// The anonymity rules this assessment started with.
    var rules: AnonymityRules {
        AnonymityRules(ratingThreshold: threshold, commentThreshold: commentThreshold ?? threshold,
                       showManagerSeparately: showManagerSeparately ?? false)
    }

    /// The open questions, in the order asked.
    var questions: [String] {
        questionsJSON.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [openQuestion]
    }

    var competencyIDList: [UUID] { competencyIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

/// One invited rater of an assessment: the client (group `self`) or a stakeholder.
/// Holds the raw answers, which only the aggregation ever reads.
final class AssessmentRater: Model, @unchecked Sendable {
    static let schema = "assessment_raters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assessment_id") var assessment: Assessment
    @OptionalParent(key: "stakeholder_id") var stakeholder: Stakeholder?
    /// Raw value of ``RaterGroup``.
    @Field(key: "rater_group") var group: String
    @OptionalField(key: "open_answer") var openAnswer: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    /// JSON array of answers, one per open question ("" when left blank).
    @OptionalField(key: "answers_json") var answersJSON: String?
    /// When a draft was last saved (responses count only once submitted).
    @OptionalField(key: "saved_at") var savedAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "reminders_sent") var remindersSent: Int?

    init() {}

    /// The open answers, aligned with the assessment's questions.
    var answers: [String] {
        answersJSON.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [openAnswer ?? ""]
    }
}

/// One rating: score 1...5, or nil for "can't say".
final class AssessmentRating: Model, @unchecked Sendable {
    static let schema = "assessment_ratings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "rater_id") var rater: AssessmentRater
    @Field(key: "competency_id") var competencyID: UUID
    /// The behaviour item rated (NULL when the competency itself was rated, before items existed).
    @OptionalField(key: "item_id") var itemID: UUID?
    @OptionalField(key: "score") var score: Int?

    init() {}
}

/// Raw notes of a stakeholder interview: the coach's alone.
final class Interview: Model, @unchecked Sendable {
    static let schema = "interviews"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @OptionalParent(key: "stakeholder_id") var stakeholder: Stakeholder?
    @Field(key: "held_on") var heldOn: String
    @Field(key: "notes") var notes: String
    /// JSON array of ``InterviewAnswer``: the notes per question of the practice's question set.
    @OptionalField(key: "answers_json") var answersJSON: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$interview) var themes: [InterviewTheme]

    init() {}

    var answers: [InterviewAnswer] {
        answersJSON.flatMap { try? JSONDecoder().decode([InterviewAnswer].self, from: Data($0.utf8)) } ?? []
    }
}

/// The coach's notes for one interview question.
struct InterviewAnswer: Codable, Sendable, Equatable {
    var question: String
    var notes: String
}

/// A theme the coach coded in an interview: a strength or a development area, optionally
/// linked to a competency. Only counts across interviews ever leave the coach's view.
final class InterviewTheme: Model, @unchecked Sendable {
    static let schema = "interview_themes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "interview_id") var interview: Interview
    @Field(key: "engagement_id") var engagementID: UUID
    @Field(key: "label") var label: String
    /// `strength` or `development`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "competency_id") var competencyID: UUID?

    init() {}
}

/// A competency the client will work on, with the coach's rationale.
final class TargetCompetency: Model, @unchecked Sendable {
    static let schema = "target_competencies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Parent(key: "competency_id") var competency: Competency
    @Field(key: "rationale") var rationale: String
    @Field(key: "position") var position: Int

    init() {}
}
