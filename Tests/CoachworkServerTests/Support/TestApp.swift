import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer

/// A fresh application on a fresh database for one test: in-memory SQLite by default,
/// or its own schema in the PostgreSQL of `DATABASE_URL` (so tests may run in parallel).
struct TestApp {
    let app: Application
    /// The folder the `.eml` files land in.
    let mailDirectory: URL
    /// Every SQL statement the app sent (see ``QueryCounter/during(_:)``).
    let queries: QueryCounter

    /// Delivers every due email and returns the messages now in the mail folder, oldest first.
    func deliverMail() async throws -> [ReceivedMail] {
        try await app.outboxDelivery.deliverDue(now: app.clock.now())
        return try ReceivedMail.all(in: mailDirectory)
    }

    /// Creates an account directly (bypassing pages) with a known password.
    @discardableResult
    func makeUser(_ role: String = "coach", email: String? = nil, name: String = "Test User",
                  password: String = TestApp.password, timeZone: String = "Europe/Berlin") async throws -> User {
        let service = AccountService(db: app.db, passwords: app.password.async)
        let (user, _) = try await service.create(
            .init(email: email ?? "\(role)-\(UUID().uuidString.prefix(6))@example.com", name: name, role: role, timeZone: timeZone),
            password: password)
        return user
    }

    /// Creates a person (client, sponsor, HR partner) directly.
    func makePerson(name: String = "Zoë Client", email: String = "zoe@example.com", by user: User) async throws -> Person {
        try await PeopleService(db: app.db).create(.init(name: name, email: email, organisation: "Acme", timeZone: "America/New_York"), by: user)
    }

    /// An API token secret for `user`.
    func token(for user: User) async throws -> String {
        try await TokenService(db: app.db).create(name: "test", for: user).1
    }

    static let password = "correct horse battery staple"
}

/// Runs `body` with a fresh app and tears everything down afterwards, even on failure.
func withApp(_ body: (TestApp) async throws -> Void) async throws {
    await AppSlots.shared.acquire()
    do {
        try await runApp(body)
    } catch {
        await AppSlots.shared.release()
        throw error
    }
    await AppSlots.shared.release()
}

private func runApp(_ body: (TestApp) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    let queries = QueryCounter()
    app.logger = QueryCounter.logger(counting: queries, passingOn: app.logger)
    let mail = FileManager.default.temporaryDirectory.appendingPathComponent("coachwork-mail-\(UUID().uuidString)")
    var database = AppConfig.Database.sqliteMemory
    var schema: String?
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        database = .postgres(url: url, schema: schema)
    }
    var config = AppConfig(database: database, baseURL: "http://coachwork.test", mailDirectory: mail.path, runsOutboxWorker: false)
    config.passwordCost = 4
    // Tests name their client address in X-Forwarded-For (rate limits are per address).
    config.trustForwardedFor = true
    // PDF reports are exercised wherever a Chromium is installed (as on a developer's machine).
    config.chromiumPath = PDFRenderer.detect(path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    do {
        try await configure(app, config: config)
        try await SQLiteTuning.apply(to: app)
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await app.autoMigrate()
        try await body(TestApp(app: app, mailDirectory: mail, queries: queries))
    } catch {
        try await teardown(app, schema: schema, mail: mail)
        throw error
    }
    try await teardown(app, schema: schema, mail: mail)
}

private func teardown(_ app: Application, schema: String?, mail: URL) async throws {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: mail)
}
