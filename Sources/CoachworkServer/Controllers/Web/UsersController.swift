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
            let changed = try await AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(try req.requireActor()))
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

    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.create, .userAccount)
        let form = try req.content.decode(UserForm.self)
        let service = AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(try req.requireActor()))
        do {
            let (user, password) = try await service.create(.init(email: form.email, name: form.name, role: form.role, timeZone: form.timeZone))
            return UsersPage.response(req, users: try await User.query(on: req.db).sort(\.$name).all(),
                                      revealed: (user.email, password))
        } catch let errors as FormErrors {
            return try await rerender(req, form, errors.messages)
        }
    }

    @Sendable func reset(req: Request) async throws -> Response {
        try req.authorize(.update, .userAccount)
        guard let id = req.parameters.get("userID", as: UUID.self), let user = try await User.find(id, on: req.db) else {
            throw DomainError(.notFound, code: "user_not_found", message: "There is no such account.")
        }
        let password = try await AccountService(db: req.db, passwords: req.password.async, actor: AuditActor(try req.requireActor())).reset(user)
        return UsersPage.response(req, users: try await User.query(on: req.db).sort(\.$name).all(),
                                  revealed: (user.email, password))
    }

    private func rerender(_ req: Request, _ form: UserForm, _ errors: [String: String]) async throws -> Response {
        let values = ["name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? "", "timeZone": form.timeZone ?? ""]
        return UsersPage.response(req, users: try await User.query(on: req.db).sort(\.$name).all(), values: values, errors: errors)
    }
}
