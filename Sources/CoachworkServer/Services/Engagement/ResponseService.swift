import Vapor
import Fluent
import CoachworkCore

/// Stores answers submitted through personal form links: a 360 questionnaire or a
/// mini-survey. Each link and each rater submits once.
struct ResponseService {
    let req: Request

    /// Saves a 360 response as a draft (the link stays usable) or submits it (the link is used up),
    /// atomically. A draft may be incomplete; a submission needs every item answered.
    ///
    /// - Parameters:
    ///   - scores: item key (``RatedItem/key``) -> score 1...5, or `nil` for "can't say"; missing = unanswered.
    ///   - answers: one per open question of the assessment, in order (blank allowed).
    /// - Throws: ``FormErrors`` naming each unanswered or out-of-range item (`score_<key>`) and over-long
    ///   answers (`answer_<n>`); 409 when the assessment is closed or the rater already submitted; 410 for a used link.
    func respond(link: PersonalLink, form: AssessmentForm, scores: [String: Int?], answers: [String], submit: Bool) async throws {
        let rater = form.rater
        guard form.assessment.status == "open" else {
            throw DomainError(.conflict, code: "assessment_closed", message: "This questionnaire is closed; thank you all the same.")
        }
        guard rater.submittedAt == nil else {
            throw DomainError(.conflict, code: "already_submitted", message: "Your answers were already received. Thank you.")
        }
        var errors = FormErrors()
        let items = form.competencies.flatMap(\.items)
        for (index, item) in items.enumerated() {
            let field = AssessmentForm.scoreField(item)
            guard let answer = scores[item.key] else {
                // Named, so the list at the top of a long form says which items are left.
                let words = item.text.count > 70 ? String(item.text.prefix(67)) + "…" : item.text
                if submit { errors.add(field, "Item \(index + 1) of \(items.count), “\(words)”: choose a rating or “can't say”.") }
                continue
            }
            if let score = answer, !RatingScale.range.contains(score) { errors.add(field, "Ratings go from 1 to 5.") }
        }
        let kept = answers.map { TextInput.optional($0) ?? "" }
        for (index, answer) in kept.enumerated() where answer.count > 4000 {
            errors.add("answer_\(index)", "Please keep the answer under 4000 characters.")
        }
        try errors.throwIfAny()
        let raterID = try rater.requireID()
        try await req.db.writeTransaction { db in
            if submit { try await PersonalLinkService(req: req).consume(link, on: db) }
            try await req.countDeferredHits(on: db, forget: false)
            // A draft is replaced as a whole: the rows always mirror the latest save.
            try await AssessmentRating.query(on: db).filter(\.$rater.$id == raterID).delete()
            // One INSERT of every row: a constant number of statements whatever the item count.
            let ratings = items.compactMap { item -> AssessmentRating? in
                guard let answer = scores[item.key] else { return nil }
                let rating = AssessmentRating()
                rating.$rater.id = raterID
                rating.competencyID = item.competencyID
                rating.itemID = item.itemID
                rating.score = answer
                return rating
            }
            if !ratings.isEmpty { try await ratings.create(on: db) }
            rater.answersJSON = String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)
            rater.openAnswer = kept.first.flatMap { $0.isEmpty ? nil : $0 }
            if submit { rater.submittedAt = req.now } else { rater.savedAt = req.now }
            try await rater.save(on: db)
        }
        req.forgetDeferredHits()
    }

    /// One mini-survey answer as typed: a change -3...3, or "can't say" (then `change` is ignored); neither is
    /// "not answered".
    struct ProgressInput: Sendable {
        var change: Int? = nil
        /// "Can't say / no chance to observe": stored as such, never as a change of 0.
        var cantSay: Bool = false
        var comment: String?
        var suggestion: String?
    }

    /// Stores a mini-survey response and uses up the link, atomically. Every item needs a change -3...3 or
    /// "can't say" (`change_<id>` names a missing or out-of-range one).
    /// - Parameter followUp: how often the client followed up with this stakeholder (``FollowUpFrequency`` code); required.
    func submitSurvey(link: PersonalLink, invitation: SurveyInvitation, round: SurveyRound, answers: [UUID: ProgressInput],
                      followUp: String? = nil) async throws {
        guard round.closedAt == nil else {
            throw DomainError(.conflict, code: "survey_round_closed", message: "This survey is closed; thank you all the same.")
        }
        guard invitation.submittedAt == nil else {
            throw DomainError(.conflict, code: "already_submitted", message: "Your answers were already received. Thank you.")
        }
        var errors = FormErrors()
        for id in round.competencyIDList {
            if answers[id]?.cantSay == true { continue }
            guard let change = answers[id]?.change else {
                errors.add("change_\(id)", "Choose a value from -3 to +3, or \"can't say\"."); continue
            }
            if !ProgressScale.range.contains(change) { errors.add("change_\(id)", "Values go from -3 to +3.") }
        }
        let frequency = followUp.flatMap(FollowUpFrequency.init(rawValue:))
        if frequency == nil { errors.add("followUp", "Say how often the client followed up with you.") }
        try errors.throwIfAny()
        try await req.db.writeTransaction { db in
            try await PersonalLinkService(req: req).consume(link, on: db)
            try await req.countDeferredHits(on: db, forget: false)
            let invitationID = try invitation.requireID()
            let rows = round.competencyIDList.map { id in
                let input = answers[id]!
                let answer = SurveyAnswer()
                answer.$invitation.id = invitationID
                answer.competencyID = id
                answer.change = input.cantSay ? nil : input.change!
                answer.comment = TextInput.optional(input.comment).map { String($0.prefix(4000)) }
                answer.suggestion = TextInput.optional(input.suggestion).map { String($0.prefix(4000)) }
                return answer
            }
            if !rows.isEmpty { try await rows.create(on: db) }
            invitation.submittedAt = req.now
            invitation.followUpFrequency = frequency?.rawValue
            try await invitation.save(on: db)
        }
        req.forgetDeferredHits()
    }
}
