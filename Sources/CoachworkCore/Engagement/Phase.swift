/// The phase an engagement is in (DOMAIN.md, "The engagement and its four phases").
///
/// The four working phases run in order; `closed` follows the achievement phase.
/// Raw values are the stable names used in the database and the API.
public enum Phase: String, Sendable, Codable, CaseIterable, Comparable {
    /// Identify the problem, agree goals: ends with an accepted coaching agreement.
    case contracting
    /// Kickoff with the executive team and stakeholder nomination.
    case awareness
    /// 360-degree assessment, interviews, target competencies and the IDP.
    case analysis
    /// Coaching sessions, progress mini-surveys, corrections, follow-up and final report.
    case achievement
    /// The engagement is finished; nothing moves on.
    case closed

    /// The phase that follows this one, or `nil` for `closed`.
    public var next: Phase? {
        switch self {
        case .contracting: .awareness
        case .awareness: .analysis
        case .analysis: .achievement
        case .achievement: .closed
        case .closed: nil
        }
    }

    /// Position in the sequence, 0 for contracting through 4 for closed.
    public var ordinal: Int { Phase.allCases.firstIndex(of: self)! }

    /// The name shown to people, e.g. "Contracting".
    public var title: String {
        switch self {
        case .contracting: "Contracting"
        case .awareness: "Awareness"
        case .analysis: "Analysis"
        case .achievement: "Achievement"
        case .closed: "Closed"
        }
    }

    /// Phases compare by their order in the engagement (contracting first, closed last).
    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.ordinal < rhs.ordinal }
}
