import Fluent

/// Issue 11: an index for every list's order, so a page of a list reads its rows in order from an
/// index instead of sorting the whole table (engagements newest first, for a coach or for all;
/// people by name; the outbox newest first), and for the reminder sweep's lookup of mail by cause.
struct AddListIndexes: AsyncMigration {
    /// (index name, table, columns), in the order the list sorts or filters.
    static let indexes: [IndexList.Index] = [
        ("engagements_coach_created", "engagements", ["coach_id", "created_at"]),
        ("engagements_created", "engagements", ["created_at"]),
        ("people_name", "people", ["name"]),
        ("outbox_messages_created", "outbox_messages", ["created_at"]),
        ("outbox_messages_status_created", "outbox_messages", ["status", "created_at"]),
        ("outbox_messages_purpose_engagement", "outbox_messages", ["purpose", "engagement_id"]),
    ]

    func prepare(on database: any Database) async throws {
        try await IndexList.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await IndexList.drop(Self.indexes, on: database)
    }
}
