import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Sign in and out for password users, and the password change page.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("signin", use: showSignIn)
        routes.post("signin", use: signIn)
        routes.post("signout", use: signOut)
        routes.get("account", "password", use: showPassword)
        routes.post("account", "password", use: changePassword)
    }

    struct SignInForm: Content { var email: String?; var password: String?; var next: String? }
    struct PasswordForm: Content { var current: String?; var new: String?; var confirm: String? }

    @Sendable func showSignIn(req: Request) async throws -> Response {
        if req.actor != nil { return req.seeOther(Paths.home) }
        return SignInPage.response(req, next: LocalPath.validated(try? req.query.get(String.self, at: "next")))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = TextInput.normalized(form.email ?? "").lowercased()
        // Every attempt counts (a success clears the account's count), so a burst of guesses is
        // refused before any is checked.
        let limits = req.config.rateLimits
        try await req.limit(limits.signInPerAddress, key: req.clientAddress, what: "sign-in attempts")
        try await req.limit(limits.signInPerAccount, key: email, what: "sign-in attempts for this account")
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // Verify even when the account is unknown, so timing does not reveal which emails exist.
        let hash = user?.passwordHash ?? Self.dummyHash
        let valid = (try? await req.password.async.verify(form.password ?? "", created: hash)) ?? false
        guard let user, valid, user.disabledAt == nil else {
            // The typed email is recorded only as the account it names: it may be a mistyped password.
            let who = user.map { AuditActor(.user($0)) } ?? AuditActor(id: "anonymous", name: "Unknown email", role: "anonymous")
            let why = user == nil ? "an email that has no account" : !valid ? "a wrong password" : "a deactivated account"
            try await AuditTrail.append(.init(who, action: "sign_in_failed", detail: "Sign-in refused: \(why).", at: req.now), on: req.db)
            return SignInPage.response(req, email: email, error: "That email and password do not match an account.", next: LocalPath.validated(form.next))
        }
        if let sql = req.db as? any SQLDatabase {
            // A success is no guess: the account's count starts again, and the address gets its attempt back.
            let limiter = RateLimiter(db: sql, now: req.now)
            try await limiter.reset(limits.signInPerAccount, key: email)
            try await limiter.refund(limits.signInPerAddress, key: req.clientAddress)
        }
        try await req.signIn(.user(user))
        try await AuditTrail.append(.init(AuditActor(.user(user)), action: "signed_in", detail: "Signed in with a password.", at: req.now), on: req.db)
        if user.mustChangePassword { return req.seeOther(Paths.password) }
        return req.seeOther(Self.safeNext(form.next))
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        req.signOut()
        return req.seeOther(Paths.signIn)
    }

    @Sendable func showPassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return PasswordPage.response(req, forced: user.mustChangePassword)
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.update, .ownAccount)
        let form = try req.content.decode(PasswordForm.self)
        var errors = PasswordRule.problems(new: form.new, confirm: form.confirm, current: form.current ?? "")
        if !((try? await req.password.async.verify(form.current ?? "", created: user.passwordHash)) ?? false) {
            errors["current"] = "This is not your current password."
        }
        let new = form.new ?? ""
        guard errors.isEmpty else { return PasswordPage.response(req, errors: errors, forced: user.mustChangePassword) }
        user.passwordHash = try await req.password.async.hash(new)
        user.mustChangePassword = false
        try await req.db.writeTransaction { tx in
            try await user.save(on: tx)
            // A reset or invitation link mailed earlier must not undo the change.
            try await AccountLinks.revoke(userID: try user.requireID(), purpose: nil, on: tx, now: req.now)
            try await AuditTrail.append(.init(AuditActor(.user(user)), action: "password_changed", detail: "Password changed.", at: req.now), on: tx)
        }
        req.flash(.success, "Your password is changed.")
        return req.seeOther(Paths.home)
    }

    /// A real bcrypt hash of nothing anyone knows, verified against for unknown emails.
    static let dummyHash: String = (try? Bcrypt.hash(Secret.generate(), cost: 12)) ?? ""

    /// Only plain same-site paths are followed after sign-in (no open redirect): ``LocalPath``.
    static func safeNext(_ next: String?) -> String {
        LocalPath.validated(next) ?? Paths.home
    }
}

/// Sends a user who still has a one-time password to the password page first.
struct PasswordChangeGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if case .user(let user)? = request.actor, user.mustChangePassword,
           ![Paths.password, Paths.signOut, Paths.stylesheet].contains(request.url.path),
           // An emailed link chooses the password too (a holder of a one-time password may use one).
           !request.url.path.hasPrefix(Paths.setPassword), request.url.path != Paths.passwordReset {
            return request.seeOther(Paths.password)
        }
        return try await next.respond(to: request)
    }
}
