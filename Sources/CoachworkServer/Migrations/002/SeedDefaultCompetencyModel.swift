import Fluent
import Vapor
import CSV

/// Seeds the default leadership competency model (6 clusters, 28 competencies) that ships
/// with the product in `Resources/leadership-competencies.csv` (columns: cluster,
/// competency, description; UTF-8; header row).
struct SeedDefaultCompetencyModel: AsyncMigration {
    static let modelName = "Leadership competencies (default)"

    func prepare(on database: any Database) async throws {
        let rows = try Self.loadRows()
        // Only the columns of migration 002: later migrations add columns the models know about
        // but this schema does not have yet, so the models' own `create` cannot be used here.
        try await database.writeTransaction { db in
            let modelID = UUID()
            try await CompetencyModel.query(on: db).set(\.$id, to: modelID).set(\.$name, to: Self.modelName)
                .set(\.$version, to: 1).set(\.$createdAt, to: Date()).create()
            for (index, row) in rows.enumerated() {
                try await Competency.query(on: db).set(\.$id, to: UUID()).set(\.$model.$id, to: modelID)
                    .set(\.$cluster, to: row.cluster).set(\.$name, to: row.name)
                    .set(\.$description, to: row.description).set(\.$position, to: index + 1).create()
            }
        }
    }

    /// Deletes the seeded version 1 with its competencies, and first the target competencies chosen
    /// from it (they reference it without a cascade). Those would go a moment later anyway: this seed
    /// shipped with ``CreateAnalysis``, so one batch holds both and reverts this one first. Other
    /// versions of the same name are not this migration's: they go with their table.
    func revert(on database: any Database) async throws {
        try await database.writeTransaction { db in
            let models = try await CompetencyModel.query(on: db).filter(\.$name == Self.modelName)
                .filter(\.$version == 1).all(\.$id)
            try await Self.deleteTargets(choosingFrom: models, on: db)
            try await CompetencyModel.query(on: db).filter(\.$id ~~ models).delete()
        }
    }

    /// Deletes the target competencies that name a competency of one of `models`, so that the models
    /// can be deleted (the reference has no `ON DELETE` action).
    /// - Throws: the database's error.
    static func deleteTargets(choosingFrom models: [UUID], on database: any Database) async throws {
        guard !models.isEmpty else { return }
        let competencies = try await Competency.query(on: database).filter(\.$model.$id ~~ models).all(\.$id)
        guard !competencies.isEmpty else { return }
        try await TargetCompetency.query(on: database).filter(\.$competency.$id ~~ competencies).delete()
    }

    /// Parses the shipped CSV.
    /// - Throws: when the resource is missing or a row lacks a column (a packaging bug).
    static func loadRows() throws -> [(cluster: String, name: String, description: String)] {
        guard let url = Bundle.module.url(forResource: "leadership-competencies", withExtension: "csv") else {
            throw Abort(.internalServerError, reason: "leadership-competencies.csv is missing from the bundle")
        }
        let reader = try CSVReader(string: try String(contentsOf: url, encoding: .utf8), hasHeaderRow: true)
        var rows: [(String, String, String)] = []
        while let row = reader.next() {
            guard row.count == 3 else { throw Abort(.internalServerError, reason: "Malformed default model row: \(row)") }
            rows.append((row[0], row[1], row[2]))
        }
        return rows
    }
}
