import Foundation
import Testing
import Vapor
import Fluent
import FluentKit
import SQLKit
@testable import CoachworkServer

/// `coachwork migrate --revert` on a database in use: every migration reverts with data in its
/// tables (it once stopped at `SeedDefaultModelItems` on a foreign key, half reverted), on SQLite
/// and, with `DATABASE_URL`, on PostgreSQL.
@Suite("Migrations revert with data") struct MigrationRevertTests {
    @Test("reverting every migration of a practice with data in every table leaves no table, and migrating again works")
    func revertEverythingWithData() async throws {
        try await withApp { t in
            // Arrange: the demo engagement, and a row in each table the demo leaves empty.
            _ = try await DemoData.load(into: t.app)
            try await fillTheRest(t)
            let tables = try await appTables(t.app)
            let empty = try await tables.asyncFilter { try await rowCount($0, t.app) == 0 }
            #expect(empty.isEmpty, "every table has data before the revert; empty: \(empty)")

            // Act
            try await t.app.autoRevert()

            // Assert: nothing of the app is left, and the migrations run again from scratch.
            #expect(try await appTables(t.app) == [])
            try await t.app.autoMigrate()
            #expect(try await appTables(t.app) == tables)
            #expect(try await CompetencyModel.query(on: t.app.db).count() == 2, "both seeded versions are back")
        }
    }

    @Test("reverting the last batch of an upgraded practice removes what that batch added and keeps the engagements working")
    func revertLastBatchAfterUpgrade() async throws {
        try await withApp { t in
            // Arrange: a database made by a version that ended at 003, upgraded to this one (batch 2).
            try await t.app.autoRevert()
            let upTo003 = FluentKit.Migrations()
            upTo003.add(Array(CoachworkServer.Migrations.all.prefix { !($0 is SeedDefaultModelItems) }))
            let older = Migrator(databases: t.app.databases, migrations: upTo003, logger: t.app.logger,
                                 on: t.app.eventLoopGroup.any())
            try await older.setupIfNeeded().get()
            try await older.prepareBatch().get()
            try await t.app.autoMigrate()

            // Act and assert: `migrate --revert` right after the upgrade takes the unused seeded version 2 away.
            try await t.app.migrator.revertLastBatch().get()
            let tables = try await appTables(t.app)
            #expect(tables.contains("competency_items") && !tables.contains("calendar_feeds") && !tables.contains("rate_limits"))
            #expect(try await modelVersions(t.app) == [1])

            // Arrange: upgraded again and used; the demo assesses and chooses targets with version 2.
            try await t.app.autoMigrate()
            _ = try await DemoData.load(into: t.app)
            let targets = try await TargetCompetency.query(on: t.app.db).count()
            let ratings = try await AssessmentRating.query(on: t.app.db).count()
            #expect(targets > 0 && ratings > 0)

            // Act: `migrate --revert` with the engagement in the database.
            try await t.app.migrator.revertLastBatch().get()

            // Assert: back at 003, the engagement's targets and 360 intact and their model kept.
            #expect(try await modelVersions(t.app) == [1, 2])
            #expect(try await TargetCompetency.query(on: t.app.db).count() == targets)
            #expect(try await AssessmentRating.query(on: t.app.db).count() == ratings)
            let sql = try #require(t.app.db as? any SQLDatabase)
            let pinned = try await sql.raw("SELECT count(*) AS n FROM assessments a JOIN competency_models m ON m.id = a.model_id").first()?.decode(column: "n", as: Int.self)
            #expect(pinned == 1, "the assessment's model is still there")
            try await t.app.autoMigrate()
            #expect(try await modelVersions(t.app) == [1, 2, 3], "upgraded again, the next version is seeded beside the kept one")
        }
    }
}

/// The versions of the default competency model, in order.
private func modelVersions(_ app: Application) async throws -> [Int] {
    let sql = try #require(app.db as? any SQLDatabase)
    return try await sql.raw("SELECT version FROM competency_models ORDER BY version").all().map { try $0.decode(column: "version", as: Int.self) }
}

/// Adds a row to each table the demo leaves empty: API tokens, calendar feeds, rate limits, queued
/// sign-in requests, reminder opt-outs, practice settings and sessions.
private func fillTheRest(_ t: TestApp) async throws {
    let sql = try #require(t.app.db as? any SQLDatabase)
    let coach = try await t.makeUser()
    _ = try await t.token(for: coach)
    let now = Date()
    try await sql.raw("INSERT INTO calendar_feeds (id, user_id, token_hash, created_at) VALUES (\(bind: UUID()), \(bind: coach.requireID()), 'feed', \(bind: now))").run()
    try await sql.raw("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('signin:x', 0, 1)").run()
    try await sql.raw("INSERT INTO sign_in_requests (id, email, requested_at) VALUES (\(bind: UUID()), 'x@example.com', \(bind: now))").run()
    try await sql.raw("INSERT INTO mail_opt_outs (id, email, token_hash, created_at) VALUES (\(bind: UUID()), 'x@example.com', 'stop', \(bind: now))").run()
    try await sql.raw("""
        INSERT INTO practice_settings (id, rating_threshold, comment_threshold, show_manager_separately, reminder_interval_days, interview_questions_json)
        VALUES (\(bind: UUID()), 3, 3, \(bind: false), 4, '[]')
        """).run()
    try await SessionRecord(key: SessionID(string: "session"), data: SessionData()).create(on: t.app.db)
    // What stays of an erased engagement (migration 016).
    try await sql.raw("""
        INSERT INTO erased_engagements (id, phase_reached, status, started_at, erased_at, sessions_held, stakeholders, raters_invited,
          raters_answered, survey_rounds, survey_invited, survey_answered, target_competency_ids, survey_means_json)
        VALUES (\(bind: UUID()), 'closed', 'closed', \(bind: now), \(bind: now), 6, 5, 5, 4, 2, 10, 8, '[]', '[]')
        """).run()
    // An IDP status tick (migration 014): on the demo's latest revision.
    let revision = try #require(try await IDPRevision.query(on: t.app.db).first())
    let tick = IDPActionStatus()
    tick.$revision.id = try revision.requireID()
    tick.actionID = UUID()
    tick.status = "done"
    tick.changedBy = "Test"
    tick.changedAt = now
    try await tick.create(on: t.app.db)
    // An emailed password link and a queued reset request (migration 015).
    _ = try await AccountService(db: t.app.db, passwords: t.app.password.async).sendPasswordReset(to: coach, config: t.app.config, now: now)
    try await PasswordResetRequest(email: "x@example.com", requestedAt: now).create(on: t.app.db)
}

/// The app's tables (Fluent's own `_fluent_migrations` left out), sorted: SQLite's `sqlite_master`,
/// or PostgreSQL's `information_schema` for the test's schema.
private func appTables(_ app: Application) async throws -> [String] {
    let sql = try #require(app.db as? any SQLDatabase)
    let query: SQLQueryString = app.config.database.isSQLite
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
    let names = try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) }
    return names.filter { $0 != "_fluent_migrations" }.sorted()
}

/// The number of rows of `table`.
private func rowCount(_ table: String, _ app: Application) async throws -> Int {
    let sql = try #require(app.db as? any SQLDatabase)
    return try await sql.raw("SELECT count(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
}

extension Array where Element: Sendable {
    /// The elements for which `isIncluded` holds, in order (`filter` with an async predicate).
    func asyncFilter(_ isIncluded: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await isIncluded(element) { kept.append(element) }
        return kept
    }
}
