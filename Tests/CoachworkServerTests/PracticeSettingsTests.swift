import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Practice settings: who may change them, and how the thresholds and the manager column
/// shape what every reader of 360 results sees.
@Suite struct PracticeSettingsTests {
    typealias F = EngagementFixture

    @Test func onlyAnAdminChangesSettingsAndBadInputKeepsWhatWasTyped() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            #expect(try await f.coach.get("/admin/settings").status == .ok)
            try await f.admin.get("/admin/settings")
            #expect(try await f.coach.post("/admin/settings", ["ratingThreshold": "1"]).status == .forbidden)
            #expect(try await f.client.get("/admin/settings").status == .forbidden)
            let bad = try await f.admin.post("/admin/settings", ["ratingThreshold": "4", "commentThreshold": "2", "showManagerSeparately": "no",
                                                                 "reminderIntervalDays": "abc", "interviewQuestions": "Q1\nQ2"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter a whole number."))
            #expect(bad.text.contains(#"value="abc""#))
            #expect(try await PracticeSettings.query(on: t.app.db).count() == 0)
            let good = try await f.admin.post("/admin/settings", ["ratingThreshold": "4", "commentThreshold": "5", "showManagerSeparately": "yes",
                                                                  "reminderIntervalDays": "2", "interviewQuestions": "What works?\n\nWhat should change?"])
            #expect(good.status == .seeOther)
            let api = try APIClient.object(try await f.api.send(.GET, "/settings"))
            #expect(api["ratingThreshold"] as? Int == 4 && api["commentThreshold"] as? Int == 5)
            #expect(api["interviewQuestions"] as? [String] == ["What works?", "What should change?"])
            #expect(try await f.api.send(.PUT, "/settings", json: #"{"ratingThreshold":2}"#).status == .forbidden)
            // A threshold of 1 would show a single rater's answers: refused.
            let one = try await f.adminAPI.send(.PUT, "/settings", json: #"{"ratingThreshold":1,"commentThreshold":1}"#)
            #expect(one.status == .unprocessableEntity)
            #expect(try APIClient.object(one)["field"] as? String == "commentThreshold" || (try APIClient.object(one)["field"] as? String) == "ratingThreshold")
            let lower = try await f.adminAPI.send(.PUT, "/settings", json: #"{"commentThreshold":3}"#)
            #expect(lower.status == .unprocessableEntity)
            #expect(try APIClient.object(lower)["field"] as? String == "commentThreshold")
        }
    }

    /// A second 360 with the fixture's 3 peers and 1 direct report plus one manager, everyone answering.
    private func runAssessment(_ t: TestApp, _ f: F, comment: String) async throws -> String {
        _ = try await f.api.send(.POST, "/engagements/\(f.engagementID)/stakeholders", json: #"{"name":"Max Manager","email":"max@example.com","relationship":"manager"}"#)
        let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
        let c = try #require(competencies[4]["id"] as? String)
        let started = try APIClient.object(try await f.api.send(.POST, "/engagements/\(f.engagementID)/assessments", json: #"{"competencyIds":["\#(c)"]}"#))
        let id = try #require(started["id"] as? String)
        let inbox = Inbox(t)
        for (i, email) in ["s0@example.com", "s1@example.com", "s2@example.com", "s3@example.com", "max@example.com"].enumerated() {
            let (browser, path, form) = try await inbox.openForm(to: email)
            #expect(try await browser.post(path, form.answering(email == "max@example.com" ? "1" : "4",
                                                                  ["answer_0": i == 0 ? comment : "", "intent": "submit"])).text.contains("Thank you"))
        }
        #expect(try await f.api.send(.POST, "/engagements/\(f.engagementID)/assessments/\(id)/close").status == .ok)
        return "/engagements/\(f.engagementID)/assessments/\(id)"
    }

    @Test func theManagerIsMergedUnlessThePracticeShowsThemAndCommentsFollowTheirThreshold() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let merged = try await runAssessment(t, f, comment: "A lone remark.")
            for (role, browser) in f.parties where ["coach", "client"].contains(role) {   // the full report's readers
                let page = try await browser.get(merged)
                // 5 others: 3 peers (4.0) shown; the merged manager and the single direct report are hidden
                // together (n 2 < 3), so the peers are hidden too and only all others remain: (4*4 + 1) / 5 = 3.4.
                #expect(!page.text.contains(#"<th scope="col" class="num">Manager</th>"#), "\(role)")
                #expect(page.text.contains("3.4 (n=5)"), "\(role)")
                #expect(!page.text.contains("4.0 (n=3)"), "\(role)")
                // Five respondents meet the comment threshold (3): the comment shows, unattributed.
                #expect(page.text.contains("A lone remark."), "\(role)")
            }
        }
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            _ = try await f.adminAPI.send(.PUT, "/settings", json: #"{"showManagerSeparately":true,"commentThreshold":6}"#)
            let separate = try await runAssessment(t, f, comment: "A lone remark.")
            for (role, browser) in f.parties where ["coach", "client"].contains(role) {   // the full report's readers
                let page = try await browser.get(separate)
                // The manager now has a column of its own (DOMAIN.md's labelled exception), but the single
                // direct report is hidden (n 1 < 3), so the guard hides the smallest shown groups, the
                // manager and then the peers, until all others is all that remains.
                #expect(page.text.contains(#"<th scope="col" class="num">Manager</th>"#), "\(role)")
                #expect(page.text.contains("3.4 (n=5)"), "\(role)")
                // Five respondents are below the comment threshold of 6.
                #expect(!page.text.contains("A lone remark."), "\(role)")
                #expect(page.text.contains("No comments shown"), "\(role)")
            }
            let api = try APIClient.object(try await f.api.send(.GET, separate + "/results"))
            #expect((api["questions"] as? [[String: Any]])?.first?["comments"] as? [String] == [])
        }
    }
}
