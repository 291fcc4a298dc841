import Vapor
import Fluent
import SQLKit
import SQLiteNIO

/// `coachwork backup`: a consistent copy of the SQLite database, taken while the server writes.
///
/// `VACUUM INTO` (https://www.sqlite.org/lang_vacuum.html#vacuuminto) copies the database as one
/// read transaction sees it: in WAL mode readers never wait for the writer, so the server keeps
/// answering, and the copy is a snapshot of one moment (every committed transaction up to it, none
/// after). The copy is self-contained: no `-wal` file to carry along.
enum SQLiteBackup {
    /// What a finished backup holds.
    struct Report: Sendable {
        /// The backup's absolute path.
        let path: String
        /// Its size in bytes.
        let bytes: Int
        /// Rows per table of the copy.
        let rowCounts: [String: Int]
        /// What `PRAGMA integrity_check` said of the copy: "ok" (anything else is refused).
        let integrity: String
    }

    /// Copies the app's database to `file`. The copy is written under a hidden temporary name in
    /// the same folder, synced to disk and checked with `PRAGMA integrity_check`, and only then
    /// renamed to `file`, so a half-written or damaged backup never carries the final name.
    ///
    /// - Throws: a ``BackupError`` before anything is written (PostgreSQL, in memory, no database
    ///   file yet, `file` exists); ``BackupError/damaged(_:problems:)`` when the copy fails the
    ///   check (it is then deleted); the database's or file system's error (e.g. a full disk).
    static func run(_ app: Application, to file: String) async throws -> Report {
        let source = try databasePath(app, restore: false, naming: file)
        // The app would otherwise create an empty database there and back that up.
        guard FileManager.default.fileExists(atPath: source) else { throw BackupError.missing(source) }
        let target = absolutePath(file)
        guard !FileManager.default.fileExists(atPath: target) else { throw BackupError.exists(target) }
        let folder = DurableFile.folder(of: target)
        guard FileManager.default.fileExists(atPath: folder) else { throw BackupError.missing(folder) }
        let temporary = DurableFile.temporaryName(beside: target, purpose: "backup")
        do {
            try await app.db.withConnection { db in
                let sql = db as! any SQLDatabase // SQLite, checked above
                // `backup` skips SQLiteTuning (it changes nothing in the file), but a reader can still
                // meet SQLITE_BUSY for a moment (another process recovering the WAL): wait as the server does.
                let wait = "PRAGMA busy_timeout = \(SQLiteTuning.busyTimeoutMilliseconds)"
                try await sql.raw(SQLQueryString(wait)).run()
                try await sql.raw("VACUUM INTO \(bind: temporary)").run()
            }
            try DurableFile.sync(temporary)
            let (problems, counts) = try await SQLiteFile.with(temporary) { copy in
                (try await copy.integrityCheck(), try await copy.rowCounts())
            }
            guard problems == "ok" else { throw BackupError.damaged(target, problems: problems) }
            // Checked again: a file made meanwhile under that name is never replaced.
            guard !FileManager.default.fileExists(atPath: target) else { throw BackupError.exists(target) }
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
            DurableFile.syncFolder(folder)
            return Report(path: target, bytes: DurableFile.size(target), rowCounts: counts, integrity: problems)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// The SQLite file of the app's database.
    /// - Parameters:
    ///   - restore: which command asks, for the PostgreSQL advice.
    ///   - file: the file the user named, shown in the PostgreSQL advice's commands.
    /// - Throws: ``BackupError/postgres(restore:url:dump:)`` or ``BackupError/inMemory``.
    static func databasePath(_ app: Application, restore: Bool, naming file: String) throws -> String {
        switch app.config.database {
        case .sqlite(let path): return absolutePath(path)
        case .sqliteMemory: throw BackupError.inMemory
        case .postgres(let url, _): throw BackupError.postgres(restore: restore, url: url, dump: file)
        }
    }

    /// `path` made absolute against the working directory, as the server resolves it.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The tables shown after a backup or restore, in this order: the practice at a glance.
    static let mainTables = ["users", "people", "engagements", "coaching_agreements", "stakeholders", "meetings",
                             "assessments", "assessment_ratings", "survey_rounds", "survey_answers", "idp_revisions",
                             "final_reports", "outbox_messages"]

    /// The lines a command prints about a database file: its path, size, main tables' rows and what
    /// `PRAGMA integrity_check` said (`integrity`).
    static func summary(path: String, bytes: Int, rowCounts: [String: Int], integrity: String) -> [String] {
        let size = String(format: "%.1f MiB", Double(bytes) / 1_048_576)
        let tables = mainTables.filter { rowCounts[$0] != nil }.map { "    \($0): \(rowCounts[$0]!)" }
        return ["  path: \(path)", "  size: \(size) (\(bytes) bytes)", "  rows (main tables):"] + tables
            + ["  \(rowCounts.count) tables in all; PRAGMA integrity_check: \(integrity)"]
    }
}
