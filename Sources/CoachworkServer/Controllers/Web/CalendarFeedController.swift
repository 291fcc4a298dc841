import Vapor
import CoachworkCore

/// The personal calendar feed: its page (create a new address, stop it) and the feed itself,
/// fetched by calendar apps without a session, by its secret address.
struct CalendarFeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", "calendar", use: show)
        routes.post("account", "calendar", use: renew)
        routes.post("account", "calendar", "stop", use: stop)
        routes.get("calendar", ":file", use: feed)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return CalendarFeedPage.response(req, feed: try await CalendarFeedService(req: req).current(for: actor), url: nil)
    }

    @Sendable func renew(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let service = CalendarFeedService(req: req)
        let token = try await service.renew(for: actor)
        return CalendarFeedPage.response(req, feed: try await service.current(for: actor), url: req.config.baseURL + "/calendar/\(token).ics")
    }

    @Sendable func stop(req: Request) async throws -> Response {
        try await CalendarFeedService(req: req).revokeAll(for: try req.requireActor())
        req.flash(.success, "The calendar feed is stopped; its address no longer works.")
        return req.seeOther("/account/calendar")
    }

    /// `GET /calendar/<token>.ics`: the calendar, or 404 for an unknown or stopped address.
    @Sendable func feed(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let token = file.hasSuffix(".ics") ? String(file.dropLast(4)) : file
        let body = try await CalendarFeedService(req: req).calendar(token: token)
        let etag = "\"" + Secret.hash(body).prefix(32) + "\""
        // Private (the address is a secret) and always revalidated; unchanged feeds answer 304.
        let unchanged = req.headers[.ifNoneMatch].contains { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag } }
        let response = unchanged ? Response(status: .notModified) : Response(status: .ok, body: .init(string: body))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        return response
    }
}

/// Where the signed-in person's calendar feed stands, and its address right after it was made.
enum CalendarFeedPage {
    static func response(_ req: Request, feed: CalendarFeed?, url: String?) -> Response {
        let zone = req.actor?.timeZone ?? "UTC"
        return req.page("Calendar feed",
            .p(.text("Subscribe to your meetings in your calendar app (Apple Calendar, Google Calendar, Outlook). The feed shows each meeting's time, place in the organiser's time zone and objective, never any notes.")),
            url.map { url in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .h2(.text("Your feed address")), .p(.element(named: "code", nodes: [.text(url)])),
                     .p(.text("Copy it now: it is shown only once. Anyone with this address sees your meetings' times and objectives; stop the feed or make a new address if it leaks.")))
            } ?? .empty,
            .p(.text(feed.map { "A feed address is active since \(LocalTime.format($0.createdAt, zone: zone))." } ?? "You have no feed address.")),
            Form.post(action: "/account/calendar", csrf: req.csrfToken, submitLabel: feed == nil ? "Make a feed address" : "Make a new address (the old one stops)"),
            feed == nil ? .empty : Form.button(action: "/account/calendar/stop", csrf: req.csrfToken, label: "Stop the feed", style: "danger"))
    }
}
