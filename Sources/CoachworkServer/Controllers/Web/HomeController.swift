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
        var engagements: [(Engagement, String)] = []
        for e in try await EngagementCatalog.visible(to: actor, on: req.db).prefix(20) {
            engagements.append((e, try await e.$client.get(on: req.db).name))
        }
        return HomePage.response(req, actor: actor, engagements: engagements)
    }

    @Sendable func stylesheet(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css + "\n" + Stylesheet.extra))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
