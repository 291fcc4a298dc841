import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

typealias S = Components.Schemas

extension APIHandler {
    /// The engagement scope for a path id (404 for malformed ids, unknown ones and outsiders).
    func scope(_ raw: String, _ req: Request) async throws -> EngagementScope {
        try await req.engagementScope(parseID(raw, notFound: "engagement_not_found", "There is no such engagement."))
    }

    func listCompetencies(_ input: Operations.ListCompetencies.Input) async throws -> Operations.ListCompetencies.Output {
        let req = try APIRequestContext.current()
        _ = try req.requireUser()
        let competencies = try await CompetencyCatalog.defaultModel(on: req.db).filter { $0.retiredAt == nil }
        return .ok(.init(body: .json(competencies.map {
            S.Competency(id: $0.id!.uuidString, cluster: $0.cluster, name: $0.name, description: $0.description)
        })))
    }

    func listEngagements(_ input: Operations.ListEngagements.Input) async throws -> Operations.ListEngagements.Output {
        let req = try APIRequestContext.current()
        let request = try Pagination.request(page: input.query.page, per: input.query.per)
        let page = try await EngagementCatalog.page(for: req.requireActor(), request, on: req.db)
        req.storage[PageLinksKey.self] = page.metadata.linkHeader(path: "/api/v1/engagements")
        return .ok(.init(headers: .init(xTotalCount: page.metadata.total),
                         body: .json(try await DTO.engagements(page.items, on: req.db))))
    }

    func createEngagement(_ input: Operations.CreateEngagement.Input) async throws -> Operations.CreateEngagement.Output {
        let req = try APIRequestContext.current()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let engagement = try await EngagementService(req: req).create(.init(
            clientID: try bodyID(body.clientId, field: "clientId"), sponsorID: try bodyID(body.sponsorId, field: "sponsorId"),
            hrPartnerID: try bodyID(body.hrPartnerId, field: "hrPartnerId"),
            seniorExecutiveID: try bodyID(body.seniorExecutiveId, field: "seniorExecutiveId"),
            presentingProblem: body.presentingProblem, objective: body.objective))
        return .created(.init(body: .json(try await DTO.engagement(engagement, on: req.db))))
    }

    func getEngagement(_ input: Operations.GetEngagement.Input) async throws -> Operations.GetEngagement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .engagement)
        return .ok(.init(body: .json(try await DTO.engagement(scope.engagement, on: req.db))))
    }

    func advanceEngagement(_ input: Operations.AdvanceEngagement.Input) async throws -> Operations.AdvanceEngagement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let cancelPlanned: Bool = if case .json(let body)? = input.body { body.cancelPlannedMeetings ?? false } else { false }
        _ = try await EngagementService(req: req).advance(scope, cancelPlannedMeetings: cancelPlanned)
        return .ok(.init(body: .json(try await DTO.engagement(scope.engagement, on: req.db))))
    }

    func getAgreement(_ input: Operations.GetAgreement.Input) async throws -> Operations.GetAgreement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .agreement)
        return .ok(.init(body: .json(try await DTO.agreement(of: scope.id, on: req.db))))
    }

    func saveAgreement(_ input: Operations.SaveAgreement.Input) async throws -> Operations.SaveAgreement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await AgreementService(req: req).save(scope, .init(
            plannedSessions: body.plannedSessions, cadenceWeeks: body.cadenceWeeks, durationMonths: body.durationMonths,
            confidentialityTerms: body.confidentialityTerms,
            goals: body.goals.map { .init(statement: $0.statement, successMeasure: $0.successMeasure, targetDate: $0.targetDate) }))
        return .ok(.init(body: .json(try await DTO.agreement(of: scope.id, on: req.db))))
    }

    func proposeAgreement(_ input: Operations.ProposeAgreement.Input) async throws -> Operations.ProposeAgreement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try await AgreementService(req: req).propose(scope)
        return .accepted(.init(body: .json(try await DTO.agreement(of: scope.id, on: req.db))))
    }

    func listMeetings(_ input: Operations.ListMeetings.Input) async throws -> Operations.ListMeetings.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .sharedNotes)
        let meetings = try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id).sort(\.$startsAt).all()
        return .ok(.init(body: .json(meetings.map { DTO.meeting($0, withPrivateNotes: scope.can(.view, .privateNotes)) })))
    }

    func scheduleSessionSeries(_ input: Operations.ScheduleSessionSeries.Input) async throws -> Operations.ScheduleSessionSeries.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let meetings = try await apiFieldNames {
            try await MeetingService(req: req).scheduleSeries(
                scope, firstStart: body.firstStart, count: body.count, cadenceWeeks: body.cadenceWeeks,
                durationMinutes: body.durationMinutes, objective: body.objective, location: body.location, videoURL: body.videoUrl)
        }
        return .created(.init(body: .json(meetings.map { DTO.meeting($0, withPrivateNotes: true) })))
    }

    func scheduleMeeting(_ input: Operations.ScheduleMeeting.Input) async throws -> Operations.ScheduleMeeting.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let meeting = try await apiFieldNames {
            try await MeetingService(req: req).schedule(scope, .init(
                kind: body.kind.rawValue, startsAt: body.startsAt, durationMinutes: body.durationMinutes, objective: body.objective,
                attendees: (body.attendees ?? []).map(\.rawValue), location: body.location, videoURL: body.videoUrl))
        }
        return .created(.init(body: .json(DTO.meeting(meeting, withPrivateNotes: true))))
    }

    func recordMeeting(_ input: Operations.RecordMeeting.Input) async throws -> Operations.RecordMeeting.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let meeting = try await MeetingService(req: req).record(scope, meetingID: UUID(uuidString: input.path.meetingId), .init(
            sharedNotes: body.sharedNotes, privateNotes: body.privateNotes,
            actionItems: (body.actionItems ?? []).map { ($0.description, $0.owner?.rawValue, $0.dueDate) },
            feedbackObtained: body.feedbackObtained, achievements: body.achievements))
        return .ok(.init(body: .json(DTO.meeting(meeting, withPrivateNotes: true))))
    }

    func listStakeholders(_ input: Operations.ListStakeholders.Input) async throws -> Operations.ListStakeholders.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .stakeholderList)
        let stakeholders = try await StakeholderService.nominated(scope.id, on: req.db)
        return .ok(.init(body: .json(stakeholders.map(DTO.stakeholder))))
    }

    func nominateStakeholder(_ input: Operations.NominateStakeholder.Input) async throws -> Operations.NominateStakeholder.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let stakeholder = try await StakeholderService(req: req).nominate(scope, .init(
            name: body.name, email: body.email, relationship: body.relationship.rawValue, timeZone: body.timeZone))
        return .created(.init(body: .json(DTO.stakeholder(stakeholder))))
    }

    func decideRater(_ input: Operations.DecideRater.Input) async throws -> Operations.DecideRater.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let stakeholder = try await StakeholderService(req: req).decide(
            scope, stakeholderID: UUID(uuidString: input.path.stakeholderId), approve: body.approve)
        return .ok(.init(body: .json(DTO.stakeholder(stakeholder))))
    }

    func withdrawStakeholder(_ input: Operations.WithdrawStakeholder.Input) async throws -> Operations.WithdrawStakeholder.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let reason: String? = if case .json(let body)? = input.body { body.reason } else { nil }
        let id = UUID(uuidString: input.path.stakeholderId)
        try await StakeholderWithdrawal(req: req).withdraw(scope, stakeholderID: id, reason: reason)
        guard let stakeholder = try await Stakeholder.find(id, on: req.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(DTO.stakeholder(stakeholder))))
    }
}

extension APIHandler {
    func pauseEngagement(_ input: Operations.PauseEngagement.Input) async throws -> Operations.PauseEngagement.Output {
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        return .ok(.init(body: .json(try await changeStatus(input.path.engagementId, .pause, reason: body.reason))))
    }

    func resumeEngagement(_ input: Operations.ResumeEngagement.Input) async throws -> Operations.ResumeEngagement.Output {
        .ok(.init(body: .json(try await changeStatus(input.path.engagementId, .resume, reason: nil))))
    }

    func reopenEngagement(_ input: Operations.ReopenEngagement.Input) async throws -> Operations.ReopenEngagement.Output {
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        return .ok(.init(body: .json(try await changeStatus(input.path.engagementId, .reopen, reason: body.reason))))
    }

    func cancelEngagement(_ input: Operations.CancelEngagement.Input) async throws -> Operations.CancelEngagement.Output {
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        return .ok(.init(body: .json(try await changeStatus(input.path.engagementId, .cancel, reason: body.reason))))
    }

    /// The shared body of pause, resume and cancel: the change, then the engagement as it is now.
    private func changeStatus(_ id: String, _ change: EngagementStatus.Change, reason: String?) async throws -> Components.Schemas.Engagement {
        let req = try APIRequestContext.current()
        let scope = try await scope(id, req)
        try await EngagementLifecycle(req: req).change(scope, change, reason: reason)
        return try await DTO.engagement(scope.engagement, on: req.db)
    }
}

extension APIHandler {
    func handOverEngagement(_ input: Operations.HandOverEngagement.Input) async throws -> Operations.HandOverEngagement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await EngagementHandover(req: req).handOver(scope, to: UUID(uuidString: body.coachId), note: body.note)
        return .ok(.init(body: .json(try await DTO.engagement(scope.engagement, on: req.db))))
    }
}
