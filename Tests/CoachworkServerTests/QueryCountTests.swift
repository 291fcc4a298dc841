import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// A page or API read costs a bounded number of SQL statements whatever the size of the practice:
/// each route is counted on a practice with one full engagement, then again after the practice
/// grew by a dozen engagements (with people, agreements, meetings, stakeholders and mail), and the
/// counts must be the same and under a ceiling.
@Suite("Queries per request") struct QueryCountTests {
    /// The most statements any one page or API read may send.
    static let ceiling = 30

    @Test("every page and API read of one engagement, and every list, costs the same with 1 or 13 engagements")
    func boundedQueries() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t, shareIDP: true)
            let e = f.engagementID
            let coachPages = ["/engagements/\(e)", "/engagements/\(e)/agreement", "/engagements/\(e)/assessments/\(f.assessmentID)",
                              "/engagements/\(e)/idp", "/engagements/\(e)/meetings/\(f.kickoffID)",
                              "/", "/engagements", "/people"]
            let clientPages = ["/", "/engagements/\(e)", "/engagements/\(e)/idp"]
            let sponsorPages = ["/", "/engagements/\(e)"]
            let adminPages = ["/admin/outbox", "/engagements", "/"]
            let apiReads = ["/engagements/\(e)", "/engagements", "/engagements/\(e)/assessments/\(f.assessmentID)/results",
                            "/engagements/\(e)/meetings", "/people"]

            func measure() async throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for (role, browser, pages) in [("coach", f.coach, coachPages), ("client", f.client, clientPages),
                                               ("sponsor", f.sponsor, sponsorPages), ("admin", f.admin, adminPages)] {
                    for page in pages {
                        var status: HTTPStatus = .internalServerError
                        let sql = try await t.queries.during { status = try await browser.get(page).status }
                        #expect(status == .ok, "\(role) \(page)")
                        counts["\(role) \(page)"] = sql.count
                    }
                }
                for path in apiReads {
                    var status: HTTPStatus = .internalServerError
                    let sql = try await t.queries.during { status = try await f.api.send(.GET, path).status }
                    #expect(status == .ok, "API \(path)")
                    counts["API \(path)"] = sql.count
                }
                return counts
            }

            _ = try await measure() // first visits write sessions and CSRF tokens once
            let small = try await measure()
            if ProcessInfo.processInfo.environment["QUERYLOG"] != nil {
                let sql = try await t.queries.during { _ = try await f.coach.get("/engagements/\(e)") }
                print(sql.joined(separator: "\n"))
            }
            try await Self.grow(t, api: f.api, by: 12)
            let large = try await measure()
            for (route, count) in small.sorted(by: { $0.key < $1.key }) {
                #expect(large[route] == count, "\(route): \(count) statements with 1 engagement, \(large[route] ?? -1) with 13")
                #expect(count <= Self.ceiling, "\(route): \(count) statements")
                // Zero would mean the counter no longer sees the driver's log lines, not a free page.
                #expect(count > 0, "\(route): no statement counted")
            }
            print("QUERYCOUNTS", small.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)/\(large[$0.key] ?? -1)" })
        }
    }

    /// Adds `count` engagements to the coach's practice through the API, each with its own client,
    /// sponsor and HR partner, a proposed agreement, a kickoff meeting and two stakeholders.
    static func grow(_ t: TestApp, api: APIClient, by count: Int) async throws {
        func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
        for n in 0..<count {
            var people: [String] = []
            for role in ["client", "sponsor", "hr"] {
                people.append(try id(try await api.send(.POST, "/people", json: #"{"name":"\#(role.capitalized) \#(n)","email":"\#(role)\#(n)@grow.example","timeZone":"Europe/Paris"}"#)))
            }
            let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(people[0])","sponsorId":"\#(people[1])","hrPartnerId":"\#(people[2])","presentingProblem":"P\#(n)","objective":"O"}"#))
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2027-06-30"}]}"#)
            _ = try await api.send(.POST, "/engagements/\(e)/agreement/proposal")
            _ = try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"kickoff","startsAt":"2026-02-0\#(1 + n % 9)T15:00:00Z"}"#)
            for s in 0..<2 {
                _ = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"Peer \#(n)-\#(s)","email":"peer\#(n)-\#(s)@grow.example","relationship":"peer"}"#)
            }
        }
        _ = try await t.deliverMail()
    }
}

/// A rater's submission is one transaction with a constant number of statements: the ratings go in
/// one INSERT, however many items the questionnaire has.
@Suite("Queries per submission") struct SubmissionQueryTests {
    @Test("a 360 submission of 3 or of 27 items sends the same statements, one INSERT of ratings, one transaction")
    func constantStatements() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let (api, e) = (c.api, c.engagementID)
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let kickoff = try #require(try APIClient.object(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"kickoff","startsAt":"2026-01-05T15:00:00Z"}"#))["id"] as? String)
            _ = try await api.send(.POST, "/engagements/\(e)/meetings/\(kickoff)/record", json: #"{"sharedNotes":"N","privateNotes":"P"}"#)
            for i in 0..<4 {
                _ = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"Peer \#(i)","email":"p\#(i)@example.com","relationship":"peer"}"#)
            }
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let competencies = try APIClient.array(try await api.send(.GET, "/competencies")).compactMap { $0["id"] as? String }
            let few = competencies.prefix(1), many = competencies.prefix(9)
            let ids = many.map { "\"\($0)\"" }.joined(separator: ",")
            let first = try #require(try APIClient.object(try await api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":[\#(ids)]}"#))["id"] as? String)

            func submission(_ email: String) async throws -> (items: Int, sql: [String]) {
                let (browser, path, form) = try await inbox.openForm(to: email)
                var status: HTTPStatus = .internalServerError
                let sql = try await t.queries.during { status = try await browser.post(path, form.answering("4", [:])).status }
                #expect(status == .ok)
                return (form.scoreFields.count, sql)
            }
            let large = try await submission("p0@example.com")
            // The rate limit's hit counted inside that transaction still limits: with a limit of
            // 1 per address, a second draft save from the same address is refused.
            t.app.config.rateLimits.linkPostsPerAddress.limit = 1
            let (drafting, draftPath, draftForm) = try await inbox.openForm(to: "p2@example.com")
            drafting.address = "192.0.2.77"
            #expect(try await drafting.post(draftPath, draftForm.answering("3", ["intent": "draft"])).status == .ok)
            let refused = try await drafting.post(draftPath, draftForm.answering("3", ["intent": "draft"]))
            #expect(refused.status == .tooManyRequests)
            t.app.config.rateLimits.linkPostsPerAddress.limit = 120
            #expect(large.items >= 27)
            // A second assessment on one competency: the same statements for fewer items.
            _ = try await api.send(.POST, "/engagements/\(e)/assessments/\(first)/close")
            let oneID = few.map { "\"\($0)\"" }.joined()
            _ = try await api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":[\#(oneID)]}"#)
            let small = try await submission("p1@example.com")
            #expect(small.items < large.items)

            for run in [large, small] {
                #expect(run.sql.filter { $0.hasPrefix("INSERT INTO \"assessment_ratings\"") }.count == 1, "\(run.sql)")
                #expect(run.sql.filter { $0.hasPrefix("BEGIN") }.count == 1)
                #expect(run.sql.filter { $0.hasPrefix("COMMIT") }.count == 1)
                // One durable commit: every write (the rate limit's count included) is inside the transaction.
                let begin = run.sql.firstIndex { $0.hasPrefix("BEGIN") } ?? 0
                let commit = run.sql.firstIndex { $0.hasPrefix("COMMIT") } ?? run.sql.count
                let outside = run.sql[..<begin] + run.sql[(commit + 1)...]
                #expect(outside.allSatisfy { $0.hasPrefix("SELECT") }, "\(Array(outside))")
            }
            #expect(large.sql.count == small.sql.count, "\(large.sql.count) statements for \(large.items) items, \(small.sql.count) for \(small.items)")
            #expect(large.sql.count <= 16, "\(large.sql)")
        }
    }
}

/// The achievement phase's documents too: a survey round's page and results, the final report
/// (page and API) cost the same statements whatever the practice's size.
@Suite("Queries per achievement document") struct AchievementQueryTests {
    @Test("survey round page and results, final report page and API: the same statements with 1 or 13 engagements")
    func boundedAchievementDocuments() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t, shareIDP: true)
            let e = f.engagementID, api = f.api
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let round = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
            let r = try #require(round["id"] as? String)
            let inbox = Inbox(t)
            for (i, email) in ["s0@example.com", "s1@example.com", "s2@example.com", "s3@example.com"].enumerated() {
                let (browser, path, form) = try await inbox.openSurvey(to: email)
                let field = try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36))
                #expect(try await browser.post(path, ["change_\(field)": String(i - 1), "followUp": "often"]).text.contains("Thank you"))
            }
            #expect(try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(r)/close").status == .ok)
            #expect(try await api.send(.POST, "/engagements/\(e)/final-report", json: #"{"coachSummary":"Progress."}"#).status == .created)
            let pages = ["/engagements/\(e)/surveys/\(r)", "/engagements/\(e)/report", "/engagements/\(e)"]
            let reads = ["/engagements/\(e)/survey-rounds/\(r)/results", "/engagements/\(e)/final-report", "/engagements/\(e)/survey-trend"]

            func measure() async throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for page in pages {
                    var status: HTTPStatus = .internalServerError
                    counts[page] = try await t.queries.during { status = try await f.coach.get(page).status }.count
                    #expect(status == .ok, "\(page)")
                }
                for path in reads {
                    var status: HTTPStatus = .internalServerError
                    counts["API " + path] = try await t.queries.during { status = try await api.send(.GET, path).status }.count
                    #expect(status == .ok, "API \(path)")
                }
                return counts
            }
            _ = try await measure()
            let small = try await measure()
            try await QueryCountTests.grow(t, api: api, by: 12)
            let large = try await measure()
            for (route, count) in small {
                #expect(large[route] == count, "\(route): \(count) statements with 1 engagement, \(large[route] ?? -1) with 13")
                #expect(count <= QueryCountTests.ceiling, "\(route): \(count) statements")
                #expect(count > 0, "\(route): no statement counted")
            }
        }
    }
}
