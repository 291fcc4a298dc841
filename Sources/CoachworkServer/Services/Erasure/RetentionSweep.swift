import Foundation
import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Enforces the practice's ``RetentionPolicy`` (issue 12): deletes the private notes of engagements
/// that ended long enough ago, and erases whole engagements past their period
/// (``EngagementErasure``). ``plan(now:)`` lists what is due without changing anything (the dry run
/// of the admin page, the API and `coachwork retention --dry-run`); ``run(now:)`` does it. The
/// outbox worker runs it with its sweeps; two instances may run it at once (each erasure is
/// conditional, each note deletion idempotent).
struct RetentionSweep {
    let db: any Database

    /// One engagement that retention acts on.
    struct Due: Sendable {
        var engagementID: UUID
        /// The client's name, for the admin's listing (the dry run is the admin's).
        var client: String
        var endedAt: Date
        /// Notes that would be deleted (meetings' private notes and raw interview notes); 0 for an erasure.
        var notes: Int
    }

    /// What is due at `now` under the stored settings.
    struct Plan: Sendable {
        var policy: RetentionPolicy
        var notes: [Due]
        var erasures: [Due]
        var isEmpty: Bool { notes.isEmpty && erasures.isEmpty }
    }

    /// At most this many engagements are listed or acted on per pass (the next pass takes the rest),
    /// so one pass stays bounded however much is due.
    static let batch = 100

    /// Lists what is due at `now` (three statements; nothing changes).
    func plan(now: Date) async throws -> Plan {
        let policy = try await PracticeSettings.current(on: db).retention
        let sql = db as! any SQLDatabase
        var notes: [Due] = []
        if let cutoff = policy.privateNotesCutoff(now: now) {
            // Engagements erased in this pass lose their notes anyway: list them once, as erasures.
            let erasedBefore = policy.engagementCutoff(now: now) ?? .distantPast
            notes = try await sql.raw("""
                SELECT e.id AS id, p.name AS client, e.ended_at AS ended_at,
                  (SELECT COUNT(*) FROM meetings m WHERE m.engagement_id = e.id AND m.private_notes IS NOT NULL AND m.private_notes <> '')
                  + (SELECT COUNT(*) FROM interviews i WHERE i.engagement_id = e.id AND i.notes <> '') AS notes
                FROM engagements e JOIN people p ON p.id = e.client_id
                WHERE e.status IN ('closed', 'cancelled') AND e.ended_at <= \(bind: cutoff) AND e.ended_at > \(bind: erasedBefore)
                  AND (EXISTS (SELECT 1 FROM meetings m WHERE m.engagement_id = e.id AND m.private_notes IS NOT NULL AND m.private_notes <> '')
                    OR EXISTS (SELECT 1 FROM interviews i WHERE i.engagement_id = e.id AND i.notes <> ''))
                ORDER BY e.ended_at LIMIT \(unsafeRaw: String(Self.batch))
                """).all().map(Self.due)
        }
        var erasures: [Due] = []
        if let cutoff = policy.engagementCutoff(now: now) {
            erasures = try await sql.raw("""
                SELECT e.id AS id, p.name AS client, e.ended_at AS ended_at, 0 AS notes
                FROM engagements e JOIN people p ON p.id = e.client_id
                WHERE e.status IN ('closed', 'cancelled') AND e.ended_at <= \(bind: cutoff)
                ORDER BY e.ended_at LIMIT \(unsafeRaw: String(Self.batch))
                """).all().map(Self.due)
        }
        return Plan(policy: policy, notes: notes, erasures: erasures)
    }

    /// Does what ``plan(now:)`` lists, as `actor` (the worker by default).
    /// - Returns: the plan that was carried out.
    @discardableResult
    func run(now: Date, actor: AuditActor = .system("Coachwork (retention)")) async throws -> Plan {
        let plan = try await plan(now: now)
        for due in plan.notes {
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.update(Meeting.schema).set("private_notes", to: SQLBind(""))
                    .where("engagement_id", .equal, SQLBind(due.engagementID)).run()
                try await sql.update(Interview.schema).set("notes", to: SQLBind("")).set("answers_json", to: SQLBind(String?.none))
                    .where("engagement_id", .equal, SQLBind(due.engagementID)).run()
                try await AuditTrail.append(.init(actor, engagementID: due.engagementID, action: "private_notes_deleted",
                                                  object: "engagement:\(due.engagementID.uuidString.lowercased())",
                                                  detail: "Retention: \(due.notes) private note\(due.notes == 1 ? "" : "s") deleted, \(plan.policy.privateNotesMonths ?? 0) months after the engagement ended.",
                                                  at: now), on: tx)
            }
        }
        for due in plan.erasures {
            guard let engagement = try await Engagement.find(due.engagementID, on: db) else { continue }
            do {
                _ = try await EngagementErasure.erase(engagement, actor: actor,
                                                      reason: "retention, \(plan.policy.engagementMonths ?? 0) months after it ended", now: now, on: db)
            } catch let error as DomainError where error.code == "engagement_changed" {
                continue // another instance erased it first
            }
        }
        return plan
    }

    private static func due(_ row: any SQLRow) throws -> Due {
        Due(engagementID: try row.decode(column: "id", as: UUID.self), client: try row.decode(column: "client", as: String.self),
            endedAt: try row.decode(column: "ended_at", as: Date.self), notes: try row.decode(column: "notes", as: Int.self))
    }
}
