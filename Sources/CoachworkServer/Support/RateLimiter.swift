import Vapor
import Fluent
import SQLKit

/// A limit on how often something guessable may be tried: at most ``limit`` hits per
/// ``window`` seconds per bucket (fixed windows).
public struct RateLimit: Sendable, Equatable {
    /// Bucket prefix, e.g. `signin:account`.
    public var name: String
    /// Hits allowed per window.
    public var limit: Int
    /// Window length in seconds.
    public var window: TimeInterval

    /// Creates a limit of `limit` hits per `window` seconds in buckets named `name:<key>`.
    public init(name: String, limit: Int, window: TimeInterval) {
        self.name = name
        self.limit = limit
        self.window = window
    }
}

/// Counts hits per bucket in the database, so the limits hold across every app instance on one
/// PostgreSQL (or SQLite file). One statement per hit: an upsert that starts a new window when the
/// old one has passed and returns the count, so concurrent hits are counted exactly.
struct RateLimiter: Sendable {
    /// The table of buckets (migration 008).
    static let schema = "rate_limits"

    /// Whether a hit may go ahead.
    enum Decision: Equatable, Sendable {
        /// Under the limit.
        case allowed
        /// Over the limit; try again after this many whole seconds (at least 1).
        case limited(retryAfter: Int)
    }

    let db: any SQLDatabase
    let now: Date

    /// Counts one hit on `rule` for `key` and decides.
    /// - Parameter key: what is limited, e.g. a lower-cased email or a client address.
    /// - Throws: database errors.
    func hit(_ rule: RateLimit, key: String) async throws -> Decision {
        let bucket = Self.bucket(rule, key)
        let now = now.timeIntervalSince1970
        let cutoff = now - rule.window
        let row = try await db.raw("""
            INSERT INTO \(ident: Self.schema) (bucket, window_start, hits) VALUES (\(bind: bucket), \(bind: now), 1)
            ON CONFLICT (bucket) DO UPDATE SET
              hits = CASE WHEN \(ident: Self.schema).window_start <= \(bind: cutoff) THEN 1 ELSE \(ident: Self.schema).hits + 1 END,
              window_start = CASE WHEN \(ident: Self.schema).window_start <= \(bind: cutoff) THEN \(bind: now) ELSE \(ident: Self.schema).window_start END
            RETURNING hits, window_start
            """).first()
        let hits = try row?.decode(column: "hits", as: Int.self) ?? 1
        let start = try row?.decode(column: "window_start", as: Double.self) ?? now
        return Self.decide(hits: hits, windowStart: start, rule: rule, now: now)
    }

    /// The decision the next hit of `key` on `rule` would get, without counting it: one SELECT, no write.
    /// - Throws: database errors.
    func peek(_ rule: RateLimit, key: String) async throws -> Decision {
        guard let row = try await db.select().columns("hits", "window_start").from(Self.schema)
                .where("bucket", .equal, Self.bucket(rule, key)).first() else { return .allowed }
        let now = now.timeIntervalSince1970
        let start = try row.decode(column: "window_start", as: Double.self)
        if start <= now - rule.window { return .allowed }
        return Self.decide(hits: try row.decode(column: "hits", as: Int.self) + 1, windowStart: start, rule: rule, now: now)
    }

    /// Takes back one hit of `key` on `rule` (a hit that turned out to be legitimate, such as a
    /// successful sign-in from a shared office address).
    func refund(_ rule: RateLimit, key: String) async throws {
        try await db.raw("""
            UPDATE \(ident: Self.schema) SET hits = hits - 1 WHERE bucket = \(bind: Self.bucket(rule, key)) AND hits > 0
            """).run()
    }

    /// Forgets `key`'s hits on `rule` (after a successful sign-in, say).
    func reset(_ rule: RateLimit, key: String) async throws {
        try await db.delete(from: Self.schema).where("bucket", .equal, Self.bucket(rule, key)).run()
    }

    /// Deletes buckets whose window ended more than a day ago (the worker's housekeeping).
    func prune() async throws {
        try await db.delete(from: Self.schema).where("window_start", .lessThan, now.timeIntervalSince1970 - 86_400).run()
    }

    /// The decision for `hits` in a window that began at `windowStart` (seconds since 1970).
    static func decide(hits: Int, windowStart: Double, rule: RateLimit, now: Double) -> Decision {
        guard hits > rule.limit else { return .allowed }
        return .limited(retryAfter: max(1, Int((windowStart + rule.window - now).rounded(.up))))
    }

    /// Bucket keys are bounded and case-folded, so a long or oddly cased key cannot split a bucket.
    static func bucket(_ rule: RateLimit, _ key: String) -> String {
        "\(rule.name):\(key.lowercased().prefix(300))"
    }
}

/// 429 Too Many Requests (RFC 6585, section 4) with `Retry-After` in seconds.
struct TooManyRequests: AbortError {
    /// Seconds until the window ends.
    var retryAfter: Int
    /// What was limited, in plain words ("sign-in attempts").
    var what: String
    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String {
        let minutes = (retryAfter + 59) / 60
        return "Too many \(what) in a short time. Please wait \(minutes == 1 ? "a minute" : "\(minutes) minutes") and try again."
    }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
}

extension Request {
    /// The client's address for rate limits: the socket's peer, or with
    /// `COACHWORK_TRUST_FORWARDED_FOR=true` (behind one reverse proxy) the address the proxy
    /// appended last to `X-Forwarded-For`. Clients can forge every earlier entry, so only the last
    /// one counts.
    var clientAddress: String {
        if config.trustForwardedFor, let forwarded = headers.first(name: .xForwardedFor),
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    /// Refuses the request with ``TooManyRequests`` when one more hit of `rule` for `key` would pass
    /// the limit, and leaves the hit to be counted by ``countDeferredHits(on:)``: inside the
    /// transaction that does the request's work, so a rater's submission is one durable commit, not
    /// two. Concurrent requests may pass the limit by as many as are in flight at once.
    func limitDeferred(_ rule: RateLimit, key: String, what: String) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if case .limited(let retryAfter) = try await RateLimiter(db: sql, now: now).peek(rule, key: key) {
            throw TooManyRequests(retryAfter: retryAfter, what: what)
        }
        storage[DeferredHitsKey.self] = (storage[DeferredHitsKey.self] ?? []) + [DeferredHit(rule: rule, key: key)]
    }

    /// Counts the hits ``limitDeferred(_:key:what:)`` left, on `db` (a transaction or the request's
    /// database). With `forget` (outside a transaction) later calls do nothing; inside a transaction
    /// pass `false` and call ``forgetDeferredHits()`` once it committed, so a transaction that is
    /// rolled back and run again (SQLITE_BUSY) counts them again.
    func countDeferredHits(on db: any Database, forget: Bool = true) async throws {
        guard let hits = storage[DeferredHitsKey.self], !hits.isEmpty, let sql = db as? any SQLDatabase else { return }
        if forget { storage[DeferredHitsKey.self] = [] }
        for hit in hits { _ = try await RateLimiter(db: sql, now: now).hit(hit.rule, key: hit.key) }
    }

    /// Marks the deferred hits counted (after the transaction that counted them committed).
    func forgetDeferredHits() {
        storage[DeferredHitsKey.self] = []
    }

    /// Counts one hit of `rule` for `key` and throws ``TooManyRequests`` past the limit.
    func limit(_ rule: RateLimit, key: String, what: String) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if case .limited(let retryAfter) = try await RateLimiter(db: sql, now: now).hit(rule, key: key) {
            throw TooManyRequests(retryAfter: retryAfter, what: what)
        }
    }
}

/// A rate-limit hit to count later in the request (``Request/limitDeferred(_:key:what:)``).
private struct DeferredHit: Sendable {
    let rule: RateLimit
    let key: String
}

private struct DeferredHitsKey: StorageKey {
    typealias Value = [DeferredHit]
}
