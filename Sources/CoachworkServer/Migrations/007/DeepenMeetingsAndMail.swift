import Fluent
import SQLKit

/// Issue 6, meetings and email: where a meeting takes place, its organiser's zone and calendar
/// revision (SEQUENCE), series membership, cancellation; outbox rows that belong to an engagement,
/// carry an attachment (the invitation's `.ics`) and a stop-reminders address; per-practice reminder
/// schedules; and the addresses that asked for no more reminders.
///
/// Nullable columns, one per `ALTER TABLE`, for the reasons given in ``DeepenAnalysis``.
struct DeepenMeetingsAndMail: AsyncMigration {
    static let added: [(String, FieldKey, DatabaseSchema.DataType)] = [
        (Meeting.schema, "location", .string),
        (Meeting.schema, "video_url", .string),
        (Meeting.schema, "time_zone", .string),
        (Meeting.schema, "sequence", .int),
        (Meeting.schema, "updated_at", .datetime),
        (Meeting.schema, "series_id", .uuid),
        (Meeting.schema, "series_count", .int),
        (Meeting.schema, "series_weeks", .int),
        (Meeting.schema, "original_starts_at", .datetime),
        (Meeting.schema, "invited_at", .datetime),
        (Meeting.schema, "cancelled_at", .datetime),
        (Meeting.schema, "cancellation_reason", .string),
        (Meeting.schema, "dedupe_key", .string),
        (Meeting.schema, "change_token", .uuid),
        (Meeting.schema, "proposed_at", .datetime),
        (OutboxMessage.schema, "engagement_id", .uuid),
        (OutboxMessage.schema, "attachment_filename", .string),
        (OutboxMessage.schema, "attachment_type", .string),
        (OutboxMessage.schema, "attachment_body", .string),
        (OutboxMessage.schema, "unsubscribe_url", .string),
        (PracticeSettings.schema, "acceptance_reminder_days", .int),
        (PracticeSettings.schema, "acknowledgement_reminder_days", .int),
        (PracticeSettings.schema, "meeting_reminder_hours", .int),
    ]

    func prepare(on database: any Database) async throws {
        for (table, column, type) in Self.added {
            try await database.schema(table).field(column, type).update()
        }
        try await database.schema(MailOptOut.schema)
            .id()
            .field("email", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("stopped_at", .datetime)
            .unique(on: "token_hash")
            .create()
        // A unique index, not a constraint: SQLite cannot add constraints to an existing table.
        // NULL (cancelled meetings, and those from before 007) never collides.
        try await (database as! any SQLDatabase).raw("CREATE UNIQUE INDEX meetings_dedupe_key ON meetings (dedupe_key)").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX meetings_dedupe_key").run()
        try await database.schema(MailOptOut.schema).delete()
        for (table, column, _) in Self.added.reversed() {
            try await database.schema(table).deleteField(column).update()
        }
    }
}
