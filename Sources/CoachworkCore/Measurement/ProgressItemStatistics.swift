import Foundation

/// The full statistics of one progress mini-survey item (one target competency) in one round: what
/// ``ProgressItemResult`` has, plus a 95% confidence interval, the share who saw the client get worse, a net score
/// and a judgement against Goldsmith's "+1 or better".
///
/// Built by ``aggregate(_:competencyIDs:invited:rules:)`` from the same answers as
/// ``ProgressSurveyResults/aggregate(_:competencyIDs:invited:threshold:)``, with the same counting rules.
/// The round's free-text comments and suggestions are released separately, with ``CommentRelease`` (unattributed,
/// shuffled, only when enough stakeholders answered), exactly as for a 360 question.
public struct ProgressItemStatistics: Sendable, Equatable {
    /// How an item's mean change compares with +1 ("somewhat better"), the level Goldsmith's follow-up mini-surveys
    /// count as meaningful improvement ("+1 or better"; Goldsmith & Morgan 2004, "Leadership is a contact sport",
    /// strategy+business 36). Raw values are stable codes.
    public enum Benchmark: String, Sendable, Codable, CaseIterable {
        /// The whole 95% confidence interval lies above +1: lower bound > +1.
        case above
        /// Not ``above``, but the mean is at least +1.
        case reached
        /// The mean is below +1.
        case below
    }

    /// The benchmark line, in points of change on -3...+3: +1.
    public static let meaningfulImprovement = 1.0

    /// Identifier of the target competency.
    public var competencyID: String
    /// Respondents who answered this item with a value in -3...3, each counted once. Always shown.
    public var n: Int
    /// Stakeholders invited to the round (negative input treated as 0). Always shown.
    public var invited: Int
    /// n / invited, 0...1 (0 when nobody was invited, capped at 1). Always shown.
    public var responseRate: Double
    /// `true` when n < ``AnonymityRules/ratingThreshold`` (including n == 0): every figure below is then `nil`.
    public var suppressed: Bool
    /// Mean change, Σx / n, in points on -3...+3; `nil` when suppressed.
    public var mean: Double?
    /// Sample standard deviation (n − 1 denominator), in points; `nil` when suppressed or n < 2.
    public var standardDeviation: Double?
    /// 95% confidence interval of the mean, clamped to -3...+3 (see ``ConfidenceInterval``); `nil` when
    /// suppressed or n < 2.
    public var confidenceInterval: ConfidenceInterval?
    /// Answers per value -3...3, every key present (zeros included), summing to n; `nil` when suppressed.
    public var distribution: [Int: Int]?
    /// Share of answers > 0 (saw improvement), 0...1; `nil` when suppressed.
    public var shareImproved: Double?
    /// Share of answers < 0 (saw the client get worse), 0...1; `nil` when suppressed. Answers of 0 count in neither.
    public var shareDeclined: Double?
    /// ``shareImproved`` − ``shareDeclined``, in −1...1, computed as (improved − declined) / n in one division;
    /// `nil` when suppressed. E.g. +2, 0, 0, −1 → (1 − 1) / 4 = 0.
    public var netScore: Double?
    /// The mean judged against ``meaningfulImprovement``; `nil` when suppressed. See ``judge(mean:interval:)``.
    public var benchmark: Benchmark?
    /// Respondents who answered "can't say" (never in n or any figure above); `nil` when withheld because the
    /// item's respondents (n + can't say) are fewer than ``AnonymityRules/ratingThreshold``. Shown even when the
    /// figures are suppressed (n < threshold) as long as the respondents reach the threshold.
    public var cantSay: Int?

    /// Creates statistics as given (no rules applied).
    public init(competencyID: String, n: Int, invited: Int, responseRate: Double, suppressed: Bool, mean: Double?,
                standardDeviation: Double?, confidenceInterval: ConfidenceInterval?, distribution: [Int: Int]?,
                shareImproved: Double?, shareDeclined: Double?, netScore: Double?, benchmark: Benchmark?,
                cantSay: Int? = nil) {
        self.competencyID = competencyID
        self.n = n
        self.invited = invited
        self.responseRate = responseRate
        self.suppressed = suppressed
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.confidenceInterval = confidenceInterval
        self.distribution = distribution
        self.shareImproved = shareImproved
        self.shareDeclined = shareDeclined
        self.netScore = netScore
        self.benchmark = benchmark
        self.cantSay = cantSay
    }

    /// Aggregates one round's answers per target competency, with the full statistics.
    ///
    /// - Counting and n, invited, response rate, mean, standard deviation, distribution, share improved: exactly
    ///   ``ProgressSurveyResults/aggregate(_:competencyIDs:invited:threshold:)`` with
    ///   `threshold: rules.ratingThreshold` (each respondent once, last in-range answer wins).
    /// - Added: ``confidenceInterval`` (``ConfidenceInterval/init(mean:standardDeviation:n:scale:)``),
    ///   ``shareDeclined``, ``netScore`` and ``benchmark``.
    /// - Threshold: n < ``AnonymityRules/ratingThreshold`` suppresses everything but n, invited and response rate.
    ///
    /// - Returns: one value per entry of `competencyIDs`, in that order. Never throws.
    public static func aggregate(_ answers: [ProgressAnswer], competencyIDs: [String], invited: Int,
                                 rules: AnonymityRules = AnonymityRules()) -> [ProgressItemStatistics] {
        ProgressSurveyResults.aggregate(answers, competencyIDs: competencyIDs, invited: invited,
                                        threshold: rules.ratingThreshold)
            .map { ProgressItemStatistics(result: $0) }
    }

    /// Judges a shown item against +1: ``Benchmark/above`` when the interval's lower bound > +1, else
    /// ``Benchmark/reached`` when mean ≥ +1, else ``Benchmark/below``. Without an interval (n = 1 under a threshold
    /// of 1) only ``Benchmark/reached`` or ``Benchmark/below`` can result.
    ///
    /// Note: identical answers give a zero-width interval, so three stakeholders all answering +2 are ``above``.
    public static func judge(mean: Double, interval: ConfidenceInterval?) -> Benchmark {
        if let interval, interval.lower > meaningfulImprovement { return .above }
        return mean >= meaningfulImprovement ? .reached : .below
    }

    /// Extends a result of ``ProgressSurveyResults/aggregate(_:competencyIDs:invited:threshold:)``; the threshold
    /// was applied there. A result without mean or distribution is treated as suppressed.
    init(result: ProgressItemResult) {
        self.init(competencyID: result.competencyID, n: result.n, invited: result.invited,
                  responseRate: result.responseRate, suppressed: true, mean: nil, standardDeviation: nil,
                  confidenceInterval: nil, distribution: nil, shareImproved: nil, shareDeclined: nil,
                  netScore: nil, benchmark: nil, cantSay: result.cantSay)
        guard !result.suppressed, result.n > 0, let mean = result.mean, let distribution = result.distribution else {
            return
        }
        let improved = distribution.filter { $0.key > 0 }.reduce(0) { $0 + $1.value }
        let declined = distribution.filter { $0.key < 0 }.reduce(0) { $0 + $1.value }
        let interval = result.standardDeviation.flatMap {
            ConfidenceInterval(mean: mean, standardDeviation: $0, n: result.n)
        }
        suppressed = false
        self.mean = mean
        standardDeviation = result.standardDeviation
        confidenceInterval = interval
        self.distribution = distribution
        shareImproved = result.shareImproved
        shareDeclined = Double(declined) / Double(result.n)
        netScore = Double(improved - declined) / Double(result.n)
        benchmark = Self.judge(mean: mean, interval: interval)
    }
}
