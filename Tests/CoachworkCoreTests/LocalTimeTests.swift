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
