import Vapor

/// Caps every request body at ``maxBytes``, however it arrives.
///
/// A declared `Content-Length` over the cap is refused before anything is read. A streamed
/// (chunked) body is collected here, up to the cap, before any route sees it: the OpenAPI
/// transport and the CSRF check would otherwise read a chunked body of any size into memory.
/// Past the cap the request fails with 413 (problem+json under `/api/`, a page elsewhere).
struct BodyLimitMiddleware: AsyncMiddleware {
    /// The largest body accepted, in bytes (1 MiB).
    static let maxBytes = 1 << 20

    /// 413, closing the connection: the rest of the body is never read (a client that keeps
    /// sending would otherwise keep the server busy discarding it).
    static let tooLarge = Abort(.payloadTooLarge, headers: ["Connection": "close"])

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
