import Vapor

/// Logs one line per request at `info`: method, route pattern and status, e.g.
/// `POST /link/:token -> 303`. It replaces Vapor's `RouteLoggingMiddleware`, which logs
/// `request.url.path` and so wrote personal-link, calendar-feed and mail-stop tokens into
/// the log. Query strings are never logged (they may hold tokens too).
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: request)
            request.logger.info("\(request.method) \(RequestLogPath.describe(request)) -> \(response.status.code)")
            return response
        } catch {
            request.logger.info("\(request.method) \(RequestLogPath.describe(request)) -> error")
            throw error
        }
    }
}

/// The loggable form of a request's path: never a secret.
enum RequestLogPath {
    /// The matched route's pattern (`/link/:token`, `/api/v1/engagements/:engagementId`) or,
    /// before routing and for unknown paths, the path with every opaque segment redacted.
    static func describe(_ request: Request) -> String {
        if let route = request.route {
            return "/" + route.path.map(\.description).joined(separator: "/")
        }
        return redacted(request.url.path)
    }

    /// `path` with every segment that could be a secret or an id replaced by `:redacted`:
    /// 32 characters or more, 16 or more with a digit (UUIDs), or any percent-escape.
    /// Words (`engagements`, `competency-models`, `v1`, `styles.css`) stay readable.
    static func redacted(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let opaque = segment.count >= 32 || (segment.count >= 16 && segment.contains(where: \.isNumber))
                || segment.contains("%")
            return opaque ? ":redacted" : String(segment)
        }
        let joined = segments.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }
}
