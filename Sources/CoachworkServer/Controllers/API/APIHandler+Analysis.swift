import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

extension APIHandler {
    func startAssessment(_ input: Operations.StartAssessment.Input) async throws -> Operations.StartAssessment.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let ids = try body.competencyIds.enumerated().compactMap { try bodyID($1, field: "competencyIds[\($0)]") }
        guard ids.count == body.competencyIds.count else { throw DomainError.invalid("competencyIds", "Each competency id must be a UUID.") }
        let assessment = try await AssessmentService(req: req).start(scope, competencyIDs: ids, openQuestion: body.openQuestion,
                                                                     moreQuestions: body.moreQuestions ?? [], closesOn: body.closesOn)
        return .created(.init(body: .json(try await DTO.assessment(assessment, on: req.db))))
    }

    func closeAssessment(_ input: Operations.CloseAssessment.Input) async throws -> Operations.CloseAssessment.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let assessment = try await AssessmentService(req: req).close(scope, assessmentID: UUID(uuidString: input.path.assessmentId))
        return .ok(.init(body: .json(try await DTO.assessment(assessment, on: req.db))))
    }

    func getAssessmentResults(_ input: Operations.GetAssessmentResults.Input) async throws -> Operations.GetAssessmentResults.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        // The full 360 report is the client's (read by the coach); the admin sees progress on the assessment itself.
        try scope.authorize(.view, .assessmentReport)
        let assessment = try await AssessmentService(req: req).find(scope, UUID(uuidString: input.path.assessmentId))
        guard assessment.status == "closed" else {
            // Results while answers arrive would let a reader difference one late answer.
            throw DomainError(.conflict, code: "assessment_open", message: "Results are shown once the assessment is closed.")
        }
        return .ok(.init(body: .json(DTO.assessmentResults(try await AssessmentService.results(assessment, on: req.db).visible(to: scope)))))
    }

    func recordInterview(_ input: Operations.RecordInterview.Input) async throws -> Operations.RecordInterview.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let themes = try (body.themes ?? []).enumerated().map { i, theme in
            ThemeInput(label: theme.label, kind: theme.kind.rawValue, competencyID: try bodyID(theme.competencyId, field: "themes[\(i)].competencyId"))
        }
        let interview = try await PlanService(req: req).recordInterview(
            scope, stakeholderID: try bodyID(body.stakeholderId, field: "stakeholderId"), heldOn: body.heldOn, notes: body.notes,
            answers: body.answers ?? [], themes: themes)
        return .created(.init(body: .json(.init(id: interview.id!.uuidString, heldOn: interview.heldOn))))
    }

    func getInterviewThemes(_ input: Operations.GetInterviewThemes.Input) async throws -> Operations.GetInterviewThemes.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .interviewNotes)
        let themes = try await PlanService.themeSummary(scope.id, on: req.db)
        return .ok(.init(body: .json(themes.map {
            .init(label: $0.label, kind: S.ThemeCount.KindPayload(rawValue: $0.kind) ?? .development,
                  competencies: $0.competencies, interviews: $0.interviews)
        })))
    }

    func chooseTargetCompetencies(_ input: Operations.ChooseTargetCompetencies.Input) async throws -> Operations.ChooseTargetCompetencies.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let targets = try body.targets.enumerated().map { i, target in
            (try bodyID(target.competencyId, field: "targets[\(i)].competencyId"), target.rationale)
        }
        _ = try await PlanService(req: req).chooseTargets(scope, targets)
        return .ok(.init(body: .json(try await DTO.targets(of: scope.id, on: req.db))))
    }

    func getIDP(_ input: Operations.GetIDP.Input) async throws -> Operations.GetIDP.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .idp)
        return .ok(.init(body: .json(try await DTO.idp(of: scope.id, on: req.db))))
    }

    func saveIDP(_ input: Operations.SaveIDP.Input) async throws -> Operations.SaveIDP.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        _ = try await PlanService(req: req).saveDraft(scope, Self.items(body.items))
        return .ok(.init(body: .json(try await DTO.idp(of: scope.id, on: req.db))))
    }

    func shareIDP(_ input: Operations.ShareIDP.Input) async throws -> Operations.ShareIDP.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        _ = try await PlanService(req: req).finaliseAndShare(scope)
        return .ok(.init(body: .json(try await DTO.idp(of: scope.id, on: req.db))))
    }

    func reviseIDP(_ input: Operations.ReviseIDP.Input) async throws -> Operations.ReviseIDP.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        _ = try await PlanService(req: req).revise(scope, reason: body.reason, items: Self.items(body.items),
                                                   basedOn: body.basedOnRevision, roundID: try bodyID(body.surveyRoundId, field: "surveyRoundId"))
        return .created(.init(body: .json(try await DTO.idp(of: scope.id, on: req.db))))
    }

    /// Ticks one action's status without a new revision (``IDPStatusService``); an unknown or malformed id is 404.
    func setIDPActionStatus(_ input: Operations.SetIDPActionStatus.Input) async throws -> Operations.SetIDPActionStatus.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await IDPStatusService(req: req).tick(scope, actionID: UUID(uuidString: input.path.actionId), status: body.status.rawValue)
        return .ok(.init(body: .json(try await DTO.idp(of: scope.id, on: req.db))))
    }

    /// The IDP items of a request body; a malformed id is a 422 naming it (`items[1].goalIds[0]`).
    static func items(_ items: [S.IDPItem]) throws -> [PlanService.ItemInput] {
        try items.enumerated().map { i, item in
            .init(id: try bodyID(item.id, field: "items[\(i)].id"),
                  competencyID: try bodyID(item.competencyId, field: "items[\(i)].competencyId"), action: item.action,
                  dueDate: item.dueDate, successMeasure: item.successMeasure, supportNeeded: item.supportNeeded,
                  goalIDs: try (item.goalIds ?? []).enumerated().compactMap { try bodyID($1, field: "items[\(i)].goalIds[\($0)]") },
                  owner: item.owner, status: item.status?.rawValue)
        }
    }

    func startSurveyRound(_ input: Operations.StartSurveyRound.Input) async throws -> Operations.StartSurveyRound.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        var days: Int?
        if case .json(let body)? = input.body { days = body.closesInDays }
        let round = try await SurveyService(req: req).start(scope, closesInDays: days)
        return .created(.init(body: .json(try await DTO.surveyRound(round, on: req.db))))
    }

    func closeSurveyRound(_ input: Operations.CloseSurveyRound.Input) async throws -> Operations.CloseSurveyRound.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let round = try await SurveyService(req: req).close(scope, roundID: UUID(uuidString: input.path.roundId))
        return .ok(.init(body: .json(try await DTO.surveyRound(round, on: req.db))))
    }

    func getSurveyResults(_ input: Operations.GetSurveyResults.Input) async throws -> Operations.GetSurveyResults.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .aggregateResults)
        let round = try await SurveyService(req: req).find(scope, UUID(uuidString: input.path.roundId))
        guard round.closedAt != nil else {
            throw DomainError(.conflict, code: "survey_round_open", message: "Results are shown once the round is closed.")
        }
        let names = try await CompetencyCatalog.names(round.competencyIDList, on: req.db)
        let summary = try await SurveyResults.round(round, on: req.db)
        let comments = scope.can(.view, .surveyComments)
        return .ok(.init(body: .json(.init(number: round.number, items: summary.items.map {
            DTO.surveyItem($0, name: names[$0.competencyID] ?? "", comments: comments ? summary.comments[$0.competencyID] ?? [] : [])
        }))))
    }

    func getFinalReport(_ input: Operations.GetFinalReport.Input) async throws -> Operations.GetFinalReport.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .finalReport)
        guard let report = try await FinalReport.query(on: req.db).filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "report_not_issued", message: "The final report is not issued yet.")
        }
        return .ok(.init(body: .json(try DTO.report(report, visibleTo: try await AssessmentSharing.scope(scope, on: req.db)))))
    }

    func issueFinalReport(_ input: Operations.IssueFinalReport.Input) async throws -> Operations.IssueFinalReport.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let outcomes: [ReportService.GoalOutcome] = try (body.goalOutcomes ?? []).enumerated().map { i, outcome in
            .init(goalID: try bodyID(outcome.goalId, field: "goalOutcomes[\(i)].goalId"), outcome: outcome.outcome.rawValue, note: outcome.note)
        }
        let report = try await ReportService(req: req).issue(scope, coachSummary: body.coachSummary, outcomes: outcomes)
        return .created(.init(body: .json(try DTO.report(report, visibleTo: try await AssessmentSharing.scope(scope, on: req.db)))))
    }

    func releaseFinalReport(_ input: Operations.ReleaseFinalReport.Input) async throws -> Operations.ReleaseFinalReport.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let report = try await ReportService(req: req).release(scope)
        return .ok(.init(body: .json(try DTO.report(report, visibleTo: try await AssessmentSharing.scope(scope, on: req.db)))))
    }
}
