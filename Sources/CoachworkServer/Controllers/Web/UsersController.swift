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
