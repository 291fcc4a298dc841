import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Editing, deactivating and reactivating accounts (issue 12), as the admin over the page and the
/// API, with what the affected coach can still do.
@Suite struct AccountChangesTests {
    @Test("a deactivated coach's session, token and password stop working, their engagement stays; reactivated, they sign in again")
    func deactivateAndReactivate() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let admin = try await t.makeUser("admin", email: "admin@example.com", name: "Ada Admin")
            let adminBrowser = Browser(t.app)
            try await adminBrowser.signIn(admin.email)
            try await adminBrowser.get(Paths.users)
            let coachBrowser = Browser(t.app)
            try await coachBrowser.signIn(c.coachUser.email)
            #expect(try await coachBrowser.get("/engagements/\(c.engagementID)").status == .ok)

            let coachID = c.coachUser.id!.uuidString
            #expect(try await adminBrowser.post("/admin/users/\(coachID)/deactivate").status == .seeOther)
            #expect(try await coachBrowser.get("/engagements/\(c.engagementID)").status != .ok, "the open session stops")
            #expect(try await c.api.send(.GET, "/engagements").status == .unauthorized, "the API token stops")
            let again = Browser(t.app)
            let refused = try await again.signIn(c.coachUser.email)
            #expect(refused.status != .seeOther)
            #expect(try await Engagement.find(UUID(uuidString: c.engagementID), on: t.app.db)?.$coach.id == c.coachUser.id, "the engagement stays")
            let users = try await adminBrowser.get(Paths.users)
            #expect(users.text.contains("Deactivated") && users.text.contains("/admin/users/\(coachID)/reactivate"))

            // Not oneself, not the last admin; a coach may not at all.
            #expect(try await adminBrowser.post("/admin/users/\(admin.id!.uuidString)/deactivate").status == .seeOther)
            #expect(try await adminBrowser.get(Paths.users).text.contains("You cannot deactivate your own account."), "said on the page")
            let adminAPI = APIClient(app: t.app, token: try await t.token(for: admin))
            let selfOff = try await adminAPI.send(.POST, "/users/\(admin.id!.uuidString)/deactivate")
            #expect(selfOff.status == .conflict)
            #expect(try APIClient.object(selfOff)["code"] as? String == "cannot_deactivate_self")
            let other = try await t.makeUser("coach", email: "other@example.com")
            let otherAPI = APIClient(app: t.app, token: try await t.token(for: other))
            #expect(try await otherAPI.send(.POST, "/users/\(admin.id!.uuidString)/deactivate").status == .forbidden)

            let back = try APIClient.object(try await adminAPI.send(.POST, "/users/\(coachID)/reactivate"))
            #expect(back["deactivatedAt"] == nil)
            #expect(try await Browser(t.app).signIn(c.coachUser.email).status == .seeOther)
            // Reactivating revives neither the old session nor the old token (tester).
            #expect(try await coachBrowser.get("/engagements/\(c.engagementID)").status != .ok)
            #expect(try await c.api.send(.GET, "/engagements").status == .unauthorized)
            let actions = try await AuditEvent.query(on: t.app.db).sort(\.$sequence).all().map(\.action)
            #expect(actions.contains("account_deactivated") && actions.contains("account_reactivated"))
        }
    }

    @Test("an account's email and role change on the page; a taken email and the last admin's role are refused by field")
    func edit() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin", email: "admin@example.com", name: "Ada Admin")
            let coach = try await t.makeUser("coach", email: "coach@example.com", name: "Ana Coach")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            let form = try await browser.get("/admin/users/\(coach.id!.uuidString)/edit")
            #expect(form.status == .ok && form.text.contains(#"value="coach@example.com""#))
            let taken = try await browser.post("/admin/users/\(coach.id!.uuidString)", ["name": "Ana Coach", "email": "ADMIN@example.com", "role": "coach", "timeZone": "Europe/Berlin"])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.text.contains("An account with this email already exists.") && taken.text.contains(#"value="ADMIN@example.com""#))
            let lastAdmin = try await browser.post("/admin/users/\(admin.id!.uuidString)", ["name": "Ada Admin", "email": "admin@example.com", "role": "coach", "timeZone": "UTC"])
            #expect(lastAdmin.status == .unprocessableEntity)
            #expect(lastAdmin.text.contains("only active admin"))
            let saved = try await browser.post("/admin/users/\(coach.id!.uuidString)", ["name": "Ana Coach", "email": "Ana.New@Example.com", "role": "coach", "timeZone": "Asia/Kolkata"])
            #expect(saved.status == .seeOther)
            #expect(try await Browser(t.app).signIn("ana.new@example.com").status == .seeOther, "signs in with the new address")
            #expect(try await Browser(t.app).signIn("coach@example.com").status != .seeOther)
            let stored = try #require(try await User.find(coach.id, on: t.app.db))
            #expect(stored.email == "ana.new@example.com" && stored.timeZone == "Asia/Kolkata")
            let entry = try #require(try await AuditEvent.query(on: t.app.db).filter(\.$action == "account_updated").first())
            #expect(entry.detail == "Account changed: email, timeZone." && entry.actorID == "user:\(admin.id!.uuidString.lowercased())")
        }
    }
}
