import Foundation

extension AssessmentResults {
    /// (Σ sumᵢ / countᵢ) / n for n > 0 raters with countᵢ > 0: the fractions are added exactly over their least
    /// common denominator and divided once. Adds `Double`s instead should an integer overflow (it would take some
    /// 40 items per competency).
    static func meanOfMeans(_ raters: [(sum: Int, count: Int)]) -> Double {
        exactMeanOfMeans(raters)
            ?? raters.reduce(0.0) { $0 + Double($1.sum) / Double($1.count) } / Double(raters.count)
    }

    private static func exactMeanOfMeans(_ raters: [(sum: Int, count: Int)]) -> Double? {
        var numerator = 0, denominator = 1
        for rater in raters {
            let (lcm, o1) = (denominator / gcd(denominator, rater.count)).multipliedReportingOverflow(by: rater.count)
            guard !o1 else { return nil }
            let (scaled, o2) = numerator.multipliedReportingOverflow(by: lcm / denominator)
            let (added, o3) = rater.sum.multipliedReportingOverflow(by: lcm / rater.count)
            let (total, o4) = scaled.addingReportingOverflow(added)
            guard !(o2 || o3 || o4) else { return nil }
            (numerator, denominator) = (total, lcm)
        }
        return Double(numerator) / (Double(denominator) * Double(raters.count))
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
