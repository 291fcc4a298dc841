import Vapor
import Fluent
import CoachworkCore

/// What the client shares of a 360 with sponsor and HR partner (DOMAIN.md: the 360 report belongs to
/// the client). The coach or the client writes a summary; only the client approves it, and chooses
/// whether the competency-level "all others" figures go with it. Sponsor and HR partner read the
/// approved text, never a draft.
struct AssessmentSharing {
    let req: Request

    /// `scope` with the share state of `assessment` in its access context, so the policy decides
    /// whether its reader sees the shared figures.
    static func scope(_ scope: EngagementScope, for assessment: Assessment) -> EngagementScope {
        var context = scope.context
        context.assessmentFiguresShared = assessment.figuresShared == true && assessment.summaryApproved != nil
        return EngagementScope(req: scope.req, engagement: scope.engagement, actor: scope.actor, role: scope.role, context: context)
    }

    /// `scope` with the share state of the engagement's first closed assessment (the one a final
    /// report's baseline comes from), or unchanged when there is none.
    static func scope(_ scope: EngagementScope, on db: any Database) async throws -> EngagementScope {
        guard let latest = try await Assessment.query(on: db).filter(\.$engagement.$id == scope.id)
            .filter(\.$status == "closed").sort(\.$openedAt, .ascending).first() else { return scope }
        return Self.scope(scope, for: latest)
    }

    /// Saves the summary draft (coach or client); sponsor and HR partner do not see it until the client approves it.
    /// - Throws: `forbidden` for other roles; 409 while the assessment is open; ``FormErrors`` for an empty or long text.
    func saveDraft(_ scope: EngagementScope, assessmentID: UUID?, text: String?) async throws {
        try scope.authorize(.update, .sharedAssessmentSummary)
        let assessment = try await closed(scope, assessmentID)
        let summary = try Self.text(text)
        assessment.summaryDraft = summary
        assessment.summaryDraftedBy = scope.role.rawValue
        try await req.db.writeTransaction { db in
            try await assessment.save(on: db)
            try await scope.audit("assessment_summary_drafted", "360 summary drafted by the \(scope.role.title.lowercased()).", on: db)
        }
    }

    /// The client approves `text` as the summary sponsor and HR partner read, and shares the competency-level
    /// figures with it when `shareFigures` (or stops sharing them when not).
    /// - Throws: `forbidden` unless the client; 409 while the assessment is open; ``FormErrors`` for the text.
    func approve(_ scope: EngagementScope, assessmentID: UUID?, text: String?, shareFigures: Bool) async throws {
        try scope.authorize(.acknowledge, .sharedAssessmentSummary)
        if shareFigures { try scope.authorize(.acknowledge, .sharedAssessmentFigures) }
        let assessment = try await closed(scope, assessmentID)
        let summary = try Self.text(text)
        assessment.summaryDraft = summary
        assessment.summaryDraftedBy = scope.role.rawValue
        assessment.summaryApproved = summary
        assessment.summaryApprovedAt = req.now
        assessment.figuresShared = shareFigures
        let engagement = scope.engagement
        let client = try await engagement.$client.get(on: req.db)
        let readers = [("sponsor", try await engagement.$sponsor.get(on: req.db)), ("hr_partner", try await engagement.$hrPartner.get(on: req.db))]
        let id = try assessment.requireID()
        try await req.db.writeTransaction { db in
            try await assessment.save(on: db)
            // The first share tells sponsor and HR partner where to read it (a link only: the text stays on the page).
            for (party, person) in readers {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.assessment(scope.id, id), purpose: "assessment_summary_shared", key: "\(id):\(party)",
                    subject: "360 summary of \(client.name)",
                    intro: "\(client.name) has shared a summary of their 360-degree feedback with you.",
                    engagementID: scope.id, on: db)
            }
            // The audit trail records the share, never the text (it holds no notes or comments).
            try await scope.audit("assessment_summary_shared", "360 summary approved and shared with sponsor and HR partner"
                                  + (shareFigures ? ", with the competency figures." : "; competency figures not shared."), on: db)
        }
    }

    /// The client withdraws what they shared: sponsor and HR partner see the target competencies only again.
    func withdraw(_ scope: EngagementScope, assessmentID: UUID?) async throws {
        try scope.authorize(.acknowledge, .sharedAssessmentSummary)
        let assessment = try await AssessmentService(req: req).find(scope, assessmentID)
        assessment.summaryApproved = nil
        assessment.summaryApprovedAt = nil
        assessment.figuresShared = false
        try await req.db.writeTransaction { db in
            try await assessment.save(on: db)
            try await scope.audit("assessment_summary_withdrawn", "360 summary no longer shared with sponsor and HR partner.", on: db)
        }
    }

    private func closed(_ scope: EngagementScope, _ id: UUID?) async throws -> Assessment {
        let assessment = try await AssessmentService(req: req).find(scope, id)
        guard assessment.status == "closed" else {
            throw DomainError(.conflict, code: "assessment_open", message: "A summary is written once the assessment is closed.")
        }
        return assessment
    }

    private static func text(_ raw: String?) throws -> String {
        var errors = FormErrors()
        let text = errors.collect { try TextInput.required(raw, field: "summary", label: "Summary", maxLength: 4000) }
        try errors.throwIfAny()
        return text!
    }
}

extension AssessmentSummary {
    /// Only the competency-level "all others" figures: what the client may share with sponsor and HR
    /// partner. No group columns, self-rating, items, distributions, comments or open answers.
    func sharedFigures() -> AssessmentSummary {
        var copy = self
        copy.results = results.map { r in
            CompetencyResult(competencyID: r.competencyID, selfScore: nil, groups: [r.others], others: r.others)
        }
        copy.selfSubmitted = false
        copy.selfAnswers = []
        copy.questions = []
        copy.itemTexts = [:]
        return copy
    }
}
