import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10, finding 2, driven over HTTP: same-site redirects only, the security headers on every
/// kind of response, 405 with `Allow`, and the body cap for streamed bodies.
@Suite struct WebHardeningTests {
    static let bypasses = [
        "//evil.example/phish", "/\t/evil.example/phish", "/\\evil.example", "\\/evil.example", "https://evil.example",
        "/%2F/evil.example", "javascript:alert(1)", "/\u{0600}<img src=x onerror=alert(1)>", "/\n/evil.example", "///evil.example",
    ]

    @Test func signInFollowsOnlyPlainSameSitePaths() async throws {
        try await withApp { t in
            let user = try await t.makeUser("coach", email: "coach@example.com")
            for next in Self.bypasses {
                let browser = Browser(t.app)
                let query = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let page = try await browser.get("\(Paths.signIn)?next=\(query)")
                #expect(page.status == .ok)
                // Not echoed at all: neither as the hidden field nor in the link to ask for a sign-in link.
                #expect(!page.text.contains("name=\"next\""), "\(next)")
                #expect(!page.text.contains("evil.example") && !page.text.contains("onerror"), "\(next)")
                let request = try await browser.get("\(Paths.requestLink)?next=\(query)")
                #expect(!request.text.contains("name=\"next\""), "\(next)")
                let signedIn = try await browser.post(Paths.signIn, ["email": user.email, "password": TestApp.password, "next": next])
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.location == "/", "\(next) went to \(signedIn.location ?? "")")
            }
            let browser = Browser(t.app)
            try await browser.get("\(Paths.signIn)?next=%2Fengagements%3Ftab%3D1")
            #expect(try await browser.post(Paths.signIn, ["email": user.email, "password": TestApp.password, "next": "/engagements?tab=1"]).location == "/engagements?tab=1")
        }
    }

    @Test func aReflectedNextParameterNeverBecomesMarkup() async throws {
        try await withApp { t in
            let attack = "/x\u{0600}<img src=x onerror=alert(1)>\"\u{0301} onfocus=\"alert(1)"
            let query = attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let pages = [try await Browser(t.app).get("\(Paths.signIn)?next=\(query)").text,
                         try await Browser(t.app).get("\(Paths.requestLink)?next=\(query)").text]
            for parsed in try PythonChecks.html(pages) {
                let tags = (parsed["tags"] as? [[Any]]) ?? []
                #expect(!tags.contains { $0.first as? String == "img" })
                #expect(!tags.contains { (($0[1] as? [[Any]]) ?? []).contains { ($0.first as? String)?.hasPrefix("on") == true } })
            }
        }
    }

    @Test func everyKindOfResponseCarriesTheSecurityHeaders() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let browser = Browser(t.app)
            let responses: [(String, TestingHTTPResponse)] = [
                ("page", try await browser.get(Paths.signIn)), ("redirect", try await browser.get("/engagements")),
                ("stylesheet", try await browser.get(Paths.stylesheet)), ("link page", try await browser.get("/link/not-a-token")),
                ("missing page", try await browser.get("/no/such/page")), ("API", try await api.send(.GET, "/health")),
                ("API error", try await APIClient(app: t.app, token: nil).send(.GET, "/engagements")),
                ("calendar feed", try await browser.get("/calendar/not-a-token.ics")), ("405", try await browser.send(.DELETE, Paths.signIn, form: nil)),
            ]
            for (what, response) in responses {
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "\(what): \(csp)")
                #expect(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "\(what): no script may run")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
                #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer", "\(what)")
                #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true, "\(what)")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "\(what): HSTS only for https")
            }
        }
    }

    @Test func httpsInstallationsSendStrictTransportSecurity() async throws {
        let app = try await Application.make(.testing)
        var config = AppConfig(database: .sqliteMemory, baseURL: "https://coaching.example.com", runsOutboxWorker: false)
        config.passwordCost = 4
        do {
            try await configure(app, config: config)
            let response = try await app.testing().sendRequest(.GET, Paths.stylesheet)
            #expect(response.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=31536000") == true)
        } catch { Issue.record(error) }
        try await app.asyncShutdown()
    }

    @Test func aMethodThePathDoesNotHaveIs405WithAllow() async throws {
        try await withApp { t in
            let browser = Browser(t.app)
            let page = try await browser.send(.DELETE, Paths.signIn, form: nil)
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers.first(name: .allow) == "GET, HEAD, POST")
            let api = try await APIClient(app: t.app, token: nil).send(.PUT, "/health")
            #expect(api.status == .methodNotAllowed)
            #expect(api.headers.first(name: .allow) == "GET, HEAD")
            #expect(api.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(try APIClient.object(api)["status"] as? Int == 405)
            // A path that exists under no method stays 404; so does a missing engagement on a real route.
            #expect(try await browser.send(.DELETE, "/no/such/page", form: nil).status == .notFound)
            #expect(try await browser.get("/link/\(String(repeating: "x", count: 43))").status == .notFound)
        }
    }

    /// This process's resident memory in bytes (Linux `/proc/self/statm`, second field, in pages).
    static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func aStreamedBodyIsCutOffAtTheCap() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let token = try await t.token(for: coach)
            try await t.app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(t.app.http.server.shared.localAddress?.port)
            let total = 128 << 20   // 128 MiB offered; the cap is 1 MiB
            let residentBefore = Self.residentBytes()
            let api = try PythonChecks.run("send_chunked.py", ["127.0.0.1", String(port), "POST", "/api/v1/people", String(total),
                                                               "Authorization: Bearer \(token)", "Content-Type: application/json"],
                                           sourceLocation: #_sourceLocation)
            let web = try PythonChecks.run("send_chunked.py", ["127.0.0.1", String(port), "POST", "/people", String(total),
                                                               "Content-Type: application/x-www-form-urlencoded"],
                                           sourceLocation: #_sourceLocation)
            await t.app.server.shutdown()
            #expect(api.first?["status"] as? Int == 413)
            #expect((api.first?["head"] as? String)?.lowercased().contains("content-type: application/problem+json") == true)
            #expect((api.first?["body"] as? String)?.contains("too large") == true)
            #expect(web.first?["status"] as? Int == 413)
            // The server answered before the whole body was sent, and never held it: what it read past
            // the cap was discarded (before the fix, a 200 MB body took the server to 1.7 GB). How much
            // the sender pushed before the answer arrived depends on the machine's load, so the test
            // asks only that the answer came first, not how early (it was under a quarter when idle, a
            // third on a loaded CI machine).
            for result in [api, web] { #expect((result.first?["answered_at"] as? Int ?? total) < total) }
            #expect(Self.residentBytes() - residentBefore < total / 2)
            #expect(try await Person.query(on: t.app.db).count() == 0)
        }
    }
}

/// Found by the tester: every PDF export starts a Chromium, and nothing limited how many ran at once.
@Suite struct PDFLimitTests {
    @Test func aThirdConcurrentPDFIsRefusedWithRetryAfter() async throws {
        try await withApp { t in
            _ = try #require(try await DemoData.load(into: t.app))
            let engagement = try #require(try await Engagement.query(on: t.app.db).first())
            t.app.config.chromiumPath = "/bin/false"   // never reached: the slots are all taken
            let coach = Browser(t.app)
            try await coach.signIn("coach@demo.coachwork.local", password: DemoData.coachPassword)
            let (first, second) = (await t.app.pdfSlots.take(), await t.app.pdfSlots.take())
            #expect(first && second)
            let busy = try await coach.get("/engagements/\(engagement.id!)/report.pdf")
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers.first(name: .retryAfter) == "5")
            #expect(busy.text.contains("Other PDFs are being made right now"))
            await t.app.pdfSlots.give()
            // With a slot free, the request reaches Chromium (here /bin/false, which fails plainly).
            let tried = try await coach.get("/engagements/\(engagement.id!)/report.pdf")
            #expect(tried.status == .serviceUnavailable && tried.text.contains("could not be made"))
            let again = await t.app.pdfSlots.take()
            #expect(again)   // the failed render gave its slot back
        }
    }
}
