import Foundation
import NIOPosix
import SQLiteNIO

/// An SQLite database file opened directly with SQLiteNIO, outside the app's connection pool: the
/// backup being checked, the backup being restored, and the database a restore replaces (which
/// the app must not open, let alone migrate, before the swap).
struct SQLiteFile {
    /// The file's path.
    let path: String
    private let connection: SQLiteConnection

    /// Opens `path`, which must exist (SQLite would otherwise create an empty database there).
    /// - Throws: ``BackupError/missing(_:)`` when there is no file; SQLite's error when it cannot be opened.
    static func open(_ path: String) async throws -> SQLiteFile {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.missing(path) }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        return SQLiteFile(path: path, connection: connection)
    }

    /// Opens `path`, runs `body` and closes the file again, also when `body` throws.
    static func with<T: Sendable>(_ path: String, _ body: (SQLiteFile) async throws -> T) async throws -> T {
        let file = try await open(path)
        do {
            let result = try await body(file)
            try await file.close()
            return result
        } catch {
            try? await file.close()
            throw error
        }
    }

    /// Runs one statement and returns its rows.
    /// - Throws: SQLite's error (e.g. "file is not a database").
    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await connection.query(sql, binds)
    }

    /// `PRAGMA integrity_check`: "ok", or the problems SQLite found, one per line.
    /// - Throws: SQLite's error when the file is not a database at all.
    func integrityCheck() async throws -> String {
        let rows = try await query("PRAGMA integrity_check")
        return rows.compactMap { $0.column("integrity_check")?.string }.joined(separator: "\n")
    }

    /// The names of the file's own tables (SQLite's internal `sqlite_` tables left out), sorted.
    func tables() async throws -> [String] {
        let rows = try await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        return rows.compactMap { $0.column("name")?.string }
    }

    /// The number of rows of each table, by table name.
    func rowCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in try await tables() {
            // A table name from sqlite_master, quoted as an identifier: never user input.
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let n = try await query("SELECT count(*) AS n FROM \(quoted)").first?.column("n")?.integer
            counts[table] = n.map { Int($0) } ?? 0
        }
        return counts
    }

    /// Closes the connection; the file is then free for renaming.
    func close() async throws {
        try await connection.close()
    }
}

/// File-system steps of backup and restore that must survive a crash or power loss.
enum DurableFile {
    /// Flushes `path`'s contents to the disk (fsync), so a rename that follows never names a file
    /// whose data is still only in the page cache.
    /// - Throws: when the file cannot be opened or synced.
    static func sync(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// Flushes `folder`'s entries (a rename into it) to the disk. Best effort: some file systems
    /// refuse fsync on a folder, and the data itself is already synced.
    static func syncFolder(_ folder: String) {
        let fd = Foundation.open(folder, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    /// The folder that holds `path`.
    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// A name beside `path` that no reader mistakes for a finished file: hidden, marked partial,
    /// unique.
    static func temporaryName(beside path: String, purpose: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(purpose)-\(UUID().uuidString.prefix(8)).partial"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The size of the file at `path` in bytes (0 when it cannot be read).
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
