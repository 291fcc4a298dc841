import Logging

/// Wraps the app's log handler so that `debug` stays free of secrets.
///
/// FluentKit logs every query at `debug` as "Running query" with its values: session ids and
/// CSRF tokens (sessions), outbox bodies holding personal links, email addresses. Those
/// records are moved down to `trace`, where SQL with its bound values is logged too; at
/// `debug` and above no token, password, session id or API secret is written.
public struct SecretSafeLogHandler: LogHandler {
    private var base: any LogHandler

    /// Wraps `base` (e.g. Vapor's console logger).
    public init(_ base: any LogHandler) {
        self.base = base
    }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    /// The wrapped handler's metadata.
    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    /// One metadata value of the wrapped handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    /// Passes the record on, a query description only at `trace`.
    public func log(event: LogEvent) {
        var event = event
        if event.source == "FluentKit", event.level > .trace, event.message.description == "Running query" {
            guard base.logLevel == .trace else { return }
            event.level = .trace
        }
        base.log(event: event)
    }
}
