import Foundation

/// Self versus others for one competency of a 360-degree assessment.
public struct CompetencyGap: Sendable, Equatable {
    /// The competency.
    public var competencyID: String
    /// The client's self-rating on the 1-5 scale (``CompetencyResult/selfMean``: the mean of their
    /// scored items, or their one rating), nil when absent or "can't say".
    public var selfScore: Double?
    /// Mean of all other raters (1-5), nil when suppressed by the anonymity rules.
    public var othersMean: Double?
    /// `selfScore - othersMean` in scale points; positive: the client rates themself higher.
    /// Nil unless both are shown.
    public var gap: Double? {
        guard let selfScore, let othersMean else { return nil }
        return selfScore - othersMean
    }
}

/// The gap report of a 360-degree assessment: self versus others, ranked, with blind spots
/// (self high, others low) and hidden strengths (others high, self low), and the highest and
/// lowest rated competencies by others.
///
/// The terms follow the Johari window as used in 360-degree feedback practice (Luft &
/// Ingham 1955; London & Smither 1995, "Can multi-source feedback change perceptions of goal
/// accomplishment…", Personnel Psychology 48). Only figures that the anonymity rules let
/// through (``AssessmentResults``) are used, so the report never reveals more than the table.
public struct GapAnalysis: Sendable, Equatable {
    /// Every competency with both figures shown, largest positive gap first (ties by id order given).
    public var ranked: [CompetencyGap]
    /// Gap >= margin: the client sees a strength others do not.
    public var blindSpots: [CompetencyGap]
    /// Gap <= -margin: others see a strength the client underrates.
    public var hiddenStrengths: [CompetencyGap]
    /// Up to `count` competencies with the highest others' mean (shown ones only).
    public var highest: [CompetencyGap]
    /// Up to `count` competencies with the lowest others' mean (shown ones only).
    public var lowest: [CompetencyGap]
}

/// Builds ``GapAnalysis`` from aggregated results.
public enum GapReport {
    /// - Parameters:
    ///   - results: output of ``AssessmentResults/aggregate(_:competencyIDs:threshold:)``.
    ///   - margin: scale points of difference that make a blind spot or hidden strength
    ///     (default 0.5 on the 1-5 scale, a common practitioner cut-off).
    ///   - count: how many highest and lowest competencies to list (default 3).
    public static func analyse(_ results: [CompetencyResult], margin: Double = 0.5, count: Int = 3) -> GapAnalysis {
        let all = results.map { r in
            CompetencyGap(competencyID: r.competencyID, selfScore: r.selfMean,
                          othersMean: r.others.suppressed ? nil : r.others.mean)
        }
        let order = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.competencyID, $0) })
        let withGap = all.filter { $0.gap != nil }
        let ranked = withGap.sorted { ($0.gap!, order[$1.competencyID]!) > ($1.gap!, order[$0.competencyID]!) }
        let shown = all.filter { $0.othersMean != nil }
        let byOthers = shown.sorted { ($0.othersMean!, order[$1.competencyID]!) > ($1.othersMean!, order[$0.competencyID]!) }
        return GapAnalysis(
            ranked: ranked,
            blindSpots: ranked.filter { $0.gap! >= margin },
            hiddenStrengths: ranked.filter { $0.gap! <= -margin }.reversed(),
            highest: Array(byOthers.prefix(max(count, 0))),
            lowest: Array(byOthers.reversed().prefix(max(count, 0))))
    }
}
