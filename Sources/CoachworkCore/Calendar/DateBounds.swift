import Foundation

/// The span a date someone types must fall in, so that a typo (`9999-12-31`, `0202-05-01`)
/// is refused with a message instead of being stored and shown, mailed and put in calendars.
/// One rule for every date of the product: meetings, goals, actions, interviews, surveys.
public struct DateBounds: Sendable, Equatable {
    /// Years before today that are still plausible; `nil` means back to ``earliestDay``.
    public var yearsBack: Int?
    /// Years after today that are still plausible.
    public var yearsAhead: Int

    /// Creates bounds.
    public init(yearsBack: Int?, yearsAhead: Int) {
        self.yearsBack = yearsBack
        self.yearsAhead = yearsAhead
    }

    /// No typed day lies before this one (the product keeps no older history).
    public static let earliestDay = "2000-01-01"
    /// A meeting starts at most two years back (entered after the fact) and five years ahead.
    public static let meetingStart = DateBounds(yearsBack: 2, yearsAhead: 5)
    /// Goal target dates, action due dates, interview and survey days: from 2000-01-01 to ten
    /// years ahead.
    public static let plannedDay = DateBounds(yearsBack: nil, yearsAhead: 10)

    /// Whether `instant` lies within the bounds around `now`.
    public func contains(_ instant: Date, now: Date) -> Bool {
        let calendar = Calendar(identifier: .gregorian)
        guard let latest = calendar.date(byAdding: .year, value: yearsAhead, to: now) else { return false }
        let earliest = yearsBack.flatMap { calendar.date(byAdding: .year, value: -$0, to: now) }
            ?? Date(timeIntervalSince1970: 946_684_800) // 2000-01-01T00:00:00Z
        return (earliest...latest).contains(instant)
    }

    /// The first and last plausible day (`YYYY-MM-DD`) when today is `today`.
    public func days(today: String) -> (earliest: String, latest: String) {
        let year = Int(today.prefix(4)) ?? 2000
        let rest = today.dropFirst(4)
        // 29 February plus whole years lands on 28 February in the common years.
        func shifted(_ years: Int) -> String {
            let day = String(format: "%04d", year + years) + rest
            return rest == "-02-29" && (try? CalendarDate.parse(day, field: "")) == nil
                ? String(format: "%04d-02-28", year + years) : day
        }
        let earliest = yearsBack.map { max(shifted(-$0), Self.earliestDay) } ?? Self.earliestDay
        return (earliest, shifted(yearsAhead))
    }

    /// Refuses `day` outside the bounds.
    /// - Throws: ``DomainError`` (`invalid`, code `date_out_of_range`, naming `field`).
    public func check(_ day: String, today: String, field: String) throws(DomainError) {
        let (earliest, latest) = days(today: today)
        guard day >= earliest, day <= latest else {
            throw .invalid(field, "Choose a date from \(earliest) to \(latest); \(day) is outside that range.",
                           code: "date_out_of_range")
        }
    }
}

extension CalendarDate {
    /// ``parse(_:field:)``, then ``DateBounds/check(_:today:field:)``.
    /// - Throws: ``DomainError`` naming `field` when missing, not a date, or out of bounds.
    public static func parse(_ text: String?, field: String, within bounds: DateBounds, today: String) throws(DomainError) -> String {
        let day = try parse(text, field: field)
        try bounds.check(day, today: today, field: field)
        return day
    }
}
