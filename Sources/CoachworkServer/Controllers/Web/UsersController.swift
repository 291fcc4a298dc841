import Vapor
import Fluent
import CoachworkCore

/// Admin pages for password accounts.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.get(use: index)
        users.post(use: create)
        users.post(":userID", "reset", use: reset)
        users.post(":userID", "invitation", use: resendInvitation)
        users.get(":userID", "edit", use: edit)
        users.post(":userID", use: update)
        users.post(":userID", "deactivate") { req in try await setActive(req, false) }
        users.post(":userID", "reactivate") { req in try await setActive(req, true) }
    }

    /// The account, or 404.
    private func account(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self), let user = try await User.find(id, on: req.db) else {
            throw DomainError(.notFound, code: "user_not_found", message: "There is no such account.")
        }
        return user
    }

    @Sendable func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .userAccount)
        let user = try await account(req)
        return UserEditPage.response(req, user: user, values: ["name": user.name, "email": user.email, "role": user.role, "timeZone": user.timeZone])
    }

    @Sendable func update(req: Request) async throws -> Response {
        try req.authorize(.update, .userAccount)
        let user = try await account(req)
        let form = try req.content.decode(UserForm.self)
        do {
            let changed = try await req.accountService()
                .update(user, .init(email: form.email, name: form.name, role: form.role, timeZone: form.timeZone), now: req.now)
            req.flash(.success, changed.isEmpty ? "Nothing changed." : "Saved.")
            return req.seeOther(Paths.users)
        } catch let errors as FormErrors {
            let values = ["name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? "", "timeZone": form.timeZone ?? ""]
            return UserEditPage.response(req, user: try await account(req), values: values, errors: errors.messages)
        }
    }

    /// Deactivates or reactivates; a refusal (self, last admin) is shown on the users page.
    private func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        try req.authorize(.update, .userAccount)
        let user = try await account(req)
        let acting = try req.requireUser()
        do {
            try await AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(.user(acting)))
                .setActive(user, active, by: acting.id, now: req.now)
        } catch let error as DomainError where error.kind == .conflict {
            req.flash(.error, error.message)
            return req.seeOther(Paths.users)
        }
        req.flash(.success, active ? "\(user.name) can sign in again." : "\(user.name) can no longer sign in; their engagements stay (hand them over from each engagement's page).")
        return req.seeOther(Paths.users)
    }

    struct UserForm: Content { var name: String?; var email: String?; var role: String?; var timeZone: String? }

    @Sendable func index(req: Request) async throws -> Response {
        try req.authorize(.view, .userAccount)
        return UsersPage.response(req, users: try await User.query(on: req.db).sort(\.$name).all())
    }

    /// Creates the account and queues its invitation: nobody sees a password.
    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.create, .userAccount)
        let form = try req.content.decode(UserForm.self)
        let service = try req.accountService()
        do {
            let (user, issued) = try await service.invite(.init(email: form.email, name: form.name, role: form.role, timeZone: form.timeZone),
                                                          config: req.config, now: req.now)
            req.flash(.success, Self.sentNotice("Invitation", to: user, issued, req))
            return req.seeOther(Paths.users)
        } catch let errors as FormErrors {
            return try await rerender(req, form, errors.messages)
        }
    }

    /// A new invitation for an account whose holder has not chosen a password; refusals are shown on the page.
    @Sendable func resendInvitation(req: Request) async throws -> Response {
        try await sendLink(req, "Invitation") { service, user in try await service.resendInvitation(to: user, config: req.config, now: req.now) }
    }

    /// Emails the holder a reset link (no password is shown to the admin).
    @Sendable func reset(req: Request) async throws -> Response {
        try await sendLink(req, "Password reset link") { service, user in try await service.sendPasswordReset(to: user, config: req.config, now: req.now) }
    }

    private func sendLink(_ req: Request, _ what: String,
                          _ send: (AccountService, User) async throws -> AccountLinks.Issued) async throws -> Response {
        try req.authorize(.update, .userAccount)
        let user = try await account(req)
        do {
            let issued = try await send(try req.accountService(), user)
            req.flash(.success, Self.sentNotice(what, to: user, issued, req))
        } catch let error as DomainError where error.kind == .conflict {
            req.flash(.error, error.message)
        }
        return req.seeOther(Paths.users)
    }

    /// Says honestly what happened: the email is queued (the outbox page shows whether it left).
    static func sentNotice(_ what: String, to user: User, _ issued: AccountLinks.Issued, _ req: Request) -> String {
        let zone = req.actor?.timeZone ?? "UTC"
        return "\(what) for \(user.email) queued in the outbox (see Outbox for delivery); its link works until \(LocalTime.format(issued.expiresAt, zone: zone))."
    }

    private func rerender(_ req: Request, _ form: UserForm, _ errors: [String: String]) async throws -> Response {
        let values = ["name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? "", "timeZone": form.timeZone ?? ""]
        return UsersPage.response(req, users: try await User.query(on: req.db).sort(\.$name).all(), values: values, errors: errors)
    }
}
