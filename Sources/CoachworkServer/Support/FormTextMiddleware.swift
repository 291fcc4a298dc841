import Vapor
import CoachworkCore

/// Refuses a web form whose body is not UTF-8 text, before anything decodes it.
///
/// Vapor's form decoder turns raw non-UTF-8 bytes into U+FFFD (so a garbled name would be
/// stored) and fails on a percent-escaped one such as `%FF` (so the page could not say which
/// field). ``FormBody/parse(_:)`` checks every name and value; the first bad one is a 422
/// naming the field, and nothing is stored.
struct FormTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD,
              request.headers.contentType == .urlEncodedForm else { return try await next.respond(to: request) }
        // Collect the streamed body as CSRFMiddleware does (same limit), so both read the same bytes.
        let limit = request.application.routes.defaultMaxBodySize.value
        let body = try await request.body.collect(max: limit).get()
        _ = try FormBody.parse(body.map { Array($0.readableBytesView) } ?? [])
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The fields of this request's form body, in the order sent (empty for other bodies).
    /// Read after ``FormTextMiddleware`` has collected the body.
    var formFields: [FormBody.Field] {
        guard headers.contentType == .urlEncodedForm, let data = body.data else { return [] }
        return (try? FormBody.parse(Array(data.readableBytesView))) ?? []
    }
}
