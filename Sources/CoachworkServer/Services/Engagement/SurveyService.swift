import Vapor
import Fluent
import CoachworkCore

/// Progress mini-surveys: rounds to the stakeholders on the target competencies.
struct SurveyService {
    let req: Request

    /// Sends round n+1 to every nominated stakeholder, closing `closesInDays` days from now.
    /// - Throws: 409 outside achievement, without target competencies, or with a round open.
    func start(_ scope: EngagementScope, closesInDays: Int?) async throws -> SurveyRound {
        try scope.authorize(.create, .aggregateResults)
        try scope.check(.runSurvey)
        let days = closesInDays ?? 14
        guard (1...60).contains(days) else { throw DomainError.invalid("closesInDays", "A round stays open 1 to 60 days.") }
        let targets = try await TargetCompetency.query(on: req.db).filter(\.$engagement.$id == scope.id).sort(\.$position).all(\.$competency.$id)
        guard !targets.isEmpty else {
            throw DomainError(.conflict, code: "no_target_competencies", message: "Choose target competencies before surveying progress.")
        }
        guard try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$closedAt == nil).count() == 0 else {
            throw DomainError(.conflict, code: "survey_round_open", message: "Close the open mini-survey round first.")
        }
        let stakeholders = try await StakeholderService.active(scope.id, on: req.db)
        let number = (try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).max(\.$number) ?? 0) + 1
        let engagement = scope.engagement
        try await engagement.$client.load(on: req.db)
        let round = SurveyRound()
        round.$engagement.id = scope.id
        round.number = number
        round.competencyIDs = targets.map(\.uuidString).joined(separator: ",")
        round.openedAt = req.now
        round.closesAt = req.now.addingTimeInterval(TimeInterval(days * 86_400))
        try await req.db.transaction { db in
            try await round.create(on: db)
            for stakeholder in stakeholders {
                let invitation = SurveyInvitation()
                invitation.$round.id = try round.requireID()
                invitation.$stakeholder.id = try stakeholder.requireID()
                try await invitation.create(on: db)
                try await FormLinks.send(
                    req, purpose: .surveyResponse, subjectID: try invitation.requireID(),
                    to: MailAddress(name: stakeholder.name, email: stakeholder.email), zone: stakeholder.timeZone,
                    mailPurpose: "survey_invitation", key: "\(round.id!):\(stakeholder.id!)",
                    subject: "How has \(engagement.client.name) changed? (2 minutes)",
                    intro: "\(engagement.client.name) is working on a few leadership goals. For each, tell us whether you have seen them become more or less effective, from -3 to +3. Answers are only shown combined with at least two others.",
                    requestNewFromCoach: true, on: db)
            }
            try await scope.audit("survey_started", "Mini-survey round \(number) sent to \(stakeholders.count) stakeholders.", on: db)
        }
        return round
    }

    /// Closes a round.
    func close(_ scope: EngagementScope, roundID: UUID?) async throws -> SurveyRound {
        try scope.authorize(.update, .aggregateResults)
        let round = try await find(scope, roundID)
        guard round.closedAt == nil else { throw DomainError(.conflict, code: "survey_round_closed", message: "This round is already closed.") }
        round.closedAt = req.now
        try await req.db.transaction { db in
            try await round.save(on: db)
            try await scope.audit("survey_closed", "Mini-survey round \(round.number) closed.", on: db)
        }
        return round
    }

    /// A round of this engagement, or 404.
    func find(_ scope: EngagementScope, _ id: UUID?) async throws -> SurveyRound {
        guard let id, let round = try await SurveyRound.query(on: req.db).filter(\.$id == id)
                .filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "survey_round_not_found", message: "There is no such survey round in this engagement.")
        }
        return round
    }

    /// Comments and suggestions per competency id, unattributed and sorted alphabetically;
    /// empty unless at least the threshold of stakeholders answered the round.
    static func comments(_ round: SurveyRound, on db: any Database) async throws -> [String: [String]] {
        let submitted = try await SurveyInvitation.query(on: db).filter(\.$round.$id == round.requireID())
            .filter(\.$submittedAt != nil).all(\.$id)
        // Surveys do not pin their rules yet (issue 5): the practice's current thresholds apply.
        let rules = try await PracticeSettings.current(on: db).rules
        guard submitted.count >= max(rules.commentThreshold, rules.ratingThreshold) else { return [:] }
        var result: [String: [String]] = [:]
        for answer in try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ submitted).all() {
            result[answer.competencyID.uuidString, default: []] += [answer.comment, answer.suggestion.map { "Suggestion: \($0)" }].compactMap { $0 }
        }
        return result.mapValues { $0.sorted() }
    }

    /// Aggregated results of a round under the anonymity threshold.
    static func results(_ round: SurveyRound, on db: any Database) async throws -> [ProgressItemResult] {
        let invitations = try await SurveyInvitation.query(on: db).filter(\.$round.$id == round.requireID()).all()
        let submitted = invitations.filter { $0.submittedAt != nil }.map { $0.id! }
        let answers = submitted.isEmpty ? [] : try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ submitted).all()
        return ProgressSurveyResults.aggregate(
            answers.map { ProgressAnswer(respondentID: $0.$invitation.id.uuidString, competencyID: $0.competencyID.uuidString, change: $0.change) },
            competencyIDs: round.competencyIDList.map(\.uuidString), invited: invitations.count,
            threshold: try await PracticeSettings.current(on: db).ratingThreshold)
    }
}
