import Fluent

/// Creates `outbox_messages`: the transactional email outbox.
struct CreateOutboxMessage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("idempotency_key", .string, .required)
            .field("message_id", .string, .required)
            .field("purpose", .string, .required)
            .field("to_email", .string, .required)
            .field("to_name", .string)
            .field("reply_to_email", .string)
            .field("reply_to_name", .string)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("claim_token", .uuid)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
    }
}
