import Vapor
import Plot

/// The sign-in page for admins and coaches, with a pointer for people who sign in by link.
enum SignInPage {
    /// - Parameters: `email` is kept after a failed attempt; `next` is where to go afterwards.
    static func response(_ req: Request, email: String? = nil, error: String? = nil, next: String? = nil) -> Response {
        let nextInput: Node<HTML.BodyContext> = next.map {
            .input(.type(.hidden), .name("next"), .escaped("value", $0))
        } ?? .empty
        return req.page(
            "Sign in", status: error == nil ? .ok : .unauthorized,
            error.map { Form.errorSummary(["_form": $0]) } ?? .empty,
            Form.post(
                action: Paths.signIn, csrf: req.csrfToken, submitLabel: "Sign in",
                nextInput,
                Form.field(name: "email", label: "Email address", type: "email", value: email, required: true),
                Form.field(name: "password", label: "Password", type: "password", required: true)),
            .p(link("Forgot your password?", Paths.passwordReset)),
            .p(.text("Client, sponsor or HR partner? You sign in with the personal link in your email. "),
               // Keep where they were going: a sponsor opening a meeting from an invitation lands there.
               link("Get a new sign-in link", next.map { Paths.requestLink + "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? Paths.requestLink),
               .text("."))
        )
    }
}

/// The page where a user changes their password (forced after a one-time password).
enum PasswordPage {
    static func response(_ req: Request, errors: [String: String] = [:], forced: Bool) -> Response {
        req.page(
            "Change your password", status: errors.isEmpty ? .ok : .unprocessableEntity,
            forced ? .p(.text("You signed in with a one-time password. Choose your own password to continue.")) : .empty,
            Form.errorSummary(errors),
            Form.post(
                action: Paths.password, csrf: req.csrfToken, submitLabel: "Change password",
                Form.field(name: "current", label: "Current password", type: "password", error: errors["current"], required: true),
                Form.field(name: "new", label: "New password", type: "password", error: errors["new"],
                           hint: "At least 12 characters.", required: true),
                Form.field(name: "confirm", label: "New password again", type: "password", error: errors["confirm"], required: true)))
    }
}
