import Vapor
import Plot
import CoachworkCore

/// Where the final report stands (issued, approved by the client, released) and the one next
/// step the reader may take: the client's reflection and approval, or the coach's release.
enum ReportWorkflow {
    static func status(_ scope: EngagementScope, report: FinalReport, errors: [String: String], values: [String: String],
                       pdfAvailable: Bool) -> Node<HTML.BodyContext> {
        let zone = scope.actor.timeZone
        let steps: [Node<HTML.ListContext>] = [
            .li(.text("Issued \(LocalTime.format(report.issuedAt, zone: zone))")),
            .li(.text(report.clientApprovedAt.map { "Approved by the client \(LocalTime.format($0, zone: zone))" } ?? "Awaiting the client's approval")),
            .li(.text(report.releasedAt.map { "Released to sponsor and HR partner \(LocalTime.format($0, zone: zone)) by \(report.releasedBy ?? "the coach")" }
                      ?? "Not released to sponsor and HR partner yet")),
        ]
        let isClient = scope.party(among: [.client]) != nil
        return .div(.class("panel no-print"),
            .h2(.text("Status")), .ul(.group(steps)),
            .p(link("Download as PDF", Paths.report(scope.id) + ".pdf"), .text(pdfAvailable ? "" : " (needs Chromium on the server; see the README)"),
               .text(" · or print this page.")),
            isClient && report.clientApprovedAt == nil ? .group(
                Form.errorSummary(errors),
                Form.post(action: Paths.report(scope.id) + "/approve", csrf: scope.req.csrfToken, submitLabel: "Approve the report with my reflection",
                          Form.textArea(name: "clientReflection", label: "Your reflection", value: values["clientReflection"],
                                        error: errors["clientReflection"],
                                        hint: "What changed for you, what you are proud of, what you will keep working on. It becomes part of the report.",
                                        rows: 6, required: true))) : .empty,
            scope.role == .coach && report.clientApprovedAt != nil && report.releasedAt == nil
                ? Form.button(action: Paths.report(scope.id) + "/release", csrf: scope.req.csrfToken,
                              label: "Release to sponsor and HR partner", style: "primary") : .empty)
    }
}
