import Foundation

/// Spearman's rank correlation coefficient (Spearman 1904, "The proof and measurement of association between two
/// things", American Journal of Psychology 15(1):72–101).
///
/// Each variable is replaced by its ranks (1 = smallest); tied values share the average of the ranks they occupy
/// (mid-ranks). The coefficient is then Pearson's correlation of the two rank lists:
///
///     ρ = Σ(a − ā)(b − b̄) / √(Σ(a − ā)² · Σ(b − b̄)²),   ā = b̄ = (n + 1) / 2
///
/// Without ties this equals the textbook shortcut 1 − 6Σd² / (n(n² − 1)); with ties only the Pearson form is
/// correct, so it is the one used. Dimensionless, in −1...1.
public enum RankCorrelation {
    /// Mid-ranks of `values`, 1-based, in input order. E.g. [0, 1, 1, 2] → [1, 2.5, 2.5, 4]; [] → [].
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 2) / 2   // positions start...end hold ranks start+1...end+1
            for position in start...end { ranks[order[position]] = average }
            start = end + 1
        }
        return ranks
    }

    /// Spearman's ρ of paired observations `x[i]`, `y[i]`, in −1...1.
    ///
    /// - Returns: `nil` when the lists differ in length, have fewer than 2 pairs, contain a non-finite value, or
    ///   when either variable is constant (all ranks equal: ρ is undefined, 0 / 0).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2, (x + y).allSatisfy(\.isFinite) else { return nil }
        let a = ranks(x), b = ranks(y)
        let meanRank = Double(x.count + 1) / 2
        var sumAB = 0.0, sumAA = 0.0, sumBB = 0.0
        for (ra, rb) in zip(a, b) {
            sumAB += (ra - meanRank) * (rb - meanRank)
            sumAA += (ra - meanRank) * (ra - meanRank)
            sumBB += (rb - meanRank) * (rb - meanRank)
        }
        guard sumAA > 0, sumBB > 0 else { return nil }
        return min(1, max(-1, sumAB / (sumAA * sumBB).squareRoot()))
    }
}
