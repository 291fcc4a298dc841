import Vapor
import Fluent
import CoachworkCore

/// The engagement's documents: agreement, meetings, assessment results, IDP, survey
/// rounds and the final report, with the actions each party takes on them.
struct EngagementDocumentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("engagements", ":engagementID")
        one.get("agreement", use: agreement)
        one.post("agreement", use: saveAgreement)
        one.post("agreement", "propose", use: proposeAgreement)
        one.post("agreement", "accept", use: acceptAgreement)
        one.get("meetings", ":meetingID", use: meeting)
        one.get("meetings", ":meetingID", "prepare") { req async throws -> Response in
            let scope = try await req.engagementScope()
            let m = try await MeetingService(req: req).find(scope, req.parameters.get("meetingID", as: UUID.self))
            return try await SessionPreparation.response(scope, meeting: m)
        }
        one.post("meetings", ":meetingID", use: recordMeeting)
        one.get("meetings", ":meetingID", "calendar.ics", use: meetingCalendar)
        one.post("action-items", ":itemID", "done") { try await setActionItem($0, done: true) }
        one.post("action-items", ":itemID", "reopen") { try await setActionItem($0, done: false) }
        one.get("assessments", ":assessmentID", use: assessment)
        one.get("assessments", ":assessmentID", "results.csv", use: assessmentExport)
        one.post("assessments", ":assessmentID", "close", use: closeAssessment)
        one.post("assessments", ":assessmentID", "invite", use: inviteToAssessment)
        one.post("assessments", ":assessmentID", "summary", use: saveAssessmentSummary)
        one.post("assessments", ":assessmentID", "summary", "withdraw", use: withdrawAssessmentSummary)
        one.get("idp", use: idp)
        one.post("idp", use: saveIDP)
        one.post("idp", "share", use: shareIDP)
        one.post("idp", "revise", use: reviseIDP)
        one.post("idp", "acknowledge", use: acknowledgeIDP)
        one.get("surveys", ":roundID", use: surveyRound)
        one.post("surveys", ":roundID", "close", use: closeSurveyRound)
        one.post("surveys", ":roundID", "invite", use: inviteToSurveyRound)
    }

    // MARK: Agreement

    @Sendable func agreement(req: Request) async throws -> Response {
        try await agreementPage(req, scope: try await req.engagementScope())
    }

    private func agreementPage(_ req: Request, scope: EngagementScope, values: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        try scope.authorize(.view, .agreement)
        let versions = try await AgreementService.versions(of: scope.id, on: req.db)
        // A draft is the coach's work in progress: the parties read the latest version proposed to them.
        let draft = CoachingAgreement.Status.draft.rawValue
        guard let shown = scope.role == .coach ? versions.last : (versions.last { $0.agreement.status != draft } ?? versions.last) else {
            throw Abort(.notFound)
        }
        let acceptances = shown.acceptances
        return AgreementPage.response(scope, agreement: shown.agreement, goals: shown.goals,
                                      acceptances: acceptances, acceptedBy: Dictionary(acceptances.map { ($0.$person.id, $0.person.name) }, uniquingKeysWith: { a, _ in a }),
                                      versions: scope.role == .coach ? versions : versions.filter { $0.agreement.status != draft },
                                      values: values, errors: errors, status: status)
    }

    @Sendable func saveAgreement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let v = req.formValues(AgreementPage.fieldNames)
        let rows = (0..<AgreementPage.goalRows).filter { i in
            [v["goal_statement_\(i)"], v["goal_measure_\(i)"], v["goal_date_\(i)"]].contains { !($0 ?? "").isEmpty }
        }
        let goals = rows.map { i in
            AgreementService.GoalInput(statement: v["goal_statement_\(i)"], successMeasure: v["goal_measure_\(i)"], targetDate: v["goal_date_\(i)"])
        }
        do {
            try await AgreementService(req: req).save(scope, .init(
                plannedSessions: v["plannedSessions"].flatMap { Int($0) }, cadenceWeeks: v["cadenceWeeks"].flatMap { Int($0) },
                durationMonths: v["durationMonths"].flatMap { Int($0) }, confidentialityTerms: v["confidentialityTerms"], goals: goals))
        } catch let errors as FormErrors {
            let mapped = errors.messages.mappedToRows("goals", rows: rows, fields: [
                "statement": "goal_statement_", "successMeasure": "goal_measure_", "targetDate": "goal_date_"])
            return try await agreementPage(req, scope: scope, values: v, errors: mapped, status: .unprocessableEntity)
        }
        req.flash(.success, "The agreement is saved.")
        return req.seeOther(Paths.agreement(scope.id))
    }

    @Sendable func proposeAgreement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        do {
            try await AgreementService(req: req).propose(scope)
        } catch let error as DomainError where error.kind == .conflict {
            return try await refusedOnAgreementPage(req, scope, error)
        }
        req.flash(.success, "The agreement is proposed: client and sponsor are emailed a link to accept it.")
        return req.seeOther(Paths.agreement(scope.id))
    }

    @Sendable func acceptAgreement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        do {
            try await AgreementService(req: req).accept(scope, version: req.formValue("version").flatMap { Int($0) })
        } catch let error as DomainError where error.kind == .conflict {
            return try await refusedOnAgreementPage(req, scope, error)
        }
        req.flash(.success, "Thank you: your acceptance is recorded.")
        return req.seeOther(Paths.agreement(scope.id))
    }

    /// A refused step (no goal yet, already accepted, a newer version) is said on the agreement page
    /// the user was on, with 409, not on a bare error page.
    private func refusedOnAgreementPage(_ req: Request, _ scope: EngagementScope, _ error: DomainError) async throws -> Response {
        try await agreementPage(req, scope: scope, errors: ["_form": error.message], status: .conflict)
    }

    // MARK: Meetings

    @Sendable func meeting(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let m = try await MeetingService(req: req).find(scope, req.parameters.get("meetingID", as: UUID.self))
        try scope.authorizeDetails(of: m)
        let items = scope.can(.view, .actionItems) ? try await ActionItem.query(on: req.db).filter(\.$meeting.$id == m.id!).all() : []
        return MeetingPage.response(scope, meeting: m, items: items)
    }

    @Sendable func recordMeeting(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let service = MeetingService(req: req)
        let m = try await service.find(scope, req.parameters.get("meetingID", as: UUID.self))
        let v = req.formValues(MeetingPage.fieldNames)
        do {
            _ = try await service.record(scope, meetingID: m.id, .init(sharedNotes: v["sharedNotes"], privateNotes: v["privateNotes"],
                actionItems: (0..<3).map { (v["item_\($0)"], v["owner_\($0)"], v["due_\($0)"]) },
                feedbackObtained: v["feedbackObtained"], achievements: v["achievements"]))
        } catch let errors as FormErrors {
            return MeetingPage.response(scope, meeting: m, items: [], values: v, errors: errors.messages, status: .unprocessableEntity)
        }
        req.flash(.success, "The meeting is recorded.")
        return req.seeOther(Paths.engagement(scope.id))
    }

    @Sendable func setActionItem(_ req: Request, done: Bool) async throws -> Response {
        let scope = try await req.engagementScope()
        let item = try await MeetingService(req: req).setActionItem(scope, itemID: req.parameters.get("itemID", as: UUID.self), done: done)
        return req.seeOther(item.$meeting.id.map { Paths.meeting(scope.id, $0) } ?? Paths.engagement(scope.id))
    }

    /// The meeting (or its whole series) as an RFC 5545 file for the reader's calendar: objective only, never notes.
    @Sendable func meetingCalendar(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let m = try await MeetingService(req: req).find(scope, req.parameters.get("meetingID", as: UUID.self))
        try scope.authorizeDetails(of: m)
        // A session of a series downloads as the whole series (the UID its invitation used), so
        // importing it updates that event instead of adding a second one.
        let series = try await MeetingCalendar.seriesSessions(of: [m], on: req.db)
        let meetings = (m.seriesID.flatMap { series[$0] } ?? [m]).filter { (try? scope.authorizeDetails(of: $0)) != nil }
        let parties = try await MeetingCalendar.Parties.load(scope.engagement, on: req.db)
        let events = MeetingCalendar.events(for: meetings, allOfSeries: series, parties: parties) {
            req.config.baseURL + Paths.meeting(scope.id, $0.id!)
        }
        let response = Response(status: .ok, body: .init(string: ICalendarWriter.render(events, method: .publish, now: req.now)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "coachwork-\(m.meetingKind.rawValue).ics")
        return response
    }

    // MARK: Survey rounds and report

    @Sendable func surveyRound(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .aggregateResults)
        let round = try await SurveyService(req: req).find(scope, req.parameters.get("roundID", as: UUID.self))
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$round.$id == round.requireID()).all()
        let closed = round.closedAt != nil
        return SurveyRoundPage.response(scope, round: round, summary: closed ? try await SurveyResults.round(round, on: req.db) : nil,
                                        names: try await CompetencyCatalog.names(round.competencyIDList, on: req.db),
                                        answered: invitations.filter { $0.submittedAt != nil }.count, invited: invitations.count)
    }

    @Sendable func inviteToSurveyRound(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let count = try await SurveyService(req: req).inviteNewcomers(scope, roundID: req.parameters.get("roundID", as: UUID.self))
        req.flash(.success, count == 0 ? "Everyone approved already has the survey; nobody was mailed again."
                                       : "Sent to \(count) newly approved stakeholder\(count == 1 ? "" : "s").")
        return req.seeOther(Paths.surveyRound(scope.id, try req.parameters.require("roundID", as: UUID.self)))
    }

    @Sendable func closeSurveyRound(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let round = try await SurveyService(req: req).close(scope, roundID: req.parameters.get("roundID", as: UUID.self))
        return req.seeOther(Paths.surveyRound(scope.id, round.id!))
    }
}
