import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Personal calendar feeds: a secret, revocable address that calendar apps fetch without signing in.
@Suite struct CalendarFeedTests {
    typealias F = EngagementFixture

    /// The `/calendar/….ics` path shown once on the feed page.
    private func feedPath(_ page: TestingHTTPResponse) throws -> String {
        let start = try #require(page.text.range(of: "/calendar/"))
        let end = try #require(page.text.range(of: ".ics", range: start.upperBound..<page.text.endIndex))
        return String(page.text[start.lowerBound..<end.upperBound])
    }

    @Test func aFeedListsOnesMeetingsWithoutNotesAndStopsWhenRevoked() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            try await f.coach.get("/account/calendar")
            let coachFeed = try feedPath(try await f.coach.post("/account/calendar"))
            try await f.client.get("/account/calendar")
            let clientFeed = try feedPath(try await f.client.post("/account/calendar"))
            for path in [coachFeed, clientFeed] {
                let ics = try await f.anonymous.get(path)   // no session: calendar apps do not sign in
                #expect(ics.status == .ok && ics.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(ics.text.contains("BEGIN:VEVENT") && ics.text.contains("Kickoff"))
                #expect(!ics.text.contains(F.privateNote) && !ics.text.contains(F.sharedNote))
                try Self.checkWithPythonICalendar(ics.text)
                // Unchanged, the feed revalidates by its ETag instead of downloading again.
                let etag = try #require(ics.headers.first(name: .eTag))
                #expect(try await f.anonymous.get(path).headers.first(name: .eTag) == etag)
                let revalidated = try await t.app.testing().sendRequest(.GET, path, headers: ["If-None-Match": etag])
                #expect(revalidated.status == .notModified && revalidated.body.readableBytes == 0)
            }
            // A new address stops the old one; stopping the feed stops the new one.
            try await f.coach.get("/account/calendar")
            let renewed = try feedPath(try await f.coach.post("/account/calendar"))
            #expect(try await f.anonymous.get(coachFeed).status == .notFound)
            #expect(try await f.anonymous.get(renewed).status == .ok)
            try await f.coach.get("/account/calendar")
            #expect(try await f.coach.post("/account/calendar/stop").status == .seeOther)
            #expect(try await f.anonymous.get(renewed).status == .notFound)
            #expect(try await f.anonymous.get("/calendar/not-a-token.ics").status == .notFound)
            #expect(try await f.anonymous.get(clientFeed).status == .ok)   // another person's feed is untouched
        }
    }

    /// Parses the calendar with Python's `icalendar` (Tests/Scripts/check_ics.py), an independent reader.
    static func checkWithPythonICalendar(_ ics: String) throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let script = here.deletingLastPathComponent().appendingPathComponent("Scripts/check_ics.py")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ics.utf8).write(to: dir.appendingPathComponent("feed.ics"))
        let process = Process(), stderr = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "check_ics.py exited \(process.terminationStatus): \(err)")
    }
}

/// A coaching-session series from the agreement's cadence keeps its local time across a
/// daylight-saving change (the coach is in Europe/Berlin; summer time starts on 28 March 2027).
@Suite struct SessionSeriesTests {
    @Test func aWeeklySeriesKeepsTenOClockAcrossTheChange() async throws {
        try await withApp { (t: TestApp) in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            // 10:00 in Berlin on 15 March 2027 is 09:00 UTC.
            let created = try await f.api.send(.POST, "/engagements/\(e)/meetings/series",
                                               json: #"{"firstStart":"2027-03-15T09:00:00Z","count":3,"cadenceWeeks":2}"#)
            #expect(created.status == .created)
            let starts = try APIClient.array(created).compactMap { $0["startsAt"] as? String }
            // 15 and 29 March and 12 April, 10:00 local: 09:00Z in winter time, 08:00Z in summer time.
            #expect(starts == ["2027-03-15T09:00:00Z", "2027-03-29T08:00:00Z", "2027-04-12T08:00:00Z"])
            let page = try await f.coach.get("/engagements/\(e)")
            #expect(page.text.components(separatedBy: "10:00 (Europe/Berlin)").count - 1 >= 3)
            // The client, in New York, sees each in their own zone: 05:00 EDT (US summer time began 14 March), then 04:00.
            let clientPage = try await f.client.get("/engagements/\(e)")
            #expect(clientPage.text.contains("05:00 (America/New_York)") && clientPage.text.contains("04:00 (America/New_York)"))
            let bad = try await f.api.send(.POST, "/engagements/\(e)/meetings/series", json: #"{"firstStart":"2027-03-15T09:00:00Z","count":0}"#)
            #expect(bad.status == .unprocessableEntity)
        }
    }
}

/// The coach's session preparation: the problem, the session's objective, open action items, the
/// IDP focus and the last session's notes, private ones included, so it is the coach's alone.
@Suite struct SessionPreparationTests {
    @Test func onlyTheCoachPreparesAndSeesTheLastSessionsNotes() async throws {
        try await withApp { (t: TestApp) in
            let f = try await EngagementFixture.build(t, shareIDP: true)
            let e = f.engagementID
            let held = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-11-02T14:00:00Z","objective":"First"}"#))
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings/\(held["id"] as! String)/record",
                                     json: #"{"sharedNotes":"SHARED-SESSION-1","privateNotes":"PRIVATE-SESSION-1","actionItems":[{"description":"Log decisions","owner":"client"}]}"#)
            let next = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-01-04T14:00:00Z","objective":"Second: delegation"}"#))
            let path = "/engagements/\(e)/meetings/\(next["id"] as! String)/prepare"
            let page = try await f.coach.get(path)
            #expect(page.status == .ok)
            for text in ["Second: delegation", "Log decisions", "PRIVATE-SESSION-1", "SHARED-SESSION-1", "Act"] {
                #expect(page.text.contains(text), "\(text)")
            }
            for (role, browser) in f.parties where role != "coach" {
                let other = try await browser.get(path)
                #expect(other.status != .ok, "\(role)")
                #expect(!other.text.contains("PRIVATE-SESSION-1"), "\(role)")
            }
        }
    }
}
