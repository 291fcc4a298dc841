import Foundation

/// How the change stakeholders saw relates to how often the client followed up with them (the "follow-up factor",
/// Goldsmith & Morgan 2004), within one engagement, all mini-survey rounds pooled.
///
/// Built by ``analyse(answers:rules:)``. Every mean is in points of change on -3...+3; counts are points, where a
/// point is one respondent's answer in one round.
public struct FollowUpRelation: Sendable, Equatable {
    /// The answers of one ``FollowUpFrequency`` level.
    public struct Level: Sendable, Equatable {
        /// The frequency the stakeholders reported.
        public var frequency: FollowUpFrequency
        /// Points at this level (respondent-rounds). Always shown.
        public var n: Int
        /// Distinct respondents among those points (≤ n). Always shown.
        public var respondents: Int
        /// `true` when 0 < ``respondents`` < threshold, or when the differencing guard hides the level. A level
        /// with no points is not suppressed (there is nothing to hide).
        public var suppressed: Bool
        /// Mean change of the level's points, Σchange / n; `nil` when suppressed or n == 0.
        public var meanChange: Double?

        /// Creates a level as given (no rules applied).
        public init(frequency: FollowUpFrequency, n: Int, respondents: Int, suppressed: Bool, meanChange: Double?) {
            self.frequency = frequency
            self.n = n
            self.respondents = respondents
            self.suppressed = suppressed
            self.meanChange = meanChange
        }
    }

    /// Fewest points Spearman's ρ is computed from, whatever the threshold: 5 (with fewer, ρ is too unstable to
    /// read, and ranks of three or four points are nearly a listing of the answers).
    public static let minimumPointsForCorrelation = 5

    /// One entry per ``FollowUpFrequency`` case, in scale order (never ... consistently), empty levels included.
    public var levels: [Level]
    /// All points counted. Always shown.
    public var n: Int
    /// Distinct respondents among all points. Always shown.
    public var respondents: Int
    /// Mean change of all points, Σchange / n; `nil` when 0 < ``respondents`` < threshold or n == 0.
    public var meanChange: Double?
    /// Spearman's ρ between frequency (``FollowUpFrequency/rank``, 0...4) and change over all points, in −1...1
    /// (``RankCorrelation/spearman(_:_:)``: mid-ranks for ties, Pearson's r of the ranks; Spearman 1904).
    /// `nil` unless n ≥ max(threshold, ``minimumPointsForCorrelation``) and ``respondents`` ≥ threshold, or when
    /// either variable is constant.
    public var spearman: Double?

    /// Creates a relation as given (no rules applied).
    public init(levels: [Level], n: Int, respondents: Int, meanChange: Double?, spearman: Double?) {
        self.levels = levels
        self.n = n
        self.respondents = respondents
        self.meanChange = meanChange
        self.spearman = spearman
    }

    /// Relates follow-up frequency to perceived change.
    ///
    /// - Parameters:
    ///   - answers: one tuple per respondent and round (the caller passes each stakeholder's answer once per round;
    ///     points are not deduplicated, since one stakeholder rightly gives one point per round). `change` is the
    ///     answer to one item on -3...3 (call once per target competency); answers outside -3...3 are ignored.
    ///     `respondentID` is a stable stakeholder id, used to count people rather than points.
    ///   - rules: ``AnonymityRules/ratingThreshold`` is the threshold, counted in distinct respondents: one
    ///     stakeholder answering "never" in three rounds is three points but one person, and stays hidden.
    /// - Differencing guard: the total mean is shown, so the hidden levels' points could be recovered by
    ///   subtracting the shown levels from it. While the hidden levels' distinct respondents number more than 0 but
    ///   fewer than the threshold, the shown level with the fewest respondents (ties: earliest on the scale) is
    ///   hidden too. In particular, when exactly one level is below the threshold and all others are shown, the
    ///   smallest shown level is suppressed with it. This is the rule of
    ///   ``AssessmentResults/aggregate(_:competencyIDs:threshold:)``, with people counted as a union across levels.
    /// - Returns: the relation; never throws.
    public static func analyse(answers: [(respondentID: String, frequency: FollowUpFrequency, change: Int)],
                               rules: AnonymityRules) -> FollowUpRelation {
        let threshold = rules.ratingThreshold
        let points = answers.filter { ProgressScale.range.contains($0.change) }
        let everyone = Set(points.map(\.respondentID))
        var levels: [Level] = []
        var people: [Set<String>] = []
        for frequency in FollowUpFrequency.allCases {
            let atLevel = points.filter { $0.frequency == frequency }
            let who = Set(atLevel.map(\.respondentID))
            let suppressed = !who.isEmpty && who.count < threshold
            let mean = (suppressed || atLevel.isEmpty) ? nil : mean(of: atLevel.map(\.change))
            levels.append(Level(frequency: frequency, n: atLevel.count, respondents: who.count,
                                suppressed: suppressed, meanChange: mean))
            people.append(who)
        }
        let totalShown = everyone.count >= threshold
        if totalShown {
            var hidden = Set<String>()
            for index in levels.indices where levels[index].suppressed { hidden.formUnion(people[index]) }
            while !hidden.isEmpty && hidden.count < threshold {
                let visible = levels.indices.filter { !levels[$0].suppressed && levels[$0].n > 0 }
                guard let smallest = visible.min(by: { levels[$0].respondents < levels[$1].respondents }) else { break }
                levels[smallest].suppressed = true
                levels[smallest].meanChange = nil
                hidden.formUnion(people[smallest])
            }
        }
        var spearman: Double?
        if totalShown && points.count >= max(threshold, minimumPointsForCorrelation) {
            spearman = RankCorrelation.spearman(points.map { Double($0.frequency.rank) },
                                                points.map { Double($0.change) })
        }
        return FollowUpRelation(levels: levels, n: points.count, respondents: everyone.count,
                                meanChange: totalShown && !points.isEmpty ? mean(of: points.map(\.change)) : nil,
                                spearman: spearman)
    }

    /// Σvalues / count from the integer sum, exact until the division; callers pass a non-empty list.
    private static func mean(of values: [Int]) -> Double {
        Double(values.reduce(0, +)) / Double(values.count)
    }
}
