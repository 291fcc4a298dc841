import Foundation

/// Shows UTC instants as wall-clock time in a person's IANA time zone, always naming the zone.
public enum LocalTime {
    /// E.g. `Sun 29 Nov 2026, 15:37 (Europe/Berlin)`; en_GB conventions, 24-hour clock.
    ///
    /// - Parameters:
    ///   - instant: the moment (stored as UTC).
    ///   - zone: an IANA identifier; an unknown one falls back to UTC, and the text says so.
    public static func format(_ instant: Date, zone: String) -> String {
        let known = TimeZone(identifier: zone)
        // Foundation on Linux names UTC "GMT"; show the identifier the person chose.
        let label = known == nil ? "UTC" : zone
        return "\(FormatterCache.shared.string(instant, pattern: "EEE d MMM yyyy, HH:mm", zone: known == nil ? "UTC" : zone)) (\(label))"
    }

    /// The calendar date only, e.g. `29 Nov 2026`, in `zone`.
    public static func date(_ instant: Date, zone: String) -> String {
        FormatterCache.shared.string(instant, pattern: "d MMM yyyy", zone: TimeZone(identifier: zone) == nil ? "UTC" : zone)
    }
}

/// en_GB formatters by pattern and zone, made once: building a `DateFormatter` (an ICU formatter)
/// costs far more than using one, and a page shows dozens of times. Formatting runs under the
/// lock, as Foundation does not promise that one formatter may be used from two threads at once.
/// At most a few hundred entries (patterns × zones in use).
final class FormatterCache: @unchecked Sendable {
    static let shared = FormatterCache()
    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]

    /// `instant` in `pattern` (a Unicode TR35 date pattern) in the known IANA `zone`.
    func string(_ instant: Date, pattern: String, zone: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = pattern + "|" + zone
        if let formatter = formatters[key] { return formatter.string(from: instant) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        formatter.dateFormat = pattern
        formatters[key] = formatter
        return formatter.string(from: instant)
    }
}

extension LocalTime {
    /// Parses the value of an HTML `datetime-local` input (`YYYY-MM-DDTHH:MM`, seconds
    /// optional) as wall-clock time in `zone` and returns the UTC instant.
    /// A time skipped by a daylight-saving jump resolves forward, as Foundation does.
    /// - Returns: nil when the text is not such a value or the zone is unknown.
    public static func parseLocal(_ text: String, zone: String) -> Date? {
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            // Round trip: refuse 30 February rolling over to March, and a time the clocks skip.
            if let date = formatter.date(from: trimmed), formatter.string(from: date) == trimmed { return date }
        }
        return nil
    }

    /// Why ``parseLocal(_:zone:)`` refused `text`, in words for a form: not a date and time at all,
    /// a date or time that does not exist (30 February, 25:00), or a wall-clock time skipped when the
    /// clocks go forward in `zone`.
    public static func inputProblem(_ text: String, zone: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let shape = trimmed.map { $0.isASCII && $0.isNumber ? "9" : String($0) }.joined()
        let parts = trimmed.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard ["9999-99-99T99:99", "9999-99-99T99:99:99"].contains(shape) else {
            return "Enter the date and time, e.g. 2027-03-15T10:00."
        }
        let (year, month, day, hour, minute) = (parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let days = (1...12).contains(month) ? calendar.date(from: DateComponents(year: year, month: month, day: 1))
            .flatMap { calendar.range(of: .day, in: .month, for: $0)?.count } : nil
        guard let days, (1...days).contains(day), (0..<24).contains(hour), (0..<60).contains(minute) else {
            return "There is no such date or time."
        }
        return "That time does not exist in \(zone): the clocks go forward then. Choose another time."
    }

    /// The `datetime-local` value of `instant` in `zone` (to prefill a form).
    public static func inputValue(_ instant: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: instant)
    }
}

extension LocalTime {
    /// A meeting's time span in `zone`, the zone named once: `Tue 2 Mar 2027, 09:00–10:00 (Europe/Berlin)`,
    /// or both ends in full when it ends on another day. An unknown zone shows UTC, as ``format(_:zone:)``.
    public static func span(_ start: Date, _ end: Date, zone: String) -> String {
        let first = format(start, zone: zone), last = format(end, zone: zone)
        guard date(start, zone: zone) == date(end, zone: zone), let open = first.lastIndex(of: "(") else {
            return "\(first) – \(last)"
        }
        let endClock = last.split(separator: ",").last.map { $0.split(separator: " ").first ?? "" } ?? ""
        return first[..<open].trimmingCharacters(in: .whitespaces) + "–\(endClock) " + first[open...]
    }
}
