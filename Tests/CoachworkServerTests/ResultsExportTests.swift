import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// The 360 export and every way of asking for results obey the same rules as the page, as each role.
@Suite struct ResultsExportTests {
    typealias F = EngagementFixture

    @Test func theExportHoldsOnlyShownFiguresWhateverTheQuery() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let base = "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)"
            let expected: [String: HTTPResponseStatus] = [
                // The full report is the client's: sponsor and HR read figures only once shared (AssessmentSharingTests).
                "coach": .ok, "client": .ok, "sponsor": .forbidden, "hr_partner": .forbidden, "admin": .forbidden, "other coach": .notFound,
            ]
            for (role, browser) in f.parties {
                for query in ["", "?raw=1", "?rater=s0@example.com&group=direct_report", "?format=json&individual=true"] {
                    let csv = try await browser.get(base + "/results.csv" + query)
                    #expect(csv.status == expected[role], "\(role) \(query)")
                    guard csv.status == .ok else { continue }
                    #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                    let lines = csv.text.components(separatedBy: "\r\n")
                    #expect(lines.first == "competency,item,group,n,mean,shown")
                    // Others 2, 3, 4, 5 -> 14 / 4 = 3.5; the 3 peers and the single direct report are hidden.
                    #expect(lines.contains { $0.hasSuffix(",All others,4,3.5,yes") }, "\(role)")
                    // Hidden cells carry no n (0 against 1 would tell who said "can't say").
                    #expect(lines.contains { $0.hasSuffix(",Direct reports,,,no") }, "\(role)")
                    #expect(lines.contains { $0.hasSuffix(",Peers,,,no") }, "\(role)")
                    #expect(!lines.contains { $0.hasSuffix(",Direct reports,1,,no") || $0.hasSuffix(",Peers,3,,no") }, "\(role)")
                    #expect(lines.contains { $0.contains(",Self,") } == ["coach", "client"].contains(role), "\(role)")
                    // No rater, email or comment: comments are read on the page, not exported.
                    for secret in F.stakeholderNames + ["s0@example.com", "s3@example.com", "Comment by"] {
                        #expect(!csv.text.contains(secret), "\(role) \(secret)")
                    }
                    #expect(!csv.text.contains("2026-") && !csv.text.contains("2027-"), "no timestamps for \(role)")
                }
                let page = try await browser.get(base + "?raw=1&rater=\(F.stakeholderNames[3])")
                #expect(!page.text.contains("s3@example.com"), "\(role)")
            }
            let api = try await f.api.send(.GET, base + "/results?raw=1&rater=s3@example.com")
            #expect(!api.text.contains("s3@example.com"))
        }
    }

    /// Issue 10: 3 peers scored 2, 3 and 4, the one direct report said "can't say" to everything. Before, the
    /// peers' column (n=3) beside "all others" (n=3) and "4 stakeholders answered" told the direct report's
    /// answer; now the peers are hidden too, on the page, in the CSV and in the API, at competency and item level.
    @Test func aLoneDirectReportsCantSayIsNotLeakedBySubtraction() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t, score: { ["1", "2", "3", "4", "na"][$0] })
            let base = "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)"
            for browser in [f.coach, f.client] {
                let page = try await browser.get(base)
                #expect(page.text.contains("4 stakeholders answered"))
                #expect(page.text.contains("3.0 (n=3)"))   // all others, every slice
                #expect(page.text.contains("— (hidden: protects a smaller group)"))   // the peers
                #expect(!page.text.contains("<td class=\"num\">3.0 (n=3)</td><td class=\"num\">3.0 (n=3)</td>"))
                // The distribution of all others: 2, 3, 4 and the one "can't say" of 4 raters, not of one group.
                #expect(page.text.contains("0 / 1 / 1 / 1 / 0 / 1"))
                let csv = try await browser.get(base + "/results.csv")
                let lines = csv.text.components(separatedBy: "\r\n")
                #expect(!lines.contains { $0.contains(",Peers,3,") }, "\(lines)")
                #expect(lines.contains { $0.hasSuffix(",Peers,,,no") })
                #expect(lines.contains { $0.hasSuffix(",All others,3,3.0,yes") })
            }
            let api = try APIClient.object(try await f.api.send(.GET, base + "/results"))
            let competency = try #require((api["competencies"] as? [[String: Any]])?.first)
            let slices = [competency] + ((competency["items"] as? [[String: Any]]) ?? [])
            #expect(slices.count > 1)
            for slice in slices {
                let groups = try #require(slice["groups"] as? [[String: Any]])
                let peers = try #require(groups.first { $0["group"] as? String == "peer" })
                #expect(peers["n"] == nil && peers["mean"] == nil && peers["suppressed"] as? Bool == true)
            }
        }
    }
}
