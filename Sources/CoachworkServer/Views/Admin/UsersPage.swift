import Vapor
import Plot
import CoachworkCore

/// Admin page: the accounts, a form to add one (its holder is emailed an invitation), and per
/// account a re-sent invitation or a reset link by email.
enum UsersPage {
    static func response(_ req: Request, users: [User], values: [String: String] = [:], errors: [String: String] = [:]) -> Response {
        let viewerZone = req.actor?.timeZone ?? "UTC"
        let rows: [[Node<HTML.BodyContext>]] = users.map { user in
            [.text(user.name), .text(user.email), .text(user.accountRole.title), .text(user.timeZone),
             .text(user.createdAt.map { LocalTime.date($0, zone: viewerZone) } ?? ""),
             .text(user.disabledAt != nil ? "Deactivated" : user.mustChangePassword ? "Invited: no password chosen yet" : "Active"),
             .group(.a(.escapedAttribute("href", "\(Paths.users)/\(user.id!)/edit"), .text("Edit")), .text(" "),
                    linkButton(req, user),
                    Form.button(action: "\(Paths.users)/\(user.id!)/\(user.disabledAt == nil ? "deactivate" : "reactivate")", csrf: req.csrfToken,
                                label: user.disabledAt == nil ? "Deactivate" : "Reactivate", style: "quiet"))]
        }
        return req.page(
            "Users", status: errors.isEmpty ? .ok : .unprocessableEntity,
            Table.render(caption: "Admin and coach accounts",
                         headers: ["Name", "Email", "Role", "Time zone", "Created", "Status", ""],
                         rows: rows, empty: "No accounts yet."),
            .h2(.text("Add an account")),
            .p(.text("The new admin or coach gets an email with a personal link to choose their password (it works for \(AccountTokenPurpose.invitation.lifetimeText)).")),
            Form.errorSummary(errors),
            Form.post(
                action: Paths.users, csrf: req.csrfToken, submitLabel: "Create account",
                Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                Form.field(name: "email", label: "Email address", type: "email", value: values["email"], error: errors["email"], required: true),
                Form.select(name: "role", label: "Role", options: [("coach", "Coach"), ("admin", "Admin")],
                            selected: values["role"] ?? "coach", error: errors["role"]),
                TimeZoneField.select(selected: values["timeZone"] ?? viewerZone, error: errors["timeZone"])))
    }

    /// Emails the holder a link: a new invitation while no password was chosen, else a reset link;
    /// nothing for a deactivated account.
    static func linkButton(_ req: Request, _ user: User) -> Node<HTML.BodyContext> {
        guard user.disabledAt == nil else { return .empty }
        return user.mustChangePassword
            ? Form.button(action: Paths.resendInvitation(user.id!), csrf: req.csrfToken, label: "Re-send invitation", style: "quiet")
            : Form.button(action: Paths.resetUser(user.id!), csrf: req.csrfToken, label: "Email a reset link", style: "quiet")
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
