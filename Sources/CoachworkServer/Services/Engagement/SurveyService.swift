import Vapor
import Fluent
import CoachworkCore

/// Progress mini-surveys: rounds to the stakeholders on the target competencies.
struct SurveyService {
    let req: Request

    /// Sends round n+1 now to every approved stakeholder, closing `closesInDays` days from now.
    /// - Throws: 409 outside achievement, without target competencies, or with a round open.
    func start(_ scope: EngagementScope, closesInDays: Int?) async throws -> SurveyRound {
        try scope.authorize(.create, .aggregateResults)
        try scope.check(.runSurvey)
        let days = closesInDays ?? 14
        guard (1...60).contains(days) else { throw DomainError.invalid("closesInDays", "A round stays open 1 to 60 days.") }
        let targets = try await requireTargets(scope)
        try await requireNoOpenRound(scope.id)
        // The next planned round, if any, is the one sent now; otherwise a new round is added.
        let round = try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$status == "planned")
            .sort(\.$number).first() ?? SurveyRound()
        if round.id == nil {
            round.$engagement.id = scope.id
            round.number = (try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).max(\.$number) ?? 0) + 1
        }
        round.competencyIDs = targets.map(\.uuidString).joined(separator: ",")
        round.openedAt = req.now
        round.closesAt = req.now.addingTimeInterval(TimeInterval(days * 86_400))
        try await SurveyRounds.open(round, engagement: scope.engagement, req: req, actor: AuditActor(scope))
        return round
    }

    /// Plans `count` rounds every `intervalWeeks` weeks from `firstOn` (a day in the coach's zone,
    /// 09:00), each open `openDays` days; the server sends each when its day comes. Replaces rounds
    /// still planned; rounds already sent stay.
    /// - Throws: ``FormErrors`` (count 1...12, interval 1...52 weeks, open 1...60 days, a date today or later);
    ///   409 outside achievement or without target competencies.
    func plan(_ scope: EngagementScope, firstOn: String?, count: Int?, intervalWeeks: Int?, openDays: Int?) async throws -> [SurveyRound] {
        try scope.authorize(.create, .aggregateResults)
        try scope.check(.runSurvey)
        let settings = try await PracticeSettings.current(on: req.db)
        var errors = FormErrors()
        let rounds = count ?? 3, weeks = intervalWeeks ?? settings.surveyIntervalWeeks, days = openDays ?? 14
        if !(1...12).contains(rounds) { errors.add("count", "Plan 1 to 12 rounds.") }
        if !(1...52).contains(weeks) { errors.add("intervalWeeks", "Rounds are 1 to 52 weeks apart.") }
        if !(1...60).contains(days) { errors.add("openDays", "A round stays open 1 to 60 days.") }
        let zone = scope.actor.timeZone
        let first = errors.collect { try CalendarDate.parse(firstOn, field: "firstOn", within: .plannedDay, today: scope.today) }
        if let first, first < CalendarDate.of(req.now, zone: zone) { errors.add("firstOn", "The first round cannot be in the past.") }
        try errors.throwIfAny()
        let targets = try await requireTargets(scope)
        guard let start = LocalTime.parseLocal("\(first!)T09:00", zone: zone) else { throw DomainError.invalid("firstOn", "Enter a date.") }
        let sent = try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).notPlanned().max(\.$number) ?? 0
        let planned: [SurveyRound] = (0..<rounds).map { index in
            let round = SurveyRound()
            round.$engagement.id = scope.id
            round.number = sent + index + 1
            round.status = "planned"
            round.competencyIDs = targets.map(\.uuidString).joined(separator: ",")
            round.openedAt = SurveyRounds.adding(weeks: weeks * index, to: start, zone: zone)
            round.closesAt = round.openedAt.addingTimeInterval(TimeInterval(days * 86_400))
            return round
        }
        try await req.db.writeTransaction { db in
            try await SurveyRound.query(on: db).filter(\.$engagement.$id == scope.id).filter(\.$status == "planned").delete()
            for round in planned { try await round.create(on: db) }
            try await scope.audit("survey_planned", "\(rounds) mini-survey rounds planned every \(weeks) weeks from \(first!).", on: db)
        }
        return planned
    }

    /// Invites the approved stakeholders who have no invitation to the open round yet (e.g. one
    /// nominated after it was sent); those already invited are never mailed again.
    /// - Returns: how many were invited.
    func inviteNewcomers(_ scope: EngagementScope, roundID: UUID?) async throws -> Int {
        try scope.authorize(.update, .aggregateResults)
        let round = try await find(scope, roundID)
        guard round.isOpen else { throw DomainError(.conflict, code: "survey_round_not_open", message: "This round is not open.") }
        return try await SurveyRounds.open(round, engagement: scope.engagement, req: req, actor: AuditActor(scope))
    }

    private func requireTargets(_ scope: EngagementScope) async throws -> [UUID] {
        let targets = try await TargetCompetency.query(on: req.db).filter(\.$engagement.$id == scope.id).sort(\.$position).all(\.$competency.$id)
        guard !targets.isEmpty else {
            throw DomainError(.conflict, code: "no_target_competencies", message: "Choose target competencies before surveying progress.")
        }
        return targets
    }

    private func requireNoOpenRound(_ engagementID: UUID) async throws {
        guard try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == engagementID).filter(\.$closedAt == nil)
                .notPlanned().count() == 0 else {
            throw DomainError(.conflict, code: "survey_round_open", message: "Close the open mini-survey round first.")
        }
    }

    /// Closes a round.
    func close(_ scope: EngagementScope, roundID: UUID?) async throws -> SurveyRound {
        try scope.authorize(.update, .aggregateResults)
        let round = try await find(scope, roundID)
        guard round.closedAt == nil else { throw DomainError(.conflict, code: "survey_round_closed", message: "This round is already closed.") }
        round.closedAt = req.now
        try await req.db.writeTransaction { db in
            try await round.save(on: db)
            try await scope.audit("survey_closed", "Mini-survey round \(round.number) closed.", on: db)
        }
        return round
    }

    /// A round of this engagement, or 404.
    func find(_ scope: EngagementScope, _ id: UUID?) async throws -> SurveyRound {
        guard let id, let round = try await SurveyRound.query(on: req.db).filter(\.$id == id)
                .filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "survey_round_not_found", message: "There is no such survey round in this engagement.")
        }
        return round
    }
}
