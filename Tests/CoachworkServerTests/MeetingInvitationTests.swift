import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 6's "done when": the coach (Europe/Berlin) schedules a series with the client
/// (America/New_York) across Europe's 28 March 2027 change; every email, invitation and feed
/// shows the right local times and imports cleanly in Python's `email` and `icalendar`.
@Suite struct MeetingInvitationTests {
    typealias F = EngagementFixture
    static let weirdName = "Zoë \"Z\" O'Brien, Jr.; \\ שלום 🎉"
    static let objective = "Delegate; decide, review \\ repeat\nשורה שנייה 🎉 é"
    static let location = "Raum 4, Büro; \\ Nord"
    static let video = "https://meet.example.com/room-42?pin=1,2"
    static let starts = ["2027-03-15T09:00:00Z", "2027-03-29T08:00:00Z", "2027-04-12T08:00:00Z"]

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Renames the client to a name full of characters that calendars and mail must escape.
    static func renameClient(_ t: TestApp) async throws {
        let zoe = try #require(try await Person.query(on: t.app.db).filter(\.$email == "zoe@example.com").first())
        zoe.name = weirdName
        try await zoe.save(on: t.app.db)
    }

    /// Schedules the three sessions; returns their ids.
    static func scheduleSeries(_ f: F) async throws -> [String] {
        let body = try json(["firstStart": starts[0], "count": 3, "cadenceWeeks": 2, "objective": objective, "location": location, "videoUrl": video])
        let created = try await f.api.send(.POST, "/engagements/\(f.engagementID)/meetings/series", json: body)
        #expect(created.status == .created)
        return try APIClient.array(created).compactMap { $0["id"] as? String }
    }

    /// The parsed messages to `email` whose subject starts with `prefix`.
    static func mails(_ t: TestApp, to email: String, _ prefix: String) async throws -> [[String: Any]] {
        let files = try await t.deliverMail().filter { $0.to.contains("<\(email)>") && $0.subject.hasPrefix(prefix) }.map(\.file)
        return files.isEmpty ? [] : try PythonChecks.emails(files)
    }

    static func attachment(_ mail: [String: Any]) throws -> [String: Any] {
        try #require((mail["attachments"] as? [[String: Any]])?.first)
    }

    @Test func aSeriesAcrossTheChangeIsOneInvitationThatImportsCleanly() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            try await Self.renameClient(t)
            _ = try await Self.scheduleSeries(f)
            let invitations = try await Self.mails(t, to: "zoe@example.com", "Invitation: 3 coaching sessions")
            #expect(invitations.count == 1)
            let mail = try #require(invitations.first)
            #expect((mail["to"] as? [[String: Any]])?.first?["name"] as? String == Self.weirdName)
            let text = mail["text"] as? String ?? ""
            for line in ["Mon 15 Mar 2027, 05:00–06:00 (America/New_York)", "Mon 29 Mar 2027, 04:00–05:00 (America/New_York)",
                         "Mon 12 Apr 2027, 04:00–05:00 (America/New_York)", "Times are in your time zone, America/New_York.",
                         "Where: \(Self.location)", "Video call: \(Self.video)"] {
                #expect(text.contains(line), "\(line)")
            }
            #expect((mail["html"] as? String)?.contains("04:00–05:00 (America/New_York)") == true)
            let file = try Self.attachment(mail)
            #expect(file["filename"] as? String == "invite.ics" && file["method"] as? String == "REQUEST")
            #expect(file["content_type"] as? String == "text/calendar")
            let events = try PythonChecks.calendar(file["content"] as? String ?? "")
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event["method"] as? String == "REQUEST" && event["sequence"] as? Int == 0)
            #expect((event["uid"] as? String)?.hasPrefix("series-") == true)
            #expect(event["tzid"] as? String == "Europe/Berlin")
            #expect(event["occurrences_utc"] as? [String] == Self.starts)
            #expect(event["rrule"] as? [String: String] == ["FREQ": "WEEKLY", "INTERVAL": "2", "COUNT": "3"])
            #expect(event["summary"] as? String == "Coaching session: coaching of \(Self.weirdName)")
            #expect(event["description"] as? String == "Objective: \(Self.objective)\nVideo call: \(Self.video)")
            #expect(event["location"] as? String == Self.location)
            #expect(event["attendees"] as? [String] == [Self.weirdName])
            #expect((event["organizer"] as? [String: Any])?["cn"] as? String == "Ana Coach")
            // Both feeds hold the same three instants and import cleanly too.
            for browser in [f.coach, f.client] {
                try await browser.get("/account/calendar")
                let page = try await browser.post("/account/calendar")
                let start = try #require(page.text.range(of: "/calendar/"))
                let end = try #require(page.text.range(of: ".ics", range: start.upperBound..<page.text.endIndex))
                let feed = try await f.anonymous.get(String(page.text[start.lowerBound..<end.upperBound]))
                // The series is one event, under the invitation's UID, so calendars do not see it twice.
                let sessions = try PythonChecks.calendar(feed.text).filter { ($0["summary"] as? String)?.hasPrefix("Coaching session") == true }
                #expect(sessions.count == 1 && sessions.first?["uid"] as? String == event["uid"] as? String)
                #expect(sessions.first?["occurrences_utc"] as? [String] == Self.starts)
                #expect(sessions.first?["summary"] as? String == "Coaching session: coaching of \(Self.weirdName)")
            }
        }
    }

    @Test func changesRaiseTheSequenceAndCancellationsCancel() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let ids = try await Self.scheduleSeries(f)
            let moved = #"{"startsAt":"2027-03-30T08:00:00Z","durationMinutes":60}"#
            let changed = try APIClient.object(try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(ids[1])", json: moved))
            #expect(changed["sequence"] as? Int == 1)
            let updates = try await Self.mails(t, to: "zoe@example.com", "Updated:")
            #expect(updates.count == 1)
            let update = try #require(updates.first)
            #expect((update["text"] as? String)?.contains("(it was Mon 29 Mar 2027, 04:00 (America/New_York))") == true)
            #expect((update["text"] as? String)?.contains("Tue 30 Mar 2027, 04:00–05:00 (America/New_York)") == true)
            let updated = try #require(try PythonChecks.calendar(try Self.attachment(update)["content"] as? String ?? "").first)
            #expect(updated["method"] as? String == "REQUEST" && updated["sequence"] as? Int == 1)
            #expect((updated["uid"] as? String)?.hasPrefix("series-") == true)
            #expect(updated["recurrence_id_utc"] as? String == "2027-03-29T08:00:00Z")
            #expect(updated["start_utc"] as? String == "2027-03-30T08:00:00Z")
            // The session's download is the series with this occurrence overridden, as the update said.
            let download = try PythonChecks.calendar(try await f.client.get("/engagements/\(e)/meetings/\(ids[1])/calendar.ics").text)
            #expect(download.count == 2 && Set(download.compactMap { $0["uid"] as? String }) == [updated["uid"] as! String])
            #expect(download.last?["recurrence_id_utc"] as? String == "2027-03-29T08:00:00Z" && download.last?["sequence"] as? Int == 1)
            // The same change again sends nothing.
            _ = try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(ids[1])", json: moved)
            #expect(try await Self.mails(t, to: "zoe@example.com", "Updated:").count == 1)

            let cancelled = try await f.api.send(.POST, "/engagements/\(e)/meetings/\(ids[2])/cancel", json: #"{"reason":"Travelling; sorry"}"#)
            #expect(cancelled.status == .ok)
            let cancellation = try #require(try await Self.mails(t, to: "zoe@example.com", "Cancelled:").first)
            #expect((cancellation["text"] as? String)?.contains("Travelling; sorry") == true)
            let cancelFile = try Self.attachment(cancellation)
            #expect(cancelFile["filename"] as? String == "cancel.ics" && cancelFile["method"] as? String == "CANCEL")
            let cancelEvent = try #require(try PythonChecks.calendar(cancelFile["content"] as? String ?? "").first)
            #expect(cancelEvent["method"] as? String == "CANCEL" && cancelEvent["status"] as? String == "CANCELLED")
            #expect(cancelEvent["sequence"] as? Int == 1 && cancelEvent["recurrence_id_utc"] as? String == "2027-04-12T08:00:00Z")
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings/\(ids[2])/cancel").status == .conflict)
            #expect(try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(ids[2])", json: moved).status == .conflict)

            // A single meeting: dropping the HR partner cancels it for her and updates the client.
            let single = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings",
                json: #"{"kind":"coaching_session","startsAt":"2027-05-03T08:00:00Z","attendees":["client","hr_partner"]}"#))
            let singleID = try #require(single["id"] as? String)
            let hana = try #require(try await Self.mails(t, to: "hana@example.com", "Invitation:").first)
            #expect((hana["text"] as? String)?.contains("Mon 3 May 2027, 10:00–11:00 (Europe/Berlin)") == true)
            let invite = try #require(try PythonChecks.calendar(try Self.attachment(hana)["content"] as? String ?? "").first)
            #expect(invite["uid"] as? String == "\(singleID.lowercased())@coachwork" && invite["sequence"] as? Int == 0)
            #expect(invite["attendee_emails"] as? [String] == ["mailto:zoe@example.com", "mailto:hana@example.com"])
            _ = try await f.api.send(.PUT, "/engagements/\(e)/meetings/\(singleID)", json: #"{"startsAt":"2027-05-03T08:00:00Z","attendees":["client"]}"#)
            let dropped = try #require(try await Self.mails(t, to: "hana@example.com", "Cancelled:").first)
            let droppedEvent = try #require(try PythonChecks.calendar(try Self.attachment(dropped)["content"] as? String ?? "").first)
            #expect(droppedEvent["uid"] as? String == "\(singleID.lowercased())@coachwork" && droppedEvent["sequence"] as? Int == 1)
            #expect(droppedEvent["attendees"] as? [String] == ["Hana HR"])   // RFC 5546: the cancel names whom it removes
            #expect(try await Self.mails(t, to: "zoe@example.com", "Updated:").count == 2)

            // A three-way check-in brings in the sponsor by default, invited in London time.
            let checkIn = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"three_way_check_in","startsAt":"2027-06-01T13:00:00Z"}"#))
            #expect(checkIn["attendees"] as? [String] == ["client", "sponsor"])
            let sam = try #require(try await Self.mails(t, to: "sam@example.com", "Invitation: Three-way check-in").first)
            #expect((sam["text"] as? String)?.contains("Tue 1 Jun 2027, 14:00–15:00 (Europe/London)") == true)
        }
    }

    @Test func theChangeFormKeepsWhatWasTypedAndOnlyTheCoachChanges() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let m = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#))
            let path = "/engagements/\(e)/meetings/\(m["id"] as! String)"
            let before = try await t.deliverMail().count
            try await f.coach.get(path)
            let bad = try await f.coach.post(path + "/change", ["startsAt": "2027-02-02T10:00", "durationMinutes": "60",
                                                                 "location": "Kept place", "videoURL": "not a link", "attendees": "client"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Kept place") && bad.text.contains("video call address"))
            #expect(try await t.deliverMail().count == before)
            let good = try await f.coach.post(path + "/change", ["startsAt": "2027-02-02T10:00", "durationMinutes": "45",
                                                                  "location": "Kept place", "attendees": "client"])
            #expect(good.status == .seeOther)
            #expect(try await f.coach.get(path).text.contains("Tue 2 Feb 2027, 10:00 (Europe/Berlin)"))
            for (role, browser) in f.parties where role != "coach" {
                try await browser.get("/engagements")
                #expect(try await browser.post(path + "/cancel", ["reason": "x"]).status != .seeOther, "\(role)")
            }
            let listed = try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/meetings"))
            #expect(listed.first { $0["id"] as? String == m["id"] as? String }?["status"] as? String == "planned")
        }
    }
}
