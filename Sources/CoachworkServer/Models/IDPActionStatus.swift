import Fluent
import Vapor

/// The current status of one action of a finalised IDP revision, as ticked by the coach or the client after the
/// revision was shared (migration 014).
///
/// Why a table of its own: a revision is what sponsor and HR partner acknowledged and is never changed; ticking an
/// action done is progress on that plan, not a new plan, so it must neither make a revision (which would ask for
/// acknowledgement again) nor rewrite the acknowledged one. One row per (revision, action); the row is replaced on
/// each tick, and the audit trail keeps who ticked what and when. A new revision starts from the effective
/// statuses (the editor shows them), so its own items carry them and these rows stay with the old revision.
final class IDPActionStatus: Model, @unchecked Sendable {
    static let schema = "idp_action_statuses"

    // Identity and references
    @ID(key: .id) var id: UUID?
    @Parent(key: "idp_revision_id") var revision: IDPRevision
    /// ``IDPItem/id`` of the action within that revision.
    @Field(key: "action_id") var actionID: UUID
    // Data
    /// One of ``IDPItem/statuses``.
    @Field(key: "status") var status: String
    /// Who ticked it, "Name (role)", for the page.
    @Field(key: "changed_by") var changedBy: String
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}

extension IDPRevision {
    /// The revision's items with the ticked statuses laid over the stored ones (the latest tick per action wins).
    /// - Parameter ticks: rows of ``IDPActionStatus`` of this revision, in any order.
    func effectiveItems(_ ticks: [IDPActionStatus]) -> [IDPItem] {
        var latest: [UUID: IDPActionStatus] = [:]
        for tick in ticks where tick.$revision.id == id {
            if let seen = latest[tick.actionID], seen.changedAt > tick.changedAt { continue }
            latest[tick.actionID] = tick
        }
        return items.map { item in
            var item = item
            if let id = item.id, let tick = latest[id] { item.status = tick.status }
            return item
        }
    }

    /// ``effectiveItems(_:)`` with the ticks loaded from `db`.
    func effectiveItems(on db: any Database) async throws -> [IDPItem] {
        effectiveItems(try await IDPActionStatus.query(on: db).filter(\.$revision.$id == requireID()).all())
    }
}
