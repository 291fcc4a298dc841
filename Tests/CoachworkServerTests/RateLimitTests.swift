import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer

/// Issue 10, finding 2: what can be guessed is rate limited in the database (so the limits hold
/// across instances), answered 429 with `Retry-After`; asking for a sign-in link does the same
/// work for every address.
@Suite struct RateLimitTests {
    @Test func wrongPasswordsBackOffPerAccountAcrossTwoInstances() async throws {
        try await withTwoInstances { a, b in
            let user = try await TestApp(app: a, mailDirectory: URL(fileURLWithPath: "/tmp"), queries: QueryCounter()).makeUser("coach", email: "coach@example.com")
            let limit = a.config.rateLimits.signInPerAccount.limit
            for attempt in 0..<limit {
                // Each from its own address, alternating instances: only the account's count can stop them.
                let browser = Browser(attempt % 2 == 0 ? a : b, address: "198.51.100.\(attempt)")
                try await browser.get(Paths.signIn)
                #expect(try await browser.post(Paths.signIn, ["email": user.email, "password": "wrong \(attempt)"]).status == .unauthorized)
            }
            let next = Browser(b, address: "203.0.113.9")
            try await next.get(Paths.signIn)
            // Refused before the password is checked: the right one is refused too, with when to come back.
            let refused = try await next.post(Paths.signIn, ["email": "Coach@Example.com", "password": TestApp.password])
            #expect(refused.status == .tooManyRequests)
            let retry = try #require(refused.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retry > 0 && retry <= 15 * 60)
            #expect(refused.text.contains("Too many sign-in attempts"))
            // After the window the account signs in again, and a success clears its count.
            let later = Date().addingTimeInterval(16 * 60)
            a.clock = AppClock(now: { later })
            let again = Browser(a, address: "203.0.113.9")
            try await again.get(Paths.signIn)
            #expect(try await again.post(Paths.signIn, ["email": user.email, "password": TestApp.password]).status == .seeOther)
        }
    }

    @Test func manyAccountsFromOneAddressAreLimitedToo() async throws {
        try await withApp { t in
            t.app.config.rateLimits.signInPerAddress.limit = 4
            let browser = Browser(t.app, address: "192.0.2.7")
            try await browser.get(Paths.signIn)
            for i in 0..<4 {
                #expect(try await browser.post(Paths.signIn, ["email": "guess\(i)@example.com", "password": "x"]).status == .unauthorized)
            }
            #expect(try await browser.post(Paths.signIn, ["email": "guess9@example.com", "password": "x"]).status == .tooManyRequests)
            // Another address is not affected.
            let other = Browser(t.app, address: "192.0.2.8")
            try await other.get(Paths.signIn)
            #expect(try await other.post(Paths.signIn, ["email": "guess9@example.com", "password": "x"]).status == .unauthorized)
        }
    }

    @Test func signInLinkRequestsDoTheSameWorkForKnownAndUnknownAddresses() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            _ = try await t.makePerson(email: "known@example.com", by: coach)
            var pages: [String] = []
            for email in ["known@example.com", "stranger@example.com"] {
                let browser = Browser(t.app, address: "192.0.2.1")
                try await browser.get(Paths.requestLink)
                let page = try await browser.post(Paths.requestLink, ["email": email])
                #expect(page.status == .ok)
                pages.append(page.text.replacingOccurrences(of: email, with: "EMAIL")
                    .replacingOccurrences(of: #"name="_csrf" value="[^"]+""#, with: "", options: .regularExpression))
            }
            // The same page, and the same writes: one queued request each, no link and no email yet.
            #expect(pages[0] == pages[1])
            #expect(try await SignInRequest.query(on: t.app.db).count() == 2)
            #expect(try await PersonalLink.query(on: t.app.db).count() == 0)
            #expect(try await OutboxMessage.query(on: t.app.db).count() == 0)
            // The worker answers: a link for the known person only.
            let mails = try await t.deliverMail()
            #expect(mails.count == 1 && mails.first?.to.contains("known@example.com") == true)
            #expect(try await SignInRequest.query(on: t.app.db).count() == 0)
        }
    }

    @Test func oneSignInEmailPerAddressPerFewMinutesWhoeverAsks() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            _ = try await t.makePerson(email: "known@example.com", by: coach)
            for i in 0..<20 {
                let browser = Browser(t.app, address: "198.51.100.\(i)")
                try await browser.get(Paths.requestLink)
                #expect(try await browser.post(Paths.requestLink, ["email": "known@example.com"]).status == .ok)
            }
            #expect(try await t.deliverMail().count == 1)
            // A coach asking for the same person within those minutes is told to wait (page and API).
            let person = try #require(try await Person.query(on: t.app.db).filter(\.$email == "known@example.com").first())
            let coachBrowser = Browser(t.app)
            try await coachBrowser.signIn(coach.email)
            try await coachBrowser.get(Paths.people)
            let again = try await coachBrowser.post(Paths.sendLink(person.id!))
            #expect(again.status == .tooManyRequests)
            #expect(again.text.contains("Too many sign-in emails to known@example.com"))
            let api = try await APIClient(app: t.app, token: try await t.token(for: coach)).send(.POST, "/people/\(person.id!)/sign-in-link")
            #expect(api.status == .tooManyRequests)
            #expect(api.headers.first(name: .retryAfter) != nil)
            #expect(try await t.deliverMail().count == 1)
            // From one address, the requests themselves are limited.
            let browser = Browser(t.app, address: "198.51.100.200")
            try await browser.get(Paths.requestLink)
            let limit = t.app.config.rateLimits.linkRequestsPerAddress.limit
            for _ in 0..<limit { _ = try await browser.post(Paths.requestLink, ["email": "x@example.com"]) }
            let refused = try await browser.post(Paths.requestLink, ["email": "x@example.com"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test func successfulSignInsFromOneOfficeAddressDoNotCount() async throws {
        try await withApp { t in
            t.app.config.rateLimits.signInPerAddress.limit = 3
            let user = try await t.makeUser("coach", email: "coach@example.com")
            for _ in 0..<6 {
                let browser = Browser(t.app, address: "192.0.2.80")
                try await browser.get(Paths.signIn)
                #expect(try await browser.post(Paths.signIn, ["email": user.email, "password": TestApp.password]).status == .seeOther)
            }
        }
    }

    @Test func personalLinkSubmissionsAreLimitedPerAddress() async throws {
        try await withApp { t in
            t.app.config.rateLimits.linkPostsPerAddress.limit = 3
            let browser = Browser(t.app, address: "192.0.2.44")
            try await browser.get("/link/guess")   // a link page, for its form's CSRF token
            for i in 0..<3 { #expect(try await browser.post("/link/guess\(i)").status == .notFound) }
            let refused = try await browser.post("/link/guess9")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) != nil)
            browser.address = "192.0.2.45"
            #expect(try await browser.post("/link/guess9").status == .notFound)
        }
    }
}

/// Two app instances on one database: a temporary SQLite file, or the schema of `DATABASE_URL`.
func withTwoInstances(_ body: (Application, Application) async throws -> Void) async throws {
    await AppSlots.shared.acquire()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("coachwork-two-\(UUID().uuidString).sqlite")
    var database = AppConfig.Database.sqlite(path: file.path)
    var schema: String?
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        database = .postgres(url: url, schema: schema)
    }
    var apps: [Application] = []
    do {
        for _ in 0..<2 {
            let app = try await Application.make(.testing)
            apps.append(app)
            var config = AppConfig(database: database, baseURL: "http://coachwork.test", mailDirectory: NSTemporaryDirectory(), runsOutboxWorker: false)
            config.passwordCost = 4
            config.trustForwardedFor = true
            try await configure(app, config: config)
            try await SQLiteTuning.apply(to: app) // as `serve` does
            if apps.count == 1, let schema, let sql = app.db as? any SQLDatabase { try await sql.raw("CREATE SCHEMA \(ident: schema)").run() }
            try await app.autoMigrate()
        }
        try await body(apps[0], apps[1])
    } catch {
        Issue.record(error)
    }
    if let schema, let sql = apps.first?.db as? any SQLDatabase { try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    for app in apps { try? await app.asyncShutdown() }
    try? FileManager.default.removeItem(at: file)
    await AppSlots.shared.release()
}
