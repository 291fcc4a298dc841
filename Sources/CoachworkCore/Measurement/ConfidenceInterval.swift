import Foundation

/// A two-sided 95% confidence interval for the mean of n answers, in the units of the answers (for a progress
/// mini-survey: points of change on ``ProgressScale/range``, -3...+3).
///
/// Formula (Student's t interval; Student 1908, "The probable error of a mean", Biometrika 6(1):1–25):
///
///     mean ± t(0.975, n − 1) · s / √n
///
/// where s is the sample standard deviation, √(Σ(x − mean)² / (n − 1)). The critical values t(0.975, df) come
/// from ``tCritical(degreesOfFreedom:)``. An interval needs at least two answers (with one there is no s).
///
/// Clamping: the interval is cut to the answer scale, so ``lower`` ≥ −3 and ``upper`` ≤ +3 for the mini-survey
/// (a mean change outside the scale is impossible, and a bar drawn past the axis would mislead).
/// ``marginOfError`` keeps the unclamped half-width and ``isClamped`` says whether a bound was cut, so the
/// interval is then no longer symmetric around ``mean``. With identical answers (s = 0) the interval is the
/// point [mean, mean]: the t interval assumes roughly normal answers and says nothing more for so few.
public struct ConfidenceInterval: Sendable, Equatable {
    /// Confidence level of every interval of this type: 0.95 (two-sided, so the t quantile is at 0.975).
    public static let level = 0.95

    /// Number of answers the interval is built from, ≥ 2.
    public var n: Int
    /// The sample mean, Σx / n, in answer units.
    public var mean: Double
    /// Lower bound, in answer units: max(mean − ``marginOfError``, lowest scale value).
    public var lower: Double
    /// Upper bound, in answer units: min(mean + ``marginOfError``, highest scale value).
    public var upper: Double
    /// Unclamped half-width t(0.975, n − 1) · s / √n, in answer units, ≥ 0.
    public var marginOfError: Double
    /// The critical value t(0.975, n − 1) used (dimensionless), e.g. 3.182 for n = 4.
    public var tCritical: Double
    /// `true` when a bound was cut to the scale (see the type's documentation).
    public var isClamped: Bool

    /// Creates the interval from summary figures.
    ///
    /// - Parameters:
    ///   - mean: the sample mean, in answer units.
    ///   - standardDeviation: the sample standard deviation (n − 1 denominator), ≥ 0, in answer units.
    ///   - n: the number of answers.
    ///   - scale: the answer scale the bounds are clamped to; defaults to ``ProgressScale/range`` (-3...3).
    /// - Returns: `nil` when n < 2, or when `mean` or `standardDeviation` is not finite or the deviation is negative.
    public init?(mean: Double, standardDeviation: Double, n: Int, scale: ClosedRange<Int> = ProgressScale.range) {
        guard n >= 2, mean.isFinite, standardDeviation.isFinite, standardDeviation >= 0,
              let t = Self.tCritical(degreesOfFreedom: n - 1) else { return nil }
        let margin = t * standardDeviation / Double(n).squareRoot()
        let low = Double(scale.lowerBound), high = Double(scale.upperBound)
        self.n = n
        self.mean = mean
        self.marginOfError = margin
        self.tCritical = t
        self.lower = min(max(mean - margin, low), high)
        self.upper = max(min(mean + margin, high), low)
        self.isClamped = mean - margin < low || mean + margin > high
    }

    /// Creates the interval from the answers themselves, e.g. [1, 2, 2, 3]: mean 2, s = √(2/3) ≈ 0.8165,
    /// t(0.975, 3) = 3.182, margin 3.182 · 0.8165 / 2 ≈ 1.299, so [0.701, 3.299] clamped to [0.701, 3].
    ///
    /// Mean and variance come from integer sums, as in
    /// ``ProgressSurveyResults/aggregate(_:competencyIDs:invited:threshold:)``: variance = (nΣx² − (Σx)²) / (n(n − 1)), exact until the final division. No answer is filtered here.
    ///
    /// - Returns: `nil` when fewer than two answers are given.
    public init?(answers: [Int], scale: ClosedRange<Int> = ProgressScale.range) {
        let n = answers.count
        guard n >= 2 else { return nil }
        let sum = answers.reduce(0, +)
        let sumOfSquares = answers.reduce(0) { $0 + $1 * $1 }
        let variance = Double(n * sumOfSquares - sum * sum) / Double(n * (n - 1))
        self.init(mean: Double(sum) / Double(n), standardDeviation: variance.squareRoot(), n: n, scale: scale)
    }

    /// Two-sided 95% critical values of Student's t for df = 1...30, index df − 1.
    ///
    /// Values as printed in the NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2, "Critical
    /// values of the Student's t distribution" (column 0.975, i.e. α = 0.05 two-sided), to three decimals.
    static let exactTable: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]

    /// Table points beyond df 30 (same source), as (df, t); df = `nil` stands for ∞ (the normal quantile 1.960).
    static let sparseTable: [(df: Int?, t: Double)] = [
        (30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980), (nil, 1.960),
    ]

    /// The critical value t(0.975, df) of Student's t distribution (dimensionless): the two-sided 95% quantile.
    ///
    /// - df 1...30: the exact table value (``exactTable``), e.g. df 3 → 3.182.
    /// - df > 30: linear interpolation in 1/df between the surrounding table points 30, 40, 60, 120 and ∞
    ///   (1/∞ = 0), the usual way to read a t table between its rows: with neighbours (a, tₐ) and (b, t_b),
    ///   t = t_b + (tₐ − t_b) · (1/df − 1/b) / (1/a − 1/b). E.g. df 35 → 2.042 − 0.021 · 4/7 = 2.030 (exact
    ///   2.0301); df 200 → 1.960 + 0.020 · (1/200) / (1/120) = 1.972 (exact 1.9719).
    ///
    /// - Returns: `nil` when df < 1.
    public static func tCritical(degreesOfFreedom df: Int) -> Double? {
        guard df >= 1 else { return nil }
        if df <= exactTable.count { return exactTable[df - 1] }
        let x = 1 / Double(df)
        for (a, b) in zip(sparseTable, sparseTable.dropFirst()) {
            guard let aDF = a.df, df >= aDF else { continue }
            if let bDF = b.df, df > bDF { continue }
            if let bDF = b.df, df == bDF { return b.t }
            let xa = 1 / Double(aDF), xb = b.df.map { 1 / Double($0) } ?? 0
            return b.t + (a.t - b.t) * (x - xb) / (xa - xb)
        }
        return sparseTable[sparseTable.count - 1].t   // not reached: the last segment ends at ∞
    }
}
