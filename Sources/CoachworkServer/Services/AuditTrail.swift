import Foundation
import Fluent
import SQLKit
import Vapor
import CoachworkCore

/// Writes and verifies the append-only, hash-chained audit trail (``AuditEvent``, ``AuditRecord``).
///
/// Appending takes the trail's head row (`audit_head`, one row) with an `UPDATE … RETURNING`, which
/// locks it until the transaction ends: on PostgreSQL concurrent appenders queue on that row lock,
/// on SQLite writers take turns anyway, so two entries never share a sequence or fork the chain.
enum AuditTrail {
    /// What happened, as the caller knows it; sequence, time and hashes are added by ``append(_:on:)``.
    struct Entry: Sendable {
        /// Who acted.
        var actor: AuditActor
        /// The engagement concerned; `nil` for practice-wide events.
        var engagementID: UUID? = nil
        /// Stable snake_case code, e.g. `agreement_accepted`.
        var action: String
        /// `<type>:<uuid>` of what was acted on, or `nil`.
        var object: String? = nil
        /// A sentence for people; never a rating, a comment or a private note.
        var detail: String
        /// When it happened.
        var at: Date

        /// An entry of `actor`.
        init(_ actor: AuditActor, engagementID: UUID? = nil, action: String, object: String? = nil, detail: String, at: Date) {
            self.actor = actor
            self.engagementID = engagementID
            self.action = action
            self.object = object
            self.detail = detail
            self.at = at
        }
    }

    /// The table of the head (last sequence and hash).
    static let headSchema = "audit_head"

    /// Appends `entry` inside `db`'s transaction (or in one of its own when `db` is not a
    /// transaction), so the entry commits with the change it records or not at all.
    /// - Returns: the stored entry.
    /// - Throws: the database's error (the change it records is then rolled back with it).
    @discardableResult
    static func append(_ entry: Entry, on db: any Database) async throws -> AuditEvent {
        guard db.inTransaction else {
            return try await db.writeTransaction { try await append(entry, on: $0) }
        }
        let sql = db as! any SQLDatabase
        guard let head = try await sql.raw("""
            UPDATE \(ident: headSchema) SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, hash
            """).first() else {
            throw DomainError(.unavailable, code: "audit_head_missing", message: "The audit trail's head row is missing.")
        }
        let milliseconds = Self.milliseconds(entry.at)
        let event = AuditEvent()
        event.sequence = try head.decode(column: "sequence", as: Int64.self)
        event.engagementID = entry.engagementID
        event.actorID = entry.actor.id
        event.actor = entry.actor.name
        event.actorRole = entry.actor.role
        event.action = entry.action
        event.object = entry.object
        event.detail = entry.detail
        event.atMilliseconds = milliseconds
        event.createdAt = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        event.previousHash = try head.decode(column: "hash", as: String.self)
        event.hash = sha256(event.record.canonical(previousHash: event.previousHash))
        try await event.create(on: db)
        try await sql.raw("UPDATE \(ident: headSchema) SET hash = \(bind: event.hash) WHERE id = 1").run()
        return event
    }

    /// `date` as whole milliseconds since 1970-01-01T00:00:00Z, rounded down: the trail's hashed time.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// SHA-256 of `text`'s UTF-8 bytes as 64 lower-case hex digits.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hex
    }

    /// The outcome of ``verify(on:)``.
    struct Verification: Sendable {
        /// Entries that verified (all of them when `problem` is nil).
        var checked: Int64
        /// The last hash of the trail as stored in its head.
        var headHash: String
        /// The first problem found, or `nil` when the whole trail verifies.
        var problem: AuditChainCheck.Break?
    }

    /// Recomputes the whole chain, 1,000 entries per query, and compares its end with the head.
    /// - Throws: the database's error.
    static func verify(on db: any Database) async throws -> Verification {
        var check = AuditChainCheck(sha256: sha256)
        var after: Int64 = 0
        while true {
            let page = try await AuditEvent.query(on: db).filter(\.$sequence > after).sort(\.$sequence).limit(1000).all()
            for event in page {
                if let problem = check.check(event.record, previousHash: event.previousHash, hash: event.hash) {
                    return Verification(checked: check.count, headHash: "", problem: problem)
                }
            }
            guard let last = page.last, page.count == 1000 else { break }
            after = last.sequence
        }
        let sql = db as! any SQLDatabase
        let head = try await sql.raw("SELECT sequence, hash FROM \(ident: headSchema) WHERE id = 1").first()
        let sequence = try head?.decode(column: "sequence", as: Int64.self) ?? -1
        let hash = try head?.decode(column: "hash", as: String.self) ?? ""
        return Verification(checked: check.count, headHash: hash, problem: check.finish(headSequence: sequence, headHash: hash))
    }
}

/// Who an audit entry names: the trail's actor id, the display text and the role code.
struct AuditActor: Sendable {
    /// `user:<uuid>`, `person:<uuid>`, `system` or `anonymous` (an unknown email: what was typed is never kept) or `legacy` (before migration 012).
    var id: String
    /// Display name and role, e.g. "Ana Coach (coach)".
    var name: String
    /// Role code, e.g. `coach`, `admin`, `system`.
    var role: String

    /// Coachwork itself (the scheduler, the worker), described by `name`.
    static func system(_ name: String) -> AuditActor { AuditActor(id: "system", name: name, role: "system") }

    /// The signed-in actor in their role in an engagement.
    init(_ scope: EngagementScope) {
        self.init(id: scope.actor.auditID, name: "\(scope.actor.displayName) (\(scope.role.title.lowercased()))", role: scope.role.rawValue)
    }

    /// An account or a person acting outside any engagement (`role` is their account role, or `person`).
    init(_ actor: Actor) {
        let role = actor.accountRole?.rawValue ?? "person"
        self.init(id: actor.auditID, name: "\(actor.displayName) (\(actor.accountRole?.title.lowercased() ?? "person"))", role: role)
    }

    /// Memberwise.
    init(id: String, name: String, role: String) {
        self.id = id
        self.name = name
        self.role = role
    }
}

