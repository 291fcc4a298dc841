import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 4's "done when": a 360 with twelve stakeholders run entirely in the product, after which
/// no result page, export or API response lets a reader single out one rater.
@Suite struct TwelveRaterTests {
    typealias F = EngagementFixture

    @Test func noReaderCanSingleOutARaterAmongTwelve() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            // The fixture's 3 peers and 1 direct report, plus a manager, 2 peers, 2 direct reports, 3 customers.
            let more = [("Max Manager", "manager"), ("Pete Peer", "peer"), ("Polly Peer", "peer"), ("Dirk Report", "direct_report"),
                        ("Dana Report", "direct_report"), ("Cara Customer", "customer"), ("Cole Customer", "customer"), ("Cy Customer", "customer")]
            for (i, (name, relationship)) in more.enumerated() {
                #expect(try await f.api.send(.POST, "/engagements/\(e)/stakeholders",
                                             json: #"{"name":"\#(name)","email":"m\#(i)@example.com","relationship":"\#(relationship)"}"#).status == .created)
            }
            let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
            let ids = try competencies.prefix(2).map { try #require($0["id"] as? String) }
            let started = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/assessments",
                                                                     json: #"{"competencyIds":["\#(ids[0])","\#(ids[1])"]}"#))
            #expect(started["invited"] as? Int == 13)
            let assessment = try #require(started["id"] as? String)
            let emails = ["s0", "s1", "s2", "s3"].map { "\($0)@example.com" } + (0..<8).map { "m\($0)@example.com" } + ["zoe@example.com"]
            let inbox = Inbox(t)
            for (k, email) in emails.enumerated() {
                let (browser, path, form) = try await inbox.openForm(to: email)
                // The last customer only saves a draft: it never counts.
                let intent = email == "m7@example.com" ? "draft" : "submit"
                let sent = try await browser.post(path, form.answering(String(k % 5 + 1), ["answer_0": "Remark \(k)", "intent": intent]))
                #expect(sent.status == .ok)
            }
            #expect(try await f.api.send(.POST, "/engagements/\(e)/assessments/\(assessment)/close").status == .ok)

            let base = "/engagements/\(e)/assessments/\(assessment)"
            // The full report is the client's: sponsor, HR partner and admin have no figures unless shared.
            for (role, browser) in f.parties where ["sponsor", "hr_partner", "admin"].contains(role) {
                #expect(try await browser.get(base + "/results.csv").status == .forbidden, "\(role)")
            }
            for (role, browser) in f.parties where ["coach", "client"].contains(role) {
                let csv = try await browser.get(base + "/results.csv")
                #expect(csv.status == .ok, "\(role)")
                Self.expectNoRaterIsolated(csv.text, role: role)
                let page = try await browser.get(base)
                for name in F.stakeholderNames + more.map(\.0) { #expect(!page.text.contains(name), "\(role) sees \(name)") }
                #expect(!page.text.contains("m7@example.com") && !page.text.contains("Remark 12 ") , "\(role)")
            }
        }
    }

    /// Per competency or item block of the CSV: every shown group has n >= 3, and "all others" minus
    /// any set of shown groups leaves nobody or at least 3 raters.
    static func expectNoRaterIsolated(_ csv: String, role: String) {
        let rows = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { parse($0) }
        let blocks = Dictionary(grouping: rows, by: { $0[0] + "|" + $0[1] })
        #expect(blocks.count == 2 * 4, "\(role): 2 competencies, each with 3 items")
        for (key, block) in blocks {
            let groups = block.filter { $0[2] != "Self" }
            guard let others = groups.first(where: { $0[2] == "All others" }), others[5] == "yes", let total = Int(others[3]) else { continue }
            #expect(total == 11, "\(role) \(key): 12 stakeholders, one only drafted")
            let shown = groups.filter { $0[2] != "All others" && $0[5] == "yes" }.compactMap { Int($0[3]) }
            #expect(shown.allSatisfy { $0 >= 3 }, "\(role) \(key)")
            for mask in 0..<(1 << shown.count) {
                let residual = total - shown.indices.filter { mask & (1 << $0) != 0 }.reduce(0) { $0 + shown[$1] }
                #expect(residual == 0 || residual >= 3, "\(role) \(key) leaves \(residual)")
            }
        }
    }

    /// Splits one CSV record (fields may be quoted, with doubled quotes inside).
    static func parse(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false } }
                else { current.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(current); current = "" }
            else { current.append(c) }
        }
        return fields + [current]
    }
}
