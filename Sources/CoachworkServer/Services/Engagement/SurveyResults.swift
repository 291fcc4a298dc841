import Vapor
import Fluent
import CoachworkCore

/// What any reader of one mini-survey round may see: aggregates only.
struct SurveyRoundSummary: Sendable {
    var items: [ProgressItemStatistics]
    /// Per competency id: the comments and suggestions released by ``CommentRelease``.
    var comments: [String: [String]]
    var respondents: Int
    var invited: Int
    var rules: AnonymityRules
}

/// Results of mini-survey rounds: per round, the trend across rounds, and the relation between
/// the client's follow-up and perceived improvement. Raw answers never leave these functions.
enum SurveyResults {
    /// The rules a round was opened with (the practice's current ones for rounds from before rounds pinned them).
    static func rules(_ round: SurveyRound, on db: any Database) async throws -> AnonymityRules {
        if let rating = round.ratingThreshold {
            return AnonymityRules(ratingThreshold: rating, commentThreshold: round.commentThreshold ?? rating)
        }
        return try await PracticeSettings.current(on: db).rules
    }

    /// The submitted invitations of a round with their answers.
    private static func submitted(_ round: SurveyRound, on db: any Database) async throws
        -> (invited: Int, invitations: [SurveyInvitation], answers: [SurveyAnswer]) {
        let invitations = try await SurveyInvitation.query(on: db).filter(\.$round.$id == round.requireID()).all()
        let done = invitations.filter { $0.submittedAt != nil }
        let answers = done.isEmpty ? [] : try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ done.map { $0.id! }).all()
        return (invitations.count, done, answers)
    }

    /// One round under its anonymity rules; comments (and suggestions, marked) per competency are
    /// released only when the round's respondents reach the comment threshold, shuffled per competency.
    static func round(_ round: SurveyRound, on db: any Database) async throws -> SurveyRoundSummary {
        let rules = try await rules(round, on: db)
        let (invited, done, answers) = try await submitted(round, on: db)
        var comments: [String: [String]] = [:]
        for id in round.competencyIDList {
            let written = answers.filter { $0.competencyID == id }
                .flatMap { [$0.comment, $0.suggestion.map { "Suggestion: \($0)" }].compactMap { $0 } }
            if case .shown(let shown) = CommentRelease.release(written, questionKey: "\(round.id!):\(id)", rules: rules,
                                                                 respondents: done.count) {
                comments[id.uuidString] = shown
            }
        }
        return SurveyRoundSummary(items: statistics(round, invited: invited, answers: answers, rules: rules),
                                  comments: comments, respondents: done.count, invited: invited, rules: rules)
    }

    /// Per target competency of `round`, the statistics of its answers under `rules`.
    private static func statistics(_ round: SurveyRound, invited: Int, answers: [SurveyAnswer], rules: AnonymityRules) -> [ProgressItemStatistics] {
        ProgressItemStatistics.aggregate(
            answers.map { ProgressAnswer(respondentID: $0.$invitation.id.uuidString, competencyID: $0.competencyID.uuidString, change: $0.change) },
            competencyIDs: round.competencyIDList.map(\.uuidString), invited: invited, rules: rules)
    }

    /// The engagement's progress over its closed rounds, each round read once: the trend (per
    /// competency the points and, between consecutive rounds, whether the respondents changed and
    /// whether the change may be shown) and perceived improvement by how often the client followed
    /// up (one point per respondent, round and competency; people counted once for the thresholds).
    static func progress(_ engagementID: UUID, on db: any Database) async throws -> (trend: ProgressTrend, followUp: FollowUpRelation) {
        let closed = try await SurveyRound.query(on: db).filter(\.$engagement.$id == engagementID).filter(\.$closedAt != nil)
            .sort(\.$number).all()
        var rounds: [ProgressTrend.Round] = []
        var points: [(respondentID: String, frequency: FollowUpFrequency, change: Int)] = []
        var rules = try await PracticeSettings.current(on: db).rules
        for round in closed {
            rules = try await self.rules(round, on: db)
            let (invited, done, answers) = try await submitted(round, on: db)
            rounds.append(.init(number: round.number, respondentIDs: Set(done.map { $0.$stakeholder.id.uuidString }),
                                items: statistics(round, invited: invited, answers: answers, rules: rules)))
            let byInvitation = Dictionary(uniqueKeysWithValues: done.map { ($0.id!, $0) })
            for answer in answers {
                guard let invitation = byInvitation[answer.$invitation.id],
                      let frequency = invitation.followUpFrequency.flatMap(FollowUpFrequency.init(rawValue:)) else { continue }
                points.append((invitation.$stakeholder.id.uuidString, frequency, answer.change))
            }
        }
        return (ProgressTrend.build(rounds: rounds, rules: rules), FollowUpRelation.analyse(answers: points, rules: rules))
    }
}
