import Fluent
import Vapor

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

    init() {}

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

    init() {}
}

/// One rating: score 1...5, or nil for "can't say".
final class AssessmentRating: Model, @unchecked Sendable {
    static let schema = "assessment_ratings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "rater_id") var rater: AssessmentRater
    @Field(key: "competency_id") var competencyID: UUID
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
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

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
