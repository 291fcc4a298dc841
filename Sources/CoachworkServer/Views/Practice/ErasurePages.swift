import Vapor
import Plot
import CoachworkCore

/// Erasing a person on request: the address, what it is found in, then the confirmation (issue 12).
enum PersonErasurePage {
    /// - Parameters:
    ///   - subject: what the address is held in, once the admin asked; `nil` shows only the form.
    static func response(_ req: Request, email: String?, subject: PersonErasure.Subject?, errors: [String: String] = [:],
                         status: HTTPResponseStatus? = nil) -> Response {
        req.page(
            "Erase a person", status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity),
            breadcrumbs: [("People", Paths.people)],
            .p(.text("For a request under the right to erasure. Give the person's email address: Coachwork shows where it is held and what erasing changes, and nothing happens until you confirm.")),
            Form.post(action: "\(Paths.erasure)/preview", csrf: req.csrfToken, submitLabel: "Show what would be erased",
                      Form.errorSummary(subject == nil ? errors : [:]),
                      Form.field(name: "email", label: "Email address", type: "email", value: email, error: subject == nil ? errors["email"] : nil, required: true)),
            subject.map { preview(req, $0, errors: errors) } ?? .empty)
    }

    private static func preview(_ req: Request, _ subject: PersonErasure.Subject, errors: [String: String]) -> Node<HTML.BodyContext> {
        guard !subject.isEmpty else {
            return .div(.class("panel"), .h2(.text("Nothing found")), .p(.text("No person, stakeholder or email has the address \(subject.email). Nothing to erase.")))
        }
        let parts = subject.parts.map { part -> [Node<HTML.BodyContext>] in
            [.a(.escapedAttribute("href", Paths.engagement(part.engagementID)), .text(part.label)), .text(Labels.part(part.part)), .text(part.ongoing ? "running" : "ended")]
        }
        return .div(.class("panel"),
            .h2(.text("What erasing \(subject.email) changes")),
            .ul(.group(subject.records.map { .li(.text("\($0.count) \($0.label)")) })),
            Table.render(caption: "Engagements", headers: ["Engagement", "Part", "State"], rows: parts, empty: "No engagement names this address."),
            .p(.text("Names and the address are replaced by \"Erased person\"; sign-in links, calendar feeds and emails to the address are deleted; raw interview notes of them are cleared. Ratings and answers already submitted stay, unattributed, inside the results, so no closed result changes. The audit trail records the erasure without the address.")),
            subject.blocked.map { blocked in
                .div(.class("notice notice-error"), .p(.text(blocked.message)), .ul(.group(blocked.details.map { .li(.text($0.message)) })))
            } ?? Form.post(action: Paths.erasure, csrf: req.csrfToken, submitLabel: "Erase \(subject.email)",
                           Form.hidden(name: "email", value: subject.email),
                           Form.confirmBox(label: "I understand this cannot be undone.", error: errors["confirm"])))
    }
}

/// Erasing an ended engagement (admin): what goes, what stays, the confirmation.
enum EngagementErasurePage {
    static func response(_ scope: EngagementScope, preview: EngagementErasure.Preview, errors: [String: String] = [:]) -> Response {
        let ended = !scope.engagement.isOngoing
        return scope.req.page(
            "Erase the engagement", status: errors.isEmpty ? .ok : .unprocessableEntity,
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Erasing deletes everything the engagement holds. Only anonymous figures stay for the practice: the phase it reached, how long it ran, counts of sessions, raters and answers, and mini-survey means where enough stakeholders answered. The audit trail keeps who did what and when.")),
            .h2(.text("What is deleted")),
            .ul(.group(preview.records.map { .li(.text("\($0.count) \($0.label)")) })),
            preview.peopleDeleted.isEmpty ? .empty
                : .p(.text("Deleted with it, since no other engagement names them: \(preview.peopleDeleted.joined(separator: ", ")).")),
            ended ? Form.post(action: Paths.engagementErasure(scope.id), csrf: scope.req.csrfToken, submitLabel: "Erase the engagement",
                              Form.errorSummary(errors),
                              Form.confirmBox(label: "I understand this cannot be undone.", error: errors["confirm"]))
                  : .p(.class("notice"), .text("The engagement is \(scope.engagement.status): close or cancel it before erasing it.")))
    }
}

/// What the practice's retention periods would delete now (a dry run), and the button to apply them.
enum RetentionPage {
    static func response(_ req: Request, plan: RetentionSweep.Plan, zone: String) -> Response {
        let months = { (value: Int?) in value.map { "\($0) month\($0 == 1 ? "" : "s") after an engagement ended" } ?? "kept (no period set)" }
        let rows = { (list: [RetentionSweep.Due], what: (RetentionSweep.Due) -> String) -> [[Node<HTML.BodyContext>]] in
            list.map { [.a(.escapedAttribute("href", Paths.engagement($0.engagementID)), .text("\($0.client)'s engagement")), .text(LocalTime.date($0.endedAt, zone: zone)), .text(what($0))] }
        }
        return req.page(
            "Retention", breadcrumbs: [("Practice settings", Paths.settings)],
            .p(.text("Private notes: \(months(plan.policy.privateNotesMonths)). Engagements: \(months(plan.policy.engagementMonths)). The periods are set on the "),
               .a(.escapedAttribute("href", Paths.settings), .text("settings page")), .text(". The server applies them every minute; this page only looks.")),
            Table.render(caption: "Private notes due for deletion now", headers: ["Engagement", "Ended", "Notes"],
                         rows: rows(plan.notes) { "\($0.notes) note\($0.notes == 1 ? "" : "s")" }, empty: "No private notes are due for deletion now."),
            Table.render(caption: "Engagements due for erasure now", headers: ["Engagement", "Ended", "What happens"],
                         rows: rows(plan.erasures) { _ in "Erased; anonymous figures stay" }, empty: "No engagement is due for erasure now."),
            plan.isEmpty ? .empty : Form.post(action: Paths.retention, csrf: req.csrfToken, submitLabel: "Apply retention now",
                                              Form.confirmBox(label: "I understand this cannot be undone.", error: nil)))
    }
}
