import Foundation

/// One aggregate cell of 360 results: a rater group's respondents and mean for one competency.
public struct GroupScore: Sendable, Equatable {
    /// The ``RaterGroup`` raw value (e.g. `"peer"`), or `"others"` for all non-self raters combined.
    public var group: String
    /// Raters in the group with a 1...5 score for this competency ("can't say" and out-of-range scores excluded).
    public var n: Int
    /// Arithmetic mean of the scores, computed exactly as (integer sum) / n; `nil` when suppressed or n == 0.
    public var mean: Double?
    /// `true` when 0 < n < threshold, or when the differencing guard hides the group
    /// (see ``AssessmentResults/aggregate(_:competencyIDs:threshold:)``). A group with n == 0 is not suppressed
    /// (there is nothing to hide). Self is never suppressed.
    public var suppressed: Bool

    /// Creates a cell as given (no rules applied).
    public init(group: String, n: Int, mean: Double?, suppressed: Bool) {
        self.group = group
        self.n = n
        self.mean = mean
        self.suppressed = suppressed
    }
}

/// The 360 results for one competency.
public struct CompetencyResult: Sendable, Equatable {
    /// Identifier of the competency.
    public var competencyID: String
    /// The client's own rating (shown labelled, never suppressed); `nil` if none, "can't say" or out of range.
    /// Itemised results (``AssessmentResults/aggregate(_:competencies:rules:)`` with items) leave it `nil`: the
    /// self score is then a mean of items, in ``selfMean``.
    ///
    /// Assigning `nil` clears every self figure (``selfMean`` and each item's ``ItemResult/selfScore``), so
    /// hiding the self-rating from a reader with `result.selfScore = nil` also covers itemised results.
    public var selfScore: Int? {
        didSet {
            guard selfScore == nil else { return }
            selfMean = nil
            for index in items.indices { items[index].selfScore = nil }
        }
    }
    /// The client's own competency score on the 1...5 scale: the mean of their scored items, or ``selfScore``
    /// as a `Double` for a competency rated as a whole; `nil` if none. Never suppressed.
    public var selfMean: Double?
    /// One cell per non-self group present in the ratings, in ``RaterGroup`` order, then the `"others"` cell
    /// (equal to ``others``) last.
    public var groups: [GroupScore]
    /// All non-self raters combined (group `"others"`); suppressed when 0 < n < threshold.
    public var others: GroupScore
    /// Per-item results in the order asked; empty for a competency rated as a whole.
    public var items: [ItemResult]

    /// Creates a result as given (no rules applied). `selfMean` defaults to `selfScore` as a `Double`.
    public init(competencyID: String, selfScore: Int?, groups: [GroupScore], others: GroupScore,
                selfMean: Double? = nil, items: [ItemResult] = []) {
        self.competencyID = competencyID
        self.selfScore = selfScore
        self.selfMean = selfMean ?? selfScore.map(Double.init)
        self.groups = groups
        self.others = others
        self.items = items
    }
}

/// 360-degree assessment aggregation with the anonymity threshold and a differencing guard (DOMAIN.md, "Measurement"
/// and the confidentiality promise: individual ratings are never shown, and no combination of figures may reveal
/// a group below the threshold).
public enum AssessmentResults {
    /// The group code of the combined non-self cell.
    public static let othersGroup = "others"

    /// Aggregates ratings per competency and rater group.
    ///
    /// - Counting: each rater counts once per competency (their last rating in input order wins). Scores outside
    ///   ``RatingScale/range`` are ignored defensively, like "can't say": they never count towards n.
    ///   For self, the last self rating of the competency gives ``CompetencyResult/selfScore``.
    /// - Mean: arithmetic mean, (sum of integer scores) / n, e.g. 3, 4, 4 → 11/3 = 3.666…
    /// - Threshold: a non-self group or "others" with 0 < n < `threshold` is suppressed (mean `nil`, n still shown).
    ///   Values below 1 are treated as 1. Self is shown regardless.
    /// - Differencing guard: when "others" is shown, the suppressed groups' combined n must be 0 or at least
    ///   `threshold`, and so must the hidden groups' combined respondents (suppressed groups and groups whose
    ///   respondents all said "can't say"; "can't say" counts as an answer); otherwise the visible group with the
    ///   smallest n > 0 (earliest in ``RaterGroup`` order on ties) is suppressed too, repeatedly, until both hold. Subtracting any set of visible groups from "others"
    ///   then leaves either nobody or at least `threshold` raters, so no group below the threshold can be isolated.
    ///   (If "others" is suppressed, every group is below the threshold and suppressed, so nothing is visible.)
    /// - Columns: a non-self group is present when it rated any of `competencyIDs` (including "can't say"),
    ///   so every result has the same columns; absent groups are omitted.
    ///
    /// The guard protects one snapshot. Showing results while responses still arrive would let a viewer
    /// difference two snapshots (before and after one late response), so callers show them once the assessment closes.
    ///
    /// - Returns: one result per entry of `competencyIDs`, in that order. Ratings for other competencies are ignored.
    ///   Never throws.
    public static func aggregate(_ ratings: [Rating], competencyIDs: [String], threshold: Int = 3) -> [CompetencyResult] {
        let threshold = max(threshold, 1)
        let wanted = Set(competencyIDs)
        var latest: [String: [String: Rating]] = [:]   // competencyID -> raterID -> last non-self rating
        var selfScores: [String: Int?] = [:]           // competencyID -> last self score
        var present = Set<RaterGroup>()
        for rating in ratings where wanted.contains(rating.competencyID) {
            let score = rating.score.flatMap { RatingScale.range.contains($0) ? $0 : nil }
            if rating.group == .self_ {
                selfScores[rating.competencyID] = .some(score)
            } else {
                latest[rating.competencyID, default: [:]][rating.raterID] = rating
            }
        }
        for byRater in latest.values { for rating in byRater.values { present.insert(rating.group) } }
        let columns = RaterGroup.allCases.filter { $0 != .self_ && present.contains($0) }

        return competencyIDs.map { competencyID in
            var tallies: [RaterGroup: (n: Int, sum: Int)] = [:]
            var respondents: [String: Int] = [:]
            for rating in (latest[competencyID] ?? [:]).values {
                respondents[rating.group.rawValue, default: 0] += 1
                guard let score = rating.score, RatingScale.range.contains(score) else { continue }
                tallies[rating.group, default: (0, 0)].n += 1
                tallies[rating.group, default: (0, 0)].sum += score
            }
            let totalN = tallies.values.reduce(0) { $0 + $1.n }
            let totalSum = tallies.values.reduce(0) { $0 + $1.sum }
            let others = cell(othersGroup, n: totalN, sum: totalSum, threshold: threshold)
            var cells = columns.map { group in
                let tally = tallies[group] ?? (0, 0)
                return cell(group.rawValue, n: tally.n, sum: tally.sum, threshold: threshold)
            }
            if !others.suppressed && others.n > 0 {
                guardAgainstDifferencing(&cells, respondents: respondents, threshold: threshold)
            }
            return CompetencyResult(
                competencyID: competencyID,
                selfScore: selfScores[competencyID] ?? nil,
                groups: cells + [others],
                others: others
            )
        }
    }

    /// A cell with the threshold rule applied: suppressed when 0 < n < threshold; mean = sum / n otherwise.
    static func cell(_ group: String, n: Int, sum: Int, threshold: Int) -> GroupScore {
        let suppressed = n > 0 && n < threshold
        let mean: Double? = (suppressed || n == 0) ? nil : Double(sum) / Double(n)
        return GroupScore(group: group, n: n, mean: mean, suppressed: suppressed)
    }

    /// Suppresses the smallest visible groups until the hidden groups' combined n *and* their combined respondents
    /// are each 0 or >= threshold.
    ///
    /// A group is hidden when suppressed or when none of its respondents gave a score (n == 0). Its respondents are
    /// `respondents[group]` (raters who answered, "can't say" included; at least its n): a "can't say" is an answer
    /// too, so a single direct report who said "can't say" is a group of one that "others" minus the shown groups
    /// (their n, their distributions, the number who answered) would single out, exactly like a single score. The
    /// scored n is checked as well: three hidden respondents of whom one scored would still give away that score.
    static func guardAgainstDifferencing(_ cells: inout [GroupScore], respondents: [String: Int] = [:], threshold: Int) {
        func answered(_ cell: GroupScore) -> Int { max(respondents[cell.group] ?? 0, cell.n) }
        func isolates(_ count: Int) -> Bool { count > 0 && count < threshold }
        let hiddenCells = cells.filter { $0.suppressed || $0.n == 0 }
        var hiddenN = hiddenCells.reduce(0) { $0 + $1.n }
        var hidden = hiddenCells.reduce(0) { $0 + answered($1) }
        while isolates(hiddenN) || isolates(hidden) {
            let candidates = cells.indices.filter { !cells[$0].suppressed && cells[$0].n > 0 }
            guard let smallest = candidates.min(by: { (cells[$0].n, answered(cells[$0])) < (cells[$1].n, answered(cells[$1])) }) else { break }
            cells[smallest].suppressed = true
            cells[smallest].mean = nil
            hiddenN += cells[smallest].n
            hidden += answered(cells[smallest])
        }
    }
}
