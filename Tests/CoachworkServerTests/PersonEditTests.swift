import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// Editing a person (issue 12): a changed email moves their sign-in to the new address, emails
/// compare case-insensitively, the form keeps what was typed, and only who may reach them edits.
@Suite struct PersonEditTests {
    @Test("a new email revokes the old address's sign-in link and sends one to the new address")
    func emailChange() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let people = try APIClient.array(try await c.api.send(.GET, "/people?per=200"))
            let zoe = try #require(people.first { $0["email"] as? String == "zoe@example.com" }?["id"] as? String)
            #expect(try await c.api.send(.POST, "/people/\(zoe)/sign-in-link").status == .accepted)
            let oldLink = try #require(try await inbox.next(to: "zoe@example.com").personalLinkPath)

            let coach = Browser(t.app)
            try await coach.signIn(c.coachUser.email)
            let form = try await coach.get("/people/\(zoe)/edit")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="zoe@example.com""#))
            // Taken by the sponsor, whatever the case: refused by its field, what was typed kept.
            let taken = try await coach.post("/people/\(zoe)", ["name": "Zoë Client", "email": "SAM@Example.com", "timeZone": "America/New_York", "jobTitle": "VP Ops"])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.text.contains("A person with this email already exists."))
            #expect(taken.text.contains(#"value="VP Ops""#))
            #expect(try await Browser(t.app).get(oldLink).status == .ok, "nothing changed yet")

            let saved = try await coach.post("/people/\(zoe)", ["name": "Zoë Client", "email": "Zoe.New@Example.com", "timeZone": "America/New_York", "jobTitle": "VP Operations"])
            #expect(saved.status == .seeOther)
            let person = try APIClient.object(try await c.api.send(.GET, "/people/\(zoe)"))
            #expect(person["email"] as? String == "zoe.new@example.com")
            #expect(person["jobTitle"] as? String == "VP Operations")
            #expect(try await Browser(t.app).get(oldLink).status != .ok, "the old address's link is revoked")
            let newLink = try #require(try await inbox.next(to: "zoe.new@example.com").personalLinkPath)
            #expect(try await Browser(t.app).get(newLink).status == .ok)
            // The old address is told, without being given the new one.
            // Found by recipient and subject: the old address had other mails before (the folder's order is not time).
            let notice = try #require(try await t.deliverMail().first { $0.to.contains("<zoe@example.com>") && $0.subject.contains("was changed") })
            #expect(!notice.text.contains("zoe.new@example.com") && notice.personalLinkPath == nil)

            // Outside the coach's reach: no such person. The admin may edit anyone.
            let other = try await t.makeUser("coach", email: "other@example.com")
            let otherBrowser = Browser(t.app)
            try await otherBrowser.signIn(other.email)
            #expect(try await otherBrowser.get("/people/\(zoe)/edit").status == .notFound)
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let adminAPI = APIClient(app: t.app, token: try await t.token(for: admin))
            let renamed = try await adminAPI.send(.PUT, "/people/\(zoe)", json: #"{"name":"Zoë N. Client","email":"zoe.new@example.com","timeZone":"Europe/Paris"}"#)
            #expect(renamed.status == .ok)
            #expect(try APIClient.object(renamed)["timeZone"] as? String == "Europe/Paris")
            let bad = try await adminAPI.send(.PUT, "/people/\(zoe)", json: #"{"name":"Z","email":"not-an-email","timeZone":"Mars/Base"}"#)
            #expect(bad.status == .unprocessableEntity)

            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "person_updated").sort(\.$sequence).all()
            #expect(audit.count == 2)
            #expect(audit.first?.detail.contains("email") == true && audit.first?.detail.contains("1 unused sign-in link revoked") == true)
            #expect(audit.allSatisfy { !$0.detail.contains("@") }, "no address in the trail")
        }
    }
}

/// The time-zone field is searchable without script: a text input with the IANA names as
/// suggestions, filled with the user's own zone, and a name typed with spaces is understood.
@Suite struct TimeZoneFieldTests {
    @Test("the people form suggests every zone, starts from the coach's own, and accepts a typed name with spaces")
    func searchableZone() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com", timeZone: "Asia/Kolkata")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            let page = try await browser.get(Paths.people)
            #expect(page.text.contains(#"list="field-timeZone-options""#) && page.text.contains(#"value="Asia/Kolkata""#))
            #expect(page.text.contains(#"<option value="America/New_York">America/New York</option>"#))
            let added = try await browser.post(Paths.people, ["name": "Zoë Client", "email": "zoe@example.com", "timeZone": "America/New York"])
            #expect(added.status == .seeOther)
            #expect(try await Person.query(on: t.app.db).first()?.timeZone == "America/New_York")
        }
    }
}
