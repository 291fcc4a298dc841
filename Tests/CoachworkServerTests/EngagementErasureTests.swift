import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Erasing an ended engagement (issue 12), as each role, over HTTP: only the admin, only once it
/// ended, after a look first; afterwards nothing of it is left but anonymous figures.
@Suite struct EngagementErasureTests {
    /// Rows of `table` that still belong to engagement `id` (by `engagement_id`).
    static func rows(_ table: String, of id: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE engagement_id = \(bind: id)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    static func total(_ table: String, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("the admin erases an ended engagement after a preview; only anonymous aggregates and the audit stay")
    func eraseEndedEngagement() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let id = try #require(UUID(uuidString: e))
            let raterLinks = try await PersonalLink.query(on: t.app.db).filter(\.$subjectID != nil).count()
            #expect(raterLinks > 0)

            // Running: the admin sees why not, and the API refuses.
            let running = try await f.admin.get("/engagements/\(e)/erase")
            #expect(running.status == .ok && running.text.contains("close or cancel it before erasing"))
            #expect(try await f.adminAPI.send(.POST, "/engagements/\(e)/erasure", json: #"{"confirm":true}"#).status == .conflict)

            #expect(try await f.api.send(.POST, "/engagements/\(e)/cancel", json: #"{"reason":"Client left the company"}"#).status == .ok)
            // A cancelled engagement offers the coach no form that could only be refused.
            let cancelledPage = try await f.coach.get("/engagements/\(e)").text
            for action in ["/advance\"", "/assessments\"", "/meetings\"", "/stakeholders\"", "/interviews\"", "/withdraw\""] {
                #expect(!cancelledPage.contains(action), "no \(action) form on a cancelled engagement")
            }

            // Nobody but the admin: the coach and client are refused, an outsider does not learn it exists.
            #expect(try await f.coach.get("/engagements/\(e)/erase").status == .forbidden)
            #expect(try await f.client.get("/engagements/\(e)/erase").status == .forbidden)
            #expect(try await f.otherCoach.get("/engagements/\(e)/erase").status == .notFound)
            #expect(try await f.api.send(.GET, "/engagements/\(e)/erasure").status == .forbidden)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/erasure", json: #"{"confirm":true}"#).status == .forbidden)

            // The preview says what goes, and who goes with it.
            let preview = try APIClient.object(try await f.adminAPI.send(.GET, "/engagements/\(e)/erasure"))
            #expect(preview["erasable"] as? Bool == true)
            #expect(Set(preview["peopleDeleted"] as? [String] ?? []) == ["Zoë Client", "Sam Sponsor", "Hana HR"])
            let records = (preview["records"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { $0[$1["label"] as! String] = $1["count"] as? Int }
            #expect(records["stakeholders"] == 4)
            #expect(records["answered 360 questionnaires"] == 5)
            let page = try await f.admin.get("/engagements/\(e)/erase")
            #expect(page.text.contains("4 stakeholders") && page.text.contains("Zoë Client"))
            #expect(try await EngagementErasureTests.rows("stakeholders", of: id, on: t.app.db) == 4, "looking deletes nothing")

            // The page asks for a tick; then the engagement is gone.
            #expect(try await f.admin.post("/engagements/\(e)/erase").status == .unprocessableEntity)
            var status: HTTPStatus = .internalServerError
            let before = try await t.queries.during { status = try await f.admin.post("/engagements/\(e)/erase", ["confirm": "yes"]).status }
            #expect(status == .seeOther)
            #expect(before.count < 60, "a bounded number of statements (\(before.count))")
            #expect(try await f.admin.get("/engagements/\(e)").status == .notFound)
            #expect(try await f.api.send(.GET, "/engagements/\(e)").status == .notFound)
            for table in ["meetings", "stakeholders", "assessments", "interviews", "idp_revisions", "survey_rounds",
                          "coaching_agreements", "final_reports", "outbox_messages", "target_competencies"] {
                #expect(try await EngagementErasureTests.rows(table, of: id, on: t.app.db) == 0, "\(table)")
            }
            for table in ["assessment_ratings", "assessment_raters", "goals", "agreement_acceptances"] {
                #expect(try await EngagementErasureTests.total(table, on: t.app.db) == 0, "\(table)")
            }
            #expect(try await PersonalLink.query(on: t.app.db).filter(\.$subjectID != nil).count() == 0, "rater links are gone")
            let partyAddresses = ["zoe@example.com", "sam@example.com", "hana@example.com"]
            #expect(try await Person.query(on: t.app.db).filter(\.$email ~~ partyAddresses).count() == 0)
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$toEmail ~~ partyAddresses).count() == 0, "their sign-in mails too")

            // What stays: counts, no names.
            let kept = try #require(try await ErasedEngagement.query(on: t.app.db).first())
            #expect(kept.ratersAnswered == 5 && kept.ratersInvited == 5 && kept.stakeholders == 4 && kept.status == "cancelled")
            #expect(kept.phaseReached == "analysis" && kept.endedAt != nil && kept.plannedSessions == 6 && kept.sessionsHeld == 0)
            // The audit keeps the erasure and still verifies; it holds no note.
            let erased = try await AuditEvent.query(on: t.app.db).filter(\.$action == "engagement_erased").all()
            #expect(erased.count == 1)
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
            let details = try await AuditEvent.query(on: t.app.db).all().map(\.detail).joined(separator: "\n")
            #expect(!details.contains(EngagementFixture.privateNote) && !details.contains(EngagementFixture.interviewNote))
            #expect(!details.contains("Client left the company"), "free-text reasons stay out of the append-only trail")
            // A second erase finds nothing.
            #expect(try await f.adminAPI.send(.POST, "/engagements/\(e)/erasure", json: #"{"confirm":true}"#).status == .notFound)
        }
    }

    @Test("the API erases with confirm:true only and answers the aggregates")
    func eraseThroughTheAPI() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            #expect(try await f.api.send(.POST, "/engagements/\(e)/cancel", json: #"{"reason":"Budget cut"}"#).status == .ok)
            let unconfirmed = try await f.adminAPI.send(.POST, "/engagements/\(e)/erasure", json: #"{"confirm":false}"#)
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(try APIClient.object(unconfirmed)["field"] as? String == "confirm")
            let done = try await f.adminAPI.send(.POST, "/engagements/\(e)/erasure", json: #"{"confirm":true}"#)
            #expect(done.status == .ok)
            let body = try APIClient.object(done)
            #expect(body["ratersAnswered"] as? Int == 5 && body["status"] as? String == "cancelled")
            #expect(body["surveyMeans"] as? [Any] != nil)
        }
    }
}
