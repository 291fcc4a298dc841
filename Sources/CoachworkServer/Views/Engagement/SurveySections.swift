import Vapor
import Plot
import CoachworkCore

/// The mini-survey part of the engagement page: planning rounds, sending one now, the trend
/// across rounds and the relation between the client's follow-up and perceived improvement.
enum SurveySections {
    static func forms(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let req = o.scope.req
        let today = CalendarDate.of(req.now, zone: o.zone)
        return .div(.class("side-by-side"),
            .div(.class("panel"), .h4(.text("Plan the rounds")),
                 Form.post(action: "\(Paths.engagement(o.id))/surveys/plan", csrf: req.csrfToken, submitLabel: "Plan the rounds",
                    Form.field(name: "firstOn", label: "First round on", type: "date", value: values["firstOn"] ?? today, error: errors["firstOn"], required: true),
                    Form.field(name: "count", label: "Number of rounds", type: "number", value: values["count"] ?? "3", error: errors["count"]),
                    Form.field(name: "intervalWeeks", label: "Weeks between rounds", type: "number",
                               value: values["intervalWeeks"] ?? String(o.settings.surveyIntervalWeeks), error: errors["intervalWeeks"]),
                    Form.field(name: "openDays", label: "Each open for (days)", type: "number", value: values["openDays"] ?? "14", error: errors["openDays"],
                               hint: "Each round goes out at 09:00 on its day to every approved stakeholder; replanning replaces the rounds not sent yet."))),
            .div(.class("panel"), .h4(.text("Or send the next round now")),
                 Form.post(action: "\(Paths.engagement(o.id))/surveys", csrf: req.csrfToken, submitLabel: "Send a mini-survey round",
                    Form.field(name: "closesInDays", label: "Open for (days)", type: "number", value: values["closesInDays"] ?? "14", error: errors["closesInDays"]))))
    }

    static func results(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard let trend = o.trend, trend.items.contains(where: { !$0.points.isEmpty }) else { return .empty }
        let names = Dictionary(uniqueKeysWithValues: o.targets.map { ($0.$competency.id.uuidString, $0.competency.name) })
        let lines = trend.items.map { TrendChart.Line(name: names[$0.competencyID] ?? "", item: $0) }
        return .group(
            .h3(.text("Progress across rounds")),
            TrendChart.render(title: "Mean perceived change per round (-3 to +3)", lines: lines),
            TrendChart.steps(lines),
            o.followUp.map(followUp) ?? .empty)
    }

    /// Mean perceived change by how often the client followed up (Goldsmith's finding: leaders who
    /// follow up are seen to improve), suppressed below the threshold, with Spearman's rho.
    static func followUp(_ r: FollowUpRelation) -> Node<HTML.BodyContext> {
        guard r.n > 0 else { return .empty }
        let rows: [[Node<HTML.BodyContext>]] = r.levels.map { level in
            // Empty and hidden levels look the same, so a reader cannot tell that one or two people chose a level.
            let shown = !level.suppressed && level.meanChange != nil
            return [.text(level.frequency.title), Table.num(shown ? String(level.respondents) : "—"),
                    Table.num(shown ? level.meanChange.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) }! : "not shown (too few people)")]
        }
        return .group(
            Table.render(caption: "Follow-up and perceived improvement (all closed rounds)",
                         headers: ["The client followed up", "People", "Mean perceived change"], rows: rows, empty: "", numericColumns: [1, 2]),
            .p(.class("hint"), .text(r.spearman.map { "Rank correlation (Spearman) between follow-up and perceived change: \(String(format: "%.2f", $0))." }
                                     ?? "Too few answers for a rank correlation.")))
    }
}
