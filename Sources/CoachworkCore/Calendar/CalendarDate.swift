import Foundation

/// Calendar dates (a day, not an instant) as ISO 8601 `YYYY-MM-DD` strings (RFC 3339 full-date).
public enum CalendarDate {
    /// Validates a typed date: exactly `YYYY-MM-DD`, a real day of the Gregorian calendar.
    /// - Returns: the normalised string.
    /// - Throws: ``DomainError`` (`invalid`, naming `field`) when missing or not a real date.
    public static func parse(_ text: String?, field: String) throws(DomainError) -> String {
        let value = TextInput.normalized(text ?? "")
        guard !value.isEmpty else { throw .invalid(field, "Enter a date as YYYY-MM-DD.", code: "required") }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw .invalid(field, "\(value) is not a date in the form YYYY-MM-DD.", code: "invalid_date")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day) else {
            throw .invalid(field, "\(value) is not a real calendar date.", code: "invalid_date")
        }
        return value
    }

    /// The calendar date of `instant` in `zone`, as `YYYY-MM-DD`.
    public static func of(_ instant: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The first instant of `day` (`YYYY-MM-DD`, already parsed) in `zone` (local midnight, or the
    /// first instant after it where a daylight-saving change skips midnight). `nil` for a bad day.
    public static func start(of day: String, zone: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        guard let noon = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)) else { return nil }
        return calendar.startOfDay(for: noon)
    }

    /// The first instant after `day` (`YYYY-MM-DD`) in `zone`: the start of the next day, whatever
    /// length (23, 24 or 25 hours) a daylight-saving change gives `day`. `nil` for a bad day.
    public static func start(ofDayAfter day: String, zone: String) -> Date? {
        guard let first = start(of: day, zone: zone) else { return nil }
        // 36 hours after the start is always within the next day, so its calendar date is the one wanted.
        return start(of: of(first.addingTimeInterval(36 * 3600), zone: zone), zone: zone)
    }
}
