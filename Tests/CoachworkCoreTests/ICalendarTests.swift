import Foundation
import Testing
@testable import CoachworkCore

/// A minimal independent reader for what ICalendarWriter produces (RFC 5545 §3.1-§3.3).
private enum ICS {
    struct Line {
        var name: String, params: [String: String], value: String
    }

    /// Physical lines as raw bytes; requires CRLF endings and no bare CR or LF.
    static func physical(_ ics: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]], bytes = Array(ics.utf8), i = 0
        #expect(ics.hasSuffix("\r\n"))
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { lines.append([]); i += 2; continue }
            #expect(bytes[i] != 13 && bytes[i] != 10, "bare CR or LF")
            lines[lines.count - 1].append(bytes[i]); i += 1
        }
        return lines.dropLast()
    }

    /// Content lines after unfolding (CRLF followed by one space or tab is removed).
    static func unfold(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .components(separatedBy: "\r\n").dropLast()
    }

    static func parse(_ line: String) -> Line {
        var chars = Substring(line), name = "", params: [String: String] = [:]
        while let c = chars.first, c != ";" && c != ":" { name.append(c); chars.removeFirst() }
        while chars.first == ";" {
            chars.removeFirst()
            let key = String(chars.prefix { $0 != "=" }); chars.removeFirst(key.count + 1)
            var value = ""
            if chars.first == "\"" {
                chars.removeFirst()
                while let c = chars.first, c != "\"" { value.append(c); chars.removeFirst() }
                chars.removeFirst()
            } else {
                while let c = chars.first, c != ";" && c != ":" { value.append(c); chars.removeFirst() }
            }
            params[key] = value
        }
        #expect(chars.first == ":", "no value in \(line)")
        return Line(name: name, params: params, value: String(chars.dropFirst()))
    }

    /// TEXT unescaping (§3.3.11).
    static func text(_ value: String) -> String {
        var out = "", escaped = false
        for c in value {
            if escaped { out.append(c == "n" || c == "N" ? "\n" : c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }

    /// Unfolded content lines with the VTIMEZONE blocks left out.
    static func outsideTimeZones(_ ics: String) -> [String] {
        var inside = false
        return unfold(ics).filter { line in
            if line == "BEGIN:VTIMEZONE" { inside = true }
            defer { if line == "END:VTIMEZONE" { inside = false } }
            return !inside
        }
    }

    static func lines(_ ics: String, _ name: String) -> [Line] { outsideTimeZones(ics).map(parse).filter { $0.name == name } }
    static func value(_ ics: String, _ name: String) -> String? { lines(ics, name).first?.value }

    /// The content lines of the VTIMEZONE with `tzid`, BEGIN/END included.
    static func vtimezone(_ ics: String, _ tzid: String) -> [String] {
        let all = unfold(ics)
        guard let start = all.indices.first(where: { all[$0] == "BEGIN:VTIMEZONE" && all[$0 + 1] == "TZID:\(tzid)" }) else { return [] }
        return Array(all[start...all[start...].firstIndex(of: "END:VTIMEZONE")!])
    }

    /// The UTC offset a VTIMEZONE gives local time `local` (`YYYYMMDDTHHMMSS`): the observance with the
    /// latest DTSTART not after it (§3.6.5); fixed-width strings compare like times.
    static func offset(_ vtimezone: [String], at local: String) -> String? {
        var best: (String, String)?
        for (i, line) in vtimezone.enumerated() where line.hasPrefix("DTSTART:") {
            let onset = String(line.dropFirst(8)), to = vtimezone[i...].first { $0.hasPrefix("TZOFFSETTO:") }!.dropFirst(11)
            if onset <= local, onset > (best?.0 ?? "") { best = (onset, String(to)) }
        }
        return best?.1
    }
}

private let berlin = "Europe/Berlin"
private let stamp = Date(timeIntervalSince1970: 1_795_963_035)  // 2026-11-29T14:37:15Z
private let jan15 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z = 09:00 CET
private let jul15 = Date(timeIntervalSince1970: 1_815_634_800)  // 2027-07-15T07:00:00Z = 09:00 CEST
private let mar15 = Date(timeIntervalSince1970: 1_805_097_600)  // Mon 2027-03-15T08:00:00Z = 09:00 CET

private func event(_ summary: String = "Coaching session", start: Date = jan15, minutes: Int = 60, zone: String = berlin,
                   uid: String = "m1@coachwork", sequence: Int = 0, description: String? = nil, location: String? = nil,
                   attendees: [CalendarAttendee] = [], status: CalendarEvent.Status = .confirmed,
                   recurrence: CalendarEvent.Recurrence? = nil) -> CalendarEvent {
    CalendarEvent(uid: uid, sequence: sequence, start: start, durationMinutes: minutes, timeZone: zone, summary: summary,
                  description: description, location: location, url: "https://coachwork.example/m/1",
                  organizer: CalendarAttendee(name: "Coach Carter", email: "coach@example.com"), attendees: attendees,
                  status: status, recurrence: recurrence, lastModified: stamp)
}

/// (input, expected text after NFC, line-break and control-character clean-up), expectations written by hand.
private let texts: [(String, String)] = [
    ("Coaching, week 3; review", "Coaching, week 3; review"),
    (#"C:\Users\coach\ends with \"#, #"C:\Users\coach\ends with \"#),
    ("Line 1\nLine 2\r\nLine 3\rLine 4\n", "Line 1\nLine 2\nLine 3\nLine 4\n"),
    ("Jose\u{301} Zoe\u{308} Ångström — Café", "Jos\u{E9} Zo\u{EB} \u{C5}ngstr\u{F6}m — Caf\u{E9}"),
    ("مرحبا بكم، جلسة التدريب ٣", "مرحبا بكم، جلسة التدريب ٣"),
    ("שלום, מה שלומך? (עברית)", "שלום, מה שלומך? (עברית)"),
    ("🚀 Launch 👩‍👩‍👧‍👦 team 🇩🇪, done\\", "🚀 Launch 👩‍👩‍👧‍👦 team 🇩🇪, done\\"),
    ("tab\there bell\u{7}nul\u{0}esc\u{1B}del\u{7F}c1\u{85}end", "tab\there bellnulescdelc1end"),
    ("\\n is not a newline; \\, neither", "\\n is not a newline; \\, neither"),
    (String(repeating: "Zoë, مرحبا; שלום\\ 🚀\n", count: 12), String(repeating: "Zoë, مرحبا; שלום\\ 🚀\n", count: 12)),
]

@Suite struct ICalendarTests {
    @Test func calendarSkeletonAndExactEscaping() {
        let ics = ICalendarWriter.render([event("a,b;c\\d\ne")], method: .publish, now: stamp)
        let lines = ICS.unfold(ics)
        #expect(Array(lines.prefix(5)) == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Coachwork//Coachwork//EN",
                                           "CALSCALE:GREGORIAN", "METHOD:PUBLISH"])
        #expect(lines.last == "END:VCALENDAR")
        #expect(lines.contains(#"SUMMARY:a\,b\;c\\d\ne"#))
        #expect(ICS.value(ics, "DTSTAMP") == "20261129T143715Z")
        #expect(ICS.value(ics, "LAST-MODIFIED") == "20261129T143715Z")
        #expect(ICS.value(ics, "UID") == "m1@coachwork")
        #expect(ICS.value(ics, "URL") == "https://coachwork.example/m/1")
        #expect(ICS.lines(ics, "DESCRIPTION").isEmpty && ICS.lines(ics, "RRULE").isEmpty)
    }

    @Test(arguments: texts)
    func textRoundTripsThroughEscaping(_ input: String, _ expected: String) {
        let ics = ICalendarWriter.render([event(input, description: input, location: input)], method: .publish, now: stamp)
        for name in ["SUMMARY", "DESCRIPTION", "LOCATION"] {
            let raw = ICS.value(ics, name) ?? ""
            #expect(ICS.text(raw).unicodeScalars.elementsEqual(expected.unicodeScalars), "\(name): \(raw)")
            #expect(!raw.contains("\n") && !raw.contains("\r"))
        }
    }

    @Test func foldingAtExactOctetCounts() {
        func summaryLines(_ s: String) -> [String] {
            let physical = ICS.physical(ICalendarWriter.render([event(s)], method: .publish, now: stamp))
                .map { String(decoding: $0, as: UTF8.self) }
            let first = physical.firstIndex { $0.hasPrefix("SUMMARY:") }!
            return [physical[first]] + physical[(first + 1)...].prefix { $0.hasPrefix(" ") }
        }
        let a = String(repeating: "a", count: 100)
        #expect(summaryLines(a) == ["SUMMARY:" + String(a.prefix(67)), " " + String(repeating: "a", count: 33)])
        // 8 + 33 × 2 = 74 octets; one more é would make 76.
        #expect(summaryLines(String(repeating: "é", count: 40)) == ["SUMMARY:" + String(repeating: "é", count: 33), " " + String(repeating: "é", count: 7)])
        // 8 + 22 × 3 = 74; 8 + 16 × 4 = 72.
        #expect(summaryLines(String(repeating: "東", count: 30)) == ["SUMMARY:" + String(repeating: "東", count: 22), " " + String(repeating: "東", count: 8)])
        #expect(summaryLines(String(repeating: "🚀", count: 20)) == ["SUMMARY:" + String(repeating: "🚀", count: 16), " 🚀🚀🚀🚀"])
        #expect(summaryLines(String(repeating: "b", count: 67)) == ["SUMMARY:" + String(repeating: "b", count: 67)])
    }

    @Test(arguments: texts + [(String(repeating: "👩‍👩‍👧‍👦 e\u{301}", count: 30), String(repeating: "👩‍👩‍👧‍👦 \u{E9}", count: 30)),
                              (String(repeating: "محمد,", count: 40), String(repeating: "محمد,", count: 40))])
    func foldedLinesStayWithinLimitsAndUnfold(_ text: String, _ expected: String) {
        let ics = ICalendarWriter.render([event(text, description: text, attendees: [.init(name: text, email: "x@example.com")])],
                                         method: .request, now: stamp)
        let physical = ICS.physical(ics)
        for (i, line) in physical.enumerated() {
            #expect(line.count <= 75, "line \(i) has \(line.count) octets")
            #expect(String(validating: line, as: UTF8.self) != nil, "line \(i) splits a UTF-8 sequence")
        }
        #expect(physical.count > ICS.unfold(ics).count, "nothing was folded")
        #expect(ICS.text(ICS.value(ics, "SUMMARY") ?? "").unicodeScalars.elementsEqual(expected.unicodeScalars))
        #expect(ICS.text(ICS.value(ics, "DESCRIPTION") ?? "").unicodeScalars.elementsEqual(expected.unicodeScalars))
        #expect(ICS.lines(ics, "ATTENDEE").map(\.value) == ["mailto:x@example.com"])
    }

    @Test func berlinLocalTimesWithMatchingVTimezone() {
        let ics = ICalendarWriter.render([event(start: jan15, minutes: 90), event(start: jul15, uid: "m2@coachwork")],
                                         method: .publish, now: stamp)
        #expect(ICS.unfold(ics).filter { $0.hasPrefix("DTSTART;") || $0.hasPrefix("DTEND;") } == [
            "DTSTART;TZID=Europe/Berlin:20270115T090000", "DTEND;TZID=Europe/Berlin:20270115T103000",
            "DTSTART;TZID=Europe/Berlin:20270715T090000", "DTEND;TZID=Europe/Berlin:20270715T100000",
        ])
        #expect(ICS.unfold(ics).filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
        let tz = ICS.vtimezone(ics, berlin)
        #expect(tz == ["BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
                       "BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                       "BEGIN:DAYLIGHT", "DTSTART:20270328T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
                       "BEGIN:STANDARD", "DTSTART:20271031T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                       "END:VTIMEZONE"])
        #expect(ICS.offset(tz, at: "20270115T090000") == "+0100")
        #expect(ICS.offset(tz, at: "20270715T090000") == "+0200")
    }

    @Test func weeklySeriesKeepsNineLocalAcrossMarch2027Change() {
        let ics = ICalendarWriter.render([event(start: mar15, recurrence: .init(intervalWeeks: 1, count: 4))], method: .request, now: stamp)
        #expect(ICS.value(ics, "RRULE") == "FREQ=WEEKLY;INTERVAL=1;COUNT=4")
        #expect(ICS.unfold(ics).contains("DTSTART;TZID=Europe/Berlin:20270315T090000"))
        let tz = ICS.vtimezone(ics, berlin)
        // Occurrences repeat 09:00 wall-clock; the VTIMEZONE must put the last two in summer time.
        let locals = ["20270315T090000", "20270322T090000", "20270329T090000", "20270405T090000"]
        #expect(locals.map { ICS.offset(tz, at: $0) } == ["+0100", "+0100", "+0200", "+0200"])

        // Every second week into 2028: the VTIMEZONE grows to cover the series' end (3 April 2028).
        let long = ICalendarWriter.render([event(start: Date(timeIntervalSince1970: 1_825_056_000), recurrence: .init(intervalWeeks: 2, count: 12))],
                                          method: .request, now: stamp)
        #expect(ICS.value(long, "RRULE") == "FREQ=WEEKLY;INTERVAL=2;COUNT=12")
        #expect(ICS.vtimezone(long, berlin).filter { $0.hasPrefix("DTSTART:") } ==
                ["DTSTART:20261025T030000", "DTSTART:20270328T020000", "DTSTART:20271031T030000",
                 "DTSTART:20280326T020000", "DTSTART:20281029T030000"])
        #expect(ICS.offset(ICS.vtimezone(long, berlin), at: "20280403T090000") == "+0200")
        let clamped = ICalendarWriter.render([event(recurrence: .init(intervalWeeks: 0, count: -3))], method: .publish, now: stamp)
        #expect(ICS.value(clamped, "RRULE") == "FREQ=WEEKLY;INTERVAL=1;COUNT=1")
    }

    @Test func zoneWithoutDaylightSavingGetsOneStandard() {
        let ics = ICalendarWriter.render([event(start: Date(timeIntervalSince1970: 1_800_406_800), zone: "Asia/Tokyo")], method: .publish, now: stamp)
        #expect(ICS.value(ics, "DTSTART") == "20270120T100000")
        #expect(ICS.vtimezone(ics, "Asia/Tokyo") == ["BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                                                      "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD", "END:VTIMEZONE"])
    }

    @Test func repeatedHourIsWrittenUnambiguously() {
        let first = Date(timeIntervalSince1970: 1_824_942_600)  // 2027-10-31T00:30Z = 02:30 CEST
        let second = Date(timeIntervalSince1970: 1_824_946_200)  // 2027-10-31T01:30Z = 02:30 CET (the repeat)
        let ics = ICalendarWriter.render([event(start: first, minutes: 120), event(start: second, uid: "m2@coachwork"),
                                          event(start: second, uid: "m3@coachwork", recurrence: .init(intervalWeeks: 1, count: 2))],
                                         method: .publish, now: stamp)
        #expect(ICS.outsideTimeZones(ics).filter { $0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND") } == [
            "DTSTART;TZID=Europe/Berlin:20271031T023000", "DTEND;TZID=Europe/Berlin:20271031T033000",
            "DTSTART:20271031T013000Z", "DTEND:20271031T023000Z",   // a UTC start takes its end along
            "DTSTART;TZID=Europe/Berlin:20271031T023000", "DTEND;TZID=Europe/Berlin:20271031T033000",  // series keep wall-clock
        ])
    }

    @Test func sequenceMethodsAndCancel() throws {
        let people = [CalendarAttendee(name: "Doe, Jane", email: "jane@example.com"), CalendarAttendee(name: nil, email: " bob@example.com\n"),
                      CalendarAttendee(name: "Nobody", email: " ")]
        let request = ICalendarWriter.render([event(attendees: people)], method: .request, now: stamp)
        #expect(ICS.value(request, "METHOD") == "REQUEST" && ICS.value(request, "SEQUENCE") == "0" && ICS.value(request, "STATUS") == "CONFIRMED")
        #expect(ICS.unfold(request).filter { $0.hasPrefix("ORGANIZER") || $0.hasPrefix("ATTENDEE") } == [
            "ORGANIZER;CN=Coach Carter:mailto:coach@example.com",
            #"ATTENDEE;CN="Doe, Jane";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jane@example.com"#,
            "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com",
        ])
        let cancel = ICalendarWriter.render([event(sequence: 1, attendees: people)], method: .cancel, now: stamp)
        #expect(ICS.value(cancel, "METHOD") == "CANCEL" && ICS.value(cancel, "SEQUENCE") == "1" && ICS.value(cancel, "STATUS") == "CANCELLED")
        #expect(ICS.value(cancel, "UID") == ICS.value(request, "UID"))
        #expect(ICS.unfold(cancel).filter { $0.hasPrefix("ATTENDEE") } == [
            #"ATTENDEE;CN="Doe, Jane";PARTSTAT=NEEDS-ACTION:mailto:jane@example.com"#, "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.com",
        ])
        let publish = ICalendarWriter.render([event(sequence: -2, attendees: people, status: .cancelled)], method: .publish, now: stamp)
        #expect(ICS.lines(publish, "ATTENDEE").isEmpty && ICS.lines(publish, "ORGANIZER").count == 1)
        #expect(ICS.value(publish, "STATUS") == "CANCELLED" && ICS.value(publish, "SEQUENCE") == "0")
    }

    @Test func commonNameParameterRules() {
        let cases: [(String?, String?)] = [
            ("Jane Doe", "CN=Jane Doe"), ("Doe, Jane", #"CN="Doe, Jane""#), ("a;b", #"CN="a;b""#), ("Dr: Who", #"CN="Dr: Who""#),
            (#"Say "hi" \ now"#, #"CN=Say ^'hi^' \ now"#), (#"a^"b"#, #"CN=a^^^'b"#), ("Ann\nLee\t\r\n", "CN=AnnLee"), ("x^ny ^'q' ^^ ^a", "CN=x^^ny ^^'q' ^^^ ^a"),
            ("Zoe\u{308}", "CN=Zo\u{EB}"), ("محمد بن عبد الله", "CN=محمد بن عبد الله"), (#""""#, "CN=^'^'"), ("\n\t", nil), ("", nil), (nil, nil),
        ]
        for (name, expected) in cases {
            let ics = ICalendarWriter.render([event(attendees: [.init(name: name, email: "p@example.com")])], method: .request, now: stamp)
            let line = ICS.unfold(ics).first { $0.hasPrefix("ATTENDEE") }!
            let want = "ATTENDEE" + (expected.map { ";" + $0 } ?? "") + ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:p@example.com"
            #expect(line.unicodeScalars.elementsEqual(want.unicodeScalars), "\(String(describing: name)) -> \(line)")
        }
    }

    @Test func utcModeUsesZuluTimesWithoutVTimezone() {
        for zone in ["UTC", "Etc/UTC", "Not/AZone"] {
            let ics = ICalendarWriter.render([event(start: mar15, zone: zone, recurrence: .init(intervalWeeks: 2, count: 3))], method: .request, now: stamp)
            #expect(ICS.value(ics, "DTSTART") == "20270315T080000Z" && ICS.value(ics, "DTEND") == "20270315T090000Z", "\(zone)")
            #expect(!ics.contains("VTIMEZONE") && !ics.contains("TZID"), "\(zone)")
        }
        let mixed = ICalendarWriter.render([event(zone: "UTC"), event(zone: berlin), event(zone: "Asia/Tokyo"), event(start: jul15, zone: berlin)],
                                           method: .publish, now: stamp)
        #expect(ICS.unfold(mixed).filter { $0.hasPrefix("TZID:") } == ["TZID:Europe/Berlin", "TZID:Asia/Tokyo"])
        let noEnd = ICalendarWriter.render([event(minutes: 0)], method: .publish, now: stamp)
        #expect(ICS.lines(noEnd, "DTEND").isEmpty)
    }

    @Test func pythonICalendarAgrees() throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let script = here.deletingLastPathComponent().appendingPathComponent("Scripts/check_ics.py")
        try #require(FileManager.default.fileExists(atPath: script.path), "missing \(script.path)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("icalendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let names: [(String?, String?)] = [("Doe, Jane", "Doe, Jane"), (#"Say "hi" \ now"#, #"Say "hi" \ now"#), ("x^ny ^^", "x^ny ^^"), (#"a^"b"#, #"a^"b"#),
                                           ("محمد بن عبد الله", "محمد بن عبد الله"), ("דוד בן־גוריון", "דוד בן־גוריון"),
                                           ("Zoe\u{308} 🚀", "Zo\u{EB} 🚀"), (nil, nil)]
        let people = names.enumerated().map { CalendarAttendee(name: $1.0, email: "p\($0)@example.com") }
        let series = event(texts[6].0, start: mar15, uid: "series@coachwork", sequence: 2, description: texts[2].0 + texts[9].0,
                           location: texts[4].0, attendees: people, recurrence: .init(intervalWeeks: 1, count: 4))
        let calendars: [(String, [CalendarEvent], ICalendarMethod)] = [
            ("request", [series, event(texts[3].0, start: jul15, uid: "summer@coachwork", location: texts[5].0, attendees: people)], .request),
            ("cancel", [event(texts[0].0, start: mar15, zone: "UTC", uid: "utc@coachwork", sequence: 3, attendees: people)], .cancel),
            ("publish", [event(texts[1].0, start: Date(timeIntervalSince1970: 1_800_406_800), zone: "Asia/Tokyo", uid: "tokyo@coachwork",
                               description: texts[8].0),
                         event(texts[5].0, start: Date(timeIntervalSince1970: 1_811_872_800), zone: "America/New_York", uid: "ny@coachwork"),
                         event(texts[4].0, start: Date(timeIntervalSince1970: 1_824_946_200), uid: "repeat@coachwork")], .publish),
        ]
        for (name, events, method) in calendars {
            try Data(ICalendarWriter.render(events, method: method, now: stamp).utf8).write(to: dir.appendingPathComponent("\(name).ics"))
        }
        let process = Process(), stdout = Pipe(), stderr = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, dir.path]
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "check_ics.py exited \(process.terminationStatus): \(err)")

        var byUID: [String: [String: Any]] = [:]
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            byUID[json["uid"] as? String ?? ""] = json
        }
        #expect(byUID.count == 6)
        let expected: [(uid: String, method: String, summary: String, start: String, tzid: String?)] = [
            ("series@coachwork", "REQUEST", texts[6].1, "2027-03-15T08:00:00Z", berlin),
            ("summer@coachwork", "REQUEST", texts[3].1, "2027-07-15T07:00:00Z", berlin),
            ("utc@coachwork", "CANCEL", texts[0].1, "2027-03-15T08:00:00Z", nil),
            ("tokyo@coachwork", "PUBLISH", texts[1].1, "2027-01-20T01:00:00Z", "Asia/Tokyo"),
            ("ny@coachwork", "PUBLISH", texts[5].1, "2027-06-01T18:00:00Z", "America/New_York"),
            ("repeat@coachwork", "PUBLISH", texts[4].1, "2027-10-31T01:30:00Z", nil),  // the repeated hour: UTC form
        ]
        for e in expected {
            let json = try #require(byUID[e.uid], "no JSON for \(e.uid)")
            #expect(json["method"] as? String == e.method)
            #expect((json["summary"] as? String)?.unicodeScalars.elementsEqual(e.summary.unicodeScalars) == true, "\(e.uid)")
            #expect(json["start_utc"] as? String == e.start, "\(e.uid)")
            #expect(json["tzid"] as? String == e.tzid, "\(e.uid)")
        }
        let s = try #require(byUID["series@coachwork"])
        #expect(s["sequence"] as? Int == 2 && s["status"] as? String == "CONFIRMED")
        #expect(s["description"] as? String == texts[2].1 + texts[9].1)
        #expect(s["location"] as? String == texts[4].1)
        #expect(s["rrule"] as? [String: String] == ["FREQ": "WEEKLY", "INTERVAL": "1", "COUNT": "4"])
        #expect(s["occurrences_utc"] as? [String] == ["2027-03-15T08:00:00Z", "2027-03-22T08:00:00Z", "2027-03-29T07:00:00Z", "2027-04-05T07:00:00Z"])
        #expect(s["end_utc"] as? String == "2027-03-15T09:00:00Z")
        for uid in ["series@coachwork", "summer@coachwork", "utc@coachwork"] {
            let json = try #require(byUID[uid])
            #expect((json["attendees"] as? [Any])?.map { $0 as? String } == names.map(\.1), "\(uid)")
            #expect(json["attendee_emails"] as? [String] == people.map { "mailto:" + $0.email })
            #expect((json["organizer"] as? [String: Any])?["cn"] as? String == "Coach Carter")
        }
        #expect(byUID["summer@coachwork"]?["location"] as? String == texts[5].1)
        #expect(byUID["utc@coachwork"]?["status"] as? String == "CANCELLED" && byUID["utc@coachwork"]?["sequence"] as? Int == 3)
        #expect(s["partstat"] as? [String] == Array(repeating: "NEEDS-ACTION", count: people.count))
        #expect(s["rsvp"] as? [String] == Array(repeating: "TRUE", count: people.count))
        #expect((byUID["utc@coachwork"]?["rsvp"] as? [Any])?.allSatisfy { $0 is NSNull } == true)
        #expect(byUID["tokyo@coachwork"]?["description"] as? String == texts[8].1)
        #expect((byUID["ny@coachwork"]?["attendees"] as? [Any])?.isEmpty == true)
        #expect(byUID["repeat@coachwork"]?["end_utc"] as? String == "2027-10-31T02:30:00Z")
    }
}

/// A change to one occurrence of a series names it by RECURRENCE-ID in the series' zone (RFC 5545 §3.8.4.4).
@Suite struct RecurrenceIDTests {
    @Test func recurrenceIDIsLocalTimeInTheSeriesZoneAndCoveredByItsVTIMEZONE() {
        let original = Date(timeIntervalSince1970: 1_806_220_800)   // 2027-03-28T08:00:00Z, 10:00 in Berlin (summer time)
        let moved = original.addingTimeInterval(86_400)
        let event = CalendarEvent(uid: "series-1@coachwork", sequence: 2, start: moved, durationMinutes: 60, timeZone: "Europe/Berlin",
                                  summary: "Session", lastModified: original, recurrenceID: original)
        let ics = ICalendarWriter.render([event], method: .request, now: original)
        #expect(ics.contains("RECURRENCE-ID;TZID=Europe/Berlin:20270328T100000\r\n"))
        #expect(ics.contains("DTSTART;TZID=Europe/Berlin:20270329T100000\r\n"))
        #expect(ics.contains("SEQUENCE:2\r\n") && ics.contains("BEGIN:VTIMEZONE"))
        // An occurrence moved so that its end falls in the repeated hour: both times in UTC, RECURRENCE-ID local.
        let intoRepeat = CalendarEvent(uid: "series-1@coachwork", sequence: 1, start: Date(timeIntervalSince1970: 1_824_942_600),
                                       durationMinutes: 60, timeZone: "Europe/Berlin", summary: "Session", lastModified: original,
                                       recurrenceID: original)   // 00:30Z-01:30Z: 02:30 CEST to 02:30 CET
        let lines = ICalendarWriter.render([intoRepeat], method: .request, now: original)
        #expect(lines.contains("DTSTART:20271031T003000Z\r\n") && lines.contains("DTEND:20271031T013000Z\r\n"))
        #expect(lines.contains("RECURRENCE-ID;TZID=Europe/Berlin:20270328T100000\r\n") && lines.contains("BEGIN:VTIMEZONE"))
        let utc = CalendarEvent(uid: "s", start: moved, durationMinutes: 30, timeZone: "UTC", summary: "S", lastModified: original, recurrenceID: original)
        #expect(ICalendarWriter.render([utc], method: .cancel, now: original).contains("RECURRENCE-ID:20270328T080000Z\r\n"))
    }
}
