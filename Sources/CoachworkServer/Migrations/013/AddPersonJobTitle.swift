import Fluent

/// Issue 12: a person's job title (e.g. "VP Operations"), editable with the rest of their details.
struct AddPersonJobTitle: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema).field("job_title", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).deleteField("job_title").update()
    }
}
