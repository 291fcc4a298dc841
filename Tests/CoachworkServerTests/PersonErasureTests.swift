import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// The right to erasure (issue 12), over HTTP: the admin names an email, sees where it is held,
/// confirms; the person's details go, their submitted ratings stay unattributed, no closed result
/// changes, and what blocks it (a client, a sponsor of a running engagement) is said first.
@Suite struct PersonErasureTests {
    @Test("a stakeholder who rated is erased: details, links and mails go; the 360 results stay identical")
    func eraseAStakeholder() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let results = "/engagements/\(e)/assessments/\(f.assessmentID)/results"
            let before = try await f.api.send(.GET, results).body.string
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$toEmail == "s1@example.com").count() > 0)

            // Only the admin: a coach is refused the page and the API.
            #expect(try await f.coach.get("/admin/erasure").status == .forbidden)
            #expect(try await f.api.send(.POST, "/erasure/preview", json: #"{"email":"s1@example.com"}"#).status == .forbidden)
            #expect(try await f.anonymous.get("/admin/erasure").status != .ok)

            // The preview: found as a stakeholder of a running engagement; nothing changes by looking.
            try await f.admin.get("/admin/erasure")
            let preview = try await f.admin.post("/admin/erasure/preview", ["email": "S1@Example.com"])
            #expect(preview.status == .ok)
            #expect(preview.text.contains("What erasing s1@example.com changes") && preview.text.contains("Stakeholder"))
            #expect(preview.text.contains("I understand this cannot be undone"))
            #expect(try await Stakeholder.query(on: t.app.db).filter(\.$email == "s1@example.com").count() == 1)
            #expect(try await f.admin.post("/admin/erasure", ["email": "s1@example.com"]).status == .unprocessableEntity, "asks for the tick")

            #expect(try await f.admin.post("/admin/erasure", ["email": "s1@example.com", "confirm": "yes"]).status == .seeOther)
            #expect(try await Stakeholder.query(on: t.app.db).filter(\.$email == "s1@example.com").count() == 0)
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$toEmail == "s1@example.com").count() == 0)
            let list = try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/stakeholders"))
            #expect(list.count == 3 && !list.contains { $0["name"] as? String == "Pat Peer" }, "withdrawn with the erasure")
            let row = try #require(try await Stakeholder.query(on: t.app.db).filter(\.$name == "Erased stakeholder").first())
            #expect(row.withdrawnAt != nil && row.email.hasSuffix("@erased.invalid"))
            let coachPage = try await f.coach.get("/engagements/\(e)")
            #expect(!coachPage.text.contains("Pat Peer") && !coachPage.text.contains("s1@example.com"))
            // No closed result changes: the ratings stay inside the aggregates.
            #expect(try await f.api.send(.GET, results).body.string == before)
            // The audit says it happened, without the address or the name.
            let entry = try #require(try await AuditEvent.query(on: t.app.db).filter(\.$action == "person_erased").first())
            #expect(!entry.detail.contains("s1@example.com") && !entry.detail.contains("Pat Peer") && entry.object == nil)
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
            // Erasing again finds nothing.
            let again = try await f.adminAPI.send(.POST, "/erasure", json: #"{"email":"s1@example.com","confirm":true}"#)
            #expect(again.status == .notFound)
        }
    }

    @Test("a client, or a sponsor of a running engagement, is not erased; the reason names the engagement")
    func blockedErasure() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let sponsor = try APIClient.object(try await f.adminAPI.send(.POST, "/erasure/preview", json: #"{"email":"sam@example.com"}"#))
            #expect(sponsor["found"] as? Bool == true)
            let blocked = try #require(sponsor["blocked"] as? [String: Any])
            #expect(blocked["code"] as? String == "erasure_blocked")
            let details = try #require(blocked["details"] as? [[String: Any]])
            #expect(details.first?["code"] as? String == "party_of_running_engagement" && (details.first?["field"] as? String)?.lowercased() == e.lowercased())
            let refused = try await f.adminAPI.send(.POST, "/erasure", json: #"{"email":"sam@example.com","confirm":true}"#)
            #expect(refused.status == .conflict)
            #expect(try await Person.query(on: t.app.db).filter(\.$email == "sam@example.com").count() == 1, "nothing changed")

            try await f.admin.get("/admin/erasure")
            let page = try await f.admin.post("/admin/erasure/preview", ["email": "zoe@example.com"])
            #expect(page.text.contains("close or cancel the engagement, then erase it"))
            #expect(!page.text.contains("I understand this cannot be undone"), "no confirmation while blocked")
            let forced = try await f.admin.post("/admin/erasure", ["email": "zoe@example.com", "confirm": "yes"])
            #expect(forced.status == .conflict)

            // Once the engagement ended, the sponsor may go; their name leaves the engagement page.
            #expect(try await f.api.send(.POST, "/engagements/\(e)/cancel", json: #"{"reason":"Ended early"}"#).status == .ok)
            let done = try await f.adminAPI.send(.POST, "/erasure", json: #"{"email":"sam@example.com","confirm":true}"#)
            #expect(done.status == .ok)
            #expect((try APIClient.object(done)["erased"] as? Int ?? 0) >= 2, "the directory entry and the mails to the address")
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$toEmail == "sam@example.com").count() == 0)
            let people = try APIClient.array(try await f.adminAPI.send(.GET, "/people"))
            #expect(!people.contains { ($0["email"] as? String)?.contains("sam@") == true || $0["name"] as? String == "Erased person" },
                    "the directory no longer lists them")
            let engagementPage = try await f.coach.get("/engagements/\(e)").text
            // The parties line names the placeholder; (the audit trail keeps the actor's name: see OPERATIONS.md).
            #expect(engagementPage.contains("sponsor Erased person") && !engagementPage.contains("sponsor Sam Sponsor"))
            let bad = try await f.adminAPI.send(.POST, "/erasure/preview", json: #"{"email":"not an address"}"#)
            let field = try APIClient.object(bad)["field"] as? String
            #expect(bad.status == .unprocessableEntity && field == "email")
        }
    }
}
