import Vapor

/// The current instant, replaceable in tests (e.g. to make a personal link expire).
struct AppClock: Sendable {
    /// Returns "now" as a UTC instant.
    var now: @Sendable () -> Date = { Date() }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    /// The application's clock; the system clock unless a test sets another.
    var clock: AppClock {
        get { storage[ClockKey.self] ?? AppClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The current instant from the application's clock.
    var now: Date { application.clock.now() }
}
