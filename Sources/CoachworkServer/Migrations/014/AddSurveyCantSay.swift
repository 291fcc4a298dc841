import Fluent
import SQLKit

/// Issue 12: a mini-survey item may be answered "can't say / no chance to observe" (DOMAIN.md, Achievement).
///
/// A nullable `cant_say` flag on `survey_answers`, added with one `ALTER TABLE`; NULL in earlier rows means a
/// scored answer, so existing data stays valid as it is. The `change` column stays NOT NULL (making it nullable
/// would need a table rebuild on SQLite): a "can't say" row holds 0 there, and ``SurveyAnswer/change`` reads it
/// as `nil`.
///
/// Revert: the old schema cannot hold "can't say", and keeping those rows would count them as a change of 0
/// (falsifying every closed result), so revert deletes them first, then drops the column.
struct AddSurveyCantSay: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SurveyAnswer.schema).field("cant_say", .bool).update()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM \(ident: SurveyAnswer.schema) WHERE cant_say = \(bind: true)").run()
        // Raw SQL: Fluent's SQLite driver leaves a deleted field in place, and SQLite (3.35+) and PostgreSQL both
        // drop a column this way.
        try await sql.raw("ALTER TABLE \(ident: SurveyAnswer.schema) DROP COLUMN \(ident: "cant_say")").run()
    }
}
