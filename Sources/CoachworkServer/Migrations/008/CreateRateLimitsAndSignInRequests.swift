import Fluent

/// Issue 10: rate-limit counters shared by every app instance on the database, and the queue of
/// sign-in link requests (answered by the worker, so the page costs the same for any address).
struct CreateRateLimitsAndSignInRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One row per bucket (e.g. "signin:account:<email>"); the primary key is what
        // `INSERT … ON CONFLICT (bucket)` counts on.
        try await database.schema(RateLimiter.schema)
            .field("bucket", .string, .identifier(auto: false))
            .field("window_start", .double, .required)
            .field("hits", .int, .required)
            .create()
        try await database.schema(SignInRequest.schema)
            .id()
            .field("email", .string, .required)
            .field("next_path", .string)
            .field("requested_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInRequest.schema).delete()
        try await database.schema(RateLimiter.schema).delete()
    }
}
