import Foundation
import Fluent
import CoachworkCore

/// One entry of the practice's append-only, hash-chained audit trail (`audit_trail`, migration 012):
/// who did what, when, to which engagement and object. Written only by ``AuditTrail/append(_:on:)``;
/// never updated or deleted (``AuditTrail/verify(on:)`` detects any change). No FK to the engagement:
/// erasing an engagement must not delete, and so break, the trail.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_trail"

    @ID(key: .id) var id: UUID?
    /// Position in the trail, from 1, without gaps (unique).
    @Field(key: "sequence") var sequence: Int64
    /// The engagement concerned; `nil` for practice-wide events (sign-ins, settings).
    @OptionalField(key: "engagement_id") var engagementID: UUID?
    /// `user:<uuid>`, `person:<uuid>`, `system` or `anonymous` (a sign-in with an unknown email: what was typed is never kept), or `legacy` (entries from before migration 012) (hashed).
    @Field(key: "actor_id") var actorID: String
    /// The actor's display name and role when acting, e.g. "Ana Coach (coach)" (hashed).
    @Field(key: "actor") var actor: String
    /// The actor's role code when acting (`coach`, `client`, `admin`, `system`…).
    @Field(key: "actor_role") var actorRole: String
    /// Stable snake_case code, e.g. `agreement_accepted`.
    @Field(key: "action") var action: String
    /// `<type>:<uuid>` of the object acted on, or `nil`.
    @OptionalField(key: "object") var object: String?
    /// A sentence for people; never a rating, a comment or a private note.
    @Field(key: "detail") var detail: String
    /// When it happened (UTC), to the millisecond; shown and filtered through ``atMilliseconds``,
    /// the hashed copy (this column is for people reading the table directly).
    @Field(key: "created_at") var createdAt: Date
    /// `createdAt` in milliseconds since 1970 (UTC): the exact value the hash covers.
    @Field(key: "at_ms") var atMilliseconds: Int64
    /// The hash of the entry before (64 hex digits; zeros for the first).
    @Field(key: "previous_hash") var previousHash: String
    /// SHA-256 of ``AuditRecord/canonical(previousHash:)``, 64 lower-case hex digits.
    @Field(key: "hash") var hash: String

    init() {}

    /// The hashed time of the entry.
    var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }

    /// The hashed part of this entry.
    var record: AuditRecord {
        AuditRecord(sequence: sequence, atMilliseconds: atMilliseconds, engagementID: engagementID?.uuidString.lowercased(),
                    actorID: actorID, actorName: actor, actorRole: actorRole, action: action, object: object, detail: detail)
    }
}
