import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Emailed account links and "forgot your password?".
///
/// `GET /account/set-password/<token>` only checks the link (mail scanners open links first), keeps
/// its id in the session and redirects to `/account/set-password`, so the token leaves the address
/// bar and the history and cannot leak through a `Referer` (the app also sends `no-referrer`). The
/// form's POST consumes the link.
struct AccountLinkController: RouteCollection {
    /// Session key of the opened link's id.
    static let sessionKey = "account_link"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", "set-password", ":token", use: open)
        routes.get("account", "set-password", use: showForm)
        routes.post("account", "set-password", use: setPassword)
        routes.get("account", "reset", use: showReset)
        routes.post("account", "reset", use: requestReset)
    }

    /// The new password, typed twice.
    struct SetPasswordForm: Content { var new: String?; var confirm: String? }
    /// The address a reset link is asked for.
    struct ResetForm: Content { var email: String? }

    /// Checks the emailed link without consuming it, keeps its id in the session and redirects to the form.
    @Sendable func open(req: Request) async throws -> Response {
        do {
            let (link, _) = try await AccountLinks.find(token: req.parameters.get("token") ?? "", on: req.db, now: req.now)
            req.session.data[Self.sessionKey] = try link.requireID().uuidString
            return req.seeOther(Paths.setPassword)
        } catch let error as DomainError {
            return AccountLinkPages.failure(req, error: error)
        }
    }

    /// The link opened in this session, checked again (it may have been used or replaced since).
    private func openedLink(_ req: Request) async throws -> (AccountToken, User) {
        guard let raw = req.session.data[Self.sessionKey], let id = UUID(uuidString: raw) else {
            throw DomainError(.notFound, code: "account_link_unknown", message: AccountLinks.unusable)
        }
        return try await AccountLinks.find(id: id, on: req.db, now: req.now)
    }

    /// The form for the link opened in this session (404/410 page when there is none or it no longer works).
    @Sendable func showForm(req: Request) async throws -> Response {
        do {
            let (link, user) = try await openedLink(req)
            return AccountLinkPages.setPassword(req, email: user.email, purpose: link.tokenPurpose ?? .passwordReset)
        } catch let error as DomainError {
            return AccountLinkPages.failure(req, error: error)
        }
    }

    /// Checks the password rules, then consumes the link, sets the password and signs the holder in.
    @Sendable func setPassword(req: Request) async throws -> Response {
        let form = try req.content.decode(SetPasswordForm.self)
        do {
            let (link, user) = try await openedLink(req)
            let errors = PasswordRule.problems(new: form.new, confirm: form.confirm)
            guard errors.isEmpty else {
                return AccountLinkPages.setPassword(req, email: user.email, purpose: link.tokenPurpose ?? .passwordReset, errors: errors)
            }
            let hash = try await req.password.async.hash(form.new ?? "")
            try await AccountLinks.setPassword(link, user: user, passwordHash: hash, on: req.db, now: req.now)
            if let sql = req.db as? any SQLDatabase {
                // Proven by the mailbox: an account locked by someone's guesses opens again.
                try await RateLimiter(db: sql, now: req.now).reset(req.config.rateLimits.signInPerAccount, key: user.email)
            }
            // A fresh session (the one that held the link is replaced), signed in as the account.
            try await req.signIn(.user(user))
            try await AuditTrail.append(.init(AuditActor(.user(user)), action: "signed_in",
                                              detail: "Signed in after choosing a password with an emailed link.", at: req.now), on: req.db)
            req.flash(.success, "Your password is saved. Next time, sign in with \(user.email) and this password.")
            return req.seeOther(Paths.home)
        } catch let error as DomainError {
            return AccountLinkPages.failure(req, error: error)
        }
    }

    /// "Forgot your password?": the email form.
    @Sendable func showReset(req: Request) async throws -> Response {
        AccountLinkPages.reset(req)
    }

    /// Always the same answer and the same work (one queued request) for any address, so neither
    /// the page nor its timing says which addresses have an account; the worker answers
    /// (``PasswordResetQueue``).
    @Sendable func requestReset(req: Request) async throws -> Response {
        try await req.limit(req.config.rateLimits.passwordResetRequestsPerAddress, key: req.clientAddress, what: "password reset requests")
        let form = try req.content.decode(ResetForm.self)
        let email: String
        do { email = try TextInput.email(form.email) } catch {
            return AccountLinkPages.reset(req, email: form.email, error: error.message)
        }
        try await PasswordResetRequest(email: email, requestedAt: req.now).create(on: req.db)
        return AccountLinkPages.reset(req, email: email, sent: true)
    }
}
