import Vapor
import RoutingKit
import NIOConcurrencyHelpers

/// Answers a request whose path exists under other methods with 405 and an `Allow` header
/// (RFC 9110, section 15.5.6), instead of Vapor's 404 for "no route".
///
/// Sits inside ``AppErrorMiddleware``, which renders the error (page or problem+json) and copies
/// its headers. Only Vapor's `RouteNotFound` is looked at, so a handler's own 404 for a missing
/// engagement stays a 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as RouteNotFound {
            let allowed = request.application.routeIndex.methods(for: request.url.path)
            guard !allowed.isEmpty else { throw error }
            throw MethodNotAllowed(allowed: allowed)
        }
    }
}

/// A 405 naming the methods the path does have.
struct MethodNotAllowed: AbortError {
    /// The methods the path answers, e.g. `["GET", "HEAD"]`.
    var allowed: [String]
    var status: HTTPResponseStatus { .methodNotAllowed }
    var reason: String { "This address does not accept that method. It accepts: \(allowed.joined(separator: ", "))." }
    var headers: HTTPHeaders { ["Allow": allowed.joined(separator: ", ")] }
}

/// Every registered path with its methods, built once from `app.routes` on first use.
/// `@unchecked Sendable`: the routers are built and read only under the lock, never changed after.
final class RouteIndex: @unchecked Sendable {
    private let routers: NIOLockedValueBox<[String: TrieRouter<Bool>]?> = .init(nil)
    private let routes: @Sendable () -> [Route]

    init(routes: @escaping @Sendable () -> [Route]) { self.routes = routes }

    /// The methods registered for `path` (HEAD wherever GET is), sorted; empty when none.
    func methods(for path: String) -> [String] {
        let routers = self.routers.withLockedValue { cached in
            if let cached { return cached }
            var built: [String: TrieRouter<Bool>] = [:]
            for route in routes() {
                let components = route.path.filter { if case .constant("") = $0 { return false } else { return true } }
                // RoutingKit refuses an empty path: the root is registered as the constant "".
                let router = built[route.method.rawValue] ?? TrieRouter(Bool.self)
                router.register(true, at: components.isEmpty ? [.constant("")] : components)
                built[route.method.rawValue] = router
            }
            cached = built
            return built
        }
        let split = path.split(separator: "/").map(String.init)
        let components = split.isEmpty ? [""] : split
        var found: Set<String> = []
        for (method, router) in routers {
            var parameters = Parameters()
            if router.route(path: components, parameters: &parameters) != nil { found.insert(method) }
        }
        if found.contains("GET") { found.insert("HEAD") }
        return found.sorted()
    }
}

extension Application {
    private struct RouteIndexKey: StorageKey { typealias Value = RouteIndex }

    /// The index of registered paths and methods, for 405 answers; set by `configure` once the
    /// routes are registered (read-only while serving).
    var routeIndex: RouteIndex {
        get { storage[RouteIndexKey.self] ?? RouteIndex(routes: { [] }) }
        set { storage[RouteIndexKey.self] = newValue }
    }
}
