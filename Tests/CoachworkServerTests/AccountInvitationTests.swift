import Foundation
import Testing
import Fluent
import Vapor
@testable import CoachworkServer

/// Issue 12: a new account gets an invitation email with a personal link to choose its password.
@Suite struct AccountInvitationTests {
    @Test func adminInvitesACoachWhoChoosesAPasswordThroughTheEmailedLink() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            try await browser.get(Paths.users)
            let created = try await browser.post(Paths.users, ["name": "Bo Coach", "email": "Bo@Example.com", "role": "coach", "timeZone": "Asia/Tokyo"])
            #expect(created.status == .seeOther)
            let users = try await browser.get(Paths.users)
            #expect(users.text.contains("Invitation for bo@example.com queued in the outbox"))
            #expect(users.text.contains("Invited: no password chosen yet"))
            #expect(!users.text.contains("<code>"))
            let path = try await t.accountLink(to: "bo@example.com")
            // "Reply to the person who runs your practice": the reply reaches the admin who invited.
            let invitation = try #require(try ReceivedMail.all(in: t.mailDirectory).first { $0.to.contains("bo@example.com") })
            #expect(invitation.headers["reply-to"]?.contains("<\(admin.email)>") == true, "\(invitation.headers)")

            // Opening the link (twice, and by a mail scanner) consumes nothing; the token leaves the URL.
            let scanner = Browser(t.app)
            #expect(try await scanner.get(path).location == Paths.setPassword)
            let coach = Browser(t.app)
            #expect(try await coach.get(path).location == Paths.setPassword)
            #expect(try await coach.get(path).location == Paths.setPassword)
            let form = try await coach.get(Paths.setPassword)
            #expect(form.status == .ok)
            #expect(form.text.contains("Choose your password"))
            #expect(form.headers.first(name: "Referrer-Policy") == "no-referrer")
            let weak = try await coach.post(Paths.setPassword, ["new": "short", "confirm": "short"])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.text.contains("at least 12 characters"))
            let differ = try await coach.post(Paths.setPassword, ["new": "a much longer secret", "confirm": "a much longer secreT"])
            #expect(differ.text.contains("The two new passwords differ"))
            #expect(!differ.text.contains("a much longer secret"))
            let saved = try await coach.post(Paths.setPassword, ["new": "a much longer secret", "confirm": "a much longer secret"])
            #expect(saved.location == Paths.home)
            #expect(try await coach.get("/").text.contains("Your password is saved"))
            #expect(try await Browser(t.app).signIn("bo@example.com", password: "a much longer secret").location == "/")

            // Used: the link and the scanner's opened form no longer work, and say nothing of the account.
            let again = try await Browser(t.app).get(path)
            #expect(again.status == .gone)
            #expect(again.text.contains("This link does not work"))
            #expect(!again.text.contains("bo@example.com"))
            #expect(try await scanner.get(Paths.setPassword).status == .gone)
            #expect(try await scanner.post(Paths.setPassword, ["new": "an attacker's password", "confirm": "an attacker's password"]).status == .gone)
            let actions = try await AuditEvent.query(on: t.app.db).sort(\.$sequence).all().map(\.action)
            #expect(actions.contains("invitation_sent") && actions.contains("password_set"))
            #expect(try await AuditEvent.query(on: t.app.db).all().allSatisfy { !$0.detail.contains("a much longer secret") })
        }
    }

    @Test func unknownAndExpiredLinksAreRefusedAlike() async throws {
        try await withApp { t in
            _ = try await t.makeUser("admin")
            let (_, issued) = try await AccountService(db: t.app.db, passwords: t.app.password.async)
                .invite(.init(email: "cai@example.com", name: "Cai", role: "coach", timeZone: "UTC"), config: t.app.config, now: Date())
            let unknown = try await Browser(t.app).get(Paths.setPassword("not-a-token"))
            #expect(unknown.status == .notFound)
            #expect(try await Browser(t.app).get(Paths.setPassword).status == .notFound)
            // Opened in time, sent after 7 days: refused, and nothing changed.
            let late = Browser(t.app)
            #expect(try await late.get(Paths.setPassword(issued.token)).status == .seeOther)
            #expect(try await late.get(Paths.setPassword).status == .ok)
            t.app.clock = AppClock(now: { Date().addingTimeInterval(7 * 24 * 3600 + 60) })
            let expired = try await late.post(Paths.setPassword, ["new": "a much longer secret", "confirm": "a much longer secret"])
            #expect(expired.status == .gone)
            #expect(expired.text.contains("This link does not work") && !expired.text.contains("cai@example.com"))
            #expect(try await Browser(t.app).get(Paths.setPassword(issued.token)).status == .gone)
            #expect(try await User.query(on: t.app.db).filter(\.$email == "cai@example.com").first()?.mustChangePassword == true)
        }
    }

    @Test func aResentInvitationRevokesTheEarlierLinkAndOnlyWhileNoPasswordIsChosen() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            try await browser.get(Paths.users)
            try await browser.post(Paths.users, ["name": "Dee", "email": "dee@example.com", "role": "admin", "timeZone": "UTC"])
            let first = try await t.accountLink(to: "dee@example.com")
            let dee = try #require(try await User.query(on: t.app.db).filter(\.$email == "dee@example.com").first())
            try await browser.get(Paths.users)
            #expect(try await browser.post(Paths.resendInvitation(dee.id!)).location == Paths.users)
            let second = try await t.accountLink(to: "dee@example.com", excluding: [first])
            #expect(first != second)
            #expect(try await Browser(t.app).get(first).status == .gone)
            let (_, saved) = try await t.choosePassword("dee's own long password", with: second)
            #expect(saved.location == Paths.home)
            // A password is chosen: no more invitations (a reset link instead).
            try await browser.get(Paths.users)
            try await browser.post(Paths.resendInvitation(dee.id!))
            #expect(try await browser.get(Paths.users).text.contains("has chosen a password already"))
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "account_invitation").count() == 2)
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "invitation_resent").all()
            #expect(audit.count == 1 && audit.first?.actorID == "user:\(admin.id!.uuidString.lowercased())")
        }
    }

    @Test func aCoachCannotInviteResendOrSendResets() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get("/")
            #expect(try await browser.post(Paths.users, ["name": "Eve", "email": "eve@example.com", "role": "admin", "timeZone": "UTC"]).status == .forbidden)
            #expect(try await browser.post(Paths.resendInvitation(admin.id!)).status == .forbidden)
            #expect(try await browser.post(Paths.resetUser(admin.id!)).status == .forbidden)
            let anonymous = Browser(t.app)
            try await anonymous.get(Paths.signIn)
            let refused = try await anonymous.post(Paths.resendInvitation(admin.id!))
            #expect(refused.status == .unauthorized || refused.location?.hasPrefix(Paths.signIn) == true)
            #expect(try await OutboxMessage.query(on: t.app.db).count() == 0)
            #expect(try await AccountToken.query(on: t.app.db).count() == 0)
        }
    }

    @Test func theCommandLineQueuesTheInvitationAndPrintsTheLink() async throws {
        try await withApp { t in
            let result = await run(UserAddCommand(), ["--email", "fay@example.com", "--name", "Fay", "--role", "coach"], on: t.app)
            #expect(!result.failed)
            #expect(result.output.contains("Invitation email queued"))
            #expect(!result.output.contains("One-time password"))
            let printed = try #require(result.output.split(separator: "\n").last { $0.contains(Paths.setPassword + "/") })
            let path = try await t.accountLink(to: "fay@example.com")
            #expect(printed.hasSuffix(path))
        }
    }

    @Test func theAPIInvitesAndResendsForAdminsOnly() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let coach = try await t.makeUser("coach")
            let asAdmin = APIClient(app: t.app, token: try await t.token(for: admin))
            let asCoach = APIClient(app: t.app, token: try await t.token(for: coach))
            let created = try await asAdmin.send(.POST, "/users", json: #"{"name":"Hal","email":"hal@example.com","role":"coach"}"#)
            #expect(created.status == .created)
            let id = try #require((try APIClient.object(created)["user"] as? [String: Any])?["id"] as? String)
            let first = try await t.accountLink(to: "hal@example.com")
            #expect(try await asCoach.send(.POST, "/users/\(id)/invitation").status == .forbidden)
            #expect(try await asCoach.send(.POST, "/users/\(id)/password-reset").status == .forbidden)
            #expect(try await OutboxMessage.query(on: t.app.db).count() == 1)
            let resent = try await asAdmin.send(.POST, "/users/\(id)/invitation")
            #expect(resent.status == .accepted)
            #expect(try APIClient.object(resent)["expiresAt"] is String)
            let second = try await t.accountLink(to: "hal@example.com", excluding: [first])
            #expect(try await Browser(t.app).get(first).status == .gone)
            _ = try await t.choosePassword("hal's long password", with: second)
            let refused = try await asAdmin.send(.POST, "/users/\(id)/invitation")
            #expect(refused.status == .conflict)
            #expect(try APIClient.object(refused)["code"] as? String == "password_already_set")
            #expect(try await asAdmin.send(.POST, "/users/\(id)/password-reset").status == .accepted)
            #expect(try await asAdmin.send(.POST, "/users/\(UUID())/invitation").status == .notFound)
        }
    }
}
