import Fluent

/// Issue 12: ticking an IDP action's status is not a new revision. Creates `idp_action_statuses` (see
/// ``IDPActionStatus``), one row per ticked action of a revision, removed with its revision. Earlier plans have no
/// rows: their statuses are the ones stored in the revision, as before. Revert drops the table; the ticks are
/// lost (their audit entries stay), the revisions are untouched.
struct CreateIDPActionStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IDPActionStatus.schema)
            .id()
            .field("idp_revision_id", .uuid, .required, .references(IDPRevision.schema, .id, onDelete: .cascade))
            .field("action_id", .uuid, .required)
            .field("status", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await IndexList.create([("idp_action_statuses_revision", IDPActionStatus.schema, ["idp_revision_id", "action_id"])], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IDPActionStatus.schema).delete()
    }
}
