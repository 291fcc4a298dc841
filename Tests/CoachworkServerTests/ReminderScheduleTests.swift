import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Reminders on the practice's schedules, and the one-click stop every reminder carries
/// (List-Unsubscribe, RFC 2369; List-Unsubscribe-Post, RFC 8058).
@Suite struct ReminderScheduleTests {
    typealias F = EngagementFixture

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Sweeps at `offset` seconds from now with the app's clock set there, as the worker would then.
    static func sweep(_ t: TestApp, at offset: TimeInterval) async throws -> Int {
        let instant = Date().addingTimeInterval(offset)
        t.app.clock = AppClock(now: { instant })
        return try await RequestReminders(app: t.app).run(now: instant)
    }

    static func reminders(_ t: TestApp, to email: String, _ prefix: String = "Reminder:") async throws -> [ReceivedMail] {
        try await t.deliverMail().filter { $0.to.contains("<\(email)>") && $0.subject.hasPrefix(prefix) }
    }

    @Test func meetingRemindersCarryAOneClickStopThatGETNeverTriggers() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings",
                                     json: #"{"kind":"coaching_session","startsAt":"\#(Self.iso(Date().addingTimeInterval(30 * 3600)))"}"#)
            #expect(try await Self.sweep(t, at: 0) == 0)              // 30 hours ahead: not yet (24 by default)
            #expect(try await Self.sweep(t, at: 10 * 3600) == 1)      // the client; the coach organises
            #expect(try await Self.sweep(t, at: 10 * 3600 + 60) == 0) // once per meeting and person
            let reminder = try #require(try await Self.reminders(t, to: "zoe@example.com").first)
            let parsed = try #require(try PythonChecks.emails([reminder.file]).first)
            let header = try #require(parsed["list_unsubscribe"] as? String)
            #expect(parsed["list_unsubscribe_post"] as? String == "List-Unsubscribe=One-Click")
            #expect((parsed["attachments"] as? [Any])?.isEmpty == true)
            #expect((parsed["text"] as? String)?.contains("(America/New_York)") == true)
            let url = try #require(URL(string: header.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))))
            #expect(url.path.hasPrefix("/mail/stop/"))
            // A mail scanner's GET changes nothing.
            let shown = try await f.anonymous.get(url.path)
            #expect(shown.status == .ok && shown.text.contains("Stop reminders"))
            #expect(try await MailOptOuts.isStopped("zoe@example.com", on: t.app.db) == false)
            // The mail provider's one-click POST: no session, no CSRF token.
            let stopped = try await t.app.testing().sendRequest(.POST, url.path, beforeRequest: { req in
                req.headers.contentType = .urlEncodedForm
                req.body = ByteBuffer(string: "List-Unsubscribe=One-Click")
            })
            #expect(stopped.status == .ok && stopped.body.string.contains("no more reminders"))
            // Invitations still come; reminders do not.
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings",
                                     json: #"{"kind":"coaching_session","startsAt":"\#(Self.iso(Date().addingTimeInterval(40 * 3600)))"}"#)
            #expect(try await t.deliverMail().filter { $0.to.contains("<zoe@example.com>") && $0.subject.hasPrefix("Invitation:") }.count == 2)   // both sessions (the kickoff was entered after the fact)
            #expect(try await Self.sweep(t, at: 20 * 3600) == 0)
            // Resuming brings them back.
            #expect(try await f.anonymous.post(url.path + "/resume", csrf: false).status == .ok)
            #expect(try await Self.sweep(t, at: 20 * 3600) == 1)
            // An invitation sent inside the window is reminder enough.
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings",
                                     json: #"{"kind":"coaching_session","startsAt":"\#(Self.iso(Date().addingTimeInterval(30 * 3600)))"}"#)
            #expect(try await Self.sweep(t, at: 21 * 3600) == 0)
            #expect(try await f.anonymous.get("/mail/stop/unknown-token").status == .notFound)
        }
    }

    @Test func acceptanceRemindersFollowThePracticeScheduleUpToTheLimit() async throws {
        try await withApp { (t: TestApp) in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
            let client = try id(try await api.send(.POST, "/people", json: #"{"name":"Cleo Client","email":"cleo@example.com","timeZone":"Asia/Tokyo"}"#))
            let sponsor = try id(try await api.send(.POST, "/people", json: #"{"name":"Sol Sponsor","email":"sol@example.com","timeZone":"Europe/Paris"}"#))
            let hr = try id(try await api.send(.POST, "/people", json: #"{"name":"Hal HR","email":"hal@example.com","timeZone":"Europe/Paris"}"#))
            let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(client)","sponsorId":"\#(sponsor)","hrPartnerId":"\#(hr)","presentingProblem":"P","objective":"O"}"#))
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2027-06-30"}]}"#)
            #expect(try await api.send(.POST, "/engagements/\(e)/agreement/proposal").status.code < 300)
            let day: TimeInterval = 86_400
            #expect(try await Self.sweep(t, at: 2 * day) == 0)       // not due yet (every 3 days)
            #expect(try await Self.sweep(t, at: 3 * day + 60) == 2)  // client and sponsor
            #expect(try await Self.sweep(t, at: 3 * day + 120) == 0) // once each
            let first = try #require(try await Self.reminders(t, to: "cleo@example.com").first)
            #expect(first.subject == "Reminder: please review the coaching agreement")
            #expect(first.text.contains("(Asia/Tokyo)") && first.personalLinkPath != nil && first.headers["list-unsubscribe"] != nil)
            // The reminder's link signs the client in and lands on the agreement.
            let browser = Browser(t.app)
            #expect(try await browser.get(try #require(first.personalLinkPath)).status == .ok)
            #expect(try await browser.post(try #require(first.personalLinkPath)).location == "/engagements/\(e)/agreement")
            try await browser.get("/engagements/\(e)/agreement")
            #expect(try await browser.post("/engagements/\(e)/agreement/accept").status == .seeOther)
            // The client accepted: only the sponsor is reminded again, counting from the last reminder
            // even when the admin shortens the interval (no burst), and after the third nobody.
            let admin = APIClient(app: t.app, token: try await t.token(for: try await t.makeUser("admin")))
            #expect(try await admin.send(.PUT, "/settings", json: #"{"acceptanceReminderDays":1}"#).status == .ok)
            #expect(try await Self.sweep(t, at: 3 * day + 3600) == 0)
            #expect(try await Self.sweep(t, at: 4 * day + 120) == 1)
            #expect(try await Self.sweep(t, at: 5 * day + 180) == 1)
            #expect(try await Self.sweep(t, at: 9 * day) == 0)
            #expect(try await Self.reminders(t, to: "sol@example.com").count == 3)
            // 0 switches them off.
            #expect(try await admin.send(.PUT, "/settings", json: #"{"acceptanceReminderDays":0,"meetingReminderHours":0}"#).status == .ok)
            #expect(try await admin.send(.PUT, "/settings", json: #"{"acknowledgementReminderDays":31}"#).status == .unprocessableEntity)
            let settings = try await PracticeSettings.current(on: t.app.db)
            #expect(settings.acceptanceReminderDays == 0 && settings.meetingReminderHours == 0 && settings.acknowledgementReminderDays == 3)
        }
    }

    @Test func acknowledgementRemindersStopForWhoeverAcknowledged() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t, shareIDP: true)
            #expect(try await Self.sweep(t, at: 3 * 86_400 + 60) == 2)   // sponsor and HR partner
            let sam = try #require(try await Self.reminders(t, to: "sam@example.com").first)
            #expect(sam.subject == "Reminder: development plan for Zoë Client" && sam.text.contains("(Europe/London)"))
            try await f.sponsor.get("/engagements/\(f.engagementID)/idp")
            #expect(try await f.sponsor.post("/engagements/\(f.engagementID)/idp/acknowledge").status == .seeOther)
            #expect(try await Self.sweep(t, at: 6 * 86_400 + 60) == 1)
            #expect(try await Self.reminders(t, to: "hana@example.com").count == 2)
        }
    }
}
