import Vapor
import Plot
import CoachworkCore

/// The CSV import pages of people and stakeholders: the upload form, and the preview that lists what
/// will be created, skipped and refused (by line) with the button that imports it.
enum ImportPages {
    /// What is imported where: people into the directory, or stakeholders into one engagement.
    struct Target {
        /// "people" or "stakeholders".
        var noun: String
        /// Page title, e.g. "Import people".
        var title: String
        /// Where the forms post (and the form page is).
        var action: String
        /// The breadcrumb back, e.g. ("People", "/people").
        var back: (title: String, href: String)
        /// Whether rows carry a relationship (stakeholders).
        var withRelationship: Bool

        /// The directory's people.
        static let people = Target(noun: "people", title: "Import people", action: Paths.importPeople,
                                   back: ("People", Paths.people), withRelationship: false)

        /// The stakeholders of engagement `id`.
        static func stakeholders(_ id: UUID) -> Target {
            Target(noun: "stakeholders", title: "Import stakeholders", action: Paths.importStakeholders(id),
                   back: ("Engagement", Paths.engagement(id)), withRelationship: true)
        }
    }

    /// The upload form, keeping pasted `text`, above the file-level `issues` that refused it.
    static func form(_ req: Request, _ target: Target, text: String?, issues: [ImportIssue] = [], status: HTTPResponseStatus = .ok) -> Response {
        req.page(target.title, status: status, breadcrumbs: [target.back], issueList(issues, title: "Nothing was imported"), uploadForm(req, target, text: text))
    }

    /// The preview of `plan` read from `text`: 200 with an import button when something can be
    /// imported, else 422 with the form again and no button.
    static func preview(_ req: Request, _ target: Target, plan: ImportPlan, text: String) -> Response {
        let importable = plan.isImportable
        let how = [plan.encoding.map { "Read as \($0.title)" }, plan.delimiter.map { "fields separated by \($0 == .tab ? "tabs" : "\($0.title)s")" }]
            .compactMap { $0 }.joined(separator: ", ")
        return req.page("Preview: \(target.title.lowercased())", status: importable ? .ok : .unprocessableEntity, breadcrumbs: [target.back],
            how.isEmpty ? .empty : .p(.escapedAttribute("class", plan.encoding == .windows1252 ? "notice" : "hint"), .text(how + ".")),
            plan.ignoredColumns.isEmpty ? .empty : .p(.class("hint"), .text("Not imported: the columns \(plan.ignoredColumns.joined(separator: ", ")).")),
            importable ? .p(.text("Nothing is saved until you import. \(count(plan.rows.count, target.noun)) will be created; rows skipped or with errors are left out."))
                : .p(.class("notice"), .text("Nothing can be imported from this file: no row is new and valid. Correct the file and preview it again.")),
            createTable(plan, target),
            skippedTable(plan),
            issueList(plan.issues, title: "Errors: \(plan.issues.count) (these rows are not imported)"),
            importable ? confirmForm(req, target, plan: plan, text: text) : uploadForm(req, target, text: text))
    }

    /// "1 person" / "3 people", "1 stakeholder" / "2 stakeholders".
    static func count(_ n: Int, _ noun: String) -> String {
        noun == "people" ? (n == 1 ? "1 person" : "\(n) people") : "\(n) \(n == 1 ? String(noun.dropLast()) : noun)"
    }

    private static func createTable(_ plan: ImportPlan, _ target: Target) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = plan.rows.map { row in
            [.text("\(row.line)"), .text(row.name), .text(row.email)]
                + (target.withRelationship ? [.text(Labels.relationship(row.relationship?.rawValue ?? ""))] : [])
                + [.text([row.jobTitle, row.organisation].compactMap { $0 }.joined(separator: ", ")), .text(row.timeZone)]
        }
        let headers = ["Line", "Name", "Email"] + (target.withRelationship ? ["Relationship"] : []) + ["Job title, organisation", "Time zone"]
        return Table.render(caption: "To be created (\(plan.rows.count))", headers: headers, rows: rows, empty: "No row will be created.", numericColumns: [0])
    }

    private static func skippedTable(_ plan: ImportPlan) -> Node<HTML.BodyContext> {
        guard !plan.skipped.isEmpty else { return .empty }
        let rows: [[Node<HTML.BodyContext>]] = plan.skipped.map { [.text("\($0.line)"), .text($0.email), .text($0.reason.message)] }
        return Table.render(caption: "Skipped (\(plan.skipped.count))", headers: ["Line", "Email", "Why"], rows: rows, empty: "", numericColumns: [0])
    }

    /// Each issue as "Line 5, “email”: message".
    private static func issueList(_ issues: [ImportIssue], title: String) -> Node<HTML.BodyContext> {
        guard !issues.isEmpty else { return .empty }
        return .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .h2(.text(title)),
            .ul(.group(issues.map { issue in
                let place = [issue.line.map { "Line \($0)" }, issue.field.map { "“\($0)”" }].compactMap { $0 }.joined(separator: ", ")
                return .li(.text(place.isEmpty ? issue.message : "\(place): \(issue.message)"))
            })))
    }

    /// Multipart (a file, or text without percent-encoding) with the CSRF token.
    private static func multipartForm(_ req: Request, _ target: Target, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [
            .class("form"), .attribute(named: "method", value: "post"), .attribute(named: "enctype", value: "multipart/form-data"),
            .escapedAttribute("action", target.action),
            .input(.type(.hidden), .name("_csrf"), .escaped("value", req.csrfToken)),
        ] + nodes)
    }

    private static func uploadForm(_ req: Request, _ target: Target, text: String?) -> Node<HTML.BodyContext> {
        let columns = target.withRelationship
            ? "name, email, relationship (manager, peer, direct report, customer or other), and optionally time zone"
            : "name, email, and optionally time zone, job title, organisation"
        return multipartForm(req, target, [
            .p(.class("hint"), .text("A CSV file of at most \(PeopleCSVImport.maxBytes / 1024) KiB with a header row: \(columns). "
                + "German and French column names work too (E-Mail, Courriel, Vorname, Prénom …). Commas, semicolons or tabs; "
                + "UTF-8 or Windows-1252, as Excel saves it. A blank time zone means \(target.withRelationship ? "the client's" : "yours"). "
                + "You see a preview first; nothing is saved until you confirm.")),
            .div(.class("field"), .label(.for("field-file"), .text("CSV file")),
                 .input(.type(.file), .id("field-file"), .name("file"), .attribute(named: "accept", value: ".csv,.txt,text/csv,text/plain"))),
            Form.textArea(name: "text", label: "…or paste the rows", value: text, rows: 8),
            .div(.class("form-actions"), .button(.type(.submit), .class("button button-primary"), .name("intent"), .value("preview"), .text("Preview"))),
        ])
    }

    /// Sends the same text back with the encoding it was read in, so the import plans exactly what the preview showed.
    private static func confirmForm(_ req: Request, _ target: Target, plan: ImportPlan, text: String) -> Node<HTML.BodyContext> {
        multipartForm(req, target, [
            .input(.type(.hidden), .name("encoding"), .escaped("value", plan.encoding?.rawValue ?? ImportEncoding.utf8.rawValue)),
            .element(named: "textarea", nodes: [.attribute(named: "name", value: "text"), .attribute(named: "hidden", value: "hidden"), .textAreaLead, .text(text)]),
            .div(.class("form-actions"),
                 .button(.type(.submit), .class("button button-primary"), .name("intent"), .value("import"), .text("Import \(count(plan.rows.count, target.noun))")),
                 .a(.class("button button-secondary"), .escapedAttribute("href", target.action), .text("Choose another file"))),
        ])
    }
}

extension ImportPages {
    /// The result sentence after an import, e.g. "3 people imported; 1 row skipped, 2 rows with errors left out."
    static func result(_ plan: ImportPlan, _ target: Target) -> String {
        let errorRows = Set(plan.issues.compactMap(\.line)).count
        var parts = ["\(count(plan.rows.count, target.noun)) imported"]
        if !plan.skipped.isEmpty { parts.append("\(plan.skipped.count) row\(plan.skipped.count == 1 ? "" : "s") skipped") }
        if errorRows > 0 { parts.append("\(errorRows) row\(errorRows == 1 ? "" : "s") with errors left out") }
        return parts.count == 1 ? parts[0] + "." : parts[0] + "; " + parts.dropFirst().joined(separator: ", ") + "."
    }
}
