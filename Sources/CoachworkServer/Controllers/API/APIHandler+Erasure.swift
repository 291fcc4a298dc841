import Foundation
import Vapor
import CoachworkAPI
import CoachworkCore

/// Erasure and retention under `/api/v1` (issue 12): the same services and policy as the pages.
extension APIHandler {
    func previewEngagementErasure(_ input: Operations.PreviewEngagementErasure.Input) async throws -> Operations.PreviewEngagementErasure.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.view, .engagementErasure)
        let preview = try await EngagementErasure.preview(scope.engagement, on: req.db)
        return .ok(.init(body: .json(.init(records: DTO.counted(preview.records), peopleDeleted: preview.peopleDeleted,
                                           erasable: !scope.engagement.isOngoing))))
    }

    func eraseEngagement(_ input: Operations.EraseEngagement.Input) async throws -> Operations.EraseEngagement.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        try scope.authorize(.delete, .engagementErasure)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireConfirmation(body.confirm)
        return .ok(.init(body: .json(DTO.erased(try await EngagementErasure.erase(scope)))))
    }

    func previewPersonErasure(_ input: Operations.PreviewPersonErasure.Input) async throws -> Operations.PreviewPersonErasure.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .personErasure)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let subject = try await PersonErasure(db: req.db).subject(email: body.email)
        return .ok(.init(body: .json(.init(
            email: subject.email, found: !subject.isEmpty, records: DTO.counted(subject.records),
            engagements: subject.parts.map { .init(engagementId: $0.engagementID.uuidString.lowercased(), part: .init(rawValue: $0.part.rawValue)!,
                                                   running: $0.ongoing, label: $0.label) },
            blocked: subject.blocked.map { .init(code: $0.code, message: $0.message,
                                                 details: $0.details.map { .init(code: $0.code, message: $0.message, field: $0.field) }) }))))
    }

    func erasePerson(_ input: Operations.ErasePerson.Input) async throws -> Operations.ErasePerson.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.delete, .personErasure)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireConfirmation(body.confirm)
        let service = PersonErasure(db: req.db)
        let erased = try await service.erase(try await service.subject(email: body.email), actor: AuditActor(try req.requireActor()), now: req.now)
        return .ok(.init(body: .json(.init(erased: erased))))
    }

    func getRetentionPlan(_ input: Operations.GetRetentionPlan.Input) async throws -> Operations.GetRetentionPlan.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .engagementErasure)
        return .ok(.init(body: .json(DTO.retention(try await RetentionSweep(db: req.db).plan(now: req.now)))))
    }

    func applyRetention(_ input: Operations.ApplyRetention.Input) async throws -> Operations.ApplyRetention.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.delete, .engagementErasure)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireConfirmation(body.confirm)
        let plan = try await RetentionSweep(db: req.db).run(now: req.now, actor: AuditActor(try req.requireActor()))
        return .ok(.init(body: .json(DTO.retention(plan))))
    }

    /// Deletions that cannot be undone need `confirm: true`.
    /// - Throws: 422 naming `confirm`.
    private static func requireConfirmation(_ confirm: Bool) throws {
        guard confirm else { throw DomainError.invalid("confirm", "Set confirm to true: this cannot be undone.", code: "confirmation_required") }
    }
}

extension DTO {
    static func counted(_ records: [(label: String, count: Int)]) -> Components.Schemas.CountedRecords {
        records.map { .init(label: $0.label, count: $0.count) }
    }

    static func erased(_ e: ErasedEngagement) -> Components.Schemas.ErasedEngagement {
        let targets = (try? JSONDecoder().decode([String].self, from: Data(e.targetCompetencyIDs.utf8))) ?? []
        let means = (try? JSONDecoder().decode([ErasedEngagement.SurveyMean].self, from: Data(e.surveyMeansJSON.utf8))) ?? []
        return .init(phaseReached: e.phaseReached, status: e.status, startedAt: e.startedAt, endedAt: e.endedAt, erasedAt: e.erasedAt,
                     plannedSessions: e.plannedSessions, sessionsHeld: e.sessionsHeld, stakeholders: e.stakeholders,
                     ratersInvited: e.ratersInvited, ratersAnswered: e.ratersAnswered, surveyRounds: e.surveyRounds,
                     surveyInvited: e.surveyInvited, surveyAnswered: e.surveyAnswered, targetCompetencyIds: targets,
                     surveyMeans: means.map { .init(round: $0.round, competencyId: $0.competencyID.uuidString.lowercased(), n: $0.n, mean: $0.mean) })
    }

    static func retention(_ plan: RetentionSweep.Plan) -> Components.Schemas.RetentionPlan {
        let item = { (d: RetentionSweep.Due) -> Components.Schemas.RetentionItem in
            .init(engagementId: d.engagementID.uuidString.lowercased(), client: d.client, endedAt: d.endedAt, notes: d.notes)
        }
        return .init(privateNotesMonths: plan.policy.privateNotesMonths, engagementMonths: plan.policy.engagementMonths,
                     notes: plan.notes.map(item), erasures: plan.erasures.map(item))
    }
}
