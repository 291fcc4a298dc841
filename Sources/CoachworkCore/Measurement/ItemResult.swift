import Foundation

/// How the raters of one shown cell answered one item: how many gave each score, and how many said "can't say".
public struct ScoreDistribution: Sendable, Equatable {
    /// Raters per score, every key of ``RatingScale/range`` (1...5) present, zeros included. The values sum to the
    /// cell's ``GroupScore/n``.
    public var counts: [Int: Int]
    /// Raters of the cell whose last answer was "can't say". `nil` when withheld: only in the `"others"` cell, when
    /// subtracting the shown groups' counts from it would give the answers of fewer than the threshold of raters
    /// (see ``AssessmentResults/aggregate(_:competencies:rules:)``). Out-of-range scores count nowhere.
    public var cantSay: Int?

    /// Creates a distribution as given (no rules applied).
    public init(counts: [Int: Int], cantSay: Int?) {
        self.counts = counts
        self.cantSay = cantSay
    }
}

/// The 360 results for one behaviour item of a competency.
///
/// The cells follow the same rules as the competency's: see ``AssessmentResults/aggregate(_:competencies:rules:)``.
public struct ItemResult: Sendable, Equatable {
    /// Identifier of the item (``Rating/itemID``).
    public var itemID: String
    /// The client's own rating of the item (shown labelled, never suppressed); `nil` if none, "can't say" or out of
    /// range.
    public var selfScore: Int?
    /// One cell per group column of the competency result (same columns, same order), then `"others"` last.
    public var groups: [GroupScore]
    /// All non-self raters combined (group `"others"`), the manager included even when it has no column.
    public var others: GroupScore
    /// Score distribution per shown cell, keyed by ``GroupScore/group`` (`"others"` or a ``RaterGroup`` raw value).
    /// A cell has an entry only when it is not suppressed and n > 0, so no distribution, "can't say" count
    /// included, describes a group below the threshold. Self has none.
    public var distributions: [String: ScoreDistribution]

    /// Creates a result as given (no rules applied).
    public init(itemID: String, selfScore: Int?, groups: [GroupScore], others: GroupScore,
                distributions: [String: ScoreDistribution]) {
        self.itemID = itemID
        self.selfScore = selfScore
        self.groups = groups
        self.others = others
        self.distributions = distributions
    }
}
