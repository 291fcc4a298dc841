import Vapor
import Plot
import CoachworkCore

/// The list of engagements the actor sees, and the form to open one (coaches).
enum EngagementIndexPage {
    struct Row { let engagement: Engagement; let clientName: String; let coachName: String }

    static func response(_ req: Request, rows: [Row], people: [Person], canCreate: Bool,
                         values: [String: String] = [:], errors: [String: String] = [:]) -> Response {
        let tableRows: [[Node<HTML.BodyContext>]] = rows.map { row in
            [link(row.clientName, Paths.engagement(row.engagement.id!)), .text(row.coachName),
             .text(row.engagement.currentPhase.title), badge(row.engagement.status, tone: row.engagement.isActive ? "info" : "neutral"),
             .text(row.engagement.createdAt.map { LocalTime.date($0, zone: req.actor?.timeZone ?? "UTC") } ?? "")]
        }
        let options = [("", "Choose…")] + people.map { ($0.id!.uuidString, "\($0.name) (\($0.organisation ?? $0.email))") }
        return req.page(
            "Engagements", status: errors.isEmpty ? .ok : .unprocessableEntity,
            Table.render(caption: "Engagements", headers: ["Client", "Coach", "Phase", "Status", "Opened"],
                         rows: tableRows, empty: "No engagements yet."),
            canCreate ? .group(
                .h2(.text("Open an engagement")),
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
                            Form.textArea(name: "objective", label: "Objective of the coaching", value: values["objective"], error: errors["objective"], required: true)))
            ) : .empty)
    }
}
