import Fluent

/// Creates `personal_links`: hashed, expiring tokens of emailed links.
struct CreatePersonalLink: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonalLink.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .references(Person.schema, .id, onDelete: .cascade))
            .field("subject_id", .uuid)
            .field("next_path", .string)
            .field("purpose", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonalLink.schema).delete()
    }
}
