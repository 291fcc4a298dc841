import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

/// Planned mini-survey rounds, late invitations and the trend under `/api/v1`.
extension APIHandler {
    func planSurveyRounds(_ input: Operations.PlanSurveyRounds.Input) async throws -> Operations.PlanSurveyRounds.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let rounds = try await SurveyService(req: req).plan(scope, firstOn: body.firstOn, count: body.count,
                                                            intervalWeeks: body.intervalWeeks, openDays: body.openDays)
        var result: [S.SurveyRound] = []
        for round in rounds { result.append(try await DTO.surveyRound(round, on: req.db)) }
        return .created(.init(body: .json(result)))
    }

    func inviteToSurveyRound(_ input: Operations.InviteToSurveyRound.Input) async throws -> Operations.InviteToSurveyRound.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let id = UUID(uuidString: input.path.roundId)
        _ = try await SurveyService(req: req).inviteNewcomers(scope, roundID: id)
        return .ok(.init(body: .json(try await DTO.surveyRound(try await SurveyService(req: req).find(scope, id), on: req.db))))
    }

    func getSurveyTrend(_ input: Operations.GetSurveyTrend.Input) async throws -> Operations.GetSurveyTrend.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .aggregateResults)
        let (trend, relation) = try await SurveyResults.progress(scope.id, on: req.db)
        let names = try await CompetencyCatalog.names(trend.items.compactMap { UUID(uuidString: $0.competencyID) }, on: req.db)
        return .ok(.init(body: .json(.init(
            items: trend.items.map { item in
                .init(competencyId: item.competencyID, name: names[item.competencyID] ?? "",
                      points: item.points.map { .init(round: $0.round, n: $0.n, suppressed: $0.suppressed, mean: $0.mean,
                                                      ciLower: $0.confidenceInterval?.lower, ciUpper: $0.confidenceInterval?.upper) },
                      steps: item.steps.map { .init(fromRound: $0.fromRound, toRound: $0.toRound, raterSetChanged: $0.raterSetChanged,
                                                    comparable: $0.comparable, delta: $0.delta) })
            },
            followUp: .init(levels: relation.levels.map {
                .init(frequency: .init(rawValue: $0.frequency.rawValue) ?? .never, suppressed: $0.suppressed,
                      people: $0.suppressed || $0.meanChange == nil ? nil : $0.respondents, meanChange: $0.suppressed ? nil : $0.meanChange)
            }, spearman: relation.spearman)))))
    }
}
