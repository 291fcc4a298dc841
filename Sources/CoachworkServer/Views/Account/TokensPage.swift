import Vapor
import Plot
import CoachworkCore

/// The user's API tokens: list, create (secret shown once), revoke.
enum TokensPage {
    static func response(_ req: Request, tokens: [APIToken], error: String? = nil, name: String? = nil, secret: String? = nil) -> Response {
        let zone = req.actor?.timeZone ?? "UTC"
        let rows: [[Node<HTML.BodyContext>]] = tokens.map { token in
            [.text(token.name), .element(named: "code", nodes: [.text(token.prefix + "…")]),
             .text(token.createdAt.map { LocalTime.format($0, zone: zone) } ?? ""),
             .text(token.lastUsedAt.map { LocalTime.format($0, zone: zone) } ?? "never"),
             token.revokedAt == nil
                ? Form.button(action: Paths.revokeToken(token.id!), csrf: req.csrfToken, label: "Revoke", style: "danger")
                : badge("revoked", tone: "neutral")]
        }
        return req.page(
            "API tokens", status: error == nil ? .ok : .unprocessableEntity,
            secret.map { secret in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .h2(.text("Your new token")), .p(.element(named: "code", nodes: [.text(secret)])),
                     .p(.text("Copy it now: it is shown only once. Send it as 'Authorization: Bearer <token>' to /api/v1.")))
            } ?? .empty,
            .p(.text("Tokens let scripts use the JSON API under /api/v1 as you. The API is described in "),
               link("/api/v1/openapi.yaml", "/api/v1/openapi.yaml"), .text(".")),
            Table.render(caption: "Your tokens", headers: ["Name", "Starts with", "Created", "Last used", ""],
                         rows: rows, empty: "No tokens yet."),
            .h2(.text("Create a token")),
            Form.post(action: Paths.tokens, csrf: req.csrfToken, submitLabel: "Create token",
                      Form.field(name: "name", label: "Name", value: name, error: error,
                                 hint: "What it is for, e.g. \"reporting script\".", required: true)))
    }
}
