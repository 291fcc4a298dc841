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
        let timeZone = known ?? TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy, HH:mm"
        return "\(formatter.string(from: instant)) (\(label))"
    }

    /// The calendar date only, e.g. `29 Nov 2026`, in `zone`.
    public static func date(_ instant: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        formatter.dateFormat = "d MMM yyyy"
        return formatter.string(from: instant)
    }
}
