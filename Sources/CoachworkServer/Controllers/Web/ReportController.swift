import Vapor
import Fluent
import CoachworkCore

/// The final report's pages: read, PDF, issue (coach), approve with a reflection (client), release (coach).
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("engagements", ":engagementID")
        one.get("report", use: report)
        one.get("report.pdf", use: reportPDF)
        one.post("report", use: issueReport)
        one.post("report", "approve", use: approveReport)
        one.post("report", "release", use: releaseReport)
    }

    @Sendable func report(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .finalReport)
        return try await reportPage(req, scope)
    }

    func reportPage(_ req: Request, _ scope: EngagementScope, errors: [String: String] = [:],
                            values: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let report = try await ReportService.find(scope, on: req.db)
        let reader = try await AssessmentSharing.scope(scope, on: req.db)
        let page = ReportPage.response(scope, report: report, snapshot: try ReportService.decode(report).visible(to: reader),
                                       errors: errors, values: values, pdfAvailable: req.config.chromiumPath != nil)
        page.status = status
        return page
    }

    /// The report printed to PDF by headless Chromium from the same HTML as the page.
    @Sendable func reportPDF(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .finalReport)
        guard let pdf = try await Self.pdf(req, scope) else {
            throw DomainError(.unavailable, code: "pdf_unavailable",
                              message: "PDF export needs Chromium on the server (see the README); print the page instead.")
        }
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.contentDisposition = .init(.attachment, filename: "final-report.pdf")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The report page of `scope`'s engagement, as its reader sees it, printed to PDF; nil when the server has no
    /// Chromium. The engagement export uses it too, so its `report.pdf` is this very PDF.
    /// - Throws: `report_not_issued` (404); 503 while the PDF slots are taken or when Chromium fails.
    static func pdf(_ req: Request, _ scope: EngagementScope) async throws -> Data? {
        guard let chromium = req.config.chromiumPath else { return nil }
        let page = try await ReportController().reportPage(req, scope)
        let html = page.body.string ?? ""
        return try await PDFRenderer(executable: chromium, slots: req.application.pdfSlots).render(html: html, css: Stylesheet.css + "\n" + Stylesheet.extra)
    }

    @Sendable func approveReport(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        do {
            _ = try await ReportService(req: req).approve(scope, reflection: req.formValue("clientReflection"))
        } catch let error as DomainError where error.kind == .invalid {
            return try await reportPage(req, scope, errors: [error.field ?? "_form": error.message],
                                        values: req.formValues(["clientReflection"]), status: .unprocessableEntity)
        }
        req.flash(.success, "Thank you: the report is approved with your reflection. Your coach releases it to your sponsor and HR partner.")
        return req.seeOther(Paths.report(scope.id))
    }

    @Sendable func releaseReport(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        _ = try await ReportService(req: req).release(scope)
        req.flash(.success, "The final report is released to the sponsor and HR partner.")
        return req.seeOther(Paths.report(scope.id))
    }

    @Sendable func issueReport(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let goals = try await AgreementService.acceptedGoals(of: scope.id, on: req.db)
        let fields = ["coachSummary"] + goals.flatMap { ["outcome_\($0.id!)", "outcomeNote_\($0.id!)"] }
        let values = req.formValues(fields)
        do {
            _ = try await ReportService(req: req).issue(scope, coachSummary: values["coachSummary"], outcomes: goals.map {
                .init(goalID: $0.id, outcome: values["outcome_\($0.id!)"], note: values["outcomeNote_\($0.id!)"])
            })
        } catch let failure as FormErrors {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), errors: failure.messages,
                                               values: values, status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .invalid {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), errors: [error.field ?? "_form": error.message],
                                               values: values, status: .unprocessableEntity)
        }
        return req.seeOther(Paths.report(scope.id))
    }
}
