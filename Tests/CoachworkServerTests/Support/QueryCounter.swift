import Foundation
import Logging
import Vapor

/// Counts the SQL statements an application sends to its database, by reading the
/// "Executing query" lines that SQLKit's SQLite and PostgreSQL drivers log (at `trace` here,
/// see `configureDatabase`). Installed as `app.logger` before the database is configured, so every
/// connection, including those that run transactions, logs through it.
final class QueryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    /// The statements logged so far, oldest first.
    var all: [String] { lock.withLock { statements } }

    /// Runs `body` and returns the statements the app sent meanwhile (the test must not run
    /// other database work concurrently on the same app).
    func during(_ body: () async throws -> Void) async rethrows -> [String] {
        let start = lock.withLock { statements.count }
        try await body()
        return lock.withLock { Array(statements[start...]) }
    }

    fileprivate func record(_ sql: String) { lock.withLock { statements.append(sql) } }

    /// A logger that counts statements and passes every other line at `level` or above to `base`.
    static func logger(counting counter: QueryCounter, passingOn base: Logger) -> Logger {
        var logger = Logger(label: base.label) { _ in Handler(counter: counter, base: base) }
        logger.logLevel = .trace
        return logger
    }

    private struct Handler: LogHandler {
        let counter: QueryCounter
        let base: Logger
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description == "Executing query" {
                if case .string(let sql)? = event.metadata?["sql"] { counter.record(sql) }
                return
            }
            guard event.level >= base.logLevel else { return }
            base.log(level: event.level, event.message, metadata: metadata.merging(event.metadata ?? [:]) { $1 },
                     source: event.source, file: event.file, function: event.function, line: event.line)
        }
    }
}
