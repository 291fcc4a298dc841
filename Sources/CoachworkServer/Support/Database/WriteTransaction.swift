import Vapor
import Fluent
import SQLKit
import SQLiteNIO

extension Database {
    /// Runs `body` in one database transaction that writes; use it instead of Fluent's `transaction`.
    ///
    /// On SQLite, only one connection can write at a time, and a deferred transaction that read
    /// before another connection committed fails with SQLITE_BUSY (its snapshot is stale; waiting
    /// cannot help). So write transactions of this process take turns through ``SQLiteWriteGate``
    /// (no wasted work), and a transaction that still meets SQLITE_BUSY (another process on the same
    /// file) is rolled back and run again, up to 5 times. Nested calls join the outer transaction.
    /// On PostgreSQL this is Fluent's `transaction`.
    ///
    /// - Throws: whatever `body` throws; the last SQLITE_BUSY after 5 attempts.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await SQLiteWriteGate.shared.run { try await self.transaction(body) }
            } catch let error as SQLiteError where isBusy(error) && attempt < 5 {
                // Someone else's commit made our snapshot stale: start again from fresh data.
                try await Task.sleep(for: .milliseconds(attempt * 2))
            }
        }
    }
}

/// SQLITE_BUSY and its extended codes (a stale WAL snapshot above all): worth running again.
private func isBusy(_ error: SQLiteError) -> Bool {
    [.busy, .busyInSnapshot, .busyInRecovery, .busyTimeout].contains(error.reason)
}

/// A first-in, first-out turn for SQLite write transactions within this process.
actor SQLiteWriteGate {
    /// One gate for the process: there is one SQLite writer per database file.
    static let shared = SQLiteWriteGate()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `work` when no other write transaction of this process runs.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { handOver() }
        return try await work()
    }

    private func handOver() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
