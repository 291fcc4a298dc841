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
        try await AgreementService(req: req).propose(scope)
        req.flash(.success, "The agreement is proposed: client and sponsor are emailed a link to accept it.")
        return req.seeOther(Paths.agreement(scope.id))
    }

    @Sendable func acceptAgreement(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try await AgreementService(req: req).accept(scope, version: req.formValue("version").flatMap { Int($0) })
        req.flash(.success, "Thank you: your acceptance is recorded.")
        return req.seeOther(Paths.agreement(scope.id))
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

    // MARK: IDP

    /// What the plan's page shows: every revision with its ticks, the latest acknowledgements, targets and goals.
    static func idpModel(_ scope: EngagementScope) async throws -> IDPPage.Model {
        let db = scope.req.db
        let revisions = try await IDPRevision.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$revision).all()
        var acks: [IDPAcknowledgement] = []
        if let latest = revisions.last { acks = try await IDPAcknowledgement.query(on: db).filter(\.$revision.$id == latest.requireID()).all() }
        let goals = try await AgreementService.acceptedGoals(of: scope.id, on: db)
        let targets = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$position).with(\.$competency).all()
        let rounds = try await SurveyRound.query(on: db).filter(\.$engagement.$id == scope.id).filter(\.$closedAt != nil).sort(\.$number).all()
        let ticks = revisions.isEmpty ? [] : try await IDPActionStatus.query(on: db).filter(\.$revision.$id ~~ revisions.compactMap(\.id)).all()
        let client = try await scope.engagement.$client.get(on: db)
        return .init(scope: scope, revisions: revisions, acknowledgements: acks, targets: targets, goals: goals, rounds: rounds,
                     ticks: ticks, clientName: client.name)
    }

    @Sendable func idp(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .idp)
        return IDPPage.response(try await Self.idpModel(scope))
    }

    /// Runs an IDP form's `action`; it may return a message other than `success` (a correction that only ticked statuses).
    private func idpAction(_ req: Request, success: String, _ action: (EngagementScope, [String: String], [Goal]) async throws -> String?) async throws -> Response {
        let scope = try await req.engagementScope()
        let model = try await Self.idpModel(scope)
        let v = req.formValues(IDPPage.fieldNames)
        do {
            let message = try await action(scope, v, model.goals)
            req.flash(.success, message ?? success)
            return req.seeOther(Paths.idp(scope.id))
        } catch let errors as FormErrors {
            return IDPPage.response(model, values: v, errors: IDPPage.fieldErrors(errors.messages, values: v), status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .invalid {
            return IDPPage.response(model, values: v, errors: [error.field ?? "_form": error.message], status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .conflict {
            // Stale or repeated: show the plan as it now is, with why nothing was saved.
            return IDPPage.response(model, errors: ["_form": error.message], status: .conflict)
        }
    }

    @Sendable func saveIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The IDP draft is saved.") { scope, v, _ in
            _ = try await PlanService(req: req).saveDraft(scope, IDPPage.items(v))
            return nil
        }
    }

    @Sendable func shareIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The IDP is finalised and shared with sponsor and HR partner.") { scope, _, _ in
            _ = try await PlanService(req: req).finaliseAndShare(scope)
            return nil
        }
    }

    @Sendable func reviseIDP(req: Request) async throws -> Response {
        try await idpAction(req, success: "The correction is saved as a new revision and shared.") { scope, v, _ in
            let before = try await PlanService.latest(scope.id, on: req.db)?.revision
            let saved = try await PlanService(req: req).revise(scope, reason: v["reason"], items: IDPPage.items(v),
                                                               basedOn: v["basedOn"].flatMap { Int($0) },
                                                               roundID: try bodyID(v["surveyRoundId"], field: "surveyRoundId"))
            return saved.revision == before
                ? "Only statuses changed: they are saved without a new revision, so nobody is asked to acknowledge the plan again." : nil
        }
    }

    @Sendable func acknowledgeIDP(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try await PlanService(req: req).acknowledge(scope, revision: req.formValue("revision").flatMap { Int($0) })
        req.flash(.success, "Thank you: your acknowledgement is recorded.")
        return req.seeOther(Paths.idp(scope.id))
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
