import Vapor

/// Caps every request body at ``maxBytes``, however it arrives.
///
/// A declared `Content-Length` over the cap is refused before anything is read. A streamed
/// (chunked) body is collected here, up to the cap, before any route sees it: the OpenAPI
/// transport and the CSRF check would otherwise read a chunked body of any size into memory.
/// Past the cap the request fails with 413 (problem+json under `/api/`, a page elsewhere).
/// A request is dispatched when its first body bytes arrive, so an over-long `Content-Length`
/// with no body yet is answered once the client starts sending.
struct BodyLimitMiddleware: AsyncMiddleware {
    /// The largest body accepted, in bytes (1 MiB).
    static let maxBytes = 1 << 20

    /// 413 as soon as the cap is passed. Vapor 4 then closes only its side of the connection and
    /// discards whatever the client still sends (memory stays flat); a reverse proxy's body limit
    /// stops such an upload at the edge (docs/OPERATIONS.md).
    static let tooLarge = Abort(.payloadTooLarge)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > Self.maxBytes {
            throw Self.tooLarge
        }
        if request.body.data == nil, request.headers.contains(name: .transferEncoding) || request.headers.contains(name: .contentLength) {
            do {
                _ = try await request.body.collect(max: Self.maxBytes).get()
            } catch let error as any AbortError where error.status == .payloadTooLarge {
                throw Self.tooLarge
            }
        }
        return try await next.respond(to: request)
    }
}
