import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 12: coaches and admins reset a forgotten password by email; the page tells nobody which
/// addresses have an account.
@Suite struct PasswordResetTests {
    @Test func aCoachResetsAForgottenPasswordByEmail() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "ana@example.com")
            let signedIn = Browser(t.app)
            try await signedIn.signIn(coach.email)
            let visitor = Browser(t.app)
            #expect(try await visitor.get(Paths.signIn).text.contains(#"href="/account/reset""#))
            try await visitor.get(Paths.passwordReset)
            let asked = try await visitor.post(Paths.passwordReset, ["email": "Ana@Example.com"])
            #expect(asked.status == .ok)
            #expect(asked.text.contains("If an active account has this address"))
            let path = try await t.accountLink(to: "ana@example.com")
            let (browser, saved) = try await t.choosePassword("my brand new passphrase", with: path)
            #expect(saved.location == Paths.home)
            #expect(try await browser.get("/").status == .ok)
            // The new password works, the old one does not, and the other browser is signed out.
            #expect(try await Browser(t.app).signIn(coach.email, password: "my brand new passphrase").location == "/")
            #expect(try await Browser(t.app).signIn(coach.email).status == .unauthorized)
            #expect(try await signedIn.get("/").location == Paths.signIn)
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action ~~ ["password_reset_requested", "password_reset_by_email"]).all()
            #expect(audit.map(\.action).sorted() == ["password_reset_by_email", "password_reset_requested"])
            #expect(audit.allSatisfy { $0.object == "user:\(coach.id!.uuidString.lowercased())" })
        }
    }

    @Test func knownAndUnknownAddressesGetTheSamePageAndTheSameWrites() async throws {
        try await withApp { t in
            _ = try await t.makeUser("coach", email: "known@example.com")
            var pages: [String] = []
            var statements: [[String]] = []
            for email in ["known@example.com", "stranger@example.com"] {
                let browser = Browser(t.app, address: "192.0.2.7")
                try await browser.get(Paths.passwordReset)
                var page: TestingHTTPResponse?
                statements.append(try await t.queries.during { page = try await browser.post(Paths.passwordReset, ["email": email]) })
                pages.append(try #require(page).text.replacingOccurrences(of: email, with: "EMAIL")
                    .replacingOccurrences(of: #"name="_csrf" value="[^"]+""#, with: "", options: .regularExpression))
            }
            #expect(pages[0] == pages[1])
            #expect(statements[0] == statements[1])
            #expect(statements[0].contains { $0.contains(PasswordResetRequest.schema) })
            #expect(try await AccountToken.query(on: t.app.db).count() == 0)
            #expect(try await OutboxMessage.query(on: t.app.db).count() == 0)
            // The worker answers: a link for the account only; the typed unknown address is kept nowhere.
            let mails = try await t.deliverMail()
            #expect(mails.count == 1 && mails.first?.to.contains("known@example.com") == true)
            #expect(try await PasswordResetRequest.query(on: t.app.db).count() == 0)
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "password_reset_requested").all()
            #expect(audit.count == 2 && audit.allSatisfy { $0.actorID == "anonymous" })
            #expect(try await AuditEvent.query(on: t.app.db).all().allSatisfy { !$0.detail.contains("stranger") && !$0.actor.contains("stranger") })
        }
    }

    @Test func deactivatedAccountsAndRepeatedRequestsGetNoFurtherMail() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let gone = try await t.makeUser("coach", email: "gone@example.com")
            _ = try await t.makeUser("coach", email: "here@example.com")
            try await AccountService(db: t.app.db, passwords: t.app.password.async).setActive(gone, false, by: admin.id, now: Date())
            for (i, email) in ["gone@example.com", "here@example.com", "here@example.com", "HERE@example.com"].enumerated() {
                let browser = Browser(t.app, address: "198.51.100.\(i)")
                try await browser.get(Paths.passwordReset)
                #expect(try await browser.post(Paths.passwordReset, ["email": email]).status == .ok)
            }
            let mails = try await t.deliverMail()
            #expect(mails.count == 1 && mails.first?.to.contains("here@example.com") == true)
        }
    }

    @Test func resetRequestsAreRateLimitedPerAddressAndBadInputIsNamed() async throws {
        try await withApp { t in
            let browser = Browser(t.app, address: "203.0.113.9")
            try await browser.get(Paths.passwordReset)
            let bad = try await browser.post(Paths.passwordReset, ["email": "not an email <b>"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter an email address") && !bad.text.contains("<b>"))
            for _ in 0..<9 { #expect(try await browser.post(Paths.passwordReset, ["email": "x@example.com"]).status == .ok) }
            let limited = try await browser.post(Paths.passwordReset, ["email": "x@example.com"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
        }
    }

    @Test func aPasswordChangeRevokesEmailedLinksAndResetLinksExpireAfterAnHour() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let coach = try await t.makeUser("coach", email: "gil@example.com")
            let service = AccountService(db: t.app.db, passwords: t.app.password.async, actor: AuditActor(.user(admin)))
            let early = try await service.sendPasswordReset(to: coach, config: t.app.config, now: Date())
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.password)
            let changed = try await browser.post(Paths.password, ["current": TestApp.password, "new": "another long secret", "confirm": "another long secret"])
            #expect(changed.location == Paths.home)
            #expect(try await Browser(t.app).get(Paths.setPassword(early.token)).status == .gone)
            let late = try await service.sendPasswordReset(to: coach, config: t.app.config, now: Date())
            #expect(try await Browser(t.app).get(Paths.setPassword(late.token)).status == .seeOther)
            t.app.clock = AppClock(now: { Date().addingTimeInterval(3601) })
            #expect(try await Browser(t.app).get(Paths.setPassword(late.token)).status == .gone)
        }
    }

    @Test func theAPIAsksForAResetWithoutATokenAndSaysNothingMore() async throws {
        try await withApp { t in
            _ = try await t.makeUser("coach", email: "known@example.com")
            let anonymous = APIClient(app: t.app, token: nil)
            var bodies: [String] = []
            for email in ["known@example.com", "stranger@example.com"] {
                let response = try await anonymous.send(.POST, "/account/password-reset", json: #"{"email":"\#(email)"}"#)
                #expect(response.status == .accepted)
                bodies.append(response.text)
            }
            #expect(bodies[0] == bodies[1])
            let bad = try await anonymous.send(.POST, "/account/password-reset", json: #"{"email":"nope"}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try APIClient.object(bad)["field"] as? String == "email")
            #expect(try await t.deliverMail().count == 1)
        }
    }
}
