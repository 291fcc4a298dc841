import Foundation
import Plot

/// One navigation link in the header.
struct NavItem: Sendable {
    var title: String
    var href: String
    var isCurrent: Bool
}

/// A notice shown above the content.
struct Flash: Sendable {
    enum Kind: String, Sendable { case info, success, error }
    var kind: Kind
    var message: String
}

/// What the layout needs to know about who is signed in (nil = nobody).
struct SignedInUser: Sendable {
    var displayName: String
    var roleLabel: String
    var csrfToken: String
}

// MARK: - Layout

enum PageLayout {
    /// Full HTML document with header (brand, nav, signed-in user + sign-out form),
    /// `<main id="main">` (breadcrumbs, h1, flashes, content) and footer.
    /// `breadcrumbs` are the ancestors of this page; the current page title is
    /// appended to the trail automatically (not as a link).
    static func render(
        title: String,
        user: SignedInUser?,
        nav: [NavItem],
        breadcrumbs: [(title: String, href: String)] = [],
        flashes: [Flash] = [],
        content: Node<HTML.BodyContext>
    ) -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Built by hand: Plot's `.title()` also emits unescaped og/twitter meta tags.
                .element(named: "title", nodes: [.text("\(title) · Coachwork")]),
                .link(.rel(.stylesheet), .href("/styles.css"))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text("Skip to content")),
                header(user: user, nav: nav),
                .main(
                    .id("main"),
                    .attribute(named: "tabindex", value: "-1"),
                    breadcrumbTrail(breadcrumbs, current: title),
                    .h1(.text(title)),
                    flashList(flashes),
                    content
                ),
                .footer(
                    .class("site-footer"),
                    .div(.class("inner"), .p(.text("Coachwork · executive coaching, self-hosted")))
                )
            )
        )
        return html.render()
    }

    private static func header(user: SignedInUser?, nav: [NavItem]) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .div(
                .class("inner"),
                .a(.class("brand"), .href("/"), .text("Coachwork")),
                .if(!nav.isEmpty, .nav(
                    .class("site-nav"),
                    .ariaLabel("Main"),
                    .ul(.forEach(nav) { item in
                        .li(.a(
                            .escapedAttribute("href", item.href),
                            .if(item.isCurrent, .attribute(named: "aria-current", value: "page")),
                            .text(item.title)
                        ))
                    })
                )),
                .unwrap(user) { user in
                    .div(
                        .class("account"),
                        .span(.class("account-name"), .text(user.displayName)),
                        .span(.class("account-role"), .text(user.roleLabel)),
                        Form.button(action: "/signout", csrf: user.csrfToken, label: "Sign out", style: "quiet")
                    )
                }
            )
        )
    }

    private static func breadcrumbTrail(
        _ crumbs: [(title: String, href: String)], current: String
    ) -> Node<HTML.BodyContext> {
        guard !crumbs.isEmpty else { return .empty }
        return .nav(
            .class("breadcrumbs"),
            .ariaLabel("Breadcrumb"),
            .ol(
                .forEach(crumbs) { crumb in
                    .li(.a(.escapedAttribute("href", crumb.href), .text(crumb.title)))
                },
                .li(.attribute(named: "aria-current", value: "page"), .text(current))
            )
        )
    }

    private static func flashList(_ flashes: [Flash]) -> Node<HTML.BodyContext> {
        guard !flashes.isEmpty else { return .empty }
        return .div(
            .class("flashes"),
            .forEach(flashes) { flash in
                .div(
                    .escapedAttribute("class", "flash flash-\(flash.kind.rawValue)"),
                    .escapedAttribute("role", flash.kind == .error ? "alert" : "status"),
                    .span(.class("visually-hidden"), .text(flashPrefix(flash.kind))),
                    .text(flash.message)
                )
            }
        )
    }

    private static func flashPrefix(_ kind: Flash.Kind) -> String {
        switch kind {
        case .info: "Note: "
        case .success: "Success: "
        case .error: "Error: "
        }
    }
}
