import Fluent

/// Issue 12: invitations and password resets by email. Creates `account_tokens` (hashed, expiring,
/// single-use links to choose a password, see ``AccountToken``) and `password_reset_requests` (the
/// queue the worker answers, see ``PasswordResetRequest``). Revert drops both: outstanding links stop
/// working and queued requests are forgotten; accounts and passwords are untouched.
struct CreateAccountTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountToken.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            // The unique constraint is the index a link is looked up by.
            .unique(on: "token_hash")
            .create()
        try await database.schema(PasswordResetRequest.schema)
            .id()
            .field("email", .string, .required)
            .field("requested_at", .datetime, .required)
            .create()
        // Revoking a user's links reads them by user; the worker reads requests oldest first.
        try await IndexList.create([("account_tokens_user", AccountToken.schema, ["user_id", "purpose"]),
                                    ("password_reset_requests_requested", PasswordResetRequest.schema, ["requested_at"])], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordResetRequest.schema).delete()
        try await database.schema(AccountToken.schema).delete()
    }
}
