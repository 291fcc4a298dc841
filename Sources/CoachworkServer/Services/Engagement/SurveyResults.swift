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
        if let pinned = pinnedRules(round) { return pinned }
        return try await PracticeSettings.current(on: db).rules
    }

    /// The rules `round` was opened with, or nil for rounds from before rounds pinned them (then the practice's apply).
    static func pinnedRules(_ round: SurveyRound) -> AnonymityRules? {
        round.ratingThreshold.map { AnonymityRules(ratingThreshold: $0, commentThreshold: round.commentThreshold ?? $0) }
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
        return summarize(round, invited: invited, submitted: done, answers: answers, rules: rules)
    }

    /// ``round(_:on:)`` from rows already loaded (the engagement export loads every round's rows at once):
    /// `invited` the round's invitations, `done` the submitted ones, `answers` theirs. No I/O.
    static func summarize(_ round: SurveyRound, invited: Int, submitted done: [SurveyInvitation], answers: [SurveyAnswer],
                          rules: AnonymityRules) -> SurveyRoundSummary {
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
    /// competency the points and, between consecutive rounds, whether the stakeholders who scored it changed
    /// and whether the change may be shown; ``ProgressTrend`` per competency) and perceived improvement by how often the client followed
    /// up (one point per respondent, round and competency; people counted once for the thresholds).
    static func progress(_ engagementID: UUID, on db: any Database) async throws -> (trend: ProgressTrend, followUp: FollowUpRelation) {
        let closed = try await SurveyRound.query(on: db).filter(\.$engagement.$id == engagementID).filter(\.$closedAt != nil)
            .sort(\.$number).all()
        // Per round: its items, and per item the stakeholders who scored it.
        var order: [String] = []
        var perRound: [(number: Int, items: [ProgressItemStatistics], scorers: [String: Set<String>])] = []
        var points: [(respondentID: String, frequency: FollowUpFrequency, change: Int)] = []
        var rules = try await PracticeSettings.current(on: db).rules
        for round in closed {
            rules = try await self.rules(round, on: db)
            let (invited, done, answers) = try await submitted(round, on: db)
            let byInvitation = Dictionary(uniqueKeysWithValues: done.map { ($0.id!, $0) })
            let items = statistics(round, invited: invited, answers: answers, rules: rules)
            var scorers: [String: Set<String>] = [:]
            for answer in answers where answer.change != nil {
                guard let invitation = byInvitation[answer.$invitation.id] else { continue }
                scorers[answer.competencyID.uuidString, default: []].insert(invitation.$stakeholder.id.uuidString)
            }
            for item in items where !order.contains(item.competencyID) { order.append(item.competencyID) }
            perRound.append((round.number, items, scorers))
            for answer in answers {
                // "Can't say" is no perceived change at all, so it is no point of the relation either.
                guard let change = answer.change, let invitation = byInvitation[answer.$invitation.id],
                      let frequency = invitation.followUpFrequency.flatMap(FollowUpFrequency.init(rawValue:)) else { continue }
                points.append((invitation.$stakeholder.id.uuidString, frequency, change))
            }
        }
        // One trend per competency over every round, its rater set being who scored that item, not who answered the
        // round: a "can't say" is no score, and judged on the round any "can't say" would withhold every change.
        let trend = ProgressTrend(items: order.flatMap { id in
            ProgressTrend.build(rounds: perRound.map { round in
                .init(number: round.number, respondentIDs: round.scorers[id] ?? [], items: round.items.filter { $0.competencyID == id })
            }, rules: rules).items
        })
        return (trend, FollowUpRelation.analyse(answers: points, rules: rules))
    }
}
