import Foundation
import Plot
import CoachworkCore

/// The trend of mini-survey results across rounds as a server-rendered SVG line chart (one line per
/// target competency, each with its own dash pattern so it reads in black and white), with 95%
/// intervals as whiskers. Where the set of respondents changed between two rounds the segment is
/// drawn dotted and marked; where comparing would expose who joined or left it is not drawn at all.
enum TrendChart {
    /// One line: a name and the points of ``ProgressTrend/Item``.
    struct Line { var name: String; var item: ProgressTrend.Item }

    static let dashes = ["", "6 3", "2 3", "10 3 2 3"]

    static func render(title: String, lines: [Line]) -> Node<HTML.BodyContext> {
        let rounds = Array(Set(lines.flatMap { $0.item.points.map(\.round) })).sorted()
        guard rounds.count >= 1 else { return .empty }
        let left = 48.0, width = 520.0, top = 12.0, height = 220.0
        let x: (Int) -> Double = { round in
            let index = Double(rounds.firstIndex(of: round) ?? 0)
            return rounds.count == 1 ? left + width / 2 : left + index * width / Double(rounds.count - 1)
        }
        let y: (Double) -> Double = { top + (3 - max(-3, min(3, $0))) / 6 * height }
        var parts = SVGText()
        for tick in -3...3 {
            let ty = y(Double(tick))
            parts.tag("<line class=\"grid\" x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(left + width)\" y2=\"\(ty)\"></line>")
            parts.tag("<text x=\"\(left - 30)\" y=\"\(ty + 4)\">\(tick > 0 ? "+" : "")\(tick)</text>")
        }
        for round in rounds { parts.tag("<text x=\"\(x(round) - 20)\" y=\"\(top + height + 18)\">Round \(round)</text>") }
        var described: [String] = []
        for (index, line) in lines.enumerated() {
            let dash = dashes[index % dashes.count]
            let shown = line.item.points.filter { !$0.suppressed && $0.mean != nil }
            for step in line.item.steps {
                guard step.comparable, let a = shown.first(where: { $0.round == step.fromRound }),
                      let b = shown.first(where: { $0.round == step.toRound }) else { continue }
                let style = step.raterSetChanged ? "stroke-dasharray=\"1 3\"" : (dash.isEmpty ? "" : "stroke-dasharray=\"\(dash)\"")
                parts.tag("<line class=\"trend\" \(style) x1=\"\(x(a.round))\" y1=\"\(y(a.mean!))\" x2=\"\(x(b.round))\" y2=\"\(y(b.mean!))\"></line>")
            }
            for point in shown {
                if let ci = point.confidenceInterval {
                    parts.tag("<line class=\"whisker\" x1=\"\(x(point.round))\" y1=\"\(y(ci.lower))\" x2=\"\(x(point.round))\" y2=\"\(y(ci.upper))\"></line>")
                }
                parts.tag("<circle class=\"point\" cx=\"\(x(point.round))\" cy=\"\(y(point.mean!))\" r=\"4\"></circle>")
                parts.tag("<text x=\"\(x(point.round) + 6)\" y=\"\(y(point.mean!) - 6)\">\(formatOneDecimal(point.mean!))</text>")
            }
            let legendY = top + height + 40 + Double(index) * 18
            parts.tag("<line class=\"trend\" \(dash.isEmpty ? "" : "stroke-dasharray=\"\(dash)\"") x1=\"\(left)\" y1=\"\(legendY - 4)\" x2=\"\(left + 40)\" y2=\"\(legendY - 4)\"></line>")
            parts.tag("<text x=\"\(left + 48)\" y=\"\(legendY)\">"); parts.text(String(line.name.prefix(60))); parts.tag("</text>")
            described.append("\(line.name): " + line.item.points.map { "round \($0.round) \($0.mean.map(formatOneDecimal) ?? "not shown")" }.joined(separator: ", "))
        }
        let total = top + height + 48 + Double(lines.count) * 18
        var svg = SVGText()
        svg.tag("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(left + width + 40) \(total)\" width=\"100%\"><title>")
        svg.text(title)
        svg.tag("</title><desc>")
        svg.text(described.joined(separator: "; "))
        svg.tag("</desc>" + parts.markup + "</svg>")
        return .element(named: "figure", nodes: [.svg(svg), .element(named: "figcaption", nodes: [
            .text("\(title). Whiskers: 95% confidence intervals. A dotted segment: the stakeholders answering changed between the two rounds; no segment: the change is not shown because it could expose who joined or left."),
        ])])
    }

    /// The steps between rounds as a table: the change in mean, or why it is not shown.
    static func steps(_ lines: [Line]) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = lines.flatMap { line in
            line.item.steps.map { step in
                [.text(line.name), .text("Round \(step.fromRound) → \(step.toRound)"),
                 .text(step.raterSetChanged ? "changed" : "same"),
                 Table.num(step.delta.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) }
                           ?? (step.comparable ? "—" : "not shown (could expose who joined or left)"))]
            }
        }
        return Table.render(caption: "Change between rounds", headers: ["Target competency", "Rounds", "Respondents", "Change in mean"],
                            rows: rows, empty: "One round so far.", numericColumns: [3])
    }
}
