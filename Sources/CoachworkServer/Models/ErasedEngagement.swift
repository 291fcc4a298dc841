import Fluent
import Vapor

/// What stays of an erased engagement: the practice's anonymous aggregates (migration 016).
///
/// No person, text or single answer: counts, the phase reached, when it ran, the target
/// competencies' ids and, per mini-survey round and competency, the number of answers and their
/// mean change where that number reached the round's rating threshold.
final class ErasedEngagement: Model, @unchecked Sendable {
    static let schema = "erased_engagements"

    /// One mean of a mini-survey round: `n` scored answers (can't-say excluded) on -3...+3.
    struct SurveyMean: Codable, Sendable, Equatable {
        var round: Int
        var competencyID: UUID
        var n: Int
        var mean: Double
    }

    @ID(key: .id) var id: UUID?
    /// The coach who ran it (an account of the practice, not a client's datum).
    @OptionalField(key: "coach_id") var coachID: UUID?
    @Field(key: "phase_reached") var phaseReached: String
    @Field(key: "status") var status: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @Field(key: "erased_at") var erasedAt: Date
    @OptionalField(key: "planned_sessions") var plannedSessions: Int?
    @Field(key: "sessions_held") var sessionsHeld: Int
    @Field(key: "stakeholders") var stakeholders: Int
    @Field(key: "raters_invited") var ratersInvited: Int
    @Field(key: "raters_answered") var ratersAnswered: Int
    @Field(key: "survey_rounds") var surveyRounds: Int
    @Field(key: "survey_invited") var surveyInvited: Int
    @Field(key: "survey_answered") var surveyAnswered: Int
    /// JSON array of competency ids.
    @Field(key: "target_competency_ids") var targetCompetencyIDs: String
    /// JSON array of ``SurveyMean``.
    @Field(key: "survey_means_json") var surveyMeansJSON: String

    init() {}
}
