import Vapor
import Plot
import Fluent
import CoachworkCore

/// The people directory: clients, sponsors and HR partners, with their sign-in links.
enum PeoplePage {
    /// One page of the directory, its pager, and the form to add a person (with what was typed).
    static func response(_ req: Request, page: Page<Person>, values: [String: String] = [:], errors: [String: String] = [:]) -> Response {
        let rows: [[Node<HTML.BodyContext>]] = page.items.map { person in
            [.text(person.name), .text(person.email), .text([person.jobTitle, person.organisation].compactMap { $0 }.joined(separator: ", ")),
             .text(person.timeZone),
             .group(.a(.escapedAttribute("href", Paths.editPerson(person.id!)), .text("Edit")), .text(" "),
                    Form.button(action: Paths.sendLink(person.id!), csrf: req.csrfToken, label: "Email a sign-in link"))]
        }
        return req.page(
            "People", status: errors.isEmpty ? .ok : .unprocessableEntity,
            .p(.text("Clients, sponsors and HR partners sign in with a personal link sent to their email; they have no password.")),
            Table.render(caption: "Clients, sponsors and HR partners (\(page.metadata.total))", headers: ["Name", "Email", "Organisation", "Time zone", ""],
                         rows: rows, empty: page.metadata.page > 1 ? "Nobody on this page." : "Nobody yet. Add the first person below."),
            Pager.render(page.metadata, path: Paths.people, noun: "people"),
            AccessPolicy().allows(req.actor?.accountRole, .delete, .personErasure)
                ? .p(.text("A request under the right to erasure? "), link("Erase a person", Paths.erasure),
                     .text(" (by email address, also for stakeholders; shows what changes before anything does).")) : .empty,
            .h2(.text("Add a person")),
            .p(.text("Many at once? "), link("Import people from a CSV file", Paths.importPeople), .text(" (with a preview).")),
            Form.errorSummary(errors),
            Form.post(
                action: Paths.people, csrf: req.csrfToken, submitLabel: "Add person",
                Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                Form.field(name: "email", label: "Email address", type: "email", value: values["email"], error: errors["email"], required: true),
                Form.field(name: "organisation", label: "Organisation", value: values["organisation"], error: errors["organisation"]),
                TimeZoneField.select(selected: values["timeZone"] ?? req.actor?.timeZone, error: errors["timeZone"])))
    }
}

/// Changing a person's details.
enum PersonEditPage {
    /// The form, filled with `values` (the stored details, or what was typed) and `errors` by field.
    static func response(_ req: Request, person: Person, values: [String: String], errors: [String: String] = [:]) -> Response {
        req.page(
            "Edit \(person.name)", status: errors.isEmpty ? .ok : .unprocessableEntity,
            breadcrumbs: [("People", Paths.people)],
            .p(.text("A new email address takes effect at once: sign-in links sent to the old one stop working, and a new one goes to the new address. Questionnaire links already sent keep working.")),
            // An access request (GDPR Art. 15) is the practice's to answer: the button shows where the policy allows it.
            AccessPolicy().allows(req.actor?.accountRole, .view, .personalDataExport)
                ? .p(.a(.escapedAttribute("href", Paths.personExport(person.id!)), .text("Download everything held about \(person.name) (ZIP)")))
                : .empty,
            Form.errorSummary(errors),
            Form.post(
                action: Paths.person(person.id!), csrf: req.csrfToken, submitLabel: "Save changes",
                Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                Form.field(name: "email", label: "Email address", type: "email", value: values["email"], error: errors["email"], required: true),
                Form.field(name: "jobTitle", label: "Job title", value: values["jobTitle"], error: errors["jobTitle"]),
                Form.field(name: "organisation", label: "Organisation", value: values["organisation"], error: errors["organisation"]),
                TimeZoneField.select(selected: values["timeZone"], error: errors["timeZone"])),
            AccessPolicy().allows(req.actor?.accountRole, .delete, .personErasure)
                ? Form.post(action: "\(Paths.erasure)/preview", csrf: req.csrfToken, submitLabel: "Erase this person…",
                            .h2(.text("Right to erasure")),
                            .p(.text("Shows where \(person.email) is held and what erasing changes; nothing happens until you confirm.")),
                            Form.hidden(name: "email", value: person.email))
                : .empty)
    }
}

/// Where a person asks for a fresh sign-in link by entering their email.
enum RequestLinkPage {
    /// - Parameter next: where the link should land (a local path), kept through the form.
    static func response(_ req: Request, email: String? = nil, error: String? = nil, sent: Bool = false, next: String? = nil) -> Response {
        req.page(
            "Get a sign-in link", status: error == nil ? .ok : .unprocessableEntity,
            sent ? .p(.class("notice"), .text("If we know this address, a new link is on its way. Check your inbox.")) : .empty,
            form(req, email: email, error: error, next: next))
    }

    static func form(_ req: Request, email: String?, error: String?, next: String? = nil) -> Node<HTML.BodyContext> {
        Form.post(action: Paths.requestLink, csrf: req.csrfToken, submitLabel: "Email me a link",
                  next.map { .input(.type(.hidden), .name("next"), .escaped("value", $0)) } ?? .empty,
                  Form.field(name: "email", label: "Your email address", type: "email", value: email, error: error, required: true))
    }
}
