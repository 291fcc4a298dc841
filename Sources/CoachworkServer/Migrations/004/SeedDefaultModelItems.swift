import Fluent
import Vapor
import CSV

/// Seeds version 2 of the default leadership competency model: the same 28 competencies,
/// each with three behaviour items (`Resources/leadership-competencies-items.csv`: cluster,
/// competency, description, item; one row per item). Version 1 stays for the assessments
/// that pinned it.
struct SeedDefaultModelItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let url = Bundle.module.url(forResource: "leadership-competencies-items", withExtension: "csv") else {
            throw Abort(.internalServerError, reason: "leadership-competencies-items.csv is missing from the bundle")
        }
        let reader = try CSVReader(string: try String(contentsOf: url, encoding: .utf8), hasHeaderRow: true)
        var competencies: [(cluster: String, name: String, description: String, items: [String])] = []
        while let row = reader.next() {
            guard row.count == 4 else { throw Abort(.internalServerError, reason: "Malformed default item row: \(row)") }
            if competencies.last?.name == row[1] { competencies[competencies.count - 1].items.append(row[3]) }
            else { competencies.append((row[0], row[1], row[2], [row[3]])) }
        }
        let next = (try await CompetencyModel.query(on: database).filter(\.$name == SeedDefaultCompetencyModel.modelName)
            .max(\.$version) ?? 0) + 1
        // Only the columns that exist at migration 004, set one by one (see SeedDefaultCompetencyModel).
        let rows = competencies
        try await database.writeTransaction { db in
            let modelID = UUID()
            try await CompetencyModel.query(on: db).set(\.$id, to: modelID).set(\.$name, to: SeedDefaultCompetencyModel.modelName)
                .set(\.$version, to: next).set(\.$source, to: "seeded").set(\.$createdAt, to: Date()).create()
            for (index, entry) in rows.enumerated() {
                let competencyID = UUID()
                try await Competency.query(on: db).set(\.$id, to: competencyID).set(\.$model.$id, to: modelID)
                    .set(\.$cluster, to: entry.cluster).set(\.$name, to: entry.name)
                    .set(\.$description, to: entry.description).set(\.$position, to: index + 1).create()
                for (position, text) in entry.items.enumerated() {
                    try await CompetencyItem.query(on: db).set(\.$id, to: UUID()).set(\.$competency.$id, to: competencyID)
                        .set(\.$text, to: text).set(\.$position, to: position + 1).create()
                }
            }
        }
    }

    /// Deletes the seeded version 2 with its competencies and items, unless engagements use it.
    ///
    /// Reverting this migration alone goes back to 003 after an upgrade: engagements that assessed or
    /// chose target competencies with version 2 must keep working there, and 003's tables hold a model
    /// with items, so a version in use stays (an upgrade again seeds the next version beside it). It
    /// goes with its tables when ``CreateAnalysis`` is reverted. Deleting it regardless stopped
    /// `migrate --revert` on the foreign key from target competencies, half reverted.
    func revert(on database: any Database) async throws {
        try await database.writeTransaction { db in
            let seeded = try await CompetencyModel.query(on: db).filter(\.$name == SeedDefaultCompetencyModel.modelName)
                .filter(\.$source == "seeded").all(\.$id)
            var unused: [UUID] = []
            for model in seeded where try await !Self.isUsed(model, on: db) { unused.append(model) }
            guard !unused.isEmpty else { return }
            try await CompetencyModel.query(on: db).filter(\.$id ~~ unused).delete()
        }
    }

    /// Whether an assessment pinned `model`, or an engagement chose a target competency or coded an
    /// interview theme from its competencies (survey rounds and ratings follow those).
    /// - Throws: the database's error.
    static func isUsed(_ model: UUID, on db: any Database) async throws -> Bool {
        if try await Assessment.query(on: db).filter(\.$modelID == model).count() > 0 { return true }
        let competencies = try await Competency.query(on: db).filter(\.$model.$id == model).all(\.$id)
        guard !competencies.isEmpty else { return false }
        if try await TargetCompetency.query(on: db).filter(\.$competency.$id ~~ competencies).count() > 0 { return true }
        return try await InterviewTheme.query(on: db).filter(\.$competencyID ~~ competencies).count() > 0
    }
}
