import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// The audit trail (issue 12): every transition, acceptance, settings change and sign-in is an
/// entry of one hash chain; `coachwork audit verify` finds any change; admins read all of it, a
/// coach their own engagements', nobody else any of it.
@Suite struct AuditTrailTests {
    @Test("an engagement's acceptances and transitions are chained entries, and the chain verifies")
    func chainVerifies() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let entries = try await AuditEvent.query(on: t.app.db).sort(\.$sequence).all()
            let actions = entries.map(\.action)
            for expected in ["account_created", "engagement_created", "agreement_saved", "agreement_proposed", "agreement_accepted", "signed_in"] {
                #expect(actions.contains(expected), "\(expected) in \(actions)")
            }
            #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)))
            let accepted = entries.filter { $0.action == "agreement_accepted" }
            #expect(accepted.count == 2)
            #expect(accepted.allSatisfy { $0.engagementID?.uuidString.lowercased() == c.engagementID.lowercased() && $0.actorID.hasPrefix("person:") })
            for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.previousHash == previous.hash) }
            let result = try await AuditTrail.verify(on: t.app.db)
            #expect(result.problem == nil)
            #expect(result.checked == Int64(entries.count))
        }
    }

    @Test("a changed detail or actor, a removed and a removed last entry are each found by verify",
          arguments: ["change", "actor", "remove", "removeLast"])
    func tamperingIsFound(_ how: String) async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            _ = try await EngagementFixture.contracted(t, inbox: &inbox)
            let sql = try #require(t.app.db as? any SQLDatabase)
            let count = try await AuditEvent.query(on: t.app.db).count()
            try #require(count >= 5)
            switch how {
            case "change": try await sql.raw("UPDATE audit_trail SET detail = 'Nothing happened.' WHERE sequence = 3").run()
            case "actor": try await sql.raw("UPDATE audit_trail SET actor = 'Sam Sponsor (sponsor)' WHERE sequence = 3").run()
            case "remove": try await sql.raw("DELETE FROM audit_trail WHERE sequence = 3").run()
            default: try await sql.raw("DELETE FROM audit_trail WHERE sequence = \(bind: count)").run()
            }
            let problem = try await AuditTrail.verify(on: t.app.db).problem
            switch how {
            case "change", "actor": #expect(problem == .changed(sequence: 3))
            case "remove": #expect(problem == .gap(expected: 3, found: 4))
            default: #expect(problem == .head(expectedSequence: Int64(count), foundSequence: Int64(count - 1)))
            }
        }
    }

    @Test("the admin reads the whole trail, a coach only their engagements', a client and strangers none")
    func whoReadsWhat() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let admin = try await t.makeUser("admin", email: "admin@example.com", name: "Ada Admin")
            let other = try await t.makeUser("coach", email: "other@example.com", name: "Oli Other")
            let adminBrowser = Browser(t.app), otherBrowser = Browser(t.app), coachBrowser = Browser(t.app)
            try await adminBrowser.signIn(admin.email)
            try await otherBrowser.signIn(other.email)
            try await coachBrowser.signIn(c.coachUser.email)

            let all = try await adminBrowser.get("/audit?per=200")
            #expect(all.status == .ok)
            let code = { (action: String) in "<code>\(action)</code>" }
            #expect(all.text.contains(code("agreement_accepted")) && all.text.contains(code("signed_in")) && all.text.contains(code("account_created")))
            let own = try await coachBrowser.get("/audit?per=200")
            #expect(own.status == .ok)
            #expect(own.text.contains(code("agreement_accepted")))
            #expect(!own.text.contains(code("signed_in")) && !own.text.contains(code("account_created")), "practice-wide entries are the admin's")
            let stranger = try await otherBrowser.get("/audit")
            #expect(stranger.status == .ok)
            #expect(!stranger.text.contains(code("agreement_accepted")), "another coach's engagement")
            let client = try #require(c.browsers["zoe@example.com"])
            #expect(try await client.get("/audit").status == .forbidden)
            #expect(try await Browser(t.app).get("/audit").status != .ok)

            // The API: the same scope, filters, and a named field for a bad one.
            let adminAPI = APIClient(app: t.app, token: try await t.token(for: admin))
            let filtered = try APIClient.array(try await adminAPI.send(.GET, "/audit?action=agreement_accepted&engagement=\(c.engagementID)"))
            #expect(filtered.count == 2)
            #expect(filtered.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            let coachEntries = try APIClient.array(try await c.api.send(.GET, "/audit?per=200"))
            #expect(!coachEntries.isEmpty && coachEntries.allSatisfy { ($0["engagementId"] as? String)?.lowercased() == c.engagementID.lowercased() })
            let otherAPI = APIClient(app: t.app, token: try await t.token(for: other))
            #expect(try APIClient.array(try await otherAPI.send(.GET, "/audit")).isEmpty)
            let bad = try await adminAPI.send(.GET, "/audit?from=2026-13-01")
            #expect(bad.status == .unprocessableEntity)
            #expect(try APIClient.object(bad)["field"] as? String == "from")
            // Times come from the hashed column: a `created_at` moved by hand moves nothing.
            let sql = try #require(t.app.db as? any SQLDatabase)
            try await sql.raw("UPDATE audit_trail SET created_at = \(bind: Date(timeIntervalSince1970: 0))").run()
            #expect(try APIClient.array(try await adminAPI.send(.GET, "/audit?from=1970-01-01&to=1970-01-02")).isEmpty)
            let today = CalendarDate.of(t.app.clock.now(), zone: admin.timeZone)
            #expect(try APIClient.array(try await adminAPI.send(.GET, "/audit?from=\(today)&to=\(today)&per=200")).count > 0)
            let page = try await adminBrowser.get("/audit?from=yesterday")
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("yesterday"), "the form keeps what was typed")
        }
    }

    @Test("a failed sign-in is recorded without what was typed; a settings change with old and new values")
    func signInsAndSettings() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin", email: "admin@example.com", name: "Ada Admin")
            let browser = Browser(t.app)
            _ = try await browser.signIn("nobody@example.com", password: "my-secret-guess-123")
            _ = try await browser.signIn(admin.email, password: "wrong password here")
            _ = try await browser.signIn(admin.email)
            let settings = try await browser.get("/admin/settings")
            #expect(settings.status == .ok)
            let adminAPI = APIClient(app: t.app, token: try await t.token(for: admin))
            #expect(try await adminAPI.send(.PUT, "/settings", json: #"{"ratingThreshold":4,"commentThreshold":4,"showManagerSeparately":true,"followUpWeeks":8}"#).status == .ok)
            #expect(try await adminAPI.send(.POST, "/people", json: #"{"name":"Nia New","email":"nia@example.com","timeZone":"Europe/Paris"}"#).status == .created)
            let entries = try await AuditEvent.query(on: t.app.db).sort(\.$sequence).all()
            let failed = entries.filter { $0.action == "sign_in_failed" }
            #expect(failed.map(\.actorID) == ["anonymous", "user:\(admin.id!.uuidString.lowercased())"])
            let sql = try #require(t.app.db as? any SQLDatabase)
            let leaked = try await sql.raw("SELECT COUNT(*) AS n FROM audit_trail WHERE actor LIKE '%nobody%' OR detail LIKE '%nobody%' OR actor_id LIKE '%nobody%' OR detail LIKE '%secret-guess%'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(leaked == 0)
            #expect(entries.contains { $0.action == "signed_in" && $0.actorID == "user:\(admin.id!.uuidString.lowercased())" })
            let change = try #require(entries.last { $0.action == "settings_changed" })
            #expect(change.detail.contains("ratingThreshold 3 → 4"), "\(change.detail)")
            #expect(change.detail.contains("showManagerSeparately false → true"), "\(change.detail)")
            #expect(change.detail.contains("followUpWeeks – → 8") && !change.detail.contains("Value"), "settings by their names: \(change.detail)")
            let added = try #require(entries.last { $0.action == "person_created" })
            #expect(added.object?.hasPrefix("person:") == true && !added.detail.contains("Nia") && !added.detail.contains("nia@"))
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
        }
    }
}

/// Migration 012 both ways with data: the old per-engagement entries survive a revert, and are
/// chained in time order when it runs again.
@Suite struct AuditChainMigrationTests {
    @Test("reverting 012 keeps each engagement's entries; running it again chains them in time order")
    func revertAndPrepareKeepEntries() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let before = try await AuditEvent.query(on: t.app.db).filter(\.$engagementID != nil).sort(\.$sequence).all()
            try #require(before.count >= 4)
            try await CreateAuditChain().revert(on: t.app.db)
            let sql = try #require(t.app.db as? any SQLDatabase)
            let legacy = try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE engagement_id = \(bind: UUID(uuidString: c.engagementID)!)")
                .first()?.decode(column: "n", as: Int.self)
            #expect(legacy == before.count, "every engagement entry is back in the old table")
            try await CreateAuditChain().prepare(on: t.app.db)
            let after = try await AuditEvent.query(on: t.app.db).sort(\.$sequence).all()
            #expect(after.map(\.action) == before.map(\.action))
            #expect(after.map(\.detail) == before.map(\.detail))
            #expect(after.allSatisfy { $0.actorID == "legacy" })
            #expect(after.map(\.actorRole) == before.map(\.actorRole))
            #expect(try await AuditTrail.verify(on: t.app.db).problem == nil)
            // And the trail goes on from there.
            _ = try await c.api.send(.POST, "/engagements/\(c.engagementID)/advance")
            let result = try await AuditTrail.verify(on: t.app.db)
            #expect(result.problem == nil)
            #expect(result.checked == Int64(after.count + 1))
        }
    }
}
