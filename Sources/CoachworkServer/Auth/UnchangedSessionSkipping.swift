import Vapor

/// A session driver that writes a session back only when its data changed.
///
/// Vapor's sessions middleware updates the session row after every response. While the
/// database cannot write (a full disk), that write would fail every page, even the 503 page
/// that shows what was typed; and it is a needless write per request the rest of the time.
struct UnchangedSessionSkipping: SessionDriver {
    /// The driver that stores sessions (Fluent's `_fluent_sessions`).
    let base: any SessionDriver

    private struct ReadKey: StorageKey { typealias Value = SessionData }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        base.readSession(sessionID, for: request).map { data in
            request.storage[ReadKey.self] = data
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let read = request.storage[ReadKey.self], read == data {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return base.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        base.deleteSession(sessionID, for: request)
    }
}
