import Vapor
import Plot
import CoachworkCore

/// The 360 as sponsor and HR partner see it: the target competencies with their rationale, the summary
/// the client approved and, if the client shared them, the competency-level "all others" figures. Never
/// item-level detail, distributions, self-ratings or comments. The admin sees the assessment's progress only.
enum SharedAssessmentPage {
    /// The page for `scope` (sponsor, HR partner or admin). `figures` is nil unless the policy lets the reader see them.
    static func response(_ scope: EngagementScope, assessment: Assessment, invited: Int, responded: Int,
                         targets: [TargetCompetency], figures: AssessmentSummary?) -> Response {
        let shared = scope.can(.view, .sharedAssessmentSummary)
        return scope.req.page(
            "360-degree assessment", breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Opened \(LocalTime.date(assessment.openedAt, zone: scope.actor.timeZone)) · \(assessment.status)")),
            shared ? .empty : .p(.text("\(responded) of \(invited) invited raters (the client included) have answered.")),
            .p(.class("muted"), .text("The 360 report belongs to the client: coach and client read it in full; sponsor and HR partner read what the client shares.")),
            shared ? sharedContent(scope, assessment: assessment, targets: targets, figures: figures) : .empty)
    }

    private static func sharedContent(_ scope: EngagementScope, assessment: Assessment, targets: [TargetCompetency],
                                      figures: AssessmentSummary?) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("Target competencies")),
            targets.isEmpty ? .p(.class("muted"), .text("No target competencies chosen yet."))
                : .ul(.group(targets.map { t -> Node<HTML.ListContext> in .li(.strong(.text(t.competency.name)), .text(" — \(t.rationale)")) })),
            .h2(.text("The client's summary")),
            assessment.summaryApproved.map { (text: String) -> Node<HTML.BodyContext> in
                .group(.p(.class("muted"), .text("Approved by the client on \(LocalTime.date(assessment.summaryApprovedAt ?? Date(), zone: scope.actor.timeZone)).")),
                       .blockquote(.text(text)))
            } ?? .p(.class("muted"), .text("The client has not shared a summary yet.")),
            figures.map { (s: AssessmentSummary) -> Node<HTML.BodyContext> in
                .group(
                    .h2(.text("Competency results the client shared")),
                    .p(.class("muted"), .text("All stakeholders' mean rating (1-5) per competency, shown only with at least \(s.threshold) answers.")),
                    Table.render(caption: "All others' mean rating by competency", headers: ["Competency", "All others"],
                                 rows: s.results.map { r -> [Node<HTML.BodyContext>] in
                                     [.text(s.names[r.competencyID] ?? ""), AssessmentItemsSection.cell(r.others, threshold: s.threshold)]
                                 },
                                 empty: "No competencies.", numericColumns: [1]),
                    .p(link("Download these figures as CSV", "\(Paths.assessment(scope.id, assessment.id!))/results.csv")))
            } ?? .empty)
    }
}
