import Vapor
import Plot
import CoachworkCore

/// Admin page: the accounts, a form to add one, and a one-time password shown once.
enum UsersPage {
    static func response(
        _ req: Request, users: [User], values: [String: String] = [:], errors: [String: String] = [:],
        revealed: (email: String, password: String)? = nil
    ) -> Response {
        let viewerZone = req.actor?.timeZone ?? "UTC"
        let rows: [[Node<HTML.BodyContext>]] = users.map { user in
            [.text(user.name), .text(user.email), .text(user.accountRole.title), .text(user.timeZone),
             .text(user.createdAt.map { LocalTime.date($0, zone: viewerZone) } ?? ""),
             .text(user.disabledAt != nil ? "Deactivated" : user.mustChangePassword ? "Waiting for first sign-in" : "Active"),
             .group(.a(.escapedAttribute("href", "\(Paths.users)/\(user.id!)/edit"), .text("Edit")), .text(" "),
                    Form.button(action: Paths.resetUser(user.id!), csrf: req.csrfToken, label: "Reset password", style: "quiet"),
                    Form.button(action: "\(Paths.users)/\(user.id!)/\(user.disabledAt == nil ? "deactivate" : "reactivate")", csrf: req.csrfToken,
                                label: user.disabledAt == nil ? "Deactivate" : "Reactivate", style: "quiet"))]
        }
        return req.page(
            "Users", status: errors.isEmpty ? .ok : .unprocessableEntity,
            revealed.map { oneTimePasswordNotice(email: $0.email, password: $0.password) } ?? .empty,
            Table.render(caption: "Admin and coach accounts",
                         headers: ["Name", "Email", "Role", "Time zone", "Created", "Status", ""],
                         rows: rows, empty: "No accounts yet."),
            .h2(.text("Add an account")),
            Form.errorSummary(errors),
            Form.post(
                action: Paths.users, csrf: req.csrfToken, submitLabel: "Create account",
                Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                Form.field(name: "email", label: "Email address", type: "email", value: values["email"], error: errors["email"], required: true),
                Form.select(name: "role", label: "Role", options: [("coach", "Coach"), ("admin", "Admin")],
                            selected: values["role"] ?? "coach", error: errors["role"]),
                TimeZoneField.select(selected: values["timeZone"] ?? viewerZone, error: errors["timeZone"])))
    }

    /// The one moment a one-time password is visible.
    static func oneTimePasswordNotice(email: String, password: String) -> Node<HTML.BodyContext> {
        .div(.class("notice"), .attribute(named: "role", value: "status"),
             .h2(.text("One-time password for \(email)")),
             .p(.element(named: "code", nodes: [.text(password)])),
             .p(.text("Give it to them in person or by phone; it is shown only now. They choose their own password at first sign-in.")))
    }
}

/// Changing an account's name, email, role and time zone.
enum UserEditPage {
    static func response(_ req: Request, user: User, values: [String: String], errors: [String: String] = [:]) -> Response {
        req.page(
            "Edit \(user.name)", status: errors.isEmpty ? .ok : .unprocessableEntity,
            breadcrumbs: [("Users", Paths.users)],
            Form.errorSummary(errors),
            Form.post(
                action: "\(Paths.users)/\(user.id!)", csrf: req.csrfToken, submitLabel: "Save changes",
                Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                Form.field(name: "email", label: "Email address (the sign-in name)", type: "email", value: values["email"], error: errors["email"], required: true),
                Form.select(name: "role", label: "Role", options: [("coach", "Coach"), ("admin", "Admin")], selected: values["role"], error: errors["role"]),
                TimeZoneField.select(selected: values["timeZone"], error: errors["timeZone"])))
    }
}

/// A select of every IANA time zone the system knows.
enum TimeZoneField {
    /// Foundation's list still uses some older names (Asia/Calcutta); the current IANA names
    /// are added when this system knows them.
    static let identifiers: [String] = Set(
        (TimeZone.knownTimeZoneIdentifiers + ["Asia/Kolkata", "Asia/Kathmandu", "Asia/Yangon", "Europe/Kyiv", "America/Nuuk", "Pacific/Kanton"])
            .filter { $0.contains("/") && TimeZone(identifier: $0) != nil }
    ).sorted() + ["UTC"]

    /// The zone field: type to search the IANA names (e.g. "Berlin"), filled with `selected`
    /// (the form's value, or the signed-in user's own zone), else UTC.
    static func select(selected: String?, error: String?) -> Node<HTML.BodyContext> {
        Form.suggesting(name: "timeZone", label: "Time zone", suggestions: identifiers.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }, value: selected ?? "UTC", error: error,
                        hint: "Times are shown in this zone. Type a city to search, e.g. Berlin or New York.")
    }
}
