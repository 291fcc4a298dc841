import Fluent

/// Issue 10, the 360 report is the client's: what the client shares of each 360 with sponsor and HR
/// partner. The summary draft (written by coach or client), the text the client approved and when,
/// and whether the client also shares the competency-level "all others" figures.
///
/// Nullable columns, one per `ALTER TABLE`, for the reasons given in ``DeepenAnalysis``; NULL in the
/// rows of earlier assessments means nothing is shared, which is what the coaching agreement promises.
/// (People already carry `created_by_id` since 001, so the directory needs no new column: people
/// created before it was filled have none and are seen by the admin and by the coaches of their engagements.)
struct AddAssessmentSharing: AsyncMigration {
    static let added: [(FieldKey, DatabaseSchema.DataType)] = [
        ("summary_draft", .string),
        ("summary_drafted_by", .string),
        ("summary_approved", .string),
        ("summary_approved_at", .datetime),
        ("figures_shared", .bool),
    ]

    func prepare(on database: any Database) async throws {
        for (column, type) in Self.added {
            try await database.schema(Assessment.schema).field(column, type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (column, _) in Self.added.reversed() {
            try await database.schema(Assessment.schema).deleteField(column).update()
        }
    }
}
