import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10: only the accepted agreement version's goals reach the final report, the sponsor's pages and the
/// exports; a later draft does not. Every version and its acceptances stay visible, on the page and in the API.
@Suite struct AgreementVersionTests {
    typealias F = EngagementFixture

    @Test func aDraftVersionTwoNeverReachesTheReportOrTheSponsor() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            #expect(try await f.api.send(.POST, "/engagements/\(e)/advance").status == .ok)   // achievement
            // Version 1 (goal "G") was accepted; the coach now drafts version 2 with another goal.
            let draft = #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"DRAFT-GOAL-V2","successMeasure":"M2","targetDate":"2030-12-31"}]}"#
            #expect(try await f.api.send(.PUT, "/engagements/\(e)/agreement", json: draft).status == .ok)

            let goals = try await Goal.query(on: t.app.db).with(\.$agreement).all()
            let draftGoal = try #require(goals.first { $0.agreement.version == 2 }?.id?.uuidString)
            let acceptedGoal = try #require(goals.first { $0.agreement.version == 1 }?.id?.uuidString)
            // The IDP links only goals of the accepted version: the draft's goal is refused by name.
            let target = try #require(try await TargetCompetency.query(on: t.app.db).first()?.$competency.id.uuidString)
            func revision(_ goal: String) -> String {
                #"{"reason":"R","items":[{"competencyId":"\#(target)","action":"A","dueDate":"2027-03-01","successMeasure":"M","goalIds":["\#(goal)"]}]}"#
            }
            let refused = try await f.api.send(.POST, "/engagements/\(e)/idp/revisions", json: revision(draftGoal))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("items[0].goalIds"))
            #expect(try await f.api.send(.POST, "/engagements/\(e)/idp/revisions", json: revision(acceptedGoal)).status == .created)
            // The web form refuses it too, rather than quietly linking every accepted goal.
            try await f.coach.get("/engagements/\(e)/idp")
            let form = try await f.coach.post("/engagements/\(e)/idp/revise", [
                "reason": "R", "competency_0": target, "action_0": "B", "due_0": "2027-03-01", "measure_0": "M", "goal_0": draftGoal])
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("accepted coaching agreement"))

            // The sponsor's and HR partner's pages show the accepted version only.
            for browser in [f.sponsor, f.hrPartner] {
                for path in ["/engagements/\(e)/agreement", "/engagements/\(e)/idp", "/engagements/\(e)"] {
                    let page = try await browser.get(path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(!page.text.contains("DRAFT-GOAL-V2") && !page.text.contains("2030"), "\(path)")
                }
            }
            #expect(try await f.sponsor.get("/engagements/\(e)/agreement").text.contains("Sam Sponsor"))
            // The coach judges the accepted goals in the report form; the draft goal cannot be judged.
            #expect(!(try await f.coach.get("/engagements/\(e)")).text.contains("DRAFT-GOAL-V2"))
            let wrong = try await f.api.send(.POST, "/engagements/\(e)/final-report",
                                             json: #"{"coachSummary":"S","goalOutcomes":[{"goalId":"\#(draftGoal)","outcome":"achieved"}]}"#)
            #expect(wrong.status == .unprocessableEntity)
            let issued = try await f.api.send(.POST, "/engagements/\(e)/final-report",
                                              json: #"{"coachSummary":"S","goalOutcomes":[{"goalId":"\#(acceptedGoal)","outcome":"achieved"}]}"#)
            #expect(issued.status == .created)
            let snapshot = try #require(try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/final-report"))["snapshot"] as? [String: Any])
            #expect((snapshot["goals"] as? [[String: Any]])?.map { $0["statement"] as? String } == ["G"])

            // Released after the client's approval: the report the sponsor reads holds the accepted goal only,
            // and of the 360 only the competency-level baseline (no comment, item or self-rating).
            try await f.client.get("/engagements/\(e)/report")
            #expect(try await f.client.post("/engagements/\(e)/report/approve", ["clientReflection": "R"]).status == .seeOther)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/final-report/release").status == .ok)
            for browser in [f.sponsor, f.hrPartner] {
                let report = try await browser.get("/engagements/\(e)/report")
                #expect(report.status == .ok)
                #expect(report.text.contains("Achieved"))
                #expect(!report.text.contains("DRAFT-GOAL-V2") && !report.text.contains("2030"))
                #expect(!report.text.contains("Comment by") && !report.text.contains("Behaviour items") && !report.text.contains(">Self<"))
            }

            // Every version is kept, with who accepted it and when.
            let agreement = try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/agreement"))
            #expect(agreement["version"] as? Int == 2 && agreement["acceptedVersion"] as? Int == 1)
            let versions = try #require(agreement["versions"] as? [[String: Any]])
            #expect(versions.map { $0["version"] as? Int } == [1, 2])
            #expect(versions.map { $0["status"] as? String } == ["accepted", "draft"])
            let accepted = try #require(versions[0]["acceptances"] as? [[String: Any]])
            #expect(Set(accepted.compactMap { $0["personName"] as? String }) == ["Zoë Client", "Sam Sponsor"])
            #expect(accepted.allSatisfy { $0["acceptedAt"] != nil })
            #expect((versions[1]["acceptances"] as? [[String: Any]])?.isEmpty == true)
            #expect((versions[1]["goals"] as? [[String: Any]])?.first?["id"] as? String == draftGoal)
            #expect((versions[0]["goals"] as? [[String: Any]])?.first?["id"] as? String == acceptedGoal)
            let coachPage = try await f.coach.get("/engagements/\(e)/agreement")
            for text in ["All versions", "Version 1", "Version 2", "Client Zoë Client", "Sponsor Sam Sponsor", "DRAFT-GOAL-V2"] {
                #expect(coachPage.text.contains(text), "\(text)")
            }
        }
    }
}
