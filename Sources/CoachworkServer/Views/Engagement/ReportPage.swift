import Vapor
import Plot
import CoachworkCore

/// The final report as issued: an immutable snapshot, print-ready.
enum ReportPage {
    static func response(_ scope: EngagementScope, report: FinalReport, snapshot r: ReportSnapshot,
                         errors: [String: String] = [:], values: [String: String] = [:], pdfAvailable: Bool = false) -> Response {
        let zone = scope.actor.timeZone
        let pct: (Double?) -> String = { $0.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
        let signed: (Double?) -> String = { $0.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) } ?? "—" }
        return scope.req.page(
            "Final report: coaching of \(r.clientName)",
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Issued \(LocalTime.format(report.issuedAt, zone: zone)) by \(r.coachName). This report is a snapshot and does not change.")),
            ReportWorkflow.status(scope, report: report, errors: errors, values: values, pdfAvailable: pdfAvailable),
            .div(.class("columns"),
                 .div(.class("panel"), .h2(.text("Presenting problem")), .p(.text(r.presentingProblem))),
                 .div(.class("panel"), .h2(.text("Objective")), .p(.text(r.objective)))),
            Table.render(caption: "Goals of the coaching agreement and their outcome", headers: ["Goal", "Success measure", "Target date", "Outcome"],
                         rows: r.goals.map {
                             [.text($0.statement), .text($0.successMeasure), .text($0.targetDate),
                              .group(.strong(.text(ReportService.outcomeTitle($0.outcome))), .unwrap($0.outcomeNote) { .group(.br(), .text($0)) })]
                         }, empty: "No goals."),
            Table.render(caption: "Target competencies", headers: ["Competency", "Rationale"],
                         rows: r.targets.map { [.text($0.competency), .text($0.rationale)] }, empty: "None."),
            r.baseline.map { b in
                let showSelf = b.rows.contains { $0.selfScore != nil }
                return .group(
                Table.render(caption: "360-degree baseline (\(b.respondents) stakeholders; groups under \(b.threshold) not shown)",
                             headers: ["Competency"] + (showSelf ? ["Self"] : []) + ["All others", "n"],
                             rows: b.rows.map { row in
                                 [.text(row.competency)] + (showSelf ? [Table.num(row.selfScore.map(formatOneDecimal) ?? "—")] : [])
                                     + [Table.num(row.othersMean.map(formatOneDecimal) ?? "—"), Table.num(String(row.othersN))] },
                             empty: "No ratings.", numericColumns: Set(1...(showSelf ? 3 : 2))),
                BarChart.render(title: "360 baseline", rows: b.rows.map { .init(label: $0.competency, value: $0.othersMean, comparison: $0.selfScore) },
                                scale: 0...5, valueName: "all others", comparisonName: showSelf ? "self" : nil))
            } ?? .p(.text("No 360-degree figures to show here (none closed, or the client has not shared them).")),
            Table.render(caption: "Progress mini-surveys (perceived change, -3 to +3)",
                         headers: ["Round", "Competency", "Answers", "Rate", "Mean", "95% CI", "SD", "Improved", "Net", "+1 goal"],
                         rows: r.rounds.flatMap { round in round.items.map { item in
                             let interval = item.ciLower.flatMap { low in item.ciUpper.map { "\(signed(low)) to \(signed($0))" } }
                             return [Table.num(String(round.number)), .text(item.competency), Table.num(SurveyRoundPage.answers(n: item.n, invited: item.invited, cantSay: item.cantSay)),
                                     Table.num(pct(item.responseRate)), Table.num(signed(item.mean)), Table.num(interval ?? "—"),
                                     Table.num(item.standardDeviation.map(formatOneDecimal) ?? "—"), Table.num(pct(item.shareImproved)),
                                     Table.num(item.netScore.map { SurveyRoundPage.signed($0 * 100, decimals: false) } ?? "—"),
                                     .text(SurveyRoundPage.benchmark(item.benchmark.flatMap(ProgressItemStatistics.Benchmark.init(rawValue:))))]
                         } }, empty: "No survey rounds.", numericColumns: [0, 2, 3, 4, 5, 6, 7, 8]),
            ReportTrend.render(r),
            Table.render(caption: "Corrections to the development plan", headers: ["Revision", "Reason", "Prompted by", "Date"],
                         rows: r.corrections.map {
                             [Table.num(String($0.revision)), .text($0.reason), .text($0.round.map { "Round \($0)" } ?? "—"),
                              .text(LocalTime.date($0.date, zone: zone))]
                         }, empty: "No corrections.", numericColumns: [0]),
            r.followUp.map { f in
                .div(.class("panel"), .h2(.text("Follow-up session, \(LocalTime.date(f.heldOn, zone: zone))")),
                     .h3(.text("Feedback obtained")), .p(.text(f.feedbackObtained.isEmpty ? "—" : f.feedbackObtained)),
                     .h3(.text("Achievements recognised")), .p(.text(f.achievements.isEmpty ? "—" : f.achievements)),
                     f.notes.isEmpty ? .empty : .p(.text(f.notes)))
            } ?? .p(.class("muted"), .text("No follow-up session held before the report was issued.")),
            .div(.class("panel"), .h2(.text("Coach's summary")), .p(.text(r.coachSummary))),
            .div(.class("panel"), .h2(.text("The client's reflection")),
                 .p(.text(report.clientReflection ?? "Not written yet: the client adds it when approving the report."))))
    }
}
