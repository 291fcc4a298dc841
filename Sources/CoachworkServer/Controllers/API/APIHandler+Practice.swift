import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

/// Practice settings and competency models under `/api/v1`.
extension APIHandler {
    func getSettings(_ input: Operations.GetSettings.Input) async throws -> Operations.GetSettings.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .practiceSettings)
        return .ok(.init(body: .json(DTO.settings(try await PracticeSettings.current(on: req.db)))))
    }

    func updateSettings(_ input: Operations.UpdateSettings.Input) async throws -> Operations.UpdateSettings.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.update, .practiceSettings)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let settings = try await SettingsService(db: req.db).update(.init(
            ratingThreshold: body.ratingThreshold, commentThreshold: body.commentThreshold,
            showManagerSeparately: body.showManagerSeparately, reminderIntervalDays: body.reminderIntervalDays,
            interviewQuestions: body.interviewQuestions, surveyIntervalWeeks: body.surveyIntervalWeeks, followUpWeeks: body.followUpWeeks,
            acceptanceReminderDays: body.acceptanceReminderDays, acknowledgementReminderDays: body.acknowledgementReminderDays,
            meetingReminderHours: body.meetingReminderHours,
            privateNotesRetentionMonths: body.privateNotesRetentionMonths, engagementRetentionMonths: body.engagementRetentionMonths,
            reopenGraceDays: body.reopenGraceDays), by: AuditActor(try req.requireActor()), at: req.now)
        return .ok(.init(body: .json(DTO.settings(settings))))
    }

    func listCompetencyModels(_ input: Operations.ListCompetencyModels.Input) async throws -> Operations.ListCompetencyModels.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .competencyModel)
        let models = try await CompetencyModel.query(on: req.db).sort(\.$name).sort(\.$version, .descending).all()
        var result: [Components.Schemas.CompetencyModelSummary] = []
        for model in models {
            result.append(.init(id: model.id!.uuidString, name: model.name, version: model.version, source: model.source ?? "seeded",
                                competencies: try await model.$competencies.query(on: req.db).count()))
        }
        return .ok(.init(body: .json(result)))
    }

    func getCompetencyModel(_ input: Operations.GetCompetencyModel.Input) async throws -> Operations.GetCompetencyModel.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .competencyModel)
        let model = try await CompetencyModelService(db: req.db).find(UUID(uuidString: input.path.modelId))
        return .ok(.init(body: .json(try await DTO.competencyModel(model, on: req.db))))
    }

    /// Validates the content; with `preview` returns the draft, else saves it as the next version.
    /// - Throws: 422 with one detail per import problem (line in the message, column or JSON path as `field`).
    func importCompetencyModel(_ input: Operations.ImportCompetencyModel.Input) async throws -> Operations.ImportCompetencyModel.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.create, .competencyModel)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let name = TextInput.optional(body.name) ?? ""
        let parsed: Result<CompetencyModelDraft, ImportFailure>
        switch body.format {
        case .json?: parsed = CompetencyModelImport.fromJSON(Data(body.content.utf8), fallbackName: name)
        case .csv?:
            do { parsed = CompetencyModelImport.fromCSV(records: try CompetencyModelService.records(body.content), name: name) }
            catch let error as DomainError { throw error }
        case nil: parsed = CompetencyModelService.parse(body.content, name: name)
        }
        switch parsed {
        case .failure(let failure):
            let details = failure.issues.map { issue in
                DomainError.Detail(code: "import_issue", message: (issue.line.map { "Line \($0): " } ?? "") + issue.message, field: issue.field)
            }
            throw DomainError(.invalid, code: "model_import_invalid",
                              message: "The model has \(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s"); nothing was saved.",
                              field: failure.issues.first?.field ?? "content", details: details)
        case .success(let draft):
            if body.preview == true { return .ok(.init(body: .json(DTO.draft(draft)))) }
            let model = try await CompetencyModelService(db: req.db).save(draft, source: "imported")
            return .created(.init(body: .json(try await DTO.competencyModel(model, on: req.db))))
        }
    }

    func setCompetencyRetired(_ input: Operations.SetCompetencyRetired.Input) async throws -> Operations.SetCompetencyRetired.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.update, .competencyModel)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = CompetencyModelService(db: req.db)
        let model = try await service.find(UUID(uuidString: input.path.modelId))
        let competency = try await service.setRetired(UUID(uuidString: input.path.competencyId), in: model.id,
                                                      retired: body.retired, now: req.now)
        try await competency.$items.load(on: req.db)
        return .ok(.init(body: .json(DTO.modelCompetency(competency))))
    }
}

extension DTO {
    static func settings(_ s: PracticeSettings) -> Components.Schemas.PracticeSettings {
        .init(surveyIntervalWeeks: s.surveyIntervalWeeks, followUpWeeks: s.followUpWeeks,
              acceptanceReminderDays: s.acceptanceReminderDays, acknowledgementReminderDays: s.acknowledgementReminderDays,
              meetingReminderHours: s.meetingReminderHours,
              privateNotesRetentionMonths: s.privateNotesRetentionMonths, engagementRetentionMonths: s.engagementRetentionMonths,
              reopenGraceDays: s.reopenGraceDays,
              ratingThreshold: s.ratingThreshold, commentThreshold: s.commentThreshold, showManagerSeparately: s.showManagerSeparately,
              reminderIntervalDays: s.reminderIntervalDays, interviewQuestions: s.interviewQuestions)
    }

    static func modelCompetency(_ c: Competency) -> Components.Schemas.ModelCompetency {
        .init(id: c.id!.uuidString, cluster: c.cluster, name: c.name, description: c.description, retired: c.retiredAt != nil,
              items: c.items.sorted { $0.position < $1.position }.map(\.text))
    }

    static func competencyModel(_ model: CompetencyModel, on db: any Database) async throws -> Components.Schemas.CompetencyModel {
        let competencies = try await model.$competencies.query(on: db).sort(\.$position).with(\.$items).all()
        return .init(id: model.id!.uuidString, name: model.name, version: model.version, source: model.source ?? "seeded",
                     competencies: competencies.map(modelCompetency))
    }

    static func draft(_ d: CompetencyModelDraft) -> Components.Schemas.CompetencyModelDraft {
        .init(name: d.name, clusters: d.clusters.map { cluster in
            .init(name: cluster.name, competencies: cluster.competencies.map { .init(name: $0.name, description: $0.description, items: $0.items) })
        })
    }
}
