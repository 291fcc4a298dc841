import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Lists come in pages of a size the client chooses up to a maximum, in a stable order, with the
/// total; bad page parameters are refused with the parameter named.
@Suite("Pagination") struct PaginationTests {
    @Test("the API's engagements and people lists page through everything once, with X-Total-Count and Link")
    func apiPages() async throws {
        try await withApp { t in
            let (_, api) = try await Self.practiceOf13(t)
            var seen: [String] = []
            for page in 1...3 {
                let response = try await api.send(.GET, "/engagements?per=5&page=\(page)")
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "X-Total-Count") == "13")
                let link = response.headers.first(name: "Link") ?? ""
                #expect(link.contains(#"</api/v1/engagements?page=3&per=5>; rel="last""#))
                #expect(link.contains(#"rel="next""#) == (page < 3))
                #expect(link.contains(#"rel="prev""#) == (page > 1))
                let items = try APIClient.array(response)
                #expect(items.count == (page < 3 ? 5 : 3))
                seen += items.compactMap { $0["id"] as? String }
            }
            #expect(Set(seen).count == 13, "no engagement twice, none missing")
            #expect(try APIClient.array(try await api.send(.GET, "/engagements?per=5&page=4")).isEmpty)
            #expect(try APIClient.array(try await api.send(.GET, "/engagements")).count == 13, "default page size 50")

            let people = try await api.send(.GET, "/people?per=10&page=4")
            #expect(people.headers.first(name: "X-Total-Count") == "39")
            #expect(try APIClient.array(people).count == 9)

            for (query, field) in [("per=201", "per"), ("per=0", "per"), ("page=0", "page"), ("page=-3", "page"), ("per=abc", "per"),
                                   ("page=1.5", "page"), ("page=", "page"), ("page=99999999999999999999", "page"), ("page=2&page=1", "page")] {
                let refused = try await api.send(.GET, "/engagements?\(query)")
                #expect(refused.status.code >= 400 && refused.status.code < 500, "\(query)")
                #expect(refused.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect(try APIClient.object(refused)["field"] as? String == field, "\(query)")
            }
        }
    }

    @Test("the outbox API pages with its status filter kept in the links and refuses an unknown status by name")
    func outboxPages() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            try await QueryCountTests.grow(t, api: APIClient(app: t.app, token: try await t.token(for: coach)), by: 3)
            let first = try await api.send(.GET, "/outbox?status=sent&per=2")
            #expect(first.status == .ok)
            #expect(try APIClient.array(first).count == 2)
            let link = first.headers.first(name: "Link") ?? ""
            #expect(link.contains(#"</api/v1/outbox?page=2&per=2&status=sent>; rel="next""#), "\(link)")
            let bogus = try await api.send(.GET, "/outbox?status=bogus")
            #expect(bogus.status.code >= 400 && bogus.status.code < 500)
            #expect(try APIClient.object(bogus)["field"] as? String == "status")
            // The page: older emails behind a link, the page size kept.
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            let second = try await browser.get("/admin/outbox?page=2&per=2")
            #expect(second.status == .ok)
            #expect(second.text.contains(#"href="/admin/outbox?page=1&amp;per=2" rel="prev""#))
            #expect(second.text.contains(#"href="/admin/outbox?page=3&amp;per=2" rel="next""#))
        }
    }

    @Test("the engagements page shows a page of rows, where it is in the list and links to its neighbours")
    func webPages() async throws {
        try await withApp { t in
            let (coach, _) = try await Self.practiceOf13(t)
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            let first = try await browser.get("/engagements?per=5")
            #expect(first.status == .ok)
            #expect(first.text.contains("Showing 1–5 of 13 engagements."))
            #expect(first.text.contains(#"href="/engagements?page=2&amp;per=5""#))
            #expect(first.text.components(separatedBy: "<tr>").count - 2 == 5, "five rows under the header row")
            let last = try await browser.get("/engagements?page=3&per=5")
            #expect(last.text.contains("Showing 11–13 of 13 engagements."))
            #expect(!last.text.contains(#"rel="next""#))
            // Past the end: said so, with the way back.
            let past = try await browser.get("/engagements?page=9&per=5")
            #expect(past.status == .ok)
            #expect(past.text.contains("There is no page 9: the 13 engagements fit on 3 pages."))
            #expect(past.text.contains(#"href="/engagements?page=3&amp;per=5""#))
            #expect(try await browser.get("/engagements?page=2&page=1").status.code == 422, "a repeated parameter is refused, as in the API")
            let bad = try await browser.get("/engagements?per=many")
            #expect(bad.status.code >= 400 && bad.status.code < 500)
            #expect(bad.text.contains("per must be a whole number from 1 to 200"))
            // The form to open one has a page of its own; the home page links to the whole list.
            #expect(try await browser.get(Paths.newEngagement).text.contains(#"name="clientId""#))
            #expect(try await browser.get("/").text.contains("All 13 engagements") == false, "13 fit on the home page (20)")
        }
    }

    /// A coach whose practice holds 13 engagements (39 people), and their API client.
    static func practiceOf13(_ t: TestApp) async throws -> (User, APIClient) {
        let coach = try await t.makeUser("coach", email: "coach@example.com")
        let api = APIClient(app: t.app, token: try await t.token(for: coach))
        try await QueryCountTests.grow(t, api: api, by: 13)
        return (coach, api)
    }
}
