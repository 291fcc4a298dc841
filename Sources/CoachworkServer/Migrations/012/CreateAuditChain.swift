import Foundation
import Fluent
import SQLKit
import CoachworkCore

/// Issue 12: the audit trail becomes practice-wide, append-only and hash-chained (`audit_trail` and
/// its one-row head `audit_head`). The entries of the old per-engagement `audit_events` are copied
/// into the chain in time order (their actor id is unknown: `legacy`), then that table is dropped.
/// Revert copies the entries that name an existing engagement back and drops the chain.
struct CreateAuditChain: AsyncMigration {
    static let legacySchema = "audit_events"

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("engagement_id", .uuid)
            .field("actor_id", .string, .required)
            .field("actor", .string, .required)
            .field("actor_role", .string, .required)
            .field("action", .string, .required)
            .field("object", .string)
            .field("detail", .string, .required)
            .field("created_at", .datetime, .required)
            .field("at_ms", .int64, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await IndexList.create(Self.indexes, on: database)
        try await database.schema(AuditTrail.headSchema)
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO \(ident: AuditTrail.headSchema) (id, sequence, hash) VALUES (1, 0, \(bind: AuditRecord.genesisHash))").run()
        try await database.transaction { try await Self.copyLegacy(on: $0) }
        try await database.schema(Self.legacySchema).delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.legacySchema)
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Migration 010's index on the old table, so that its own revert finds it.
        try await IndexList.create([("audit_events_engagement", Self.legacySchema, ["engagement_id"])], on: database)
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO \(ident: Self.legacySchema) (id, engagement_id, actor, action, detail, created_at)
            SELECT a.id, a.engagement_id, a.actor, a.action, a.detail, a.created_at FROM \(ident: AuditEvent.schema) a
            WHERE a.engagement_id IN (SELECT id FROM \(ident: Engagement.schema))
            """).run()
        try await database.schema(AuditTrail.headSchema).delete()
        try await database.schema(AuditEvent.schema).delete()
    }

    /// Lookups of the trail: by engagement in order (engagement page, filters), by action, by time.
    static let indexes: [IndexList.Index] = [
        ("audit_trail_engagement_sequence", AuditEvent.schema, ["engagement_id", "sequence"]),
        ("audit_trail_action_sequence", AuditEvent.schema, ["action", "sequence"]),
        ("audit_trail_actor_sequence", AuditEvent.schema, ["actor_id", "sequence"]),
        ("audit_trail_at", AuditEvent.schema, ["at_ms"]),
    ]

    /// Chains the old entries, 1,000 rows per read, oldest first.
    private static func copyLegacy(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        var offset = 0
        while true {
            let rows = try await sql.raw("""
                SELECT engagement_id, actor, action, detail, created_at FROM \(ident: legacySchema)
                ORDER BY created_at, id LIMIT 1000 OFFSET \(unsafeRaw: String(offset))
                """).all()
            for row in rows {
                let actor = try row.decode(column: "actor", as: String.self)
                try await AuditTrail.append(.init(
                    AuditActor(id: "legacy", name: actor, role: Self.role(in: actor)),
                    engagementID: try row.decode(column: "engagement_id", as: UUID.self), action: try row.decode(column: "action", as: String.self),
                    detail: try row.decode(column: "detail", as: String.self), at: try row.decode(column: "created_at", as: Date.self)), on: db)
            }
            guard rows.count == 1000 else { return }
            offset += 1000
        }
    }

    /// The role in an old actor text "Name (role)", or `unknown`.
    static func role(in actor: String) -> String {
        guard actor.hasSuffix(")"), let open = actor.lastIndex(of: "(") else { return "unknown" }
        return String(actor[actor.index(after: open)..<actor.index(before: actor.endIndex)])
    }
}
