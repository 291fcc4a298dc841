import Vapor
import Plot
import Fluent

/// The start page and the stylesheet.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("styles.css", use: stylesheet)
    }

    @Sendable func home(req: Request) async throws -> Response {
        guard let actor = req.actor else { return req.redirect(to: Paths.signIn) }
        // The 20 newest, with the total (the list page has the rest); client names in one query.
        let page = try await EngagementCatalog.page(for: actor, PageRequest(page: 1, per: 20), on: req.db)
        let names = try await EngagementCatalog.names(of: page.items, on: req.db)
        let engagements = page.items.map { ($0, names.clients[$0.$client.id] ?? "") }
        return HomePage.response(req, actor: actor, engagements: engagements, total: page.metadata.total)
    }

    @Sendable func stylesheet(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css + "\n" + Stylesheet.extra))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
