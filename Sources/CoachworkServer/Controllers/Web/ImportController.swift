import Vapor
import CoachworkCore

/// The CSV import pages: people into the directory, stakeholders into an engagement. Each is a form,
/// a preview (POST `intent=preview`) and the import (POST `intent=import`, the preview's text sent back).
struct ImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", "import", use: peopleForm)
        routes.post("people", "import", use: importPeople)
        let stakeholders = routes.grouped("engagements", ":engagementID", "stakeholders", "import")
        stakeholders.get(use: stakeholdersForm)
        stakeholders.post(use: importStakeholders)
    }

    /// The multipart form of every step.
    struct UploadForm: Content {
        /// Pasted text, or the preview's text sent back.
        var text: String?
        /// An uploaded file (wins over `text` when not empty).
        var file: File?
        /// `preview` (default) or `import`.
        var intent: String?
        /// Raw value of ``ImportEncoding`` the preview read the text in (sent back with it).
        var encoding: String?
    }

    @Sendable func peopleForm(req: Request) async throws -> Response {
        try req.authorize(.create, .person)
        return ImportPages.form(req, .people, text: nil)
    }

    @Sendable func importPeople(req: Request) async throws -> Response {
        try req.authorize(.create, .person)
        let user = try req.requireUser()
        let service = CSVImportService(req: req)
        return try await run(req, .people,
                             plan: { try await service.planPeople($0, by: user) },
                             commit: { try await service.importPeople($0, by: user) }, done: Paths.people)
    }

    @Sendable func stakeholdersForm(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try CSVImportService.authorizeStakeholders(scope)
        return ImportPages.form(req, .stakeholders(scope.id), text: nil)
    }

    @Sendable func importStakeholders(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        let service = CSVImportService(req: req)
        return try await run(req, .stakeholders(scope.id),
                             plan: { try await service.planStakeholders($0, in: scope) },
                             commit: { try await service.importStakeholders($0, in: scope) }, done: Paths.engagement(scope.id))
    }

    /// One step of either import: reads the form, then previews, or imports and redirects to `done`
    /// with the counts. A file that cannot be read shows the form again (422) with the reason; an
    /// import with nothing to create shows the preview again (422, no button), never a success.
    private func run(_ req: Request, _ target: ImportPages.Target,
                     plan: (CSVImportService.Source) async throws -> ImportPlan,
                     commit: (CSVImportService.Source) async throws -> CSVImportService.Outcome,
                     done: String) async throws -> Response {
        let form = try req.content.decode(UploadForm.self)
        let text: String, encoding: ImportEncoding
        if let file = form.file, file.data.readableBytes > 0 {
            switch ImportTextDecoder.decode(Array(file.data.readableBytesView)) {
            case .failure(let issue):
                return ImportPages.form(req, target, text: nil, issues: [issue], status: .unprocessableEntity)
            case .success(let decoded): (text, encoding) = (decoded.text, decoded.encoding)
            }
        } else {
            (text, encoding) = (form.text ?? "", form.encoding.flatMap(ImportEncoding.init(rawValue:)) ?? .utf8)
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            return ImportPages.form(req, target, text: text, issues: [ImportIssue(line: nil, field: "file", message: "Choose a CSV file or paste its rows.")],
                                    status: .unprocessableEntity)
        }
        let source = CSVImportService.Source.text(text, encoding)
        guard form.intent == "import" else {
            return ImportPages.preview(req, target, plan: try await plan(source), text: text)
        }
        do {
            let outcome = try await commit(source)
            req.flash(.success, ImportPages.result(outcome.plan, target))
            return req.seeOther(done)
        } catch let error as DomainError where error.code == "nothing_to_import" {
            return ImportPages.preview(req, target, plan: try await plan(source), text: text)
        }
    }
}
