import Vapor
import Plot
import CoachworkCore

/// The full 360 report (coach and client only): aggregates per competency and rater group, suppressed
/// below the threshold; the self-rating labelled; comments unattributed. Shown once the assessment is
/// closed, with what the client shares of it (``AssessmentSharingSection``).
enum AssessmentPage {
    static func response(_ scope: EngagementScope, assessment: Assessment, invited: Int, responded: Int, summary: AssessmentSummary?,
                         values: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) -> Response {
        let closed = assessment.status == "closed"
        return scope.req.page(
            "360-degree assessment", status: status, breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            Form.errorSummary(errors),
            .p(.text("Opened \(LocalTime.date(assessment.openedAt, zone: scope.actor.timeZone)) · \(assessment.status)")),
            scope.role == .coach ? .p(.text("\(responded) of \(invited) invited raters (the client included) have answered.")) : .empty,
            scope.role == .coach && !closed
                ? Form.button(action: "\(Paths.assessment(scope.id, assessment.id!))/invite", csrf: scope.req.csrfToken, label: "Send to stakeholders approved since", style: "secondary") : .empty,
            scope.role == .coach && !closed
                ? Form.button(action: "\(Paths.assessment(scope.id, assessment.id!))/close", csrf: scope.req.csrfToken, label: "Close and show results", style: "primary") : .empty,
            summary == nil ? .empty : .p(link("Download the results as CSV", "\(Paths.assessment(scope.id, assessment.id!))/results.csv"),
                                         .text(" (the means and counts shown on this page; no distributions, comments, raters or times).")),
            AssessmentSharingSection.render(scope, assessment: assessment, values: values, errors: errors),
            summary.map { results($0) } ?? .p(.class("muted"), .text("Results appear when the assessment is closed, so no single late answer can be singled out.")))
    }

    static func results(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        let groupNames = s.results.first?.groups.map(\.group) ?? []
        let showSelf = s.selfSubmitted
        let headers = ["Competency"] + (showSelf ? ["Self"] : []) + groupNames.map { RaterGroup(rawValue: $0)?.title ?? "All others" }
        let rows: [[Node<HTML.BodyContext>]] = s.results.map { r in
            [.text(s.names[r.competencyID] ?? "")] + (showSelf ? [Table.num(r.selfMean.map(formatOneDecimal) ?? "—")] : [])
                + r.groups.map { AssessmentItemsSection.cell($0, threshold: s.threshold) }
        }
        let chart = BarChart.render(
            title: showSelf ? "Others' mean rating and self-rating" : "Others' mean rating", rows: s.results.map {
                .init(label: s.names[$0.competencyID] ?? "", value: $0.others.suppressed ? nil : $0.others.mean, comparison: $0.selfMean)
            }, scale: 0...5, valueName: "all others", comparisonName: showSelf ? "self" : nil)
        return .group(
            gapReport(s),
            .p(.text("\(s.respondents) stakeholders answered. A group is shown only with at least \(s.threshold) answers\(s.rules.showManagerSeparately ? "" : "; the manager's ratings count in \"all others\" only")\(showSelf ? "; the client's self-rating is shown labelled" : "").")),
            Table.render(caption: "Mean rating (1-5) by rater group", headers: headers, rows: rows, empty: "No competencies.",
                         numericColumns: Set(1..<headers.count)),
            chart,
            AssessmentItemsSection.extremes(s),
            AssessmentItemsSection.items(s),
            AssessmentItemsSection.comments(s))
    }

    /// Self versus others, ranked, with blind spots and hidden strengths (shown figures only).
    static func gapReport(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        guard s.selfSubmitted else { return .empty }
        let analysis = GapReport.analyse(s.results)
        guard !analysis.ranked.isEmpty || !analysis.highest.isEmpty else { return .empty }
        let name: (CompetencyGap) -> String = { s.names[$0.competencyID] ?? "" }
        let signed: (Double) -> String = { ($0 > 0 ? "+" : "") + formatOneDecimal($0) }
        let list: ([CompetencyGap], String) -> Node<HTML.BodyContext> = { items, empty in
            items.isEmpty ? .p(.class("muted"), .text(empty)) : .ul(.group(items.map { .li(.text(name($0))) }))
        }
        return .group(
            .h2(.text("Gap report")),
            Table.render(caption: "Self minus others, largest first", headers: ["Competency", "Self", "All others", "Gap"],
                         rows: analysis.ranked.map { g in
                             [.text(name(g)), Table.num(g.selfScore.map(formatOneDecimal) ?? "—"),
                              Table.num(g.othersMean.map(formatOneDecimal) ?? "—"), Table.num(g.gap.map(signed) ?? "—")]
                         }, empty: "No competency has both a self-rating and a shown others' mean.", numericColumns: [1, 2, 3]),
            .div(.class("columns"),
                 .div(.class("panel"), .h3(.text("Blind spots (self higher by 0.5 or more)")), list(analysis.blindSpots, "None.")),
                 .div(.class("panel"), .h3(.text("Hidden strengths (others higher by 0.5 or more)")), list(analysis.hiddenStrengths, "None.")),
                 .div(.class("panel"), .h3(.text("Highest rated by others")), list(analysis.highest, "None shown.")),
                 .div(.class("panel"), .h3(.text("Lowest rated by others")), list(analysis.lowest, "None shown."))))
    }
}
