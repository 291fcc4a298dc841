import Vapor
import Fluent
import CoachworkCore

/// Competency model pages: list, one version, import with preview, edit as a new version,
/// retire and restore, CSV export.
struct CompetencyModelsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let models = routes.grouped("competency-models")
        models.get(use: index)
        models.post("import", use: importModel)
        models.get(":modelID", use: show)
        models.get(":modelID", "edit", use: edit)
        models.get(":modelID", "export.csv", use: export)
        models.post(":modelID", "competencies", ":competencyID", "retire", use: retire)
        models.post(":modelID", "competencies", ":competencyID", "restore", use: restore)
    }

    /// The import form: a name and the model as text (pasted, or an uploaded file).
    struct ImportForm: Content {
        var name: String?
        var text: String?
        var file: File?
        /// `preview` (default) or `import`.
        var intent: String?
        /// `imported` or `edited`.
        var source: String?
    }

    @Sendable func index(req: Request) async throws -> Response {
        try req.authorize(.view, .competencyModel)
        return CompetencyModelPages.index(req, models: try await CompetencyModelPages.summaries(on: req.db))
    }

    @Sendable func show(req: Request) async throws -> Response {
        try req.authorize(.view, .competencyModel)
        let model = try await CompetencyModelService(db: req.db).find(req.parameters.get("modelID", as: UUID.self))
        let competencies = try await model.$competencies.query(on: req.db).sort(\.$position).with(\.$items).all()
        let versions = try await CompetencyModel.query(on: req.db).filter(\.$name == model.name).sort(\.$version, .descending).all()
        return CompetencyModelPages.show(req, model: model, competencies: competencies, versions: versions)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .competencyModel)
        let service = CompetencyModelService(db: req.db)
        let model = try await service.find(req.parameters.get("modelID", as: UUID.self))
        let text = CompetencyModelImport.toCSV(try await service.draft(of: model))
        return CompetencyModelPages.importForm(req, name: model.name, text: text, source: "edited", issues: [])
    }

    @Sendable func export(req: Request) async throws -> Response {
        try req.authorize(.view, .competencyModel)
        let service = CompetencyModelService(db: req.db)
        let model = try await service.find(req.parameters.get("modelID", as: UUID.self))
        let response = Response(status: .ok, body: .init(string: CompetencyModelImport.toCSV(try await service.draft(of: model))))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let filename = model.name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? String($0) : "-" }.joined()
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)-v\(model.version).csv\"")
        return response
    }

    @Sendable func importModel(req: Request) async throws -> Response {
        try req.authorize(.create, .competencyModel)
        let form = try req.content.decode(ImportForm.self)
        let name = TextInput.optional(form.name) ?? ""
        let source = form.source == "edited" ? "edited" : "imported"
        var text = form.text ?? ""
        if let file = form.file, file.data.readableBytes > 0 {
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            guard let uploaded = String(validating: bytes, as: UTF8.self) else {
                return CompetencyModelPages.importForm(req, name: name, text: text, source: source,
                    issues: [ImportIssue(line: nil, field: "file", message: "The file is not UTF-8 text.")], status: .unprocessableEntity)
            }
            text = uploaded
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return CompetencyModelPages.importForm(req, name: name, text: text, source: source,
                issues: [ImportIssue(line: nil, field: "text", message: "Paste the model or choose a file.")], status: .unprocessableEntity)
        }
        if form.intent == "edit" {
            return CompetencyModelPages.importForm(req, name: name, text: text, source: source, issues: [])
        }
        switch CompetencyModelService.parse(text, name: name) {
        case .failure(let failure):
            return CompetencyModelPages.importForm(req, name: name, text: text, source: source, issues: failure.issues, status: .unprocessableEntity)
        case .success(let draft):
            guard form.intent == "import" else {
                let next = try await CompetencyModel.query(on: req.db).filter(\.$name == draft.name).max(\.$version) ?? 0
                return CompetencyModelPages.preview(req, draft: draft, text: text, source: source, version: next + 1)
            }
            let model: CompetencyModel
            do {
                model = try await CompetencyModelService(db: req.db).save(draft, source: source)
            } catch let error as DomainError where error.kind == .conflict {
                return CompetencyModelPages.importForm(req, name: name, text: text, source: source,
                    issues: [ImportIssue(line: nil, field: nil, message: error.message)], status: .conflict)
            }
            req.flash(.success, "\(model.name) version \(model.version) is saved with \(draft.competencyCount) competencies.")
            return req.seeOther(Paths.competencyModel(model.id!))
        }
    }

    @Sendable func retire(req: Request) async throws -> Response { try await setRetired(req, true) }
    @Sendable func restore(req: Request) async throws -> Response { try await setRetired(req, false) }

    private func setRetired(_ req: Request, _ retired: Bool) async throws -> Response {
        try req.authorize(.update, .competencyModel)
        let competency = try await CompetencyModelService(db: req.db)
            .setRetired(req.parameters.get("competencyID", as: UUID.self), in: req.parameters.get("modelID", as: UUID.self),
                        retired: retired, now: req.now)
        req.flash(.success, retired ? "\(competency.name) is retired: past results keep it, new assessments cannot choose it."
                                    : "\(competency.name) is offered again.")
        return req.seeOther(Paths.competencyModel(competency.$model.id))
    }
}
