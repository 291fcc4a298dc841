import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Handing an engagement over to another coach (issue 12), as the admin on the page and as the
/// coach through the API, with what each role can read afterwards.
@Suite struct EngagementHandoverTests {
    @Test("the admin hands over: the new coach reads everything, private notes included; the old coach nothing; the parties are told")
    func adminHandsOver() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let other = try #require(try await User.query(on: t.app.db).filter(\.$email == "other@example.com").first())
            let admin = try #require(try await User.query(on: t.app.db).filter(\.$email == "admin@example.com").first())
            // The client may not; the form is the admin's and the coach's.
            #expect(try await f.client.post("/engagements/\(e)/handover", ["coachId": other.id!.uuidString]).status == .forbidden)
            let page = try await f.admin.get("/engagements/\(e)")
            #expect(page.text.contains("/engagements/\(e)/handover"))
            #expect(try await f.client.get("/engagements/\(e)/handover").status == .forbidden)
            let form = try await f.admin.get("/engagements/\(e)/handover")
            #expect(form.status == .ok)
            let current = try #require(try await User.query(on: t.app.db).filter(\.$email == "coach@example.com").first())
            #expect(form.text.contains(other.email) && !form.text.contains(current.id!.uuidString), "the other coaches, not the current one")
            let noChoice = try await f.admin.post("/engagements/\(e)/handover", ["coachId": ""])
            #expect(noChoice.status == .unprocessableEntity)
            #expect(noChoice.text.contains("Choose an active coach account"))
            #expect(try await f.admin.post("/engagements/\(e)/handover", ["coachId": other.id!.uuidString, "note": "Ana is on leave."]).status == .seeOther)

            #expect(try await f.coach.get("/engagements/\(e)").status == .notFound)
            // Nor do the people the old coach added, now the parties of another coach's engagement:
            // changing the client's email would otherwise hand them the client's sign-in (tester).
            let zoe = try #require(try await Person.query(on: t.app.db).filter(\.$email == "zoe@example.com").first())
            #expect(try await f.coach.get("/people/\(zoe.id!)/edit").status == .notFound)
            #expect(try await f.api.send(.PUT, "/people/\(zoe.id!)", json: #"{"name":"Z","email":"evil@example.com","timeZone":"UTC"}"#).status == .notFound)
            #expect(try await f.otherCoach.get("/people/\(zoe.id!)/edit").status == .ok)
            #expect(try await f.otherCoach.get("/engagements/\(e)").status == .ok)
            let kickoff = try await f.otherCoach.get("/engagements/\(e)/meetings/\(f.kickoffID)")
            #expect(kickoff.text.contains(EngagementFixture.privateNote))
            let mails = try await t.deliverMail().filter { $0.subject.contains("is now the coach") }
            for email in ["zoe@example.com", "sam@example.com", "hana@example.com"] {
                #expect(mails.contains { $0.to.contains("<\(email)>") && $0.text.contains("Ana is on leave.") }, "\(email) is told")
            }
            let audit = try #require(try await AuditEvent.query(on: t.app.db).filter(\.$action == "engagement_handed_over").first())
            #expect(audit.actorID == "user:\(admin.id!.uuidString.lowercased())" && audit.object == "user:\(other.id!.uuidString.lowercased())")
            let adminToken = APIClient(app: t.app, token: try await t.token(for: admin))
            // A bare id finds the entries of the account it names, as actor.
            let byAdmin = try APIClient.array(try await adminToken.send(.GET, "/audit?actor=\(admin.id!.uuidString.lowercased())"))
            #expect(byAdmin.contains { $0["action"] as? String == "engagement_handed_over" })

            // The new coach, through the API: not to an admin account, not to themselves.
            let api = APIClient(app: t.app, token: try await t.token(for: other))
            let toAdmin = try await api.send(.POST, "/engagements/\(e)/handover", json: #"{"coachId":"\#(admin.id!.uuidString)"}"#)
            #expect(toAdmin.status == .unprocessableEntity)
            #expect(try APIClient.object(toAdmin)["field"] as? String == "coachId")
            let toSelf = try await api.send(.POST, "/engagements/\(e)/handover", json: #"{"coachId":"\#(other.id!.uuidString)"}"#)
            #expect(toSelf.status == .unprocessableEntity)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/handover", json: #"{"coachId":"\#(other.id!.uuidString)"}"#).status == .notFound,
                    "the old coach's token no longer reaches it")
            // A cancelled engagement is not handed over; the form says why, with a 409.
            #expect(try await api.send(.POST, "/engagements/\(e)/cancel", json: #"{"reason":"Ended early"}"#).status == .ok)
            let first = try #require(try await User.query(on: t.app.db).filter(\.$email == "coach@example.com").first())
            let ended = try await f.admin.post("/engagements/\(e)/handover", ["coachId": first.id!.uuidString])
            #expect(ended.status == .conflict && ended.text.contains("nothing to hand over"))
        }
    }
}
