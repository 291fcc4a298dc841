import Fluent
import SQLKit

/// Issue 12: erasure and retention.
///
/// - `engagements.ended_at`: when an engagement closed or was cancelled, the start of its retention
///   period (backfilled from `updated_at` for engagements that had already ended), indexed for the
///   retention sweep.
/// - `people.erased_at`: a person whose details were replaced on an erasure request.
/// - `practice_settings`: the two retention periods in months (NULL: kept) and the days a cancelled
///   engagement may be reopened (NULL: never).
/// - indexes on `stakeholders.email` and `outbox_messages.to_email`: an erasure request names an email.
/// - `erased_engagements`: what stays of an erased engagement, the practice's anonymous
///   aggregates (counts, phase reached, months, per-competency survey means at or above the
///   round's threshold); no name, email, text or single answer.
///
/// Revert: drops what was added. Erased engagements cannot come back, so reverting loses only the
/// aggregates kept of them.
struct AddRetentionAndErasure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Engagement.schema).field("ended_at", .datetime).update()
        try await database.schema(Person.schema).field("erased_at", .datetime).update()
        try await database.schema(PracticeSettings.schema)
            .field("private_notes_retention_months", .int).update()
        try await database.schema(PracticeSettings.schema)
            .field("engagement_retention_months", .int).update()
        try await database.schema(PracticeSettings.schema)
            .field("reopen_grace_days", .int).update()
        try await database.schema(ErasedEngagement.schema)
            .id()
            .field("coach_id", .uuid)
            .field("phase_reached", .string, .required)
            .field("status", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("erased_at", .datetime, .required)
            .field("planned_sessions", .int)
            .field("sessions_held", .int, .required)
            .field("stakeholders", .int, .required)
            .field("raters_invited", .int, .required)
            .field("raters_answered", .int, .required)
            .field("survey_rounds", .int, .required)
            .field("survey_invited", .int, .required)
            .field("survey_answered", .int, .required)
            .field("target_competency_ids", .string, .required)
            .field("survey_means_json", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.update(Engagement.schema).set("ended_at", to: SQLColumn("updated_at"))
            .where("status", .in, SQLBind.group(["closed", "cancelled"])).run()
        try await sql.create(index: "engagements_ended_at").on(Engagement.schema).column("ended_at").run()
        // An erasure request names an email: find its stakeholder entries and mails by index.
        try await sql.create(index: "stakeholders_email").on(Stakeholder.schema).column("email").run()
        try await sql.create(index: "outbox_messages_to_email").on(OutboxMessage.schema).column("to_email").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["outbox_messages_to_email", "stakeholders_email", "engagements_ended_at"] {
            try await sql.drop(index: index).run()
        }
        try await database.schema(ErasedEngagement.schema).delete()
        // Raw SQL: Fluent's SQLite driver leaves a deleted field in place (see AddSurveyCantSay).
        for (table, column) in [(PracticeSettings.schema, "reopen_grace_days"), (PracticeSettings.schema, "engagement_retention_months"),
                                (PracticeSettings.schema, "private_notes_retention_months"),
                                (Person.schema, "erased_at"), (Engagement.schema, "ended_at")] {
            try await sql.raw("ALTER TABLE \(ident: table) DROP COLUMN \(ident: column)").run()
        }
    }
}
