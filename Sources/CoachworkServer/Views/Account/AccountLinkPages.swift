import Vapor
import Plot
import CoachworkCore

/// The pages of emailed account links: choosing a password, a link that does not work, and
/// "forgot your password?".
enum AccountLinkPages {
    /// The form to choose a password for `email`'s account (the link was opened and checked).
    /// Passwords are never echoed back after an error.
    static func setPassword(_ req: Request, email: String, purpose: AccountTokenPurpose, errors: [String: String] = [:]) -> Response {
        req.page(
            purpose == .invitation ? "Choose your password" : "Choose a new password",
            status: errors.isEmpty ? .ok : .unprocessableEntity,
            .p(.text("For the account \(email). After this you sign in with your email and this password.")),
            Form.errorSummary(errors),
            Form.post(
                action: Paths.setPassword, csrf: req.csrfToken, submitLabel: "Save password and sign in",
                Form.field(name: "new", label: "New password", type: "password", error: errors["new"],
                           hint: "At least \(PasswordRule.minimumLength) characters.", required: true),
                Form.field(name: "confirm", label: "New password again", type: "password", error: errors["confirm"], required: true)))
    }

    /// A link that is unknown, used, replaced, expired, or of a deactivated account: one message
    /// for all (404 or 410), nothing about the account, and the way to a new one.
    static func failure(_ req: Request, error: DomainError) -> Response {
        req.page(
            "This link does not work", status: error.kind.status,
            .p(.text(AccountLinks.unusable)),
            resetForm(req, email: nil, error: nil))
    }

    /// "Forgot your password?": the same answer whether or not the address has an account.
    static func reset(_ req: Request, email: String? = nil, error: String? = nil, sent: Bool = false) -> Response {
        req.page(
            "Reset your password", status: error == nil ? .ok : .unprocessableEntity,
            sent ? .p(.class("notice"), .attribute(named: "role", value: "status"),
                      .text("If an active account has this address, we are emailing it a link to choose a new password. The link works for \(AccountTokenPurpose.passwordReset.lifetimeText).")) : .empty,
            .p(.text("Admins and coaches: enter the email you sign in with. Client, sponsor or HR partner? You have no password: "),
               link("get a new sign-in link", Paths.requestLink), .text(" instead.")),
            resetForm(req, email: email, error: error))
    }

    /// The email form of "forgot your password?" (also under a link that does not work).
    static func resetForm(_ req: Request, email: String?, error: String?) -> Node<HTML.BodyContext> {
        Form.post(action: Paths.passwordReset, csrf: req.csrfToken, submitLabel: "Email me a reset link",
                  Form.field(name: "email", label: "Your email address", type: "email", value: email, error: error, required: true))
    }
}
