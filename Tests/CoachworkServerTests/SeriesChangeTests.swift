import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Changes around a series: an invitation that had not gone out is re-sent as the series is now;
/// someone added to one session gets that session on its own; concurrent and mistyped input.
@Suite struct SeriesChangeTests {
    typealias F = EngagementFixture
    typealias M = MeetingInvitationTests

    @Test func anUnsentSeriesInvitationIsResentAsTheSeriesIsNow() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            t.app.mailTransport = RecordingTransport(failing: true)
            let ids = try await M.scheduleSeries(f)
            try await t.app.outboxDelivery.deliverDue(now: Date())   // the invitation fails once, waits for a retry
            _ = try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(ids[1])", json: #"{"startsAt":"2027-03-30T08:00:00Z"}"#)
            let first = try #require(try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "meeting_series_invitation")
                .sort(\.$createdAt).first())
            #expect(first.status == "superseded")
            t.app.mailTransport = FolderMailTransport(directory: t.mailDirectory.path)
            let resent = try await M.mails(t, to: "zoe@example.com", "Invitation: 3 coaching sessions")
            #expect(resent.count == 1)
            let text = try #require(resent.first?["text"] as? String)
            #expect(text.contains("Tue 30 Mar 2027, 04:00–05:00 (America/New_York)") && !text.contains("Mon 29 Mar 2027"))
            let events = try PythonChecks.calendar(try M.attachment(try #require(resent.first))["content"] as? String ?? "")
            #expect(events.count == 2 && Set(events.compactMap { $0["uid"] as? String }).count == 1)
            #expect(events.first?["occurrences_utc"] as? [String] == M.starts)
            #expect(events.last?["recurrence_id_utc"] as? String == M.starts[1] && events.last?["start_utc"] as? String == "2027-03-30T08:00:00Z")
        }
    }

    @Test func someoneAddedToOneSessionGetsThatSessionOnItsOwn() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let ids = try await M.scheduleSeries(f)
            _ = try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(ids[1])", json: #"{"startsAt":"\#(M.starts[1])","attendees":["client","sponsor"]}"#)
            let sam = try #require(try await M.mails(t, to: "sam@example.com", "Invitation: Coaching session").first)
            let event = try #require(try PythonChecks.calendar(try M.attachment(sam)["content"] as? String ?? "").first)
            #expect(event["uid"] as? String == "\(ids[1].lowercased())@coachwork" && event["recurrence_id_utc"] is NSNull)
            // The client, invited to the series, gets the change as its occurrence.
            let zoe = try #require(try await M.mails(t, to: "zoe@example.com", "Updated:").first)
            let occurrence = try #require(try PythonChecks.calendar(try M.attachment(zoe)["content"] as? String ?? "").first)
            #expect((occurrence["uid"] as? String)?.hasPrefix("series-") == true && occurrence["recurrence_id_utc"] as? String == M.starts[1])
            // The sponsor's feed shows that one session under the same UID as her invitation.
            try await f.sponsor.get("/account/calendar")
            let page = try await f.sponsor.post("/account/calendar")
            let start = try #require(page.text.range(of: "/calendar/"))
            let end = try #require(page.text.range(of: ".ics", range: start.upperBound..<page.text.endIndex))
            let feed = try PythonChecks.calendar(try await f.anonymous.get(String(page.text[start.lowerBound..<end.upperBound])).text)
            #expect(feed.filter { ($0["summary"] as? String)?.hasPrefix("Coaching session") == true }.compactMap { $0["uid"] as? String }
                    == ["\(ids[1].lowercased())@coachwork"])
        }
    }

    @Test func concurrentTwinsAndMistypedTimesAreRefused() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let body = #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#
            async let one = f.api.send(.POST, "/engagements/\(e)/meetings", json: body)
            async let two = f.api.send(.POST, "/engagements/\(e)/meetings", json: body)
            let statuses = try await [one.status, two.status]
            #expect(statuses.filter { $0 == .created }.count == 1 && statuses.filter { $0 == .conflict }.count == 1)
            let offset = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-01-02T10:00:00+99:99"}"#)
            #expect(offset.status == .badRequest && offset.text.contains("invalid_date_time"))
            let series = try await f.api.send(.POST, "/engagements/\(e)/meetings/series", json: #"{"firstStart":"2040-01-01T00:00:00Z","count":0,"videoUrl":"x"}"#)
            for field in ["firstStart", "count", "videoUrl"] { #expect(series.text.contains(#""field":"\#(field)""#), "\(field)") }
            try await f.coach.get("/engagements/\(e)")
            let typo = try await f.coach.post("/engagements/\(e)/meetings", ["kind": "coaching_session", "startsAt": "2027-1-5T10:00"])
            #expect(typo.text.contains("Enter the date and time"))
            // In the hour repeated when clocks go back, saving the form unchanged keeps the instant.
            let late = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings",
                                                                  json: #"{"kind":"coaching_session","startsAt":"2027-10-31T01:30:00Z"}"#))
            let path = "/engagements/\(e)/meetings/\(late["id"] as! String)"
            let form = try await f.coach.get(path)
            #expect(form.text.contains(#"value="2027-10-31T02:30""#))
            _ = try await f.coach.post(path + "/change", ["startsAt": "2027-10-31T02:30", "durationMinutes": "60", "objective": "New", "attendees": "client"])
            let listed = try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/meetings"))
            #expect(listed.first { $0["id"] as? String == late["id"] as? String }?["startsAt"] as? String == "2027-10-31T01:30:00Z")
        }
    }
}
