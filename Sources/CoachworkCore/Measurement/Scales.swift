import Foundation

/// The 360-degree assessment rating scale: a 5-point Likert-type scale, 1 (lowest) to 5 (highest),
/// plus "can't say" (modelled as `nil` in ``Rating/score``, outside this range).
public enum RatingScale {
    /// Valid scores, inclusive: 1...5.
    public static let range = 1...5
}

/// The progress mini-survey scale: perceived change in the client's effectiveness on a target competency,
/// -3 (much worse) through 0 (no change) to +3 (much better).
///
/// Source: Goldsmith & Morgan (2004), "Leadership is a contact sport: the follow-up factor in management
/// development", strategy+business 36 — the follow-up mini-survey's -3..+3 scale.
public enum ProgressScale {
    /// Valid answers, inclusive: -3...3.
    public static let range = -3...3
}

/// Rounds `value` to one decimal for display, e.g. 11/3 → "3.7", 4 → "4.0", -0.25 → "-0.3".
///
/// Rounding is half away from zero on `value × 10` (so a mean of 3.65 shows "3.7", as computed by hand).
/// The decimal point is always "." with no grouping separators (the en_US_POSIX format), whatever the
/// user's locale. A result that rounds to zero is shown "0.0" (never "-0.0"). Non-finite values give "—".
public func formatOneDecimal(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    let scaled = (value * 10).rounded(.toNearestOrAwayFromZero)
    guard abs(scaled) < 1e15 else {
        return String(format: "%.1f", locale: Locale(identifier: "en_US_POSIX"), value)
    }
    let tenths = Int(scaled)
    let sign = tenths < 0 ? "-" : ""
    let magnitude = tenths.magnitude
    return "\(sign)\(magnitude / 10).\(magnitude % 10)"
}
