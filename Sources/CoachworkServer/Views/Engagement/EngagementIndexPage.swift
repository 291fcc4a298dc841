import Vapor
import Plot
import CoachworkCore
import Fluent

/// The list of engagements the actor sees, and the form to open one (coaches).
enum EngagementIndexPage {
    struct Row { let engagement: Engagement; let clientName: String; let coachName: String }

    /// The list page: one page of rows, a pager, and for coaches a link to open an engagement.
    static func response(_ req: Request, rows: [Row], metadata: PageMetadata, canCreate: Bool) -> Response {
        let tableRows: [[Node<HTML.BodyContext>]] = rows.map { row in
            [link(row.clientName, Paths.engagement(row.engagement.id!)), .text(row.coachName),
             .text(row.engagement.currentPhase.title), badge(row.engagement.status, tone: row.engagement.isActive ? "info" : "neutral"),
             .text(row.engagement.createdAt.map { LocalTime.date($0, zone: req.actor?.timeZone ?? "UTC") } ?? "")]
        }
        return req.page(
            "Engagements",
            canCreate ? .p(.a(.class("button"), .escapedAttribute("href", Paths.newEngagement), .text("Open an engagement"))) : .empty,
            Table.render(caption: "Engagements", headers: ["Client", "Coach", "Phase", "Status", "Opened"],
                         rows: tableRows, empty: metadata.page > 1 ? "No engagements on this page." : "No engagements yet."),
            Pager.render(metadata, path: Paths.engagements, noun: "engagements"))
    }

    /// The form to open an engagement, with what was typed and the errors beside their fields.
    static func newResponse(_ req: Request, people: [Person], values: [String: String] = [:], errors: [String: String] = [:]) -> Response {
        // The email tells apart two people of the same name and organisation.
        let options = [("", "Choose…")] + people.map { person in
            (person.id!.uuidString, "\(person.name) (\([person.organisation, person.email].compactMap { $0 }.joined(separator: ", ")))")
        }
        return req.page(
            "Open an engagement", status: errors.isEmpty ? .ok : .unprocessableEntity,
            people.count < 3
                ? .p(.text("An engagement needs a client, a sponsor and an HR partner. "), link("Add them on the People page", Paths.people), .text(" first."))
                : .group(
                    Form.errorSummary(errors),
                    Form.post(action: Paths.engagements, csrf: req.csrfToken, submitLabel: "Open engagement",
                        Form.select(name: "clientId", label: "Client (the executive being coached)", options: options, selected: values["clientId"], error: errors["clientId"]),
                        Form.select(name: "sponsorId", label: "Sponsor (the client's manager or sponsoring executive)", options: options, selected: values["sponsorId"], error: errors["sponsorId"]),
                        Form.select(name: "hrPartnerId", label: "HR partner", options: options, selected: values["hrPartnerId"], error: errors["hrPartnerId"]),
                        Form.select(name: "seniorExecutiveId", label: "Senior executive (optional)", options: [("", "None")] + options.dropFirst(), selected: values["seniorExecutiveId"], error: errors["seniorExecutiveId"]),
                        Form.textArea(name: "presentingProblem", label: "Presenting problem", value: values["presentingProblem"], error: errors["presentingProblem"], required: true),
                        Form.textArea(name: "objective", label: "Objective of the coaching", value: values["objective"], error: errors["objective"], required: true))),
            .p(link("Back to the engagements", Paths.engagements)))
    }
}
