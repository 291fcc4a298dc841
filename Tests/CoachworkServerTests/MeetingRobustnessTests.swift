import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer
import CoachworkCore

/// Meetings seen from each role, and the input a coach gets wrong: twice-sent forms, dates that
/// do not exist, a change that makes a queued invitation out of date.
@Suite struct MeetingRobustnessTests {
    typealias F = EngagementFixture

    @Test func attendeesOpenTheMeetingsTheyAttendWithoutItsNotes() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let checkIn = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings",
                json: #"{"kind":"three_way_check_in","startsAt":"2026-11-02T14:00:00Z","objective":"Agree the next steps"}"#))
            let checkInPath = "/engagements/\(e)/meetings/\(checkIn["id"] as! String)"
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings/\(checkIn["id"] as! String)/record",
                                     json: #"{"sharedNotes":"CHECKIN-SHARED","privateNotes":"CHECKIN-PRIVATE"}"#)
            let session = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings",
                json: #"{"kind":"coaching_session","startsAt":"2027-01-04T14:00:00Z","objective":"SESSION-OBJECTIVE"}"#))
            let sessionPath = "/engagements/\(e)/meetings/\(session["id"] as! String)"
            // The sponsor attends the check-in: its details and calendar file, never its notes.
            let seen = try await f.sponsor.get(checkInPath)
            #expect(seen.status == .ok && seen.text.contains("Agree the next steps"))
            #expect(seen.text.contains("Mon 2 Nov 2026, 14:00 (Europe/London)") && seen.text.contains("organiser's time Mon 2 Nov 2026, 15:00 (Europe/Berlin)"))
            #expect(!seen.text.contains("CHECKIN-SHARED") && !seen.text.contains("CHECKIN-PRIVATE"))
            #expect(try await f.sponsor.get(checkInPath + "/calendar.ics").status == .ok)
            let sponsorHome = try await f.sponsor.get("/engagements/\(e)")
            #expect(sponsorHome.text.contains("Three-way check-in") && !sponsorHome.text.contains("SESSION-OBJECTIVE"))
            // Not attending: refused, for the sponsor and the HR partner alike.
            #expect(try await f.sponsor.get(sessionPath).status == .forbidden)
            #expect(try await f.sponsor.get(sessionPath + "/calendar.ics").status == .forbidden)
            #expect(try await f.hrPartner.get(checkInPath).status == .forbidden)
            // The client sees shared notes, never private ones; the other coach nothing.
            let client = try await f.client.get(checkInPath)
            #expect(client.text.contains("CHECKIN-SHARED") && !client.text.contains("CHECKIN-PRIVATE"))
            #expect(try await f.otherCoach.get(checkInPath).status != .ok)
            // Signed out, the invitation's link leads through a new sign-in link back to the meeting.
            let stranger = Browser(t.app)
            let redirected = try await stranger.get(checkInPath)
            let signIn = try await stranger.get(try #require(redirected.location))
            let start = try #require(signIn.text.range(of: "/signin/link?next="))
            let end = try #require(signIn.text[start.upperBound...].firstIndex(of: "\""))
            let requestPage = try await stranger.get(String(signIn.text[start.lowerBound..<end]).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(requestPage.text.contains(#"name="next""#))
            let next = try #require(requestPage.text.range(of: #"name="next" value=""#).map { r in
                String(requestPage.text[r.upperBound...].prefix { $0 != "\"" }) })
            _ = try await stranger.post("/signin/link", ["email": "sam@example.com", "next": next])
            let mail = try await t.deliverMail().filter { $0.to.contains("<sam@example.com>") && $0.subject == "Your Coachwork sign-in link" }
            let path = try #require(mail.last?.personalLinkPath)
            let browser = Browser(t.app)
            _ = try await browser.get(path)
            #expect(try await browser.post(path).location == checkInPath)
        }
    }

    @Test func twiceSentFormsAndImpossibleDatesAreRefused() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let one = #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: one).status == .created)
            let again = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: one)
            #expect(again.status == .conflict && again.text.contains("meeting_exists"))
            let series = #"{"firstStart":"2027-03-01T09:00:00Z","count":5,"cadenceWeeks":2}"#
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings/series", json: series).status == .created)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings/series", json: series).status == .conflict)
            // Six planned, six scheduled: without a count there is nothing left to add.
            let full = try await f.api.send(.POST, "/engagements/\(e)/meetings/series", json: #"{"firstStart":"2027-09-01T09:00:00Z"}"#)
            #expect(full.status == .conflict && full.text.contains("sessions_scheduled"))
            let far = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"9999-12-31T23:59:59Z"}"#)
            #expect(far.status == .unprocessableEntity && far.text.contains(#""field":"startsAt""#))
            let rolled = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-02-30T09:00:00Z"}"#)
            #expect(rolled.status == .badRequest && rolled.text.contains("invalid_date_time") && rolled.text.contains("2027-02-30"))
            let badLink = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-05-03T09:00:00Z","videoUrl":"https://x.example/\"><b>"}"#)
            #expect(badLink.status == .unprocessableEntity && badLink.text.contains(#""field":"videoUrl""#))
            // On the page: a wall-clock time the clocks skip in the coach's zone is named as such.
            try await f.coach.get("/engagements/\(e)")
            let gap = try await f.coach.post("/engagements/\(e)/meetings", ["kind": "coaching_session", "startsAt": "2027-03-28T02:30", "durationMinutes": "60"])
            #expect(gap.status == .unprocessableEntity && gap.text.contains("does not exist in Europe/Berlin"))
            let typo = try await f.coach.post("/engagements/\(e)/meetings", ["kind": "coaching_session", "startsAt": "2027-04-05T10:00", "durationMinutes": "abc"])
            #expect(typo.status == .unprocessableEntity && typo.text.contains("whole number"))
        }
    }

    @Test func aChangeSupersedesAnInvitationThatDidNotGoOut() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            t.app.mailTransport = RecordingTransport(failing: true)
            let m = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#))
            try await t.app.outboxDelivery.deliverDue(now: Date())
            let invitation = try #require(try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "meeting_invitation")
                .filter(\.$status == "pending").first())
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings/\(m["id"] as! String)/cancel").status == .ok)
            let after = try #require(try await OutboxMessage.find(invitation.id, on: t.app.db))
            #expect(after.status == "superseded")
            await #expect(throws: DomainError.self) { try await OutboxService(db: t.app.db).retry(id: after.id, now: Date()) }
            let page = try await f.coach.get("/engagements/\(e)")
            #expect(!page.text.contains("Invitation: Coaching session"))   // not a delivery problem any more
            t.app.mailTransport = FolderMailTransport(directory: t.mailDirectory.path)
            // She never received the invitation, so she is not told of its cancellation either.
            #expect(try await MeetingInvitationTests.mails(t, to: "zoe@example.com", "Cancelled:").isEmpty)
            #expect(try await MeetingInvitationTests.mails(t, to: "zoe@example.com", "Invitation: Coaching session").isEmpty)
        }
    }
}
