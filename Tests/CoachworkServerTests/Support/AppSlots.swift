/// Caps how many test applications run at once.
///
/// Swift Testing starts every test concurrently; each application opens its own
/// connection pool, and a PostgreSQL server refuses connections past its
/// `max_connections` (100 by default), which failed CI with SQLSTATE 53300.
/// Tests wait here for a slot instead, so the connection count stays bounded
/// whatever the number of tests or cores.
actor AppSlots {
    /// The one limiter the test process shares.
    static let shared = AppSlots(limit: 6)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    /// Waits until a slot is free and takes it.
    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a slot back, handing it straight to the longest waiter if any.
    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
