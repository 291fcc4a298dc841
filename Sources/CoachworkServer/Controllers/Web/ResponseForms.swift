import Vapor
import Fluent
import CoachworkCore

/// What a 360 questionnaire page needs, loaded from its personal link.
struct AssessmentForm {
    let rater: AssessmentRater
    let assessment: Assessment
    let competencies: [Competency]
    let clientName: String
    var isSelf: Bool { rater.group == RaterGroup.self_.rawValue }

    static func load(_ link: PersonalLink, _ req: Request) async throws -> AssessmentForm {
        guard let id = link.subjectID, let rater = try await AssessmentRater.find(id, on: req.db),
              let assessment = try await Assessment.find(rater.$assessment.id, on: req.db),
              let engagement = try await Engagement.find(assessment.$engagement.id, on: req.db) else {
            throw DomainError(.notFound, code: "link_unknown", message: "This questionnaire no longer exists.")
        }
        let client = try await engagement.$client.get(on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: try await Competency.query(on: req.db)
            .filter(\.$id ~~ assessment.competencyIDList).all().map { ($0.id!, $0) })
        return AssessmentForm(rater: rater, assessment: assessment,
                              competencies: assessment.competencyIDList.compactMap { byID[$0] }, clientName: client.name)
    }

    /// Reads `score_<competency id>` (1-5 or `na`) and `openAnswer` from the posted form.
    func submit(_ req: Request, link: PersonalLink) async throws {
        var scores: ResponseService.Scores = [:]
        for competency in competencies {
            let raw = (try? req.content.get(String.self, at: "score_\(competency.id!)")) ?? ""
            if raw == "na" { scores[competency.id!] = .some(nil) }
            else if let value = Int(raw) { scores[competency.id!] = .some(value) }
        }
        let answer = try? req.content.get(String.self, at: "openAnswer")
        try await ResponseService(req: req).submitAssessment(link: link, rater: rater, assessment: assessment, scores: scores, openAnswer: answer)
    }
}

/// What a mini-survey page needs, loaded from its personal link.
struct SurveyForm {
    let invitation: SurveyInvitation
    let round: SurveyRound
    let competencies: [Competency]
    let clientName: String

    static func load(_ link: PersonalLink, _ req: Request) async throws -> SurveyForm {
        guard let id = link.subjectID, let invitation = try await SurveyInvitation.find(id, on: req.db),
              let round = try await SurveyRound.find(invitation.$round.id, on: req.db),
              let engagement = try await Engagement.find(round.$engagement.id, on: req.db) else {
            throw DomainError(.notFound, code: "link_unknown", message: "This survey no longer exists.")
        }
        let client = try await engagement.$client.get(on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: try await Competency.query(on: req.db)
            .filter(\.$id ~~ round.competencyIDList).all().map { ($0.id!, $0) })
        return SurveyForm(invitation: invitation, round: round,
                          competencies: round.competencyIDList.compactMap { byID[$0] }, clientName: client.name)
    }

    /// Reads `change_<id>` (-3...3), `comment_<id>` and `suggestion_<id>`.
    func submit(_ req: Request, link: PersonalLink) async throws {
        var answers: [UUID: ResponseService.ProgressInput] = [:]
        for competency in competencies {
            let id = competency.id!
            answers[id] = .init(
                change: (try? req.content.get(String.self, at: "change_\(id)")).flatMap { Int($0) },
                comment: try? req.content.get(String.self, at: "comment_\(id)"),
                suggestion: try? req.content.get(String.self, at: "suggestion_\(id)"))
        }
        try await ResponseService(req: req).submitSurvey(link: link, invitation: invitation, round: round, answers: answers)
    }
}
