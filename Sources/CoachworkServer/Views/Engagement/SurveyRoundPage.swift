import Vapor
import Plot
import CoachworkCore

/// Results of one progress mini-survey round, under the anonymity threshold.
enum SurveyRoundPage {
    static func response(_ scope: EngagementScope, round: SurveyRound, items: [ProgressItemResult], names: [String: String],
                         comments: [String: [String]], answered: Int, invited: Int) -> Response {
        guard round.closedAt != nil else {
            return scope.req.page(
                "Mini-survey round \(round.number)", breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
                .p(.text("Open until \(LocalTime.format(round.closesAt, zone: scope.actor.timeZone)). \(answered) of \(invited) stakeholders have answered.")),
                .p(.class("muted"), .text("Results appear when the round is closed, so no single late answer can be singled out.")),
                scope.role == .coach ? Form.button(action: "\(Paths.surveyRound(scope.id, round.id!))/close", csrf: scope.req.csrfToken, label: "Close the round", style: "primary") : .empty)
        }
        let rows: [[Node<HTML.BodyContext>]] = items.map { i in
            let dist = i.distribution.map { d in (-3...3).map { "\($0 > 0 ? "+" : "")\($0): \(d[$0] ?? 0)" }.joined(separator: " · ") }
            return [.text(names[i.competencyID] ?? ""), Table.num("\(i.n) of \(i.invited)"), Table.num("\(Int((i.responseRate * 100).rounded()))%"),
                    Table.num(i.mean.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) } ?? "—"),
                    Table.num(i.standardDeviation.map(formatOneDecimal) ?? "—"),
                    Table.num(i.shareImproved.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"),
                    .text(i.suppressed ? "Not shown: fewer than 3 answers" : (dist ?? ""))]
        }
        return scope.req.page(
            "Mini-survey round \(round.number)", breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Sent \(LocalTime.format(round.openedAt, zone: scope.actor.timeZone)); closed. \(answered) of \(invited) stakeholders answered.")),
            Table.render(caption: "Perceived change in effectiveness (-3 to +3)",
                         headers: ["Target competency", "Answers", "Response rate", "Mean", "Std. dev.", "Saw improvement", "Distribution"],
                         rows: rows, empty: "No items.", numericColumns: [1, 2, 3, 4, 5]),
            BarChart.render(title: "Mean perceived change", rows: items.map { .init(label: names[$0.competencyID] ?? "", value: $0.mean, comparison: nil) },
                            scale: -3...3, valueName: "mean change"),
            .h2(.text("Comments")),
            .p(.class("muted"), .text("Shown without names, in alphabetical order, once at least 3 stakeholders answered.")),
            .group(items.map { item in
                let list = comments[item.competencyID] ?? []
                return .group(.h3(.text(names[item.competencyID] ?? "")),
                              list.isEmpty ? .p(.class("muted"), .text("None shown.")) : .ul(.group(list.map { .li(.text($0)) })))
            }))
    }
}
