import Vapor
import Fluent
import CoachworkCore

/// Competency models: import (CSV or JSON) as a new version, export, retire and restore competencies.
///
/// Versions are immutable apart from retiring: an edit is an import of the changed model as the
/// next version, and an assessment pins the version it used, so past results never change.
struct CompetencyModelService {
    let db: any Database

    /// Parses pasted or uploaded text: JSON when it starts with `{`, else CSV (RFC 4180, header row).
    /// - Returns: the draft, or every problem found with its line.
    static func parse(_ text: String, name: String) -> Result<CompetencyModelDraft, ImportFailure> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return CompetencyModelImport.fromJSON(Data(text.utf8), fallbackName: name) }
        do {
            return CompetencyModelImport.fromCSV(records: try records(text), name: name)
        } catch {
            let message = (error as? DomainError)?.message ?? "This is not readable CSV: \(error)."
            return .failure(ImportFailure(issues: [ImportIssue(line: nil, field: nil, message: message)]))
        }
    }

    /// Splits CSV text into records with the physical line each starts on (``CSVParser``, the reader
    /// of the people import: comma, semicolon or tab, sniffed from the header; quoted line breaks).
    /// - Throws: 422 `csv_malformed` naming the line where a quoted field never closes, or where text
    ///   follows a closing quote.
    static func records(_ text: String) throws -> [CSVRecord] {
        switch CSVParser.records(text, delimiter: CSVParser.sniffDelimiter(text)) {
        case .failure(let issue):
            throw DomainError(.invalid, code: "csv_malformed", message: issue.message, field: "text")
        case .success(let records):
            // Undo the apostrophe our export puts before a would-be formula (and a spreadsheet keeps).
            return records.map { record in
                CSVRecord(line: record.line, fields: record.fields.map { field -> String in
                    guard field.hasPrefix("'"), let next = field.dropFirst().unicodeScalars.first,
                          "=+-@\t\r".unicodeScalars.contains(next) else { return field }
                    return String(field.dropFirst())
                })
            }
        }
    }

    /// Stores `draft` as the next version of the model with its name (version 1 for a new name).
    /// - Parameter source: `imported` or `edited`.
    /// - Throws: 409 when the draft equals the latest version (a repeated import makes no new version).
    func save(_ draft: CompetencyModelDraft, source: String) async throws -> CompetencyModel {
        let latest = try await CompetencyModel.query(on: db).filter(\.$name == draft.name).sort(\.$version, .descending).first()
        if let latest, try await self.draft(of: latest) == draft {
            throw DomainError(.conflict, code: "model_unchanged",
                              message: "This is the same as \(latest.name) version \(latest.version); no new version was made.")
        }
        let model = CompetencyModel()
        model.name = draft.name
        model.version = (latest?.version ?? 0) + 1
        model.source = source
        try await db.writeTransaction { db in
            try await model.create(on: db)
            var position = 0
            for cluster in draft.clusters {
                for entry in cluster.competencies {
                    position += 1
                    let competency = Competency()
                    competency.$model.id = try model.requireID()
                    competency.cluster = cluster.name
                    competency.name = entry.name
                    competency.description = entry.description
                    competency.position = position
                    try await competency.create(on: db)
                    for (index, text) in entry.items.enumerated() {
                        let item = CompetencyItem()
                        item.$competency.id = try competency.requireID()
                        item.text = text
                        item.position = index + 1
                        try await item.create(on: db)
                    }
                }
            }
        }
        return model
    }

    /// A stored version as a draft (for export, or as the start of an edit); retired competencies are left out.
    func draft(of model: CompetencyModel) async throws -> CompetencyModelDraft {
        let competencies = try await model.$competencies.query(on: db).filter(\.$retiredAt == nil).sort(\.$position)
            .with(\.$items).all()
        var clusters: [CompetencyModelDraft.Cluster] = []
        for competency in competencies {
            let entry = CompetencyDraft(name: competency.name, description: competency.description,
                                        items: competency.items.sorted { $0.position < $1.position }.map(\.text))
            if clusters.last?.name == competency.cluster { clusters[clusters.count - 1].competencies.append(entry) }
            else { clusters.append(.init(name: competency.cluster, competencies: [entry])) }
        }
        return CompetencyModelDraft(name: model.name, clusters: clusters)
    }

    /// Retires (or restores) a competency: it stays in past results, but new assessments cannot choose it.
    /// - Throws: 404 for an unknown competency.
    func setRetired(_ competencyID: UUID?, in modelID: UUID?, retired: Bool, now: Date) async throws -> Competency {
        guard let competencyID, let modelID, let competency = try await Competency.query(on: db).filter(\.$id == competencyID)
                .filter(\.$model.$id == modelID).first() else {
            throw DomainError(.notFound, code: "competency_not_found", message: "There is no such competency.")
        }
        competency.retiredAt = retired ? now : nil
        try await competency.save(on: db)
        return competency
    }

    /// A model version, or 404.
    func find(_ id: UUID?) async throws -> CompetencyModel {
        guard let id, let model = try await CompetencyModel.find(id, on: db) else {
            throw DomainError(.notFound, code: "competency_model_not_found", message: "There is no such competency model.")
        }
        return model
    }
}
