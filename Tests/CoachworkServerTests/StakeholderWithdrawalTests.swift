import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Withdrawing a stakeholder (issue 12): links stop, response rates count only those still
/// invited, given answers stay, nobody else may do it.
@Suite struct StakeholderWithdrawalTests {
    @Test("a withdrawn rater's link stops and their open invitation no longer counts; a given answer stays")
    func withdraw() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let open = try await EngagementFixture.openAssessment(t, inbox: &inbox)
            let (c, assessment, stakeholders) = (open.contracted, open.assessmentID, open.stakeholderIDs)
            let (api, e) = (c.api, c.engagementID)
            let (answered, answeredPath, form) = try await inbox.openForm(to: "s0@example.com")
            #expect(try await answered.post(answeredPath, form.answering("4")).status == .ok)
            let (_, openPath, _) = try await inbox.openForm(to: "s1@example.com")
            // What the API and pages count as invited and responded (one rater row per invitation).
            func counts() async throws -> (Int?, Int?) {
                let raters = try await AssessmentRater.query(on: t.app.db).filter(\.$assessment.$id == UUID(uuidString: assessment)!).all()
                return (raters.count, raters.filter { $0.submittedAt != nil }.count)
            }
            let before = try await counts()
            #expect(before.0 == 4 && before.1 == 1)

            // Only the coach withdraws.
            let sponsor = try #require(c.browsers["sam@example.com"])
            try await sponsor.get("/engagements/\(e)")
            #expect(try await sponsor.post("/engagements/\(e)/stakeholders/\(stakeholders[1])/withdraw").status == .forbidden)

            let withdrawn = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/stakeholders/\(stakeholders[1])/withdraw",
                                                                    json: #"{"reason":"Left the company"}"#))
            #expect(withdrawn["withdrawnAt"] as? String != nil)
            #expect(try await api.send(.POST, "/engagements/\(e)/stakeholders/\(stakeholders[0])/withdraw").status == .ok)
            #expect(try await Browser(t.app).get(openPath).status != .ok, "the withdrawn rater's link stops working")
            let after = try await counts()
            #expect(after.0 == 3, "the unanswered invitation no longer counts")
            #expect(after.1 == 1, "the answer already given stays")
            // Reminders go to the client and the remaining peer only.
            let reminded = try await ReminderSweep(app: t.app).run(now: t.app.clock.now().addingTimeInterval(5 * 86_400))
            #expect(reminded == 2)
            #expect(try await api.send(.POST, "/engagements/\(e)/stakeholders/\(stakeholders[1])/withdraw").status == .notFound)
            let page = try await c.api.send(.GET, "/engagements/\(e)/stakeholders")
            let listed = try APIClient.array(page).compactMap { $0["id"] as? String }
            #expect(!listed.contains(stakeholders[1]))
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "stakeholder_withdrawn").all()
            #expect(audit.count == 2)
            #expect(audit.allSatisfy { !$0.detail.contains("Peer") && !$0.detail.contains("Left the company") },
                    "the trail names no stakeholder and keeps no free text")
            // The page still lists them, marked withdrawn, with no action left.
            let coach = Browser(t.app)
            try await coach.signIn(c.coachUser.email)
            let engagementPage = try await coach.get("/engagements/\(e)").text
            #expect(engagementPage.contains("withdrawn</span>"))
            #expect(!engagementPage.contains("stakeholders/\(stakeholders[1])/withdraw"), "nothing left to withdraw")
        }
    }
}
