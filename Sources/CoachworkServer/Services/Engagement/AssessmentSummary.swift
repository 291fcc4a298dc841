import Vapor
import CoachworkCore

/// The released comments to one open question.
struct QuestionComments: Sendable {
    var question: String
    var outcome: CommentRelease.Outcome

    /// The comments shown (empty when withheld).
    var shown: [String] {
        if case .shown(let comments) = outcome { return comments }
        return []
    }
}

/// What any reader of 360 results may see: aggregates only.
struct AssessmentSummary: Sendable {
    /// The summary as `scope`'s reader may see it: the self-rating only for those the
    /// access policy lets see it (coach and client).
    func visible(to scope: EngagementScope) -> AssessmentSummary {
        guard !scope.can(.view, .selfRating) else { return self }
        var copy = self
        copy.results = results.map { var r = $0; r.selfScore = nil; return r }
        copy.selfSubmitted = false
        copy.selfAnswers = []
        return copy
    }

    var results: [CompetencyResult]
    /// Competency id -> name.
    var names: [String: String]
    /// Item id -> behaviour statement (competencies rated as a whole have none).
    var itemTexts: [String: String]
    /// Stakeholders (not self) who responded.
    var respondents: Int
    var selfSubmitted: Bool
    /// The open questions with their released comments.
    var questions: [QuestionComments]
    var rules: AnonymityRules
    /// The client's own answers to the open questions (labelled; coach and client only, like the self-rating).
    var selfAnswers: [String] = []
    var threshold: Int { rules.ratingThreshold }
    /// Every comment shown, question by question.
    var comments: [String] { questions.flatMap(\.shown) }
}
