import Fluent
import SQLKit

/// Issue 4, analysis in depth: practice settings, behaviour items per competency, retired
/// competencies, drafts and reminders of 360 responses, rater nomination with approval,
/// interview answers and themes.
///
/// Added columns are nullable: SQLite adds a column to a populated table only with a
/// default or as NULL, and the models read NULL as the documented default. One column per
/// `ALTER TABLE` because SQLite accepts no batch alterations.
struct DeepenAnalysis: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PracticeSettings.schema)
            .id()
            .field("rating_threshold", .int, .required)
            .field("comment_threshold", .int, .required)
            .field("show_manager_separately", .bool, .required)
            .field("reminder_interval_days", .int, .required)
            .field("interview_questions_json", .string, .required)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(CompetencyItem.schema)
            .id()
            .field("competency_id", .uuid, .required, .references(Competency.schema, .id, onDelete: .cascade))
            .field("text", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(InterviewTheme.schema)
            .id()
            .field("interview_id", .uuid, .required, .references(Interview.schema, .id, onDelete: .cascade))
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("label", .string, .required)
            .field("kind", .string, .required)
            .field("competency_id", .uuid, .references(Competency.schema, .id, onDelete: .setNull))
            .create()
        let added: [(String, FieldKey, DatabaseSchema.DataType)] = [
            (CompetencyModel.schema, "source", .string),
            (Competency.schema, "retired_at", .datetime),
            (Assessment.schema, "model_id", .uuid),
            (Assessment.schema, "comment_threshold", .int),
            (Assessment.schema, "show_manager_separately", .bool),
            (Assessment.schema, "questions_json", .string),
            (Assessment.schema, "closes_on", .string),
            (Assessment.schema, "reminder_interval_days", .int),
            (AssessmentRater.schema, "answers_json", .string),
            (AssessmentRater.schema, "saved_at", .datetime),
            (AssessmentRater.schema, "reminded_at", .datetime),
            (AssessmentRater.schema, "reminders_sent", .int),
            (Stakeholder.schema, "status", .string),
            (Stakeholder.schema, "proposed_by", .string),
            (Stakeholder.schema, "decided_by", .string),
            (Stakeholder.schema, "decided_at", .datetime),
            (Interview.schema, "answers_json", .string),
        ]
        for (table, column, type) in added {
            try await database.schema(table).field(column, type).update()
        }
        try await rebuildRatings(on: database)
    }

    /// Ratings gain `item_id`, and their uniqueness moves from (rater, competency) to (rater,
    /// competency, item). SQLite cannot drop a table constraint, so the table is rebuilt: a new one
    /// is created, the rows copied, the old one dropped and the new one renamed.
    private func rebuildRatings(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let next = AssessmentRating.schema + "_v3"
        try await database.schema(next)
            .id()
            .field("rater_id", .uuid, .required, .references(AssessmentRater.schema, .id, onDelete: .cascade))
            .field("competency_id", .uuid, .required)
            .field("item_id", .uuid)
            .field("score", .int)
            .unique(on: "rater_id", "competency_id", "item_id")
            .create()
        try await sql.raw("""
            INSERT INTO \(ident: next) (id, rater_id, competency_id, score)
            SELECT id, rater_id, competency_id, score FROM \(ident: AssessmentRating.schema)
            """).run()
        try await database.schema(AssessmentRating.schema).delete()
        try await sql.raw("ALTER TABLE \(ident: next) RENAME TO \(ident: AssessmentRating.schema)").run()
    }

    func revert(on database: any Database) async throws {
        let added: [(String, FieldKey)] = [
            (Interview.schema, "answers_json"), (Stakeholder.schema, "decided_at"), (Stakeholder.schema, "decided_by"),
            (Stakeholder.schema, "proposed_by"), (Stakeholder.schema, "status"),
            (AssessmentRater.schema, "reminders_sent"), (AssessmentRater.schema, "reminded_at"),
            (AssessmentRater.schema, "saved_at"), (AssessmentRater.schema, "answers_json"),
            (Assessment.schema, "reminder_interval_days"), (Assessment.schema, "closes_on"),
            (Assessment.schema, "questions_json"), (Assessment.schema, "show_manager_separately"),
            (Assessment.schema, "comment_threshold"), (Assessment.schema, "model_id"),
            (Competency.schema, "retired_at"), (CompetencyModel.schema, "source"),
        ]
        for (table, column) in added { try await database.schema(table).deleteField(column).update() }
        for schema in [InterviewTheme.schema, CompetencyItem.schema, PracticeSettings.schema] {
            try await database.schema(schema).delete()
        }
    }
}
