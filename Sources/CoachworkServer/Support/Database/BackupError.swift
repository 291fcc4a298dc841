import Foundation

/// Why `coachwork backup` or `coachwork restore` refused or stopped. Each case is refused before
/// anything is written or replaced; `description` is the message the command prints.
enum BackupError: Error, CustomStringConvertible, Equatable {
    /// The app runs on PostgreSQL: its own tools do this. `dump` is the file the user named.
    case postgres(restore: Bool, url: String, dump: String)
    /// The in-memory database has no file to copy or replace.
    case inMemory
    /// No file at this path (the database to back up, or the backup to restore).
    case missing(String)
    /// The backup's target exists; a backup never overwrites a file.
    case exists(String)
    /// `PRAGMA integrity_check` did not answer "ok" (or the file is not an SQLite database).
    case damaged(String, problems: String)
    /// An SQLite database, but not Coachwork's (no `_fluent_migrations` table).
    case notCoachwork(String)
    /// The backup holds migrations this version does not know: it comes from a newer version.
    case newer(String, migrations: [String])
    /// Another connection (a running server) holds the database that a restore would replace.
    case inUse(String)

    var description: String {
        switch self {
        case .postgres(let restore, let url, let dump):
            return PostgresAdvice.message(restore: restore, databaseURL: url, dump: dump)
        case .inMemory:
            return "The database is in memory (COACHWORK_SQLITE_PATH=:memory:): there is no file to back up or restore."
        case .missing(let path):
            return "No file at \(path)."
        case .exists(let path):
            return "\(path) exists. A backup never overwrites a file: name a new one."
        case .damaged(let path, let problems):
            return "\(path) fails SQLite's integrity check, so it is not used:\n\(problems)"
        case .notCoachwork(let path):
            return "\(path) is not a Coachwork database (it has no _fluent_migrations table)."
        case .newer(let path, let migrations):
            return "\(path) comes from a newer Coachwork version (it has the migrations \(migrations.joined(separator: ", ")), "
                + "which this version does not know). Restore it with that version or a later one."
        case .inUse(let path):
            return "\(path) is open in another process, most likely a running server. Stop every server and "
                + "command that uses it, then run the restore again."
        }
    }
}

/// What to run instead on PostgreSQL, whose own tools make and restore consistent dumps.
enum PostgresAdvice {
    /// The message for `backup` or `restore` with the exact commands. The URL is `databaseURL` without
    /// its password (the tools ask for it, or read `PGPASSWORD` or `~/.pgpass`) and with `tlsmode`
    /// written as `sslmode`, the only name libpq accepts.
    static func message(restore: Bool, databaseURL: String, dump: String) -> String {
        let url = shellQuoted(toolURL(databaseURL))
        let file = shellQuoted(dump)
        let dumpLine = "pg_dump --format=custom --file=\(file) \(url)"
        let restoreLine = "pg_restore --clean --if-exists --no-owner --dbname=\(url) \(file)"
        let head = restore
            ? "coachwork restore replaces SQLite databases only; this server uses PostgreSQL (DATABASE_URL). Stop every server, then restore a pg_dump file with:"
            : "coachwork backup copies SQLite databases only; this server uses PostgreSQL (DATABASE_URL). Back it up while it runs with:"
        return """
            \(head)
              \(restore ? restoreLine : dumpLine)
            \(restore ? "It was made with:" : "and restore it, servers stopped, with:")
              \(restore ? dumpLine : restoreLine)
            Both connect with DATABASE_URL's user, host and database; they ask for its password (or read PGPASSWORD or ~/.pgpass).
            """
    }

    /// `url` without its password and with `tlsmode` renamed to `sslmode`.
    static func toolURL(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.password = nil
        components.queryItems = components.queryItems?.map { item in
            item.name == "tlsmode" ? URLQueryItem(name: "sslmode", value: item.value) : item
        }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return components.string ?? url
    }

    /// `text` in single quotes for a POSIX shell.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
