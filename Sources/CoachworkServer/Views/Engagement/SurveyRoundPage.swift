import Vapor
import Plot
import CoachworkCore

/// One progress mini-survey round: planned, open (with who may still be invited) or closed with
/// its results under the round's anonymity rules.
enum SurveyRoundPage {
    static func response(_ scope: EngagementScope, round: SurveyRound, summary: SurveyRoundSummary?, names: [String: String],
                         answered: Int, invited: Int) -> Response {
        let zone = scope.actor.timeZone
        let crumbs = [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))]
        let title = "Mini-survey round \(round.number)"
        if round.isPlanned {
            return scope.req.page(title, breadcrumbs: crumbs,
                .p(.text("Planned: sent automatically on \(LocalTime.format(round.openedAt, zone: zone)) to every approved stakeholder.")))
        }
        guard let s = summary, round.closedAt != nil else {
            let coach = scope.role == .coach
            return scope.req.page(title, breadcrumbs: crumbs,
                .p(.text("Open until \(LocalTime.format(round.closesAt, zone: zone)). \(answered) of \(invited) stakeholders have answered; those who have not are reminded.")),
                .p(.class("muted"), .text("Results appear when the round is closed, so no single late answer can be singled out.")),
                coach ? Form.button(action: "\(Paths.surveyRound(scope.id, round.id!))/invite", csrf: scope.req.csrfToken,
                                    label: "Send to stakeholders approved since", style: "secondary") : .empty,
                coach ? Form.button(action: "\(Paths.surveyRound(scope.id, round.id!))/close", csrf: scope.req.csrfToken,
                                    label: "Close the round", style: "primary") : .empty)
        }
        return scope.req.page(title, breadcrumbs: crumbs,
            .p(.text("Sent \(LocalTime.format(round.openedAt, zone: zone)); closed. \(answered) of \(invited) stakeholders answered. Figures with fewer than \(s.rules.ratingThreshold) answers are not shown.")),
            table(s, names: names),
            BarChart.render(title: "Mean perceived change", rows: s.items.map { .init(label: names[$0.competencyID] ?? "", value: $0.mean, comparison: nil) },
                            scale: -3...3, valueName: "mean change"),
            // Comments are individual feedback: the coach's and the client's (AccessPolicy, surveyComments).
            scope.can(.view, .surveyComments) ? comments(s, names: names) : .empty)
    }

    /// The comments and suggestions per target competency, unattributed and shuffled.
    static func comments(_ s: SurveyRoundSummary, names: [String: String]) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("Comments and suggestions")),
            .p(.class("muted"), .text("Shown without names, in an order that says nothing about who wrote them, once at least \(max(s.rules.commentThreshold, s.rules.ratingThreshold)) stakeholders answered.")),
            .group(s.items.map { item in
                let list = s.comments[item.competencyID] ?? []
                return .group(.h3(.text(names[item.competencyID] ?? "")),
                              list.isEmpty ? .p(.class("muted"), .text("None shown.")) : .ul(.group(list.map { .li(.text($0)) })))
            }))
    }

    /// The statistics of each item: answers, response rate, mean with its 95% confidence interval,
    /// standard deviation, who saw improvement or decline, the net score, the +1 benchmark, the distribution.
    static func table(_ s: SurveyRoundSummary, names: [String: String]) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = s.items.map { i in
            [.text(names[i.competencyID] ?? ""), Table.num(answers(n: i.n, invited: i.invited, cantSay: i.cantSay)), Table.num(percent(i.responseRate)),
             Table.num(signed(i.mean)), Table.num(i.confidenceInterval.map { "\(signed($0.lower)) to \(signed($0.upper))" } ?? "—"),
             Table.num(i.standardDeviation.map(formatOneDecimal) ?? "—"), Table.num(percent(i.shareImproved)),
             Table.num(percent(i.shareDeclined)), Table.num(i.netScore.map { signed($0 * 100, decimals: false) } ?? "—"),
             .text(i.suppressed ? "not shown (fewer than \(s.rules.ratingThreshold))" : benchmark(i.benchmark))]
        }
        let distribution: [[Node<HTML.BodyContext>]] = s.items.compactMap { i in
            guard let d = i.distribution else { return nil }
            return [.text(names[i.competencyID] ?? "")] + (-3...3).map { Table.num(String(d[$0] ?? 0)) }
        }
        return .group(
            Table.render(caption: "Perceived change in effectiveness (-3 to +3)",
                         headers: ["Target competency", "Answers", "Rate", "Mean", "95% CI", "SD", "Improved", "Declined",
                                   "Net", "+1 goal"],
                         rows: rows, empty: "No items.", numericColumns: [1, 2, 3, 4, 5, 6, 7, 8]),
            .p(.class("hint"), .text("Answers: stakeholders who gave a value, of those invited; \"can't say\" (no chance to observe) is not a change of 0 and is counted apart, shown only when at least \(s.rules.ratingThreshold) answered the item. Rate: answers of those invited. SD: standard deviation. Net: improved minus declined, in points. +1 goal: meaningful improvement is a mean of +1 or more (reached), above when the whole 95% interval lies above +1.")),
            Table.render(caption: "How many answered each value", headers: ["Target competency", "-3", "-2", "-1", "0", "+1", "+2", "+3"],
                         rows: distribution, empty: "Not shown: too few answers.", numericColumns: Set(1...7)))
    }

    /// "n of invited", plus "· k could not say" when k > 0 and shown (``ProgressItemStatistics/cantSay``, nil when
    /// the item's respondents are below the threshold).
    static func answers(n: Int, invited: Int, cantSay: Int?) -> String {
        guard let cantSay, cantSay > 0 else { return "\(n) of \(invited)" }
        return "\(n) of \(invited) · \(cantSay) could not say"
    }

    static func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }

    static func signed(_ value: Double?, decimals: Bool = true) -> String {
        guard let value else { return "—" }
        let text = decimals ? formatOneDecimal(value) : String(Int(value.rounded()))
        return (value > 0.0499 ? "+" : "") + text
    }

    /// Plain words for the +1 benchmark (Goldsmith's "+1 or better" as meaningful improvement).
    static func benchmark(_ b: ProgressItemStatistics.Benchmark?) -> String {
        switch b {
        case .above?: "Above"
        case .reached?: "Reached"
        case .below?: "Below"
        case nil: "—"
        }
    }
}
