import Vapor
import CoachworkCore

/// Refuses any state-changing form POST whose `_csrf` field does not match the session's
/// token. SameSite=Lax cookies already stop most cross-site posts; this closes the rest.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST else { return try await next.respond(to: request) }
        // RFC 8058 one-click stops come from mail providers without cookies; the secret token in
        // the path is the only authority there, and all it can do is stop or resume reminders.
        if request.url.path.hasPrefix("/mail/stop/") { return try await next.respond(to: request) }
        // Middleware runs before the route collects a streamed body: collect it here (up to
        // the app's limit) or a long form would look like one without a token.
        let limit = request.application.routes.defaultMaxBodySize.value
        _ = try await request.body.collect(max: limit).get()
        let sent = request.formField("_csrf")
        guard let expected = request.session.data[SessionAuthenticator.csrfKey], let sent,
              sent.utf8.count == expected.utf8.count,
              zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw DomainError(.forbidden, code: "csrf_mismatch",
                              message: "This form has expired. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }
}
