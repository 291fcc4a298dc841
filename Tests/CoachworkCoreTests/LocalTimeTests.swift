import Foundation
import Testing
@testable import CoachworkCore

@Suite struct LocalTimeTests {
    // 2026-03-29T00:30:00Z: Berlin switches to summer time at 01:00 UTC that day.
    let beforeChange = Date(timeIntervalSince1970: 1_774_744_200)

    @Test func showsWallClockInTheViewersZoneWithTheZoneNamed() {
        #expect(LocalTime.format(beforeChange, zone: "Europe/Berlin") == "Sun 29 Mar 2026, 01:30 (Europe/Berlin)")
        #expect(LocalTime.format(beforeChange, zone: "America/New_York") == "Sat 28 Mar 2026, 20:30 (America/New_York)")
    }

    @Test func followsDaylightSavingChange() {
        let twoHoursLater = beforeChange.addingTimeInterval(7200)
        // 02:30 UTC is 04:30 CEST: the clock jumped an hour.
        #expect(LocalTime.format(twoHoursLater, zone: "Europe/Berlin") == "Sun 29 Mar 2026, 04:30 (Europe/Berlin)")
    }

    @Test func unknownZoneFallsBackToUTCAndSaysSo() {
        #expect(LocalTime.format(beforeChange, zone: "Nowhere/Else").hasSuffix("(UTC)"))
        #expect(LocalTime.date(beforeChange, zone: "Asia/Tokyo") == "29 Mar 2026")
    }
}

@Suite struct LocalInputTests {
    @Test func wallClockInputBecomesTheRightUTCInstant() throws {
        // 09:00 in Berlin on 2026-03-30 (CEST, UTC+2) is 07:00 UTC; on 2026-03-27 (CET, UTC+1) 08:00 UTC.
        let summer = try #require(LocalTime.parseLocal("2026-03-30T09:00", zone: "Europe/Berlin"))
        let winter = try #require(LocalTime.parseLocal("2026-03-27T09:00", zone: "Europe/Berlin"))
        #expect(LocalTime.format(summer, zone: "UTC") == "Mon 30 Mar 2026, 07:00 (UTC)")
        #expect(LocalTime.format(winter, zone: "UTC") == "Fri 27 Mar 2026, 08:00 (UTC)")
        #expect(LocalTime.inputValue(summer, zone: "Europe/Berlin") == "2026-03-30T09:00")
    }

    @Test func rejectsGarbageAndUnknownZones() {
        #expect(LocalTime.parseLocal("tomorrow", zone: "Europe/Berlin") == nil)
        #expect(LocalTime.parseLocal("2026-03-30T09:00", zone: "Nowhere/Else") == nil)
    }
}

/// A meeting's span names the zone once and spells out both ends when it crosses midnight.
@Suite struct LocalTimeSpanTests {
    @Test func spanInTheRecipientsZone() {
        let start = Date(timeIntervalSince1970: 1_805_706_000)   // 2027-03-22T09:00:00Z
        #expect(LocalTime.span(start, start.addingTimeInterval(3600), zone: "America/New_York") == "Mon 22 Mar 2027, 05:00–06:00 (America/New_York)")
        #expect(LocalTime.span(start, start.addingTimeInterval(5400), zone: "Asia/Kolkata") == "Mon 22 Mar 2027, 14:30–16:00 (Asia/Kolkata)")
        #expect(LocalTime.span(start, start.addingTimeInterval(3600), zone: "Pacific/Auckland")
                == "Mon 22 Mar 2027, 22:00–23:00 (Pacific/Auckland)")
        #expect(LocalTime.span(start, start.addingTimeInterval(3 * 3600), zone: "Pacific/Auckland")
                == "Mon 22 Mar 2027, 22:00 (Pacific/Auckland) – Tue 23 Mar 2027, 01:00 (Pacific/Auckland)")
        #expect(LocalTime.span(start, start.addingTimeInterval(3600), zone: "Not/AZone") == "Mon 22 Mar 2027, 09:00–10:00 (UTC)")
    }
}
