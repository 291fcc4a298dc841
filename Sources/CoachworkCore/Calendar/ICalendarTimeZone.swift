import Foundation

/// DATE-TIME values and `VTIMEZONE` components (RFC 5545 §3.3.5, §3.3.14, §3.6.5), built from Foundation's
/// time zone data. All instants are whole seconds since 1970 (fractions truncated toward the past).
enum ICalendarTimeZone {
    /// Zone identifiers written as UTC (`Z` suffix, no `VTIMEZONE`).
    static let utcIdentifiers: Set<String> = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Universal",
                                              "Etc/Universal", "Zulu", "Etc/Zulu"]

    /// The Foundation zone for `identifier`, or nil when events in it are written in UTC
    /// (a UTC alias, or an identifier Foundation does not know).
    static func zone(_ identifier: String) -> TimeZone? {
        utcIdentifiers.contains(identifier) ? nil : TimeZone(identifier: identifier)
    }

    /// Whole seconds since 1970, truncated toward the past.
    static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970.rounded(.down)
        return t.isFinite ? Int64(max(-62_135_596_800, min(253_402_300_799, t))) : 0  // years 1-9999
    }

    /// `YYYYMMDDTHHMMSS` for `seconds` counted from 1970-01-01T00:00:00 (UTC, or local wall clock).
    static func dateTime(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = seconds - days * 86_400
        let (y, m, d) = civil(days)
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(secs / 3600, 2) + pad(secs / 60 % 60, 2) + pad(secs % 60, 2)
    }

    /// A UTC DATE-TIME (§3.3.5 form 2), e.g. `20270315T080000Z`.
    static func utc(_ date: Date) -> String { dateTime(seconds(date)) + "Z" }

    /// A UTC-OFFSET (§3.3.14): `+HHMM`, or `+HHMMSS` when seconds are not zero; zero is `+0000`.
    static func offset(_ seconds: Int) -> String {
        let a = abs(seconds)
        return (seconds < 0 ? "-" : "+") + pad(Int64(a / 3600), 2) + pad(Int64(a / 60 % 60), 2) + (a % 60 == 0 ? "" : pad(Int64(a % 60), 2))
    }

    /// A DTSTART/DTEND content line (unfolded) for `instant`.
    ///
    /// With a zone: `NAME;TZID=<id>:<local time>` (§3.3.5 form 3). A local time that occurs twice (the hour
    /// repeated when clocks go back) means its first occurrence (§3.3.5), so an instant in the repeat is
    /// written in UTC instead unless `keepLocal` (a series needs its wall-clock time). Without a zone: UTC.
    static func property(_ name: String, _ instant: Date, identifier: String, zone: TimeZone?, keepLocal: Bool = false) -> String {
        guard let zone else { return "\(name):\(utc(instant))" }
        let s = seconds(instant), offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s))))
        let local = s + offset
        let repeated = [s - 86_400, s + 86_400].contains { probe in
            let other = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(probe))))
            let earlier = local - other
            return other != offset && earlier < s
                && Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(earlier)))) == other
        }
        if repeated && !keepLocal { return "\(name):\(utc(instant))" }
        return "\(name);TZID=\(ICalendarText.parameter(identifier) ?? "UTC"):\(dateTime(local))"
    }

    /// The `VTIMEZONE` for `identifier` covering instants `from...to`, as unfolded content lines.
    ///
    /// One STANDARD/DAYLIGHT sub-component per offset transition Foundation reports
    /// (`nextDaylightSavingTimeTransition(after:)`) inside the span, plus the last transition before it
    /// (searched up to 400 days back) so the span's start is covered. Each has `DTSTART` = local time of the
    /// transition in the old offset, `TZOFFSETFROM` = old offset, `TZOFFSETTO` = new offset, and no RRULE.
    /// A zone with no transition in that window (e.g. Asia/Tokyo) gets one STANDARD (DAYLIGHT if Foundation
    /// says DST is in effect) with `DTSTART:19700101T000000` and its current offset both ways.
    static func component(identifier: String, zone: TimeZone, from: Date, to: Date) -> [String] {
        var cursor = from.addingTimeInterval(-400 * 86_400)
        var previous: Date?
        var inside: [Date] = []
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next > cursor, next <= to, inside.count < 20_000 {
            if next <= from { previous = next } else { inside.append(next) }
            cursor = next
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + ICalendarText.text(identifier)]
        if let previous {
            lines += observance(at: previous, zone: zone)
        } else {
            let kind = zone.isDaylightSavingTime(for: from) ? "DAYLIGHT" : "STANDARD"
            let now = offset(zone.secondsFromGMT(for: from))
            lines += ["BEGIN:\(kind)", "DTSTART:" + dateTime(min(0, seconds(from))), "TZOFFSETFROM:" + now,
                      "TZOFFSETTO:" + now, "END:\(kind)"]
        }
        for transition in inside { lines += observance(at: transition, zone: zone) }
        return lines + ["END:VTIMEZONE"]
    }

    /// One STANDARD or DAYLIGHT sub-component for the transition at `instant`.
    static func observance(at instant: Date, zone: TimeZone) -> [String] {
        let before = zone.secondsFromGMT(for: instant.addingTimeInterval(-1)), after = zone.secondsFromGMT(for: instant)
        let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
        return ["BEGIN:\(kind)", "DTSTART:" + dateTime(seconds(instant) + Int64(before)),
                "TZOFFSETFROM:" + offset(before), "TZOFFSETTO:" + offset(after), "END:\(kind)"]
    }

    /// The first instant (UTC) of `year`.
    static func startOfYear(_ year: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(daysFromCivil(year, 1, 1) * 86_400))
    }

    /// The proleptic Gregorian year of `instant` in UTC.
    static func year(_ instant: Date) -> Int64 {
        let s = seconds(instant)
        return civil(s >= 0 ? s / 86_400 : (s - 86_399) / 86_400).0
    }

    /// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's `civil_from_days`).
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// (year, month, day) to days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
