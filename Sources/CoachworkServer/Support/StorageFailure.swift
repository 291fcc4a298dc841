import Vapor
import FluentSQLiteDriver
import FluentPostgresDriver

/// Recognises errors that mean "the database cannot store or reach data right now" (a full
/// disk, an I/O error, a read-only or locked file, a lost PostgreSQL connection). They are
/// not bugs: the request is answered 503 `storage_unavailable` with `Retry-After`, nothing
/// half-written stays behind (each change runs in one statement or transaction), and the
/// app recovers by itself once the database can write again.
enum StorageFailure {
    /// The problem code of a storage failure.
    static let code = "storage_unavailable"
    /// Seconds a client is asked to wait before trying again.
    static let retryAfterSeconds = 60
    /// What the person is told.
    static let detail = "Nothing was saved: the server cannot store data at the moment. Please try again in a few minutes."

    /// Whether `error` is a storage failure rather than a bug or a refusal.
    static func matches(_ error: any Error) -> Bool {
        switch error {
        case let error as SQLiteError:
            return sqlite(error)
        case let error as PSQLError:
            return postgres(error)
        case is ConnectionPoolTimeoutError, is ConnectionPoolError:
            return true
        default:
            return false
        }
    }

    /// SQLite: SQLITE_FULL ("database or disk is full"), SQLITE_IOERR*, SQLITE_READONLY*,
    /// SQLITE_BUSY* (after the busy timeout), SQLITE_LOCKED*, SQLITE_CANTOPEN* ("unable to open
    /// database file") and SQLITE_NOLFS.
    private static func sqlite(_ error: SQLiteError) -> Bool {
        if error.reason == .full || error.reason == .noLFS { return true }
        let name = String(describing: error.reason)
        if ["ioError", "readOnly", "readonly", "busy", "locked", "cantOpen"].contains(where: name.hasPrefix) { return true }
        let message = error.message.lowercased()
        return message.contains("disk is full") || message.contains("unable to open database")
    }

    /// PostgreSQL: connection errors and lost connections, and the server's SQLSTATE classes
    /// 08 (connection exception), 53 (insufficient resources: 53100 disk full), 57P0x
    /// (shutting down, cannot connect now), 58030 (I/O error) and 25006 (read-only transaction).
    private static func postgres(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
            return true
        case .server:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P0") || state == "58030" || state == "25006"
        default:
            return false
        }
    }
}

/// Whether storage is failing, so that an outage is logged once (at `error`) rather than once
/// per request; later failures of the same episode go to `debug`, and the first state-changing
/// request that succeeds afterwards logs "storage recovered" at `notice`.
final class StorageHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var failing = false

    /// Records a failed request; logs loudly only when this starts an episode.
    func recordFailure(_ route: String, cause: String, logger: Logger) {
        let started = lock.withLock {
            defer { failing = true }
            return !failing
        }
        if started {
            logger.error("Storage unavailable, answering 503 until it recovers (first seen on \(route)): \(cause)")
        } else {
            logger.debug("Storage still unavailable on \(route): \(cause)")
        }
    }

    /// Records a successful state-changing request; ends an episode if one was running.
    func recordSuccess(logger: Logger) {
        let ended = lock.withLock {
            defer { failing = false }
            return failing
        }
        if ended { logger.notice("Storage recovered: requests are saved again.") }
    }
}

extension Application {
    private struct StorageHealthKey: StorageKey, LockKey {
        typealias Value = StorageHealth
    }

    /// The application's one ``StorageHealth``.
    var storageHealth: StorageHealth {
        if let health = storage[StorageHealthKey.self] { return health }
        return locks.lock(for: StorageHealthKey.self).withLock {
            if let health = storage[StorageHealthKey.self] { return health }
            let health = StorageHealth()
            storage[StorageHealthKey.self] = health
            return health
        }
    }
}
