import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Stakeholder interviews by question, coded themes and their summary: raw notes reach the coach only.
@Suite struct InterviewThemeTests {
    typealias F = EngagementFixture

    @Test func themesAreCountedAcrossInterviewsAndRawNotesStayWithTheCoach() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
            let c = try #require(competencies[0]["id"] as? String)
            // Two interviews raise "Decides alone" (different case), one raises "Calm in a crisis".
            let first = try await f.api.send(.POST, "/engagements/\(e)/interviews", json: #"""
                {"heldOn":"2026-11-11","notes":"","answers":["RAW-ANSWER-ONE","Decide with the team"],
                 "themes":[{"label":"Decides alone","kind":"development","competencyId":"\#(c)"},{"label":"Calm in a crisis","kind":"strength"}]}
                """#)
            #expect(first.status == .created)
            try await f.coach.get("/engagements/\(e)")
            let second = try await f.coach.post("/engagements/\(e)/interviews", [
                "heldOn": "2026-11-12", "answer_0": "RAW-ANSWER-TWO", "themeLabel_0": "decides ALONE", "themeKind_0": "development"])
            #expect(second.status == .seeOther)
            // A theme without its kind is refused, and what was typed is kept.
            let bad = try await f.coach.post("/engagements/\(e)/interviews", ["heldOn": "2026-11-13", "answer_0": "Kept text", "themeLabel_1": "Orphan"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("strength or a development area") && bad.text.contains("Kept text"))

            let themes = try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/interview-themes"))
            #expect(themes.map { $0["label"] as? String } == ["Decides alone", "Calm in a crisis"])
            #expect(themes.map { $0["interviews"] as? Int } == [2, 1])
            #expect(themes.first?["competencies"] as? [String] == [competencies[0]["name"] as! String])
            #expect(try await f.adminAPI.send(.GET, "/engagements/\(e)/interview-themes").status == .forbidden)

            for (role, browser) in f.parties where role != "other coach" {
                let page = try await browser.get("/engagements/\(e)")
                #expect(page.text.contains("RAW-ANSWER-ONE") == (role == "coach"), "\(role)")
                #expect(page.text.contains("Interview themes") == (role == "coach"), "\(role)")
            }
        }
    }
}
