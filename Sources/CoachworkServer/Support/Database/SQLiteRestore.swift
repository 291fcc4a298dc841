import Vapor
import Fluent
import SQLiteNIO

/// `coachwork restore`: puts a backup in place of the SQLite database, keeping the database it
/// replaces.
///
/// The app's own connections never open the database being replaced (``prepare(_:forCommand:)``
/// neither migrates nor tunes for `restore`): it is opened once, alone, to fold its WAL into the
/// file, and only the restored file is migrated afterwards.
enum SQLiteRestore {
    /// What a finished restore did.
    struct Report: Sendable {
        /// The database's absolute path, now holding the backup.
        let path: String
        /// Where the replaced database was kept, or nil when there was none.
        let keptAs: String?
        /// The migrations run on the restored database (a backup from an older version), in order.
        let migrated: [String]
        /// The restored database's size in bytes.
        let bytes: Int
        /// Rows per table of the restored database.
        let rowCounts: [String: Int]
        /// What `PRAGMA integrity_check` said of the restored database in place, after migrating.
        let integrity: String
    }

    /// Restores `file` into the app's SQLite database.
    ///
    /// 1. `file` must pass `PRAGMA integrity_check`, be a Coachwork database and hold no migration this
    ///    version does not know; it is copied (`VACUUM INTO`, so a `-wal` beside it counts too) to a
    ///    hidden temporary file beside the database, and synced.
    /// 2. The current database, if any, must be open nowhere else; its WAL is checkpointed and it is
    ///    kept as `<path>.before-restore-<UTC time>` (with any `-wal` and `-shm` moved along).
    /// 3. The copy is renamed into place (atomically), then migrated when `COACHWORK_AUTO_MIGRATE` allows.
    ///
    /// - Parameter now: the time in the kept file's name.
    /// - Throws: a ``BackupError`` before anything is replaced (PostgreSQL, in memory, `file` missing,
    ///   damaged, not Coachwork's or newer, the database in use); the file system's or a migration's error.
    static func run(_ app: Application, from file: String, now: Date = Date()) async throws -> Report {
        let target = try SQLiteBackup.databasePath(app, restore: true, naming: file)
        let source = SQLiteBackup.absolutePath(file)
        try FileManager.default.createDirectory(atPath: DurableFile.folder(of: target), withIntermediateDirectories: true)
        let temporary = DurableFile.temporaryName(beside: target, purpose: "restore")
        let keptAs: String?
        do {
            try await copyChecked(source, to: temporary, known: Set(Migrations.all.map(\.name)))
            try DurableFile.sync(temporary)
            keptAs = try await setAside(target, as: "\(target).before-restore-\(stamp(now))")
            guard rename(temporary, target) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            DurableFile.syncFolder(DurableFile.folder(of: target))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        var migrated: [String] = []
        if app.config.autoMigrate {
            try await SQLiteTuning.apply(to: app)
            migrated = try await app.migrator.previewPrepareBatch().get().map { $0.0.name }
            try await app.autoMigrate()
        }
        let (counts, integrity) = try await SQLiteFile.with(target) { (try await $0.rowCounts(), try await $0.integrityCheck()) }
        return Report(path: target, keptAs: keptAs, migrated: migrated, bytes: DurableFile.size(target),
                      rowCounts: counts, integrity: integrity)
    }

    /// Checks the backup at `source` and copies it to `temporary`.
    /// - Throws: ``BackupError`` when it is missing, damaged, not Coachwork's, or from a newer version.
    private static func copyChecked(_ source: String, to temporary: String, known: Set<String>) async throws {
        try await SQLiteFile.with(source) { backup in
            let problems: String
            do { problems = try await backup.integrityCheck() } catch {
                throw BackupError.damaged(source, problems: String(describing: error))
            }
            guard problems == "ok" else { throw BackupError.damaged(source, problems: problems) }
            guard try await backup.tables().contains("_fluent_migrations") else { throw BackupError.notCoachwork(source) }
            let names = try await backup.query("SELECT name FROM _fluent_migrations").compactMap { $0.column("name")?.string }
            let unknown = names.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw BackupError.newer(source, migrations: unknown) }
            _ = try await backup.query("VACUUM INTO ?", [.text(temporary)])
        }
    }

    /// Moves the database at `path` (if there is one) to `kept`, after making sure no other
    /// connection has it open and folding its WAL into the file.
    /// - Returns: `kept`, or nil when there was no database.
    /// - Throws: ``BackupError/inUse(_:)`` when another connection holds it; ``BackupError/exists(_:)``
    ///   when `kept` exists; the file system's error.
    private static func setAside(_ path: String, as kept: String) async throws -> String? {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { return nil }
        guard !files.fileExists(atPath: kept) else { throw BackupError.exists(kept) }
        try await checkpointAlone(path)
        // A hard link keeps the old file while the rename replaces the name atomically, so the
        // database's path never names nothing; file systems without links get a move instead.
        if link(path, kept) != 0 { try files.moveItem(atPath: path, toPath: kept) }
        // An -shm only indexes the -wal; without one (a read-only reader's leftover), it is stale.
        if !files.fileExists(atPath: path + "-wal") { try? files.removeItem(atPath: path + "-shm") }
        // After a clean checkpoint these are gone; if not (a damaged database), they stay with theirs:
        // a stale -wal beside the restored file would be replayed into it.
        for suffix in ["-wal", "-shm"] where files.fileExists(atPath: path + suffix) {
            try files.moveItem(atPath: path + suffix, toPath: kept + suffix)
        }
        return kept
    }

    /// Opens `path` alone, in exclusive locking mode, and checkpoints its WAL into the file.
    ///
    /// A WAL database's open connections (a running server's, which ``SQLiteTuning`` touches at
    /// start) hold a shared lock, so the exclusive lock is refused (SQLITE_BUSY) while they live.
    /// A connection that has never read, or a database still in rollback mode, cannot be seen.
    /// - Throws: ``BackupError/inUse(_:)``. A file SQLite cannot read at all is left as it is.
    private static func checkpointAlone(_ path: String) async throws {
        guard let file = try? await SQLiteFile.open(path) else { return }
        do {
            _ = try await file.query("PRAGMA busy_timeout = 1000")
            _ = try await file.query("PRAGMA locking_mode = EXCLUSIVE")
            _ = try await file.query("BEGIN EXCLUSIVE")
            _ = try await file.query("COMMIT")
            _ = try await file.query("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch let error as SQLiteError where [.busy, .locked, .busyTimeout, .busyInRecovery].contains(error.reason) {
            try? await file.close()
            throw BackupError.inUse(path)
        } catch {
            // A damaged database is what one restores over: it is kept as it is, -wal and all.
        }
        try? await file.close()
    }

    /// `now` as a compact UTC time for a file name, e.g. `20261207T215900Z`.
    static func stamp(_ now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: now)
    }
}
