import Vapor
import Plot
import CoachworkCore

/// A link with an escaped `href` (Plot writes attribute values verbatim).
func link(_ title: String, _ href: String) -> Node<HTML.BodyContext> {
    .a(.escapedAttribute("href", href), .text(title))
}

extension Request {
    /// Renders a full page in the one layout, with the navigation of the signed-in actor
    /// and any flash message left by the previous request.
    func page(
        _ title: String, status: HTTPResponseStatus = .ok, breadcrumbs: [(title: String, href: String)] = [],
        flashes: [Flash] = [], _ content: Node<HTML.BodyContext>...
    ) -> Response {
        let html = PageLayout.render(
            title: title, user: signedInUser, nav: navigation, breadcrumbs: breadcrumbs,
            flashes: takeFlashes() + flashes, content: .group(content))
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Leaves a message for the next page this session renders (after a redirect).
    func flash(_ kind: Flash.Kind, _ message: String) {
        session.data["flash"] = "\(kind.rawValue)|\(message)"
    }

    /// Redirects after a successful POST (303 See Other, so a reload does not resubmit).
    func seeOther(_ path: String) -> Response {
        redirect(to: path, redirectType: .normal)
    }

    private func takeFlashes() -> [Flash] {
        guard hasSession, let raw = session.data["flash"] else { return [] }
        session.data["flash"] = nil
        let parts = raw.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = Flash.Kind(rawValue: parts[0]) else { return [] }
        return [Flash(kind: kind, message: parts[1])]
    }

    private var signedInUser: SignedInUser? {
        guard let actor else { return nil }
        let label = actor.accountRole?.title ?? "Guest"
        return SignedInUser(displayName: actor.displayName, roleLabel: label, csrfToken: csrfToken)
    }

    private var navigation: [NavItem] {
        guard let actor else { return [] }
        var items: [(String, String)] = [("Home", Paths.home), ("Engagements", Paths.engagements)]
        let policy = AccessPolicy()
        let role = actor.accountRole
        if policy.allows(role, .view, .person) { items.append(("People", Paths.people)) }
        if policy.allows(role, .view, .userAccount) { items.append(("Users", Paths.users)) }
        if policy.allows(role, .view, .outbox) { items.append(("Outbox", Paths.outbox)) }
        if policy.allows(role, .view, .competencyModel) { items.append(("Competency models", Paths.competencyModels)) }
        if policy.allows(role, .view, .practiceSettings) { items.append(("Settings", Paths.settings)) }
        if policy.allows(role, .view, .auditTrail) { items.append(("Audit trail", Paths.audit)) }
        if policy.allows(role, .view, .apiToken) { items.append(("API tokens", Paths.tokens)) }
        items.append(("Calendar feed", "/account/calendar"))
        if policy.allows(role, .update, .ownAccount) { items.append(("Password", Paths.password)) }
        let path = url.path
        return items.map { title, href in
            NavItem(title: title, href: href, isCurrent: href == Paths.home ? path == href : path.hasPrefix(href))
        }
    }
}
