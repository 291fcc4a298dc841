import Vapor
import Fluent
import CoachworkCore

// The 360 report (the client's), what the client shares of it, its export, and the coach's actions.
extension EngagementDocumentsController {
    // MARK: Assessments

    /// The full 360 report for coach and client; what the client shared for sponsor and HR partner; progress for the admin.
    @Sendable func assessment(req: Request) async throws -> Response {
        try await assessmentPage(req)
    }

    func assessmentPage(_ req: Request, values: [String: String] = [:], errors: [String: String] = [:],
                                status: HTTPResponseStatus = .ok) async throws -> Response {
        let base = try await req.engagementScope()
        let a = try await AssessmentService(req: req).find(base, req.parameters.get("assessmentID", as: UUID.self))
        let scope = AssessmentSharing.scope(base, for: a)
        let raters = try await AssessmentRater.query(on: req.db).filter(\.$assessment.$id == a.id!).all()
        let (invited, responded) = (raters.count, raters.filter { $0.submittedAt != nil }.count)
        let closed = a.status == "closed"
        if scope.can(.view, .assessmentReport) {
            let summary = closed ? try await AssessmentService.results(a, on: req.db).visible(to: scope) : nil
            return AssessmentPage.response(scope, assessment: a, invited: invited, responded: responded, summary: summary,
                                           values: values, errors: errors, status: status)
        }
        try scope.authorize(.view, .engagement)
        let targets = try await TargetCompetency.query(on: req.db).filter(\.$engagement.$id == scope.id).sort(\.$position).with(\.$competency).all()
        let figures = closed && scope.can(.view, .sharedAssessmentFigures) ? try await AssessmentService.results(a, on: req.db).sharedFigures() : nil
        return SharedAssessmentPage.response(scope, assessment: a, invited: invited, responded: responded,
                                             targets: scope.can(.view, .sharedAssessmentSummary) ? targets : [], figures: figures)
    }

    /// The results as CSV, under the same rules as the page: the full report's figures for coach and client, the
    /// shared competency figures for sponsor and HR partner once the client shared them; refused while open.
    @Sendable func assessmentExport(req: Request) async throws -> Response {
        let base = try await req.engagementScope()
        let a = try await AssessmentService(req: req).find(base, req.parameters.get("assessmentID", as: UUID.self))
        let scope = AssessmentSharing.scope(base, for: a)
        if !scope.can(.view, .assessmentReport) { try scope.authorize(.view, .sharedAssessmentFigures) }
        guard a.status == "closed" else {
            throw DomainError(.conflict, code: "assessment_open", message: "Results are shown once the assessment is closed.")
        }
        let summary = try await AssessmentService.results(a, on: req.db)
        return AssessmentExport.response(scope.can(.view, .assessmentReport) ? summary.visible(to: scope) : summary.sharedFigures())
    }

    /// Saves the summary draft (coach or client) or, for the client, approves and shares it.
    @Sendable func saveAssessmentSummary(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let id = req.parameters.get("assessmentID", as: UUID.self)
        let v = req.formValues(AssessmentSharingSection.fieldNames)
        let sharing = AssessmentSharing(req: req)
        do {
            if v["intent"] == "share" {
                try await sharing.approve(scope, assessmentID: id, text: v["summary"], shareFigures: v["shareFigures"] == "yes")
                req.flash(.success, "Your summary is shared with sponsor and HR partner" + (v["shareFigures"] == "yes" ? ", with the competency figures." : "."))
            } else {
                try await sharing.saveDraft(scope, assessmentID: id, text: v["summary"])
                req.flash(.success, "The summary draft is saved; sponsor and HR partner see it once the client approves it.")
            }
        } catch let errors as FormErrors {
            return try await assessmentPage(req, values: v, errors: errors.messages, status: .unprocessableEntity)
        }
        return req.seeOther(Paths.assessment(scope.id, try req.parameters.require("assessmentID", as: UUID.self)))
    }

    /// The client stops sharing the summary and figures.
    @Sendable func withdrawAssessmentSummary(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try await AssessmentSharing(req: req).withdraw(scope, assessmentID: req.parameters.get("assessmentID", as: UUID.self))
        req.flash(.success, "Sponsor and HR partner no longer see your summary or figures.")
        return req.seeOther(Paths.assessment(scope.id, try req.parameters.require("assessmentID", as: UUID.self)))
    }

    @Sendable func inviteToAssessment(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let id = req.parameters.get("assessmentID", as: UUID.self)
        let count = try await AssessmentService(req: req).inviteNewcomers(scope, assessmentID: id)
        req.flash(.success, count == 0 ? "Every approved stakeholder already has the questionnaire; nobody was mailed again."
                                       : "Sent to \(count) newly approved stakeholder\(count == 1 ? "" : "s").")
        return req.seeOther(Paths.assessment(scope.id, try req.parameters.require("assessmentID", as: UUID.self)))
    }

    @Sendable func closeAssessment(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let a = try await AssessmentService(req: req).close(scope, assessmentID: req.parameters.get("assessmentID", as: UUID.self))
        return req.seeOther(Paths.assessment(scope.id, a.id!))
    }
}
