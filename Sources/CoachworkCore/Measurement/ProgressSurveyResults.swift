import Foundation

/// One stakeholder's answer in a progress mini-survey round for one target competency:
/// "how has the client's effectiveness changed?" on ``ProgressScale/range`` (-3 much worse ... +3 much better).
public struct ProgressAnswer: Sendable, Equatable {
    /// Opaque, stable identifier of the respondent; used only to count each respondent once.
    public var respondentID: String
    /// Identifier of the target competency the item asks about.
    public var competencyID: String
    /// Perceived change, -3...3, or `nil` for "can't say / no chance to observe" (DOMAIN.md: not a change of 0; it
    /// is left out of n and every statistic and counted separately). Not validated here; out-of-range answers are
    /// ignored by the aggregation.
    public var change: Int?

    /// Creates an answer. No validation: out-of-range values are ignored later by the aggregation.
    public init(respondentID: String, competencyID: String, change: Int?) {
        self.respondentID = respondentID
        self.competencyID = competencyID
        self.change = change
    }
}

/// Results of one mini-survey item (one target competency) in one round.
public struct ProgressItemResult: Sendable, Equatable {
    /// Identifier of the target competency.
    public var competencyID: String
    /// Respondents who answered this item with a value in -3...3 (each counted once).
    public var n: Int
    /// Stakeholders invited to the round (negative input is treated as 0).
    public var invited: Int
    /// n / invited, 0...1: 0 when invited == 0, capped at 1 if more answers than invitations arrive.
    public var responseRate: Double
    /// `true` when n < threshold (including n == 0): then mean, standardDeviation, distribution and shareImproved are nil.
    public var suppressed: Bool
    /// Arithmetic mean of the answers, computed exactly as (integer sum) / n; nil when suppressed.
    public var mean: Double?
    /// Sample standard deviation, sqrt(Σ(x − mean)² / (n − 1)) (Bessel's correction); nil when n < 2 or suppressed.
    public var standardDeviation: Double?
    /// Count of answers per value -3...3, every key present (zeros included); nil when suppressed.
    public var distribution: [Int: Int]?
    /// Share of answers > 0 (saw improvement), 0...1; nil when suppressed.
    public var shareImproved: Double?
    /// Respondents whose answer to this item was "can't say" (not in n); nil when withheld: when the item's
    /// respondents, n + can't say, are fewer than the threshold (the 360's rule: a group's respondents count,
    /// scored or "can't say", and no count describes a group below the threshold).
    public var cantSay: Int?

    /// Creates a result as given (no rules applied).
    public init(competencyID: String, n: Int, invited: Int, responseRate: Double, suppressed: Bool, mean: Double?,
                standardDeviation: Double?, distribution: [Int: Int]?, shareImproved: Double?, cantSay: Int? = nil) {
        self.competencyID = competencyID
        self.n = n
        self.invited = invited
        self.responseRate = responseRate
        self.suppressed = suppressed
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.distribution = distribution
        self.shareImproved = shareImproved
        self.cantSay = cantSay
    }
}

/// Progress mini-survey aggregation for one round (Goldsmith & Morgan 2004, "Leadership is a contact sport",
/// -3..+3 mini-survey; DOMAIN.md "Measurement": n, response rate, mean, standard deviation, distribution, share > 0).
public enum ProgressSurveyResults {
    /// Aggregates one round's answers per target competency.
    ///
    /// - Counting: each respondent counts once per item (their last answer in input order wins, a "can't say"
    ///   included, as in the 360); answers outside ``ProgressScale/range`` are ignored defensively. Answers for other
    ///   competencies are ignored. n counts the respondents whose last answer is a value; "can't say" (`nil`) is
    ///   left out of n, the response rate and every statistic, and counted in ``ProgressItemResult/cantSay``.
    /// - Statistics: mean = Σx / n; sample variance = (nΣx² − (Σx)²) / (n(n − 1)), the n − 1 formula computed
    ///   from integer sums (exact until the final division), standard deviation = its square root.
    /// - Threshold: an item with n < `threshold` (values below 1 treated as 1) is suppressed. There are no rater
    ///   subgroups here, so no differencing within a round. The can't-say count is withheld (nil) when
    ///   n + can't say < `threshold`.
    ///
    /// - Returns: one result per entry of `competencyIDs`, in that order. Never throws.
    public static func aggregate(_ answers: [ProgressAnswer], competencyIDs: [String], invited: Int, threshold: Int = 3) -> [ProgressItemResult] {
        let threshold = max(threshold, 1)
        let invited = max(invited, 0)
        let wanted = Set(competencyIDs)
        var latest: [String: [String: Int?]] = [:]   // competencyID -> respondentID -> change (nil: can't say)
        for answer in answers where wanted.contains(answer.competencyID) {
            if let change = answer.change, !ProgressScale.range.contains(change) { continue }
            latest[answer.competencyID, default: [:]][answer.respondentID] = .some(answer.change)
        }
        return competencyIDs.map { competencyID in
            let last = Array((latest[competencyID] ?? [:]).values)
            let values = last.compactMap { $0 }
            let n = values.count
            let cantSayCount = last.count - n
            // The respondents of the item, scored or not, must reach the threshold for their can't-say count to show.
            let cantSay: Int? = last.count >= threshold ? cantSayCount : nil
            let rate = invited == 0 ? 0 : min(1, Double(n) / Double(invited))
            guard n >= threshold, n > 0 else {
                return ProgressItemResult(competencyID: competencyID, n: n, invited: invited, responseRate: rate,
                                          suppressed: true, mean: nil, standardDeviation: nil,
                                          distribution: nil, shareImproved: nil, cantSay: cantSay)
            }
            let sum = values.reduce(0, +)
            let sumOfSquares = values.reduce(0) { $0 + $1 * $1 }
            var distribution = Dictionary(uniqueKeysWithValues: ProgressScale.range.map { ($0, 0) })
            for value in values { distribution[value, default: 0] += 1 }
            var standardDeviation: Double?
            if n >= 2 {
                let numerator = n * sumOfSquares - sum * sum   // n²·(population variance), an integer >= 0
                standardDeviation = (Double(numerator) / Double(n * (n - 1))).squareRoot()
            }
            return ProgressItemResult(
                competencyID: competencyID, n: n, invited: invited, responseRate: rate, suppressed: false,
                mean: Double(sum) / Double(n), standardDeviation: standardDeviation,
                distribution: distribution, shareImproved: Double(values.filter { $0 > 0 }.count) / Double(n),
                cantSay: cantSay)
        }
    }
}
