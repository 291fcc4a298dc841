import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
@testable import CoachworkServer

/// `coachwork backup` and `coachwork restore` on SQLite files (the only database they copy; on
/// PostgreSQL they refuse, see `BackupRefusalTests`), whatever `DATABASE_URL` says.
@Suite("Backup and restore") struct BackupRestoreTests {
    @Test("a backup taken during concurrent writes is one moment's snapshot, and restores to the same rows")
    func backupDuringWritesRestoresIdentically() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = folder.appendingPathComponent("backup.sqlite").path
        // Arrange: a practice with data in most tables, and two writers that run until told to stop.
        let app = try await makeFileApp(folder.appendingPathComponent("live.sqlite").path)
        _ = try await DemoData.load(into: app)
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.raw("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('pairs', 0, 0)").run()
        let stop = StopFlag()
        let written = try await withThrowingTaskGroup(of: Int.self, returning: (SQLiteBackup.Report, Int).self) { group in
            group.addTask { // rows with a rising sequence number, one after another
                var n = 0
                while await !stop.isSet || n < 20 {
                    n += 1
                    try await sql.raw("INSERT INTO rate_limits (bucket, window_start, hits) VALUES (\(bind: "seq-\(n)"), 0, \(bind: n))").run()
                    await stop.wrote()
                }
                return n
            }
            group.addTask { // a row and a counter, always changed together in one transaction
                var n = 0
                while await !stop.isSet || n < 20 {
                    n += 1
                    let email = "pair-\(n)@example.com"
                    try await app.db.writeTransaction { db in
                        let tx = db as! any SQLDatabase
                        try await tx.raw("INSERT INTO sign_in_requests (id, email, requested_at) VALUES (\(bind: UUID()), \(bind: email), \(bind: Date()))").run()
                        try await tx.raw("UPDATE rate_limits SET hits = hits + 1 WHERE bucket = 'pairs'").run()
                    }
                }
                return n
            }
            // The writers are under way: a fixed pause was not enough on a loaded CI machine.
            try await stop.waitForWrites(5)
            // Act: back up while they write.
            let report = try await SQLiteBackup.run(app, to: backup)
            await stop.set()
            var total = 0
            for try await n in group { total = max(total, n) }
            return (report, total)
        }
        let (report, _) = written
        await shutDown(app)

        // Assert: the copy is whole and holds a prefix of each sequence, and both halves of every pair.
        let copy = try await SQLiteFile.open(backup)
        let check = try await copy.integrityCheck()
        let seq = try await copy.query("SELECT count(*) AS n, coalesce(max(hits), 0) AS top FROM rate_limits WHERE bucket LIKE 'seq-%'")
        let pairs = try await copy.query("SELECT count(*) AS n FROM sign_in_requests WHERE email LIKE 'pair-%'").first?.column("n")?.integer
        let counter = try await copy.query("SELECT hits FROM rate_limits WHERE bucket = 'pairs'").first?.column("hits")?.integer
        let copyCounts = try await copy.rowCounts()
        try await copy.close()
        let count = seq.first?.column("n")?.integer ?? -1, top = seq.first?.column("top")?.integer ?? -2
        #expect(check == "ok")
        #expect(count == top, "rows 1...\(top) with no gap")
        #expect(count >= 1, "the backup ran while the writer wrote")
        #expect(pairs == counter, "no transaction is half in the copy")
        #expect(copyCounts == report.rowCounts)
        #expect(report.rowCounts["engagements"] == 1 && (report.rowCounts["assessment_ratings"] ?? 0) > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }.isEmpty)

        // Act: restore into a fresh location, by an app that has not opened it.
        let fresh = folder.appendingPathComponent("restored/coachwork.sqlite").path
        let restorer = try await makeFileApp(fresh, migrate: false)
        let restored = try await SQLiteRestore.run(restorer, from: backup)
        await shutDown(restorer)

        // Assert: every table holds the rows of the backup, and the file is whole.
        #expect(restored.keptAs == nil)
        #expect(restored.migrated.isEmpty, "a backup of this version needs no migration")
        #expect(restored.rowCounts == report.rowCounts)
        #expect(restored.integrity == "ok")
        #expect(try await SQLiteFile.with(fresh) { try await $0.integrityCheck() } == "ok")
    }

    @Test("restore refuses while the database is open, then keeps it as before-restore and puts the backup in place")
    func restoreKeepsTheReplacedDatabase() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("coachwork.sqlite").path
        let backup = folder.appendingPathComponent("monday.sqlite").path
        let server = try await makeFileApp(live)
        let service = AccountService(db: server.db, passwords: server.password.async)
        _ = try await service.create(.init(email: "first@example.com", name: "First", role: "coach", timeZone: "UTC"))
        _ = try await SQLiteBackup.run(server, to: backup)
        _ = try await service.create(.init(email: "later@example.com", name: "Later", role: "coach", timeZone: "UTC"))

        // While the "server" has the file open, restore refuses and changes nothing.
        let restorer = try await makeFileApp(live, migrate: false)
        await #expect(throws: BackupError.inUse(live)) { try await SQLiteRestore.run(restorer, from: backup) }
        #expect(try await User.query(on: server.db).count() == 2)
        await shutDown(server)

        // Stopped: the restore goes through; the replaced database, WAL folded in, is kept.
        let moment = Date(timeIntervalSince1970: 1_800_000_000)
        let report = try await SQLiteRestore.run(restorer, from: backup, now: moment)
        #expect(report.keptAs == live + ".before-restore-20270115T080000Z")
        #expect(try await User.query(on: restorer.db).all(\.$email) == ["first@example.com"])
        await shutDown(restorer)
        let kept = try #require(report.keptAs)
        #expect(!FileManager.default.fileExists(atPath: kept + "-wal"), "the checkpoint left no WAL behind")
        let (check, counts) = try await SQLiteFile.with(kept) { (try await $0.integrityCheck(), try await $0.rowCounts()) }
        #expect(check == "ok")
        #expect(counts["users"] == 2, "the replaced database holds every commit")
    }

    @Test("a backup from an older version is migrated after the restore; one from a newer version is refused")
    func olderBackupIsMigratedNewerRefused() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let older = folder.appendingPathComponent("older.sqlite").path
        let newer = folder.appendingPathComponent("newer.sqlite").path
        let source = try await makeFileApp(folder.appendingPathComponent("source.sqlite").path)
        _ = try await SQLiteBackup.run(source, to: older)
        _ = try await SQLiteBackup.run(source, to: newer)
        await shutDown(source)
        // As a version without migration 011 left it: no list indexes, no log entry.
        let last = AddListIndexes().name
        let old = try await SQLiteFile.open(older)
        for index in AddListIndexes.indexes { _ = try await old.query("DROP INDEX \(index.name)") }
        _ = try await old.query("DELETE FROM _fluent_migrations WHERE name = ?", [.text(last)])
        try await old.close()
        // As a later version would leave it: a migration this version does not know.
        let new = try await SQLiteFile.open(newer)
        _ = try await new.query("INSERT INTO _fluent_migrations (id, name, batch) VALUES (randomblob(16), 'CoachworkServer.FromTheFuture', 2)")
        try await new.close()

        let target = folder.appendingPathComponent("live.sqlite").path
        let app = try await makeFileApp(target, migrate: false)
        await #expect(throws: BackupError.newer(newer, migrations: ["CoachworkServer.FromTheFuture"])) {
            try await SQLiteRestore.run(app, from: newer)
        }
        let report = try await SQLiteRestore.run(app, from: older)
        let sql = try #require(app.db as? any SQLDatabase)
        let indexes = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'people_name'").all()
        await shutDown(app)

        #expect(report.migrated == [last])
        #expect(indexes.count == 1, "migration 011 ran on the restored database")
    }
}

/// Tells the writers of a test to stop.
private actor StopFlag {
    private(set) var isSet = false
    /// Rows the sequence writer has committed so far.
    private(set) var written = 0
    /// Raises the flag.
    func set() { isSet = true }
    /// Counts one committed row.
    func wrote() { written += 1 }
    /// Waits until `rows` rows were written (for at most 30 s), so the backup surely runs mid-write.
    func waitForWrites(_ rows: Int) async throws {
        for _ in 0..<3000 where written < rows { try await Task.sleep(for: .milliseconds(10)) }
    }
}
