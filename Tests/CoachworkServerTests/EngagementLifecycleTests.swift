import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Pause, resume and cancel (issue 12), driven over HTTP as the coach, with what the client, a
/// rater, the admin and the reminder sweep see at each step.
@Suite struct EngagementLifecycleTests {
    @Test("paused: nothing is sent, links say so, the parties see why; cancelled: meetings, 360s and links stop")
    func pauseResumeCancel() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let open = try await EngagementFixture.openAssessment(t, inbox: &inbox)
            let (c, assessment) = (open.contracted, open.assessmentID)
            let (api, e) = (c.api, c.engagementID)
            func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
            let later = try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"observation","startsAt":"2027-03-01T15:00:00Z"}"#)
            #expect(later.status == .created)
            let laterID = try id(later)
            let (_, raterPath, _) = try await inbox.openForm(to: "s0@example.com")
            let coach = Browser(t.app)
            try await coach.signIn(c.coachUser.email)
            try await coach.get("/engagements/\(e)") // the page whose forms carry the session's CSRF token
            let client = try #require(c.browsers["zoe@example.com"])

            // A pause needs a reason, shown beside its field; nothing changes without one.
            let noReason = try await coach.post("/engagements/\(e)/pause", ["reason": "  ", "intent": "pause"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Say why the engagement is paused"))
            #expect(try APIClient.object(try await api.send(.GET, "/engagements/\(e)"))["status"] as? String == "active")

            let paused = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/pause", json: #"{"reason":"Reorganisation until March"}"#))
            #expect(paused["status"] as? String == "paused")
            #expect(paused["statusReason"] as? String == "Reorganisation until March")
            let told = try await t.deliverMail().filter { $0.subject.contains("is paused") }
            for email in ["zoe@example.com", "sam@example.com", "hana@example.com"] {
                #expect(told.contains { $0.to.contains("<\(email)>") && $0.text.contains("Reorganisation until March") }, "\(email) is told why")
            }
            let raterPage = try await Browser(t.app).get(raterPath)
            #expect(raterPage.status == .conflict)
            #expect(raterPage.text.contains("paused") && raterPage.text.contains("Answers are on hold"))
            #expect(!raterPage.text.contains("This link does not work"), "a waiting link is not called broken")
            #expect(try await ReminderSweep(app: t.app).run(now: t.app.clock.now().addingTimeInterval(30 * 86_400)) == 0)
            let clientPage = try await client.get("/engagements/\(e)")
            #expect(clientPage.text.contains("Paused.") && clientPage.text.contains("Reorganisation until March"))
            #expect(!clientPage.text.contains("/pause\""), "only the coach changes the status")
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let adminAPI = APIClient(app: t.app, token: try await t.token(for: admin))
            #expect(try await adminAPI.send(.POST, "/engagements/\(e)/resume").status == .forbidden)
            #expect(try await api.send(.POST, "/engagements/\(e)/pause", json: #"{"reason":"again"}"#).status == .conflict)

            #expect(try await coach.post("/engagements/\(e)/resume").status == .seeOther)
            #expect(try await Browser(t.app).get(raterPath).status == .ok, "the same link works again")

            // Cancelling asks for a tick on the page, then stops everything that was running.
            let unticked = try await coach.post("/engagements/\(e)/cancel", ["reason": "Client left the company", "intent": "cancel"])
            #expect(unticked.status == .unprocessableEntity)
            #expect(unticked.text.contains("Tick the box"))
            let neither = try await coach.post("/engagements/\(e)/cancel", ["reason": "", "intent": "cancel"])
            #expect(neither.text.contains("Tick the box") && neither.text.contains("Say why the engagement is cancelled."), "both faults at once")
            #expect(unticked.text.contains("Client left the company"), "what was typed is kept")
            #expect(unticked.text.components(separatedBy: "Client left the company").count == 2, "in the cancel form only, not the pause form")
            let cancelled = try await coach.post("/engagements/\(e)/cancel", ["reason": "Client left the company", "confirm": "yes"])
            #expect(cancelled.status == .seeOther)
            let meeting = try #require(try await Meeting.find(UUID(uuidString: laterID), on: t.app.db))
            #expect(meeting.status == "cancelled")
            #expect(meeting.invitedAt != nil)
            let closed = try #require(try await Assessment.find(UUID(uuidString: assessment), on: t.app.db))
            #expect(closed.status == "closed")
            #expect(try await Browser(t.app).get(raterPath).status != .ok)
            let mails = try await t.deliverMail().filter { $0.raw.contains("cancel.ics") }
            #expect(!mails.isEmpty, "invited attendees get the cancellation")
            let lateWithdrawal = try await api.send(.POST, "/engagements/\(e)/stakeholders/\(open.stakeholderIDs[2])/withdraw")
            #expect(lateWithdrawal.status == .conflict, "a cancelled engagement's stakeholders no longer change (tester)")
            let again = try await api.send(.POST, "/engagements/\(e)/resume")
            #expect(again.status == .conflict)
            #expect(try APIClient.object(again)["code"] as? String == "engagement_ended")

            let actions = try await AuditEvent.query(on: t.app.db).filter(\.$engagementID == UUID(uuidString: e)!).all().map(\.action)
            for expected in ["engagement_paused", "engagement_resumed", "engagement_cancelled"] { #expect(actions.contains(expected)) }
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
        }
    }
}
