import Foundation

/// A stakeholder's answer to the progress mini-survey question ``question``: how often the client followed up with
/// them about their goals, on a 5-point frequency scale.
///
/// Goldsmith & Morgan (2004), "Leadership is a contact sport: the follow-up factor in management development",
/// strategy+business 36, relate how often leaders followed up with their co-workers to how much more effective
/// those co-workers saw them become; ``FollowUpRelation`` makes that comparison within one engagement.
///
/// Raw values are the stable codes stored and sent over the API (`"never"` ... `"consistently"`); ``rank`` (0...4)
/// is the order, used for ranks and comparison (never < rarely < sometimes < often < consistently).
public enum FollowUpFrequency: String, Sendable, Codable, CaseIterable, Comparable {
    /// The client never followed up. Rank 0.
    case never
    /// Rank 1.
    case rarely
    /// Rank 2.
    case sometimes
    /// Rank 3.
    case often
    /// The client followed up every time it mattered. Rank 4.
    case consistently

    /// The question asked, in plain English.
    public static let question = "How often did the client follow up with you about their goals?"

    /// Plain English answer label: "Never", "Rarely", "Sometimes", "Often", "Consistently".
    public var title: String {
        switch self {
        case .never: "Never"
        case .rarely: "Rarely"
        case .sometimes: "Sometimes"
        case .often: "Often"
        case .consistently: "Consistently"
        }
    }

    /// Position on the 5-point scale, 0 (never) ... 4 (consistently): the value correlated with change.
    public var rank: Int {
        switch self {
        case .never: 0
        case .rarely: 1
        case .sometimes: 2
        case .often: 3
        case .consistently: 4
        }
    }

    /// Orders by ``rank``: never < rarely < sometimes < often < consistently.
    public static func < (lhs: FollowUpFrequency, rhs: FollowUpFrequency) -> Bool {
        lhs.rank < rhs.rank
    }
}
