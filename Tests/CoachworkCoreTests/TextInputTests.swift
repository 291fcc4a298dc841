import Foundation
import Testing
@testable import CoachworkCore

@Suite struct TextInputTests {
    @Test func normalisesToNFCAndTrims() {
        let decomposed = "  Zoe\u{0301}  " // e + combining acute
        #expect(TextInput.normalized(decomposed) == "Zo\u{00E9}")
        #expect(TextInput.normalized(decomposed).unicodeScalars.count == 3)
        #expect(TextInput.normalized("nul\u{0}byte\u{1B}[31m\nnext") == "nulbyte[31m\nnext")
    }

    @Test func requiredNamesTheFieldWhenEmptyOrLong() {
        #expect(throws: DomainError.invalid("name", "Name is required.", code: "required")) {
            try TextInput.required("   ", field: "name", label: "Name")
        }
        #expect(throws: DomainError.self) { try TextInput.required("abcd", field: "name", label: "Name", maxLength: 3) }
        #expect((try? TextInput.required(" ab ", field: "name", label: "Name")) == "ab")
    }

    @Test func emailIsLowerCasedAndChecked() throws {
        #expect(try TextInput.email(" Ana@Example.COM ") == "ana@example.com")
        #expect(throws: DomainError.self) { try TextInput.email("not an email") }
    }

    @Test func timeZoneMustBeIANA() throws {
        #expect(try TextInput.timeZone("Europe/Berlin") == "Europe/Berlin")
        #expect(try TextInput.timeZone("UTC") == "UTC")
        // As the zone field shows it, with a space for IANA's underscore.
        #expect(try TextInput.timeZone("America/New York") == "America/New_York")
        #expect(throws: DomainError.self) { try TextInput.timeZone("Mars/Olympus") }
        #expect(throws: DomainError.self) { try TextInput.timeZone("") }
    }
}

@Suite struct CalendarDateTests {
    /// A day's bounds in a zone, across both daylight-saving changes of 2026 in Berlin (a 23- and a
    /// 25-hour day): the audit trail's period filter counts on them.
    @Test func dayBoundsFollowTheZonesClock() throws {
        func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
        #expect(CalendarDate.start(of: "2026-03-29", zone: "Europe/Berlin") == utc("2026-03-28T23:00:00Z"))
        #expect(CalendarDate.start(ofDayAfter: "2026-03-29", zone: "Europe/Berlin") == utc("2026-03-29T22:00:00Z"))
        #expect(CalendarDate.start(of: "2026-10-25", zone: "Europe/Berlin") == utc("2026-10-24T22:00:00Z"))
        #expect(CalendarDate.start(ofDayAfter: "2026-10-25", zone: "Europe/Berlin") == utc("2026-10-25T23:00:00Z"))
        #expect(CalendarDate.start(ofDayAfter: "2026-12-31", zone: "UTC") == utc("2027-01-01T00:00:00Z"))
        #expect(CalendarDate.start(of: "not-a-day", zone: "UTC") == nil)
    }

    @Test func acceptsRealDatesOnly() throws {
        #expect(try CalendarDate.parse(" 2027-02-28 ", field: "d") == "2027-02-28")
        #expect(try CalendarDate.parse("2028-02-29", field: "d") == "2028-02-29")
        #expect(throws: DomainError.self) { try CalendarDate.parse("2027-02-29", field: "d") }
        #expect(throws: DomainError.self) { try CalendarDate.parse("2027-13-01", field: "d") }
        #expect(throws: DomainError.self) { try CalendarDate.parse("27-1-1", field: "d") }
        #expect(throws: DomainError.self) { try CalendarDate.parse(nil, field: "d") }
    }

    @Test func dateOfAnInstantDependsOnTheZone() {
        let instant = Date(timeIntervalSince1970: 1_794_971_200) // 2026-11-18T03:06:40Z
        #expect(CalendarDate.of(instant, zone: "UTC") == "2026-11-18")
        #expect(CalendarDate.of(instant, zone: "America/Los_Angeles") == "2026-11-17")
    }
}
