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
                "coach": .ok, "client": .ok, "sponsor": .ok, "hr_partner": .ok, "admin": .ok, "other coach": .notFound,
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
}
