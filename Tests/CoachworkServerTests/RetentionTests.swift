import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// The practice's retention periods (issue 12): set by the admin, listed by a dry run that changes
/// nothing, applied by the worker's sweep (here the page's button and the command).
@Suite struct RetentionTests {
    /// Moves engagement `id`'s end `days` into the past.
    static func endedAgo(_ id: String, days: Double, _ t: TestApp) async throws {
        let sql = t.app.db as! any SQLDatabase
        try await sql.update(Engagement.schema).set("ended_at", to: SQLBind(t.app.clock.now().addingTimeInterval(-days * 86_400)))
            .where("id", .equal, SQLBind(UUID(uuidString: id)!)).run()
    }

    @Test("private notes go after their period, the engagement after its own; the dry run changes nothing")
    func retentionSweep() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let kickoff = "/engagements/\(e)/meetings/\(f.kickoffID)"
            // Settings: the admin only, validated and named by field.
            let wrong = try await f.adminAPI.send(.PUT, "/settings", json: #"{"privateNotesRetentionMonths":24,"engagementRetentionMonths":12}"#)
            #expect(wrong.status == .unprocessableEntity)
            #expect(try APIClient.object(wrong)["field"] as? String == "privateNotesRetentionMonths")
            #expect(try await f.api.send(.PUT, "/settings", json: #"{"engagementRetentionMonths":12}"#).status == .forbidden)
            let both = try APIClient.object(try await f.adminAPI.send(.PUT, "/settings", json: #"{"privateNotesRetentionMonths":-5,"engagementRetentionMonths":999}"#))
            let named = Set((both["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(named == ["privateNotesRetentionMonths", "engagementRetentionMonths"], "both bad periods are named")
            let set = try APIClient.object(try await f.adminAPI.send(.PUT, "/settings", json: #"{"privateNotesRetentionMonths":1,"engagementRetentionMonths":24}"#))
            #expect(set["privateNotesRetentionMonths"] as? Int == 1 && set["engagementRetentionMonths"] as? Int == 24)

            // A running engagement is never touched, whatever its age.
            let early = try APIClient.object(try await f.adminAPI.send(.GET, "/retention"))
            #expect((early["notes"] as? [Any])?.isEmpty == true && (early["erasures"] as? [Any])?.isEmpty == true)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/cancel", json: #"{"reason":"Client moved on"}"#).status == .ok)
            try await RetentionTests.endedAgo(e, days: 40, t)

            // Dry run: listed for the admin (page, API, command); the coach cannot look.
            let plan = try APIClient.object(try await f.adminAPI.send(.GET, "/retention"))
            let notes = try #require(plan["notes"] as? [[String: Any]])
            #expect(notes.count == 1 && (notes[0]["engagementId"] as? String)?.lowercased() == e.lowercased())
            #expect(notes[0]["notes"] as? Int == 2, "the kickoff's private note and the raw interview notes")
            #expect((plan["erasures"] as? [Any])?.isEmpty == true)
            #expect(try await f.coach.get("/admin/retention").status == .forbidden)
            #expect(try await f.api.send(.GET, "/retention").status == .forbidden)
            let page = try await f.admin.get("/admin/retention")
            #expect(page.text.contains("Zoë Client") && page.text.contains("2 notes"))
            let dry = await run(RetentionCommand(), ["--dry-run"], on: t.app)
            #expect(!dry.failed && dry.output.contains("would be deleted"))

            #expect(try await f.coach.get(kickoff).text.contains(EngagementFixture.privateNote), "looking deletes nothing")

            // Applying: the notes go (audited), the engagement stays.
            let applied = try await f.admin.post("/admin/retention", ["confirm": "yes"])
            #expect(applied.status == .seeOther, "\(applied.body.string.components(separatedBy: "<main").last!.prefix(700))")
            let meeting = try await f.coach.get(kickoff).text
            #expect(!meeting.contains(EngagementFixture.privateNote) && meeting.contains(EngagementFixture.sharedNote))
            let interviews = try await Interview.query(on: t.app.db).all()
            #expect(!interviews.isEmpty && interviews.allSatisfy { $0.notes.isEmpty })
            #expect(try await AuditEvent.query(on: t.app.db).filter(\.$action == "private_notes_deleted").count() == 1)
            #expect(try await f.api.send(.GET, "/engagements/\(e)").status == .ok)
            let again = try APIClient.object(try await f.adminAPI.send(.GET, "/retention"))
            #expect((again["notes"] as? [Any])?.isEmpty == true, "nothing left to do")

            // Past the engagement's period: the command erases it.
            try await RetentionTests.endedAgo(e, days: 800, t)
            let erase = await run(RetentionCommand(), [], on: t.app)
            #expect(!erase.failed && erase.output.contains("were erased"))
            #expect(try await f.api.send(.GET, "/engagements/\(e)").status == .notFound)
            #expect(try await ErasedEngagement.query(on: t.app.db).count() == 1)
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
        }
    }
}
