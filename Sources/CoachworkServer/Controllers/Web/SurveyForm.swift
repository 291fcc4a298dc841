import Vapor
import Fluent
import CoachworkCore

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
        try Engagement.refuseResponsesWhilePaused(engagement)
        let client = try await engagement.$client.get(on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: try await Competency.query(on: req.db)
            .filter(\.$id ~~ round.competencyIDList).all().map { ($0.id!, $0) })
        return SurveyForm(invitation: invitation, round: round,
                          competencies: round.competencyIDList.compactMap { byID[$0] }, clientName: client.name)
    }

    /// The email the survey was sent to (its stakeholder's).
    func raterEmail(_ req: Request) async throws -> String {
        try await invitation.$stakeholder.get(on: req.db).email
    }

    /// The value of the "can't say / no chance to observe" option of `change_<id>`, as in the 360 questionnaire.
    static let cantSay = "na"

    /// Reads `change_<id>` (-3...3, or `na` for "can't say"), `comment_<id>` and `suggestion_<id>`.
    /// - Throws: ``FormErrors`` naming `change_<id>` when something else was posted (e.g. `1.5`): never read as
    ///   "not answered" or as 0.
    func submit(_ req: Request, link: PersonalLink) async throws {
        var answers: [UUID: ResponseService.ProgressInput] = [:]
        var errors = FormErrors()
        for competency in competencies {
            let id = competency.id!
            let raw = (req.formField("change_\(id)") ?? "").trimmingCharacters(in: .whitespaces)
            var input = ResponseService.ProgressInput(comment: req.formField("comment_\(id)"),
                                                      suggestion: req.formField("suggestion_\(id)"))
            if raw == Self.cantSay { input.cantSay = true }
            else if let value = Int(raw) { input.change = value }
            else if !raw.isEmpty { errors.add("change_\(id)", "Choose a value from -3 to +3, or \"can't say\".") }
            answers[id] = input
        }
        try errors.throwIfAny()
        try await ResponseService(req: req).submitSurvey(link: link, invitation: invitation, round: round, answers: answers,
                                                         followUp: req.formField("followUp"))
    }
}
