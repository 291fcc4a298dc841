import Foundation
import Plot
import CoachworkCore

/// Server-rendered horizontal bar charts (SVG, readable when printed, with a text
/// equivalent in `<title>`/`<desc>` for screen readers).
enum BarChart {
    /// One labelled row: a main bar and an optional comparison bar (e.g. self).
    struct Row { var label: String; var value: Double?; var comparison: Double? }

    /// Draws `rows` on `scale`. Missing values (suppressed) are written as "not shown".
    /// - Parameters: `valueName`/`comparisonName` name the two bars in the legend.
    static func render(title: String, rows: [Row], scale: ClosedRange<Double>, valueName: String, comparisonName: String? = nil) -> Node<HTML.BodyContext> {
        let labelWidth = 220.0, barWidth = 360.0, rowHeight = comparisonName == nil ? 24.0 : 36.0
        let height = Double(rows.count) * rowHeight + 40
        let x: (Double) -> Double = { labelWidth + (($0 - scale.lowerBound) / (scale.upperBound - scale.lowerBound)) * barWidth }
        let zeroX = x(max(scale.lowerBound, min(0, scale.upperBound)))
        var parts = SVGText()
        for (i, row) in rows.enumerated() {
            let y = 10 + Double(i) * rowHeight
            parts.tag("<text x=\"0\" y=\"\(y + 14)\">"); parts.text(String(row.label.prefix(34))); parts.tag("</text>")
            if let value = row.value {
                let (a, b) = (min(zeroX, x(value)), max(zeroX, x(value)))
                parts.tag("<rect class=\"bar\" x=\"\(a)\" y=\"\(y + 2)\" width=\"\(max(b - a, 1))\" height=\"14\"></rect>")
                parts.tag("<text x=\"\(b + 4)\" y=\"\(y + 14)\">\(formatOneDecimal(value))</text>")
            } else {
                parts.tag("<text x=\"\(labelWidth)\" y=\"\(y + 14)\" class=\"muted\">not shown (too few answers)</text>")
            }
            if comparisonName != nil, let value = row.comparison {
                let (a, b) = (min(zeroX, x(value)), max(zeroX, x(value)))
                parts.tag("<rect class=\"bar-self\" x=\"\(a)\" y=\"\(y + 18)\" width=\"\(max(b - a, 1))\" height=\"10\"></rect>")
                parts.tag("<text x=\"\(b + 4)\" y=\"\(y + 28)\">\(formatOneDecimal(value))</text>")
            }
        }
        parts.tag("<line class=\"axis\" x1=\"\(zeroX)\" y1=\"4\" x2=\"\(zeroX)\" y2=\"\(height - 26)\"></line>")
        for tick in stride(from: scale.lowerBound, through: scale.upperBound, by: 1) {
            parts.tag("<text x=\"\(x(tick) - 4)\" y=\"\(height - 12)\">\(Int(tick))</text>")
        }
        let legend = comparisonName.map { "\(valueName) (dark) and \($0) (light)" } ?? valueName
        let desc = rows.map { "\($0.label): \($0.value.map(formatOneDecimal) ?? "not shown")\($0.comparison.map { ", \(comparisonName ?? ""): \(formatOneDecimal($0))" } ?? "")" }.joined(separator: "; ")
        var svg = SVGText()
        svg.tag("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + barWidth + 60) \(height)\" width=\"100%\"><title>")
        svg.text("\(title): \(legend)")
        svg.tag("</title><desc>")
        svg.text(desc)
        svg.tag("</desc>" + parts.markup + "</svg>")
        return .element(named: "figure", nodes: [.svg(svg), .element(named: "figcaption", nodes: [.text("\(title): \(legend).")])])
    }
}
