import Vapor
import Plot
import CoachworkCore

/// 360 results: aggregates per competency and rater group, suppressed below the threshold;
/// the self-rating labelled; comments unattributed. Shown once the assessment is closed.
enum AssessmentPage {
    static func response(_ scope: EngagementScope, assessment: Assessment, invited: Int, responded: Int, summary: AssessmentSummary?) -> Response {
        let closed = assessment.status == "closed"
        return scope.req.page(
            "360-degree assessment", breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Opened \(LocalTime.date(assessment.openedAt, zone: scope.actor.timeZone)) · \(assessment.status)")),
            scope.role == .coach ? .p(.text("\(responded) of \(invited) invited raters (the client included) have answered.")) : .empty,
            scope.role == .coach && !closed
                ? Form.button(action: "\(Paths.assessment(scope.id, assessment.id!))/close", csrf: scope.req.csrfToken, label: "Close and show results", style: "primary") : .empty,
            summary.map { results($0) } ?? .p(.class("muted"), .text("Results appear when the assessment is closed, so no single late answer can be singled out.")))
    }

    static func results(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        let groupNames = s.results.first?.groups.map(\.group) ?? []
        let headers = ["Competency", "Self"] + groupNames.map { RaterGroup(rawValue: $0)?.title ?? "All others" }
        let cell: (GroupScore) -> Node<HTML.BodyContext> = { g in
            g.suppressed || g.mean == nil ? Table.num("— (n<\(s.threshold))") : Table.num("\(formatOneDecimal(g.mean!)) (n=\(g.n))")
        }
        let rows: [[Node<HTML.BodyContext>]] = s.results.map { r in
            [.text(s.names[r.competencyID] ?? "")] + [Table.num(r.selfScore.map(String.init) ?? "—")] + r.groups.map(cell)
        }
        let chart = BarChart.render(
            title: "Others' mean rating and self-rating", rows: s.results.map {
                .init(label: s.names[$0.competencyID] ?? "", value: $0.others.suppressed ? nil : $0.others.mean, comparison: $0.selfScore.map(Double.init))
            }, scale: 0...5, valueName: "all others", comparisonName: "self")
        return .group(
            .p(.text("\(s.respondents) stakeholders answered. A group is shown only with at least \(s.threshold) answers; the client's self-rating is shown labelled.")),
            Table.render(caption: "Mean rating (1-5) by rater group", headers: headers, rows: rows, empty: "No competencies.",
                         numericColumns: Set(1..<headers.count)),
            chart,
            .h2(.text("Comments")),
            s.comments.isEmpty ? .p(.class("muted"), .text("No comments shown (none given, or too few raters).")) :
                .ul(.group(s.comments.map { .li(.text($0)) })))
    }
}
