import Vapor
import Fluent
import CoachworkCore

/// Stores answers submitted through personal form links: a 360 questionnaire or a
/// mini-survey. Each link and each rater submits once.
struct ResponseService {
    let req: Request

    /// One 360 answer: score 1...5, or nil for "can't say".
    typealias Scores = [UUID: Int?]

    /// Stores a 360 response and uses up the link, atomically.
    /// - Throws: ``FormErrors`` (a competency unanswered or out of range); 409 when the
    ///   assessment is closed or the rater already answered; 410 for a used link.
    func submitAssessment(link: PersonalLink, rater: AssessmentRater, assessment: Assessment, scores: Scores, openAnswer: String?) async throws {
        guard assessment.status == "open" else {
            throw DomainError(.conflict, code: "assessment_closed", message: "This questionnaire is closed; thank you all the same.")
        }
        guard rater.submittedAt == nil else {
            throw DomainError(.conflict, code: "already_submitted", message: "Your answers were already received. Thank you.")
        }
        var errors = FormErrors()
        for id in assessment.competencyIDList {
            guard let answer = scores[id] else { errors.add("score_\(id)", "Choose a rating or \"can't say\"."); continue }
            if let score = answer, !RatingScale.range.contains(score) { errors.add("score_\(id)", "Ratings go from 1 to 5.") }
        }
        let comment = TextInput.optional(openAnswer)
        if (comment?.count ?? 0) > 4000 { errors.add("openAnswer", "Please keep the answer under 4000 characters.") }
        try errors.throwIfAny()
        try await req.db.transaction { db in
            try await PersonalLinkService(req: req).consume(link, on: db)
            for id in assessment.competencyIDList {
                let rating = AssessmentRating()
                rating.$rater.id = try rater.requireID()
                rating.competencyID = id
                rating.score = scores[id] ?? nil
                try await rating.create(on: db)
            }
            rater.openAnswer = comment
            rater.submittedAt = req.now
            try await rater.save(on: db)
        }
    }

    /// One mini-survey answer as typed.
    struct ProgressInput: Sendable {
        var change: Int?
        var comment: String?
        var suggestion: String?
    }

    /// Stores a mini-survey response and uses up the link, atomically.
    func submitSurvey(link: PersonalLink, invitation: SurveyInvitation, round: SurveyRound, answers: [UUID: ProgressInput]) async throws {
        guard round.closedAt == nil else {
            throw DomainError(.conflict, code: "survey_round_closed", message: "This survey is closed; thank you all the same.")
        }
        guard invitation.submittedAt == nil else {
            throw DomainError(.conflict, code: "already_submitted", message: "Your answers were already received. Thank you.")
        }
        var errors = FormErrors()
        for id in round.competencyIDList {
            guard let change = answers[id]?.change else { errors.add("change_\(id)", "Choose a value from -3 to +3."); continue }
            if !ProgressScale.range.contains(change) { errors.add("change_\(id)", "Values go from -3 to +3.") }
        }
        try errors.throwIfAny()
        try await req.db.transaction { db in
            try await PersonalLinkService(req: req).consume(link, on: db)
            for id in round.competencyIDList {
                let input = answers[id]!
                let answer = SurveyAnswer()
                answer.$invitation.id = try invitation.requireID()
                answer.competencyID = id
                answer.change = input.change!
                answer.comment = TextInput.optional(input.comment).map { String($0.prefix(4000)) }
                answer.suggestion = TextInput.optional(input.suggestion).map { String($0.prefix(4000)) }
                try await answer.create(on: db)
            }
            invitation.submittedAt = req.now
            try await invitation.save(on: db)
        }
    }
}
