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

    func revert(on database: any Database) async throws {
        try await CompetencyModel.query(on: database).filter(\.$name == Self.modelName).delete()
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
