import Fluent

/// Creates `people`: clients, sponsors and HR partners (no password).
struct CreatePerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("organisation", .string)
            .field("time_zone", .string, .required)
            .field("created_by_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).delete()
    }
}
