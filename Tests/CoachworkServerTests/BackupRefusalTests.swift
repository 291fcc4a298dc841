import Foundation
import Testing
import Vapor
import SQLiteNIO
@testable import CoachworkServer

/// What `coachwork backup` and `coachwork restore` refuse, run through Vapor's command machinery as
/// the executable runs them: each says why, fails (exit status 1), and leaves every file as it was.
@Suite("Backup and restore refusals") struct BackupRefusalTests {
    @Test("backup refuses a FILE that exists and leaves it untouched")
    func backupRefusesExistingFile() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await makeFileApp(folder.appendingPathComponent("coachwork.sqlite").path)
        let existing = folder.appendingPathComponent("keep.txt").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: existing))

        let result = await run(BackupCommand(), [existing], on: app)
        let written = await run(BackupCommand(), [folder.appendingPathComponent("new.sqlite").path], on: app)
        await shutDown(app)

        #expect(result.failed)
        #expect(result.output.contains("exists. A backup never overwrites a file"))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine")
        #expect(!written.failed, "\(written.output)")
        #expect(written.output.contains("PRAGMA integrity_check: ok") && written.output.contains("users: 0"))
    }

    @Test("restore refuses a damaged file, a non-database, another program's database, a missing file and a --no")
    func restoreRefusesBadFiles() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await makeFileApp(folder.appendingPathComponent("source.sqlite").path)
        let good = folder.appendingPathComponent("good.sqlite").path
        _ = try await SQLiteBackup.run(source, to: good)
        await shutDown(source)
        // Half a backup: as if the copy had been cut off.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = folder.appendingPathComponent("truncated.sqlite").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let text = folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 400).utf8).write(to: URL(fileURLWithPath: text))
        let other = folder.appendingPathComponent("other.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: other))
        _ = try await connection.query("CREATE TABLE recipes (name TEXT)")
        try await connection.close()

        let target = folder.appendingPathComponent("live/coachwork.sqlite").path
        let app = try await makeFileApp(target, migrate: false)
        let damaged = await run(RestoreCommand(), [truncated, "--yes"], on: app)
        let notDatabase = await run(RestoreCommand(), [text, "--yes"], on: app)
        let foreign = await run(RestoreCommand(), [other, "--yes"], on: app)
        let missing = await run(RestoreCommand(), [folder.appendingPathComponent("nope.sqlite").path, "--yes"], on: app)
        let declined = await run(RestoreCommand(), [good, "--no"], on: app)
        #expect(!FileManager.default.fileExists(atPath: target), "nothing was put in place")
        let restored = await run(RestoreCommand(), [good, "--yes"], on: app)
        await shutDown(app)

        #expect(damaged.failed && damaged.output.contains("fails SQLite's integrity check"), "\(damaged.output)")
        #expect(notDatabase.failed && notDatabase.output.contains("fails SQLite's integrity check"), "\(notDatabase.output)")
        #expect(foreign.failed && foreign.output.contains("is not a Coachwork database"), "\(foreign.output)")
        #expect(missing.failed && missing.output.contains("No file at"), "\(missing.output)")
        #expect(declined.failed && declined.output.contains("Is the server stopped"), "\(declined.output)")
        for refused in [damaged, notDatabase, foreign, missing, declined] { #expect(refused.output.contains("Nothing was restored.")) }
        #expect(!restored.failed, "\(restored.output)")
        #expect(restored.output.contains("There was no database to replace."))
        #expect(!restored.output.contains("y/n>"), "--yes asks nothing: \(restored.output)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: DurableFile.folder(of: target))
        #expect(leftovers.filter { $0.hasSuffix(".partial") }.isEmpty, "\(leftovers)")
    }

    @Test("on PostgreSQL both commands refuse and name the pg_dump and pg_restore commands, without the password")
    func postgresRefusal() async throws {
        let app = try await Application.make(.testing)
        // The refusal comes before any connection: no PostgreSQL server is needed for this test.
        let url = "postgres://coachwork:s3cret@db.example:5432/practice?tlsmode=disable"
        try await configure(app, config: AppConfig(database: .postgres(url: url), baseURL: "http://coachwork.test",
                                                   mailDirectory: NSTemporaryDirectory(), runsOutboxWorker: false))
        let backup = await run(BackupCommand(), ["nightly.dump"], on: app)
        let restore = await run(RestoreCommand(), ["nightly.dump", "--yes"], on: app)
        try await app.asyncShutdown()

        let toolURL = "'postgres://coachwork@db.example:5432/practice?sslmode=disable'"
        #expect(backup.failed && restore.failed)
        #expect(backup.output.contains("pg_dump --format=custom --file='nightly.dump' \(toolURL)"), "\(backup.output)")
        #expect(backup.output.contains("pg_restore --clean --if-exists --no-owner --dbname=\(toolURL) 'nightly.dump'"))
        #expect(restore.output.contains("pg_restore --clean --if-exists --no-owner --dbname=\(toolURL) 'nightly.dump'"))
        for output in [backup.output, restore.output] {
            #expect(output.contains("DATABASE_URL's user, host and database"))
            #expect(!output.contains("s3cret"))
        }
    }
}
