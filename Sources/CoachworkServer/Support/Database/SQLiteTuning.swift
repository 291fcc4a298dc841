import Vapor
import Fluent
import SQLKit

/// Runs SQLite as a server database (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html).
///
/// - `journal_mode=WAL` (stored in the database file): readers never wait for the writer, and a commit
///   appends to the log instead of rewriting pages.
/// - `synchronous=FULL`, kept on purpose: in WAL mode every commit syncs the log, so an answer a rater
///   was told is saved survives a process crash *and* a power loss. NORMAL would survive only the
///   former; see docs/OPERATIONS.md.
/// - `busy_timeout=5000` (ms): a connection that finds another writer waits, sleeping, instead of
///   sqlite-nio's default busy handler, which retries at once and spins the CPU.
/// - `cache_size=-8000` (KiB, per connection): 8 MiB of page cache, bounded memory with 10,000s of rows.
///
/// FluentSQLiteDriver opens exactly one connection per event loop and keeps it for the life of the
/// application, but offers no hook to run statements on a new connection. So ``apply(to:)`` runs the
/// per-connection PRAGMAs once through each event loop's pool, which is each connection.
enum SQLiteTuning {
    /// Milliseconds a connection waits for the write lock before SQLITE_BUSY.
    static let busyTimeoutMilliseconds = 5000

    /// The statements run on every connection, in order.
    static var connectionPragmas: [String] {
        ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -8000"]
    }

    /// Switches the database file to WAL and tunes each event loop's connection. No-op on PostgreSQL.
    /// - Throws: the database's error when a PRAGMA fails (e.g. the file is read-only).
    static func apply(to app: Application) async throws {
        guard app.config.database.isSQLite else { return }
        var first = true
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: loop)
            guard let sql = db as? any SQLDatabase else { return }
            if first {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                first = false
            }
            for pragma in connectionPragmas {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        }
    }
}

extension AppConfig.Database {
    /// Whether this is an SQLite database (a file or the in-memory stand-in).
    var isSQLite: Bool {
        switch self {
        case .sqlite, .sqliteMemory: return true
        case .postgres: return false
        }
    }
}
