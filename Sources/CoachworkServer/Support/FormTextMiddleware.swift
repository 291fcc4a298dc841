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
        let bytes = body.map { Array($0.readableBytesView) } ?? []
        do {
            _ = try FormBody.parse(bytes)
        } catch {
            // Nothing is stored, but nothing typed is lost either: the readable fields come back
            // in a form to send again, the unreadable ones empty and named.
            guard request.url.path.hasPrefix("/"), !request.url.path.hasPrefix("/api/") else { throw error }
            let readable = FormBody.readable(bytes)
            // Shown back only to the session that sent it (its CSRF token matches), so a forged
            // cross-site post cannot dress up a form for someone else to send.
            let sent = readable.fields.first { $0.name == "_csrf" }?.value
            let ownToken = request.hasSession && sent != nil && sent == request.session.data[SessionAuthenticator.csrfKey]
            let page = request.page(
                "Some text could not be read", status: .unprocessableEntity,
                Form.errorSummary(Dictionary(readable.unreadable.map { ($0, "Type '\($0)' again: it held characters that are not valid text (UTF-8).") },
                                             uniquingKeysWith: { first, _ in first })),
                .p(.text(error.message)),
                StorageFailurePage.resubmitForm(request, fields: ownToken ? readable.fields : [],
                                                intro: "Everything else you typed is below. Check it and send it again.", label: "Send again"))
            return page
        }
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
