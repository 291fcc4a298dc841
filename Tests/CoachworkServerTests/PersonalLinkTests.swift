import Foundation
import Testing
import Fluent
import Vapor
@testable import CoachworkServer

@Suite struct PersonalLinkTests {
    /// A coach adds a person and emails them a link through the web page; returns the link path
    /// read from the delivered `.eml`, as the person would find it in their inbox.
    private func emailLink(_ t: TestApp) async throws -> (path: String, mail: ReceivedMail) {
        let coach = try await t.makeUser("coach")
        let browser = Browser(t.app)
        try await browser.signIn(coach.email)
        try await browser.get(Paths.people)
        let added = try await browser.post(Paths.people, ["name": "Zoë Ferreira", "email": "zoe@example.com", "organisation": "Acme", "timeZone": "America/New_York"])
        #expect(added.location == Paths.people)
        let person = try #require(try await Person.query(on: t.app.db).first())
        try await browser.get(Paths.people)
        let sent = try await browser.post(Paths.sendLink(person.id!))
        #expect(sent.location == Paths.people)
        let mail = try #require(try await t.deliverMail().last)
        return (try #require(mail.personalLinkPath), mail)
    }

    @Test func linkEmailIsAddressedToThePersonInTheirTimeZone() async throws {
        try await withApp { t in
            let (path, mail) = try await emailLink(t)
            #expect(mail.to.contains("zoe@example.com"))
            #expect(mail.text.contains("Hello Zoë Ferreira"))
            #expect(mail.text.contains("(America/New_York)"))
            #expect(mail.links.contains { $0.hasPrefix("http://coachwork.test/link/") })
            // 256-bit token, base64url: 43 characters; only its hash is stored.
            let token = String(path.dropFirst("/link/".count))
            #expect(token.count == 43)
            let stored = try #require(try await PersonalLink.query(on: t.app.db).first())
            #expect(stored.tokenHash != token)
            #expect(stored.tokenHash == Secret.hash(token))
        }
    }

    @Test func openingTheLinkChangesNothingOnlyThePostSignsIn() async throws {
        try await withApp { t in
            let (path, _) = try await emailLink(t)
            let scanner = Browser(t.app)
            #expect(try await scanner.get(path).status == .ok)
            #expect(try await scanner.get(path).status == .ok)
            #expect(try await PersonalLink.query(on: t.app.db).filter(\.$usedAt != nil).count() == 0)

            let person = Browser(t.app)
            let page = try await person.get(path)
            #expect(page.text.contains("Continue as Zoë Ferreira"))
            let used = try await person.post(path)
            #expect(used.location == "/")
            let home = try await person.get("/")
            #expect(home.text.contains("Welcome, Zoë Ferreira"))
            #expect(home.text.contains("America/New_York"))
        }
    }

    @Test func aLinkWorksOnlyOnce() async throws {
        try await withApp { t in
            let (path, _) = try await emailLink(t)
            let first = Browser(t.app)
            try await first.get(path)
            #expect(try await first.post(path).status == .seeOther)
            let second = Browser(t.app)
            try await second.get(path)
            let again = try await second.post(path)
            #expect(again.status == .gone)
            #expect(again.text.contains("already used"))
            #expect(again.text.contains("Email me a link"))
            #expect(try await second.get("/").status == .seeOther)
        }
    }

    @Test func anExpiredLinkExplainsHowToGetANewOne() async throws {
        try await withApp { t in
            let (path, _) = try await emailLink(t)
            t.app.clock = AppClock(now: { Date().addingTimeInterval(73 * 3600) })
            let browser = Browser(t.app)
            let page = try await browser.get(path)
            #expect(page.status == .gone)
            #expect(page.text.contains("expired"))
            #expect(page.text.contains("Email me a link"))
            #expect(try await browser.post(path).status == .gone)
        }
    }

    @Test func anUnknownTokenIsNotFound() async throws {
        try await withApp { t in
            let page = try await Browser(t.app).get(Paths.link("made-up-token"))
            #expect(page.status == .notFound)
            #expect(page.text.contains("not valid"))
        }
    }

    @Test func aPersonSeesNoPracticePages() async throws {
        try await withApp { t in
            let (path, _) = try await emailLink(t)
            let person = Browser(t.app)
            try await person.get(path)
            try await person.post(path)
            #expect(try await person.get(Paths.people).status == .forbidden)
            #expect(try await person.get(Paths.users).status == .forbidden)
            #expect(try await person.get(Paths.tokens).status == .forbidden)
            #expect(try await person.get(Paths.outbox).status == .forbidden)
        }
    }

    @Test func askingForALinkRevealsNothingAndMailsOnlyKnownPeople() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            _ = try await t.makePerson(email: "known@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.get(Paths.requestLink)
            let unknown = try await browser.post(Paths.requestLink, ["email": "stranger@example.com"])
            let known = try await browser.post(Paths.requestLink, ["email": "Known@Example.com"])
            #expect(unknown.status == .ok)
            #expect(known.status == .ok)
            #expect(unknown.text.contains("If we know this address"))
            #expect(known.text.contains("If we know this address"))
            let mails = try await t.deliverMail()
            #expect(mails.count == 1)
            #expect(mails.first?.to.contains("known@example.com") == true)
        }
    }
}
