import Foundation

/// Progress mini-survey results of one engagement across rounds, per item (DOMAIN.md, "Measurement": trend
/// across rounds), with the rule that decides when two rounds' means may be compared.
///
/// Built by ``build(rounds:rules:)``. Means, intervals and deltas are in points of change on -3...+3.
public struct ProgressTrend: Sendable, Equatable {
    /// One closed round as input: who answered and the statistics of its items.
    public struct Round: Sendable, Equatable {
        /// The round's number within the engagement (1, 2, ...); rounds are ordered by it.
        public var number: Int
        /// Stable stakeholder ids of everyone who answered the round (not invitation ids, which change per round,
        /// so joiners and leavers could not be told apart from stayers).
        public var respondentIDs: Set<String>
        /// The round's item statistics, e.g. from ``ProgressItemStatistics/aggregate(_:competencyIDs:invited:rules:)``.
        public var items: [ProgressItemStatistics]

        /// Creates a round as given.
        public init(number: Int, respondentIDs: Set<String>, items: [ProgressItemStatistics]) {
            self.number = number
            self.respondentIDs = respondentIDs
            self.items = items
        }
    }

    /// One item in one round.
    public struct Point: Sendable, Equatable {
        /// The round's number.
        public var round: Int
        /// Mean change; `nil` when suppressed.
        public var mean: Double?
        /// 95% confidence interval of the mean (``ConfidenceInterval``); `nil` when suppressed or n < 2.
        public var confidenceInterval: ConfidenceInterval?
        /// Respondents who answered the item in the round (0 when the round did not ask it). Always shown.
        public var n: Int
        /// `true` when the item was suppressed in the round, n < threshold, or the round did not ask it.
        public var suppressed: Bool

        /// Creates a point as given (no rules applied).
        public init(round: Int, mean: Double?, confidenceInterval: ConfidenceInterval?, n: Int, suppressed: Bool) {
            self.round = round
            self.mean = mean
            self.confidenceInterval = confidenceInterval
            self.n = n
            self.suppressed = suppressed
        }
    }

    /// The step from one round to the next, for one item.
    public struct Step: Sendable, Equatable {
        /// Number of the earlier round.
        public var fromRound: Int
        /// Number of the later round.
        public var toRound: Int
        /// `true` when the two rounds' respondent sets differ (someone joined or left).
        public var raterSetChanged: Bool
        /// `true` when the two means may be compared; see ``ProgressTrend/build(rounds:rules:)``.
        public var comparable: Bool
        /// Later mean − earlier mean, in points; `nil` unless ``comparable``.
        public var delta: Double?

        /// Creates a step as given (no rules applied).
        public init(fromRound: Int, toRound: Int, raterSetChanged: Bool, comparable: Bool, delta: Double?) {
            self.fromRound = fromRound
            self.toRound = toRound
            self.raterSetChanged = raterSetChanged
            self.comparable = comparable
            self.delta = delta
        }
    }

    /// The trend of one item (target competency).
    public struct Item: Sendable, Equatable {
        /// Identifier of the target competency.
        public var competencyID: String
        /// One point per round, in round order.
        public var points: [Point]
        /// One step per consecutive pair of rounds (points.count − 1 of them), in round order.
        public var steps: [Step]

        /// Creates an item trend as given (no rules applied).
        public init(competencyID: String, points: [Point], steps: [Step]) {
            self.competencyID = competencyID
            self.points = points
            self.steps = steps
        }
    }

    /// One entry per competency, in order of first appearance (rounds in number order, items in round order).
    public var items: [Item]

    /// Creates a trend as given.
    public init(items: [Item]) {
        self.items = items
    }

    /// Builds the trend of every item across `rounds`.
    ///
    /// - Points: rounds are sorted by number (stable, so equal numbers keep input order; pass each round once).
    ///   A point is suppressed when its item was suppressed in the round or its n < ``AnonymityRules/ratingThreshold``
    ///   (re-applied here), and when the round did not ask the item (n 0).
    /// - Comparable: with t the threshold, joined = |later set − earlier set|, left = |earlier set − later set|,
    ///   a step is comparable only when
    ///   1. both points are shown,
    ///   2. joined is 0 or ≥ t, and left is 0 or ≥ t: otherwise the change between the means mixes the stayers'
    ///      change with the answers of fewer than t people, and n·mean differences could expose those joiners or
    ///      leavers (one joiner: later sum − earlier sum = that person's answer + the stayers' change), and
    ///   3. in both rounds the item's n equals the size of the round's respondent set: if some respondent skipped
    ///      the item, who joined or left this item is unknown, so the rule above cannot be checked.
    ///   A comparable step carries delta = later mean − earlier mean; otherwise delta is `nil`. The two means
    ///   themselves stay visible when shown: the rule withholds the comparison the product would present, and
    ///   each mean is protected by its own threshold.
    /// - Returns: the trend; never throws.
    public static func build(rounds: [Round], rules: AnonymityRules) -> ProgressTrend {
        let threshold = rules.ratingThreshold
        let ordered = rounds.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
            .map(\.element)
        var competencyIDs: [String] = []
        for round in ordered {
            for item in round.items where !competencyIDs.contains(item.competencyID) {
                competencyIDs.append(item.competencyID)
            }
        }
        let items = competencyIDs.map { competencyID in
            let stats = ordered.map { round in round.items.first { $0.competencyID == competencyID } }
            let points = zip(ordered, stats).map { round, item in
                point(round: round.number, item: item, threshold: threshold)
            }
            let steps = ordered.indices.dropFirst().map { later in
                step(from: (ordered[later - 1], points[later - 1]), to: (ordered[later], points[later]),
                     threshold: threshold)
            }
            return Item(competencyID: competencyID, points: points, steps: steps)
        }
        return ProgressTrend(items: items)
    }

    /// The point of an item in a round, with the threshold re-applied; a missing item is a suppressed point of n 0.
    static func point(round: Int, item: ProgressItemStatistics?, threshold: Int) -> Point {
        guard let item, !item.suppressed, item.n >= threshold, let mean = item.mean else {
            return Point(round: round, mean: nil, confidenceInterval: nil, n: item?.n ?? 0, suppressed: true)
        }
        return Point(round: round, mean: mean, confidenceInterval: item.confidenceInterval, n: item.n,
                     suppressed: false)
    }

    /// The step between two consecutive rounds' points under the comparability rule of ``build(rounds:rules:)``.
    static func step(from earlier: (round: Round, point: Point), to later: (round: Round, point: Point),
                     threshold: Int) -> Step {
        let joined = later.round.respondentIDs.subtracting(earlier.round.respondentIDs).count
        let left = earlier.round.respondentIDs.subtracting(later.round.respondentIDs).count
        let safe: (Int) -> Bool = { $0 == 0 || $0 >= threshold }
        let itemsMatchSets = earlier.point.n == earlier.round.respondentIDs.count
            && later.point.n == later.round.respondentIDs.count
        var delta: Double?
        if let a = earlier.point.mean, let b = later.point.mean, !earlier.point.suppressed, !later.point.suppressed,
           safe(joined), safe(left), itemsMatchSets {
            delta = b - a
        }
        return Step(fromRound: earlier.round.number, toRound: later.round.number,
                    raterSetChanged: earlier.round.respondentIDs != later.round.respondentIDs,
                    comparable: delta != nil, delta: delta)
    }
}
