import Vapor
import Fluent
import CoachworkCore

/// What a 360 questionnaire page needs, loaded from its personal link.
struct AssessmentForm {
    let rater: AssessmentRater
    let assessment: Assessment
    let competencies: [AssessedCompetency]
    let clientName: String
    /// The rater's saved draft: item key -> "1"..."5" or "na", and the open answers.
    let draft: (scores: [String: String], answers: [String])
    var isSelf: Bool { rater.group == RaterGroup.self_.rawValue }

    /// - Parameter withDraft: load the rater's saved answers (to show the form); a submission replaces them unread.
    static func load(_ link: PersonalLink, _ req: Request, withDraft: Bool = true) async throws -> AssessmentForm {
        guard let id = link.subjectID, let rater = try await AssessmentRater.find(id, on: req.db),
              let assessment = try await Assessment.find(rater.$assessment.id, on: req.db),
              let engagement = try await Engagement.find(assessment.$engagement.id, on: req.db) else {
            throw DomainError(.notFound, code: "link_unknown", message: "This questionnaire no longer exists.")
        }
        try Engagement.refuseResponsesWhilePaused(engagement)
        let client = try await engagement.$client.get(on: req.db)
        let saved = withDraft ? try await AssessmentRating.query(on: req.db).filter(\.$rater.$id == id).all() : []
        var scores: [String: String] = [:]
        for rating in saved {
            scores[(rating.itemID ?? rating.competencyID).uuidString] = rating.score.map(String.init) ?? "na"
        }
        return AssessmentForm(rater: rater, assessment: assessment,
                              competencies: try await AssessmentItems.load(assessment.competencyIDList, on: req.db),
                              clientName: client.name, draft: (scores, rater.answersJSON == nil && rater.openAnswer == nil ? [] : rater.answers))
    }

    /// The email the questionnaire was sent to: its stakeholder's, or the client's for the self-rating.
    func raterEmail(_ req: Request) async throws -> String {
        if let stakeholder = try await rater.$stakeholder.get(on: req.db) { return stakeholder.email }
        let engagement = try await assessment.$engagement.get(on: req.db)
        return try await engagement.$client.get(on: req.db).email
    }

    /// The form field of an item's score.
    static func scoreField(_ item: RatedItem) -> String { "score_\(item.key)" }

    /// Reads `score_<item key>` (1-5 or `na`), `answer_<n>` and `intent` (`draft` or `submit`).
    /// - Returns: `true` when the response was submitted, `false` when a draft was saved.
    func submit(_ req: Request, link: PersonalLink) async throws -> Bool {
        var scores: [String: Int?] = [:]
        var errors = FormErrors()
        for item in competencies.flatMap(\.items) {
            let raw = req.formField(Self.scoreField(item)) ?? ""
            if raw == "na" { scores[item.key] = .some(nil) }
            else if let value = Int(raw) { scores[item.key] = .some(value) }
            // Anything else typed (3.5, 1e1) is refused, never read as "not answered": that would
            // erase the answer a saved draft holds.
            else if !raw.isEmpty { errors.add(Self.scoreField(item), "Ratings go from 1 to 5, or \"can't say\".") }
        }
        try errors.throwIfAny()
        let answers = assessment.questions.indices.map { req.formField("answer_\($0)") ?? "" }
        let isDraft = req.formField("intent") == "draft"
        try await ResponseService(req: req).respond(
            link: link, form: self, scores: scores, answers: answers, submit: !isDraft)
        return !isDraft
    }
}
