import Foundation

/// The anonymity rules a 360-degree assessment's results are computed under (DOMAIN.md, the confidentiality
/// promise: only aggregates of a rater group with at least the threshold of respondents are shown; comments
/// unattributed and shuffled).
///
/// The values are normalised once, at construction (including decoding), so every reader sees rules that hold:
/// - ``ratingThreshold`` is at least 1 (a threshold of 0 would show a group of nobody as if it were anonymous).
/// - ``commentThreshold`` is at least ``ratingThreshold``. A comment is a rater's own words, more identifying than
///   a score, so a practice may ask for more comments than ratings before showing them, never fewer: a lower value
///   is raised to ``ratingThreshold``.
///
/// The properties are constants so no later assignment can bypass that normalisation; make a new value instead.
public struct AnonymityRules: Sendable, Equatable, Codable {
    /// Smallest number of raters with a 1...5 score a rater group needs for its figures to be shown. Default 3,
    /// the usual practice in 360-degree feedback (DOMAIN.md). Always >= 1.
    public let ratingThreshold: Int
    /// Smallest number of non-empty comments to one question needed to show any of them. Default 3.
    /// Always >= ``ratingThreshold``.
    public let commentThreshold: Int
    /// Whether the manager's ratings get a column of their own. `false` (the default): the manager group has no
    /// column; its raters still count in "others" and, for the differencing guard, as a hidden group (see
    /// ``AssessmentResults/aggregate(_:competencies:rules:)``). `true`: the manager is an ordinary group column,
    /// shown only at or above ``ratingThreshold`` like any other.
    public let showManagerSeparately: Bool

    /// Creates rules, normalised: `ratingThreshold` below 1 becomes 1; `commentThreshold` below the (normalised)
    /// rating threshold becomes that threshold.
    public init(ratingThreshold: Int = 3, commentThreshold: Int = 3, showManagerSeparately: Bool = false) {
        let ratingThreshold = max(ratingThreshold, 1)
        self.ratingThreshold = ratingThreshold
        self.commentThreshold = max(commentThreshold, ratingThreshold)
        self.showManagerSeparately = showManagerSeparately
    }

    private enum CodingKeys: String, CodingKey {
        case ratingThreshold, commentThreshold, showManagerSeparately
    }

    /// Decodes rules through ``init(ratingThreshold:commentThreshold:showManagerSeparately:)``, so stored values
    /// are normalised the same way; a missing key takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ratingThreshold: try container.decodeIfPresent(Int.self, forKey: .ratingThreshold) ?? 3,
            commentThreshold: try container.decodeIfPresent(Int.self, forKey: .commentThreshold) ?? 3,
            showManagerSeparately: try container.decodeIfPresent(Bool.self, forKey: .showManagerSeparately) ?? false)
    }
}
