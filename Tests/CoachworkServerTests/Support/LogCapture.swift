import Foundation
import Logging
import Vapor
@testable import CoachworkServer

/// Every log line the app writes, captured in memory. `LoggingSystem` can be bootstrapped only
/// once per process, so this replaces `app.logger` instead: each request's logger is a copy
/// of `app.logger` (Vapor's test responder and HTTP server both pass it in).
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// Installs a capture as `app.logger`, logging at `level` and above.
    static func install(on app: Application, level: Logger.Level = .debug) -> LogCapture {
        let capture = LogCapture()
        // Through the same wrapper as `main.swift` installs, so the test sees what production logs.
        var logger = Logger(label: "coachwork.test") { _ in SecretSafeLogHandler(Handler(capture: capture)) }
        logger.logLevel = level
        app.logger = logger
        return capture
    }

    /// All lines so far, one per log call, with level, message and metadata.
    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    fileprivate func append(_ line: String) { lock.withLock { lines.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("[\(event.level)] \(event.message) \(all)")
        }
    }
}
