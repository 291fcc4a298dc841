import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10, part 5: no token, password, session id or API secret is ever logged.
@Suite struct SecretsInLogsTests {
    @Test func tokenRoutesAreLoggedByPatternNeverByPath() async throws {
        try await withApp { t in
            // Arrange: every log line of the app from here on, at debug and above.
            let logs = LogCapture.install(on: t.app, level: .debug)
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.people)
            try await browser.post(Paths.people, ["name": "Zoë Ferreira", "email": "zoe@example.com", "organisation": "Acme", "timeZone": "UTC"])
            let person = try #require(try await Person.query(on: t.app.db).first())
            try await browser.get(Paths.people)
            try await browser.post(Paths.sendLink(person.id!))
            let linkPath = try #require(try await t.deliverMail().last?.personalLinkPath)
            let linkToken = String(linkPath.dropFirst("/link/".count))
            try await browser.get("/account/calendar")
            let feedPage = try await browser.post("/account/calendar")
            let feedStart = try #require(feedPage.text.range(of: "/calendar/"))
            let feedPath = String(feedPage.text[feedStart.lowerBound...].prefix { $0 != "\"" && $0 != "<" })
            let apiSecret = try await t.token(for: coach)
            let madeUp = "Zq3xTqv9mW2LkP8sR4yB7nC1dF6gH0jK5aE2uI9oY3t"

            // Act: open, use, reuse and forge links; fetch the feed; unknown token paths; the API.
            let stranger = Browser(t.app)
            #expect(try await stranger.get(linkPath).status == .ok)
            #expect(try await stranger.post(linkPath, csrf: false).status == .forbidden)
            #expect(try await stranger.post(linkPath).status == .seeOther)
            let reused = try await Browser(t.app).get(linkPath)
            #expect(reused.status == .gone)
            #expect(try await Browser(t.app).get(feedPath).status == .ok)
            #expect(try await Browser(t.app).get("/mail/stop/\(madeUp)").status == .notFound)
            #expect(try await Browser(t.app).get("/nothing-here/\(madeUp)?token=\(madeUp)").status == .notFound)
            #expect(try await APIClient(app: t.app, token: apiSecret).send(.GET, "/me").status == .ok)
            #expect(try await APIClient(app: t.app, token: madeUp + "x").send(.GET, "/me").status == .unauthorized)

            // Assert: requests are logged by route, and no secret appears anywhere.
            let text = logs.text
            #expect(text.contains("POST /link/:token -> 303"))
            #expect(text.contains("GET /link/:token -> 410"))
            let link = try #require(try await PersonalLink.query(on: t.app.db).first())
            #expect(text.contains("link-id\": \(link.id!.uuidString)"))
            #expect(text.contains("GET /calendar/:file -> 200"))
            #expect(text.contains("GET /nothing-here/:redacted -> 404"))
            let session = try #require(stranger.cookies["coachwork_session"])
            for secret in [linkToken, String(feedPath.dropFirst("/calendar/".count).prefix(30)), madeUp, apiSecret,
                           TestApp.password, session, try #require(browser.csrf)] {
                #expect(!text.contains(secret), "a secret was logged: \(secret.prefix(6))…")
            }
        }
    }

    @Test func unknownPathsAreLoggedWithOpaqueSegmentsRedacted() {
        #expect(RequestLogPath.redacted("/link/Zq3xTqv9mW2LkP8sR4yB7nC1dF6gH0jK5aE2uI9oY3t") == "/link/:redacted")
        #expect(RequestLogPath.redacted("/engagements/3F2504E0-4F89-41D3-9A0C-0305E82C3301/idp") == "/engagements/:redacted/idp")
        #expect(RequestLogPath.redacted("/styles.css") == "/styles.css")
        #expect(RequestLogPath.redacted("/api/v1/competency-models/x") == "/api/v1/competency-models/x")
        #expect(RequestLogPath.redacted("/a/b%2Fc") == "/a/:redacted")
    }
}
