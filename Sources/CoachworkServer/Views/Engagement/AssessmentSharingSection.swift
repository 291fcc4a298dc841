import Vapor
import Plot
import CoachworkCore

/// On the full 360 report (coach and client): what the client shares with sponsor and HR partner, and
/// the form to write the summary. The coach drafts; the client approves it and chooses whether the
/// competency-level figures go with it.
enum AssessmentSharingSection {
    static let fieldNames = ["summary", "shareFigures", "intent"]

    static func render(_ scope: EngagementScope, assessment: Assessment, values: [String: String] = [:],
                       errors: [String: String] = [:]) -> Node<HTML.BodyContext> {
        guard assessment.status == "closed", scope.can(.view, .sharedAssessmentSummary) else { return .empty }
        let action = "\(Paths.assessment(scope.id, assessment.id!))/summary"
        let state: Node<HTML.BodyContext> = assessment.summaryApproved == nil
            ? .p(.text("Nothing is shared yet: sponsor and HR partner see the target competencies only."))
            : .p(.text("Shared with sponsor and HR partner on \(LocalTime.date(assessment.summaryApprovedAt ?? Date(), zone: scope.actor.timeZone)): the approved summary"
                       + (assessment.figuresShared == true ? " and the competency-level figures (all others' mean per competency)." : ", without figures.")))
        let text = values["summary"] ?? assessment.summaryDraft ?? ""
        let field = Form.textArea(name: "summary", label: "Summary for sponsor and HR partner", value: text, error: errors["summary"],
                                  hint: "In the client's words: strengths, what to develop, what the coaching will work on. Never quote a comment.", rows: 6)
        let form: Node<HTML.BodyContext>
        if scope.can(.acknowledge, .sharedAssessmentSummary) {
            form = Form.post(
                action: action, csrf: scope.req.csrfToken,
                buttons: [("intent", "share", "Approve and share with sponsor and HR partner"), ("intent", "draft", "Save as draft")],
                field,
                Form.radioGroup(name: "shareFigures", legend: "Also share the competency figures?",
                                options: [("no", "No, the summary only"), ("yes", "Yes, all others' mean per competency")],
                                selected: values["shareFigures"] ?? (assessment.figuresShared == true ? "yes" : "no"),
                                hint: "Never item-level detail, answer distributions, your self-rating or comments."))
        } else if scope.can(.update, .sharedAssessmentSummary) {
            form = Form.post(action: action, csrf: scope.req.csrfToken, submitLabel: "Save draft", field,
                             .p(.class("muted"), .text("The client approves the summary before sponsor and HR partner see it.")))
        } else {
            form = .empty
        }
        return .div(.class("panel"), .id("sharing"),
            .h2(.text("Shared with sponsor and HR partner")),
            state,
            assessment.summaryDraftedBy.map { (by: String) -> Node<HTML.BodyContext> in
                .p(.class("muted"), .text("Draft last written by the \(by == "client" ? "client" : "coach")."))
            } ?? .empty,
            form,
            assessment.summaryApproved != nil && scope.can(.acknowledge, .sharedAssessmentSummary)
                ? Form.button(action: action + "/withdraw", csrf: scope.req.csrfToken, label: "Stop sharing", style: "secondary") : .empty)
    }
}
