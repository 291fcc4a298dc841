import Vapor
import CoachworkAPI
import CoachworkCore
import OpenAPIRuntime

extension APIHandler {
    func importPeople(_ input: Operations.ImportPeople.Input) async throws -> Operations.ImportPeople.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.create, .person)
        let user = try req.requireUser()
        guard case .csv(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let source = try await csvSource(body)
        let service = CSVImportService(req: req)
        if input.query.dryRun == true {
            return .ok(.init(body: .json(DTO.importResult(try await service.planPeople(source, by: user), dryRun: true))))
        }
        return .created(.init(body: .json(DTO.importResult(try await service.importPeople(source, by: user).plan, dryRun: false))))
    }

    func importStakeholders(_ input: Operations.ImportStakeholders.Input) async throws -> Operations.ImportStakeholders.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .csv(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let source = try await csvSource(body)
        let service = CSVImportService(req: req)
        if input.query.dryRun == true {
            return .ok(.init(body: .json(DTO.importResult(try await service.planStakeholders(source, in: scope), dryRun: true))))
        }
        return .created(.init(body: .json(DTO.importResult(try await service.importStakeholders(source, in: scope).plan, dryRun: false))))
    }

    /// The body's bytes as sent (the core detects the encoding); the body limit already capped them at 1 MiB.
    private func csvSource(_ body: HTTPBody) async throws -> CSVImportService.Source {
        .bytes(try await [UInt8](collecting: body, upTo: BodyLimitMiddleware.maxBytes))
    }
}

extension DTO {
    /// A plan (or what an import did) as the spec's `ImportResult`.
    static func importResult(_ plan: ImportPlan, dryRun: Bool) -> Components.Schemas.ImportResult {
        typealias S = Components.Schemas
        return .init(
            dryRun: dryRun, importable: plan.isImportable, imported: dryRun ? 0 : plan.rows.count,
            encoding: plan.encoding.flatMap { S.ImportResult.EncodingPayload(rawValue: $0.rawValue) },
            encodingName: plan.encoding?.title,
            delimiter: plan.delimiter.map { switch $0 { case .comma: .comma; case .semicolon: .semicolon; case .tab: .tab } },
            toCreate: plan.rows.map { row in
                S.ImportRow(line: row.line, name: row.name, email: row.email, timeZone: row.timeZone, jobTitle: row.jobTitle,
                            organisation: row.organisation, relationship: row.relationship.flatMap { S.ImportRow.RelationshipPayload(rawValue: $0.rawValue) })
            },
            skipped: plan.skipped.map { skip in
                S.ImportSkip(line: skip.line, email: skip.email, code: S.ImportSkip.CodePayload(rawValue: skip.reason.code) ?? .duplicateInFile,
                             message: skip.reason.message)
            },
            errors: plan.issues.map { S.ImportError(line: $0.line, field: $0.field, message: $0.message) },
            ignoredColumns: plan.ignoredColumns)
    }
}
