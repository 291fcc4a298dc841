import Vapor
import Plot
import CoachworkCore

/// The report's survey trend, drawn from the snapshot alone (so the printed and PDF report never
/// recompute): a chart of the means per round, the change between rounds or why it is withheld,
/// and the follow-up relation.
enum ReportTrend {
    static func render(_ r: ReportSnapshot) -> Node<HTML.BodyContext> {
        guard r.rounds.count > 1 else { return .empty }
        var competencies: [String] = []
        for name in r.rounds.flatMap({ $0.items.map(\.competency) }) where !competencies.contains(name) { competencies.append(name) }
        let lines: [TrendChart.Line] = competencies.map { name in
            let points = r.rounds.map { round -> ProgressTrend.Point in
                let item = round.items.first { $0.competency == name }
                let interval = item.flatMap { i -> ConfidenceInterval? in
                    guard let mean = i.mean, let sd = i.standardDeviation else { return nil }
                    return ConfidenceInterval(mean: mean, standardDeviation: sd, n: i.n)
                }
                return .init(round: round.number, mean: item?.mean, confidenceInterval: interval, n: item?.n ?? 0, suppressed: item?.mean == nil)
            }
            let steps = (r.steps ?? []).filter { $0.competency == name }.map {
                ProgressTrend.Step(fromRound: $0.fromRound, toRound: $0.toRound, raterSetChanged: $0.raterSetChanged,
                                   comparable: $0.delta != nil, delta: $0.delta)
            }
            return TrendChart.Line(name: name, item: .init(competencyID: name, points: points, steps: steps))
        }
        let levels = r.followUpLevels ?? []
        return .group(
            .h2(.text("Progress across rounds")),
            TrendChart.render(title: "Mean perceived change per round (-3 to +3)", lines: lines),
            r.steps == nil ? .empty : TrendChart.steps(lines),
            levels.contains { $0.n > 0 } ? Table.render(
                caption: "Follow-up and perceived improvement", headers: ["The client followed up", "Mean perceived change"],
                rows: levels.map { [.text($0.frequency), Table.num($0.meanChange.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) } ?? "not shown (too few people)")] },
                empty: "", numericColumns: [1]) : .empty,
            r.followUpCorrelation.map { .p(.class("hint"), .text("Rank correlation (Spearman) between follow-up and perceived change: \(String(format: "%.2f", $0)).")) } ?? .empty)
    }
}
