import Vapor
import Fluent
import CoachworkCore

/// The engagement pages: list, open, overview, advance, and the coach's forms of each phase.
struct EngagementsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let list = routes.grouped("engagements")
        list.get(use: index)
        list.get("new", use: new)
        list.post(use: create)
        let one = list.grouped(":engagementID")
        one.get(use: show)
        one.post("advance", use: advance)
        one.post("meetings", use: scheduleMeeting)
        one.post("meetings", "series", use: scheduleSeries)
        one.post("stakeholders", use: nominate)
        one.post("stakeholders", ":stakeholderID", "approve", use: approveRater)
        one.post("stakeholders", ":stakeholderID", "decline", use: declineRater)
        one.post("assessments", use: startAssessment)
        one.post("interviews", use: recordInterview)
        one.post("targets", use: chooseTargets)
        one.post("surveys", use: startSurvey)
        one.post("surveys", "plan", use: planSurveys)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let page = try await EngagementCatalog.page(for: actor, try req.pageRequest(), on: req.db)
        let names = try await EngagementCatalog.names(of: page.items, on: req.db)
        let rows = page.items.map { e in
            EngagementIndexPage.Row(engagement: e, clientName: names.clients[e.$client.id] ?? "", coachName: names.coaches[e.$coach.id] ?? "")
        }
        let canCreate = AccessPolicy().allows(actor.accountRole, .create, .engagement)
        return EngagementIndexPage.response(req, rows: rows, metadata: page.metadata, canCreate: canCreate)
    }

    /// The form to open an engagement (coaches): a page of its own, as it lists the coach's people.
    @Sendable func new(req: Request) async throws -> Response {
        try await newPage(req)
    }

    private func newPage(_ req: Request, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> Response {
        try req.authorize(.create, .engagement)
        let people = try await PeopleService(db: req.db).directory(for: req.requireUser()).sort(\.$name).sort(\.$id).all()
        return EngagementIndexPage.newResponse(req, people: people, values: values, errors: errors)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let names = ["clientId", "sponsorId", "hrPartnerId", "seniorExecutiveId", "presentingProblem", "objective"]
        let v = req.formValues(names)
        do {
            let engagement = try await EngagementService(req: req).create(.init(
                clientID: try bodyID(v["clientId"], field: "clientId"), sponsorID: try bodyID(v["sponsorId"], field: "sponsorId"),
                hrPartnerID: try bodyID(v["hrPartnerId"], field: "hrPartnerId"), seniorExecutiveID: try bodyID(v["seniorExecutiveId"], field: "seniorExecutiveId"),
                presentingProblem: v["presentingProblem"], objective: v["objective"]))
            req.flash(.success, "The engagement is open. Start with the coaching agreement.")
            return req.seeOther(Paths.engagement(engagement.id!))
        } catch let errors as FormErrors {
            return try await newPage(req, values: v, errors: errors.messages)
        } catch let error as DomainError where error.kind == .invalid && error.field != nil {
            return try await newPage(req, values: v, errors: [error.field!: error.message])
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.view, .engagement)
        return EngagementShowPage.response(try await EngagementOverview.load(scope))
    }

    @Sendable func advance(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        do {
            let phase = try await EngagementService(req: req).advance(scope, cancelPlannedMeetings: req.formField("cancelPlannedMeetings") == "yes")
            req.flash(.success, phase == .closed ? "The engagement is closed." : "The engagement is now in the \(phase.title.lowercased()) phase.")
            return req.seeOther(Paths.engagement(scope.id))
        } catch let error as DomainError where error.kind == .conflict {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), problem: error, status: .conflict)
        }
    }

    /// Runs a coach's form action; on bad input re-renders the page with what was typed.
    /// `success` is read after `action` ran, so it may say what the action did (was anything sent?).
    static func perform(_ req: Request, fields: [String], success: @autoclosure () -> String, _ action: (EngagementScope, [String: String]) async throws -> Void) async throws -> Response {
        let scope = try await req.engagementScope()
        var values = req.formValues(fields)
        if fields.contains("attendees") { values["attendees"] = req.attendeeValues.joined(separator: ",") }
        do {
            try await action(scope, values)
            req.flash(.success, success())
            return req.seeOther(Paths.engagement(scope.id))
        } catch let errors as FormErrors {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), errors: errors.messages, values: values, status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .invalid {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), errors: [error.field ?? "_form": error.message], values: values, status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .conflict {
            return EngagementShowPage.response(try await EngagementOverview.load(scope), problem: error, status: .conflict)
        }
    }

    @Sendable func scheduleMeeting(req: Request) async throws -> Response {
        // Say only what happened: a meeting entered after the fact, or one not yet sent, mails nobody.
        var invited = false
        return try await Self.perform(req, fields: ["kind", "startsAt", "durationMinutes", "objective", "location", "videoURL", "attendees"],
                          success: invited ? "The meeting is scheduled and the invitations are queued for the attendees."
                                           : "The meeting is entered; no invitation was sent.") { scope, v in
            var errors = FormErrors()
            let starts = v["startsAt"].flatMap { LocalTime.parseLocal($0, zone: scope.actor.timeZone) }
            if starts == nil { errors.add("startsAt", LocalTime.inputProblem(v["startsAt"] ?? "", zone: scope.actor.timeZone)) }
            let duration = errors.wholeNumber(v["durationMinutes"], field: "durationMinutes")
            try errors.throwIfAny()
            let meeting = try await MeetingService(req: req).schedule(scope, .init(
                kind: v["kind"], startsAt: starts, durationMinutes: duration, objective: v["objective"],
                attendees: req.attendeeValues, location: v["location"], videoURL: v["videoURL"]))
            invited = meeting.invitedAt != nil
        }
    }

    @Sendable func scheduleSeries(req: Request) async throws -> Response {
        try await Self.perform(req, fields: ["seriesStart", "seriesCount", "seriesCadence", "seriesDuration", "seriesLocation", "seriesVideoURL"],
                          success: "The coaching sessions are scheduled and the client is sent one invitation for the series.") { scope, v in
            var errors = FormErrors()
            let start = v["seriesStart"].flatMap { LocalTime.parseLocal($0, zone: scope.actor.timeZone) }
            func number(_ field: String) -> Int? { errors.wholeNumber(v[field], field: field) }
            let count = number("seriesCount"), cadence = number("seriesCadence"), duration = number("seriesDuration")
            if start == nil { errors.add("seriesStart", LocalTime.inputProblem(v["seriesStart"] ?? "", zone: scope.actor.timeZone)) }
            try errors.throwIfAny()
            _ = try await MeetingService(req: req).scheduleSeries(scope, firstStart: start, count: count, cadenceWeeks: cadence,
                                                                 durationMinutes: duration, objective: nil,
                                                                 location: v["seriesLocation"], videoURL: v["seriesVideoURL"])
        }
    }

    @Sendable func nominate(req: Request) async throws -> Response {
        try await Self.perform(req, fields: ["name", "email", "relationship", "timeZone"], success: "Saved. A rater the client proposes waits for approval.") { scope, v in
            _ = try await StakeholderService(req: req).nominate(scope, .init(name: v["name"], email: v["email"], relationship: v["relationship"], timeZone: v["timeZone"]))
        }
    }

    @Sendable func approveRater(req: Request) async throws -> Response {
        try await decideRater(req, approve: true)
    }

    @Sendable func declineRater(req: Request) async throws -> Response {
        try await decideRater(req, approve: false)
    }

    private func decideRater(_ req: Request, approve: Bool) async throws -> Response {
        try await Self.perform(req, fields: [], success: approve ? "The rater is approved." : "The rater is declined.") { scope, _ in
            _ = try await StakeholderService(req: req).decide(
                scope, stakeholderID: req.parameters.get("stakeholderID", as: UUID.self), approve: approve)
        }
    }

    @Sendable func startAssessment(req: Request) async throws -> Response {
        try await Self.perform(req, fields: ["openQuestion", "moreQuestions", "closesOn"], success: "The 360-degree assessment is sent.") { scope, v in
            let ids = try ((try? req.content.get([String].self, at: "competencyIds")) ?? req.formValue("competencyIds").map { [$0] } ?? [])
                .compactMap { try bodyID($0, field: "competencyIds") }
            _ = try await AssessmentService(req: req).start(scope, competencyIDs: ids, openQuestion: v["openQuestion"],
                moreQuestions: (v["moreQuestions"] ?? "").components(separatedBy: .newlines), closesOn: v["closesOn"])
        }
    }

    @Sendable func recordInterview(req: Request) async throws -> Response {
        let questions = try await PracticeSettings.current(on: req.db).interviewQuestions
        return try await Self.perform(req, fields: InterviewSections.fieldNames(questionCount: questions.count), success: "The interview notes are saved.") { scope, v in
            let themes = try (0..<InterviewSections.themeRows).map { i in
                ThemeInput(label: v["themeLabel_\(i)"], kind: v["themeKind_\(i)"].flatMap { $0.isEmpty ? nil : $0 },
                           competencyID: try bodyID(v["themeCompetency_\(i)"], field: "themeCompetency_\(i)"))
            }
            _ = try await PlanService(req: req).recordInterview(
                scope, stakeholderID: try bodyID(v["stakeholderId"], field: "stakeholderId"), heldOn: v["heldOn"], notes: v["notes"],
                answers: questions.indices.map { v["answer_\($0)"] ?? "" }, questions: questions, themes: themes)
        }
    }

    @Sendable func chooseTargets(req: Request) async throws -> Response {
        let fields = (0..<3).flatMap { ["target_\($0)", "rationale_\($0)"] }
        return try await Self.perform(req, fields: fields, success: "The target competencies are saved.") { scope, v in
            let targets = try (0..<3).compactMap { i -> (UUID?, String?)? in
                guard let raw = v["target_\(i)"], !raw.isEmpty else { return nil }
                return (try bodyID(raw, field: "target_\(i)"), v["rationale_\(i)"])
            }
            _ = try await PlanService(req: req).chooseTargets(scope, targets)
        }
    }

    @Sendable func planSurveys(req: Request) async throws -> Response {
        try await Self.perform(req, fields: ["firstOn", "count", "intervalWeeks", "openDays"], success: "The mini-survey rounds are planned.") { scope, v in
            var errors = FormErrors()
            func number(_ field: String) -> Int? { errors.wholeNumber(v[field], field: field) }
            let count = number("count"), weeks = number("intervalWeeks"), days = number("openDays")
            try errors.throwIfAny()
            _ = try await SurveyService(req: req).plan(scope, firstOn: v["firstOn"], count: count, intervalWeeks: weeks, openDays: days)
        }
    }

    @Sendable func startSurvey(req: Request) async throws -> Response {
        try await Self.perform(req, fields: ["closesInDays"], success: "The mini-survey round is sent.") { scope, v in
            let raw = v["closesInDays"] ?? ""
            guard raw.isEmpty || Int(raw) != nil else { throw DomainError.invalid("closesInDays", "Enter the number of days as a whole number.") }
            _ = try await SurveyService(req: req).start(scope, closesInDays: Int(raw))
        }
    }
}

extension Request {
    /// The ticked `attendees` checkboxes of a meeting form.
    var attendeeValues: [String] {
        (try? content.get([String].self, at: "attendees")) ?? formValue("attendees").map { [$0] } ?? []
    }
}
