import Vapor
import Plot
import CoachworkCore

/// The 503 page of a storage failure. For a form POST it shows what was typed, in a form that
/// posts again to the same path with the session's CSRF token, so the person can try again
/// later without retyping. Passwords and `_csrf` are never echoed.
enum StorageFailurePage {
    /// The page for `problem` (a ``StorageFailure``) answering `request`.
    static func response(for problem: Problem, request: Request) -> Response {
        let fields = request.method == .POST ? request.formFields : []
        let retry = resubmitForm(request, fields: fields, intro: "This is what you sent. Check it and press the button to try again.",
                                 label: "Try again")
        let response = request.page(problem.title, status: .serviceUnavailable, .p(.text(problem.detail)), retry)
        response.headers.replaceOrAdd(name: .retryAfter, value: String(StorageFailure.retryAfterSeconds))
        return response
    }

    /// What was typed (never passwords or `_csrf`) in a form that posts again to the request's own
    /// path with the session's CSRF token; a link home when there is nothing to send again.
    static func resubmitForm(_ request: Request, fields: [FormBody.Field], intro: String, label: String) -> Node<HTML.BodyContext> {
        // The password page's fields are all passwords, whatever their names.
        let kept = request.url.path == Paths.password ? [] : fields.filter { !isSecret($0.name) }
        let csrf = request.hasSession ? request.session.data[SessionAuthenticator.csrfKey] : nil
        // Only the request's own path, and never something a browser reads as another site.
        guard let csrf, let path = LocalPath.validated(request.url.path), !kept.isEmpty else {
            return .p(link("Back to the start page", Paths.home))
        }
        return .group(.p(.text(intro)), Form.post(action: path, csrf: csrf, submitLabel: label, .group(kept.map(control))))
    }

    private static func isSecret(_ name: String) -> Bool {
        name == "_csrf" || name.lowercased().contains("password")
    }

    private static func control(_ field: FormBody.Field) -> Node<HTML.BodyContext> {
        field.value.contains("\n") || field.value.count > 80
            ? Form.textArea(name: field.name, label: field.name, value: field.value, rows: 4)
            : Form.field(name: field.name, label: field.name, value: field.value)
    }
}
