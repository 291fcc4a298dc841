import Vapor
import Fluent
import Plot
import CoachworkCore

/// Competency model pages: the list with the import form, one version, the preview and import errors.
enum CompetencyModelPages {
    struct Summary {
        var latest: CompetencyModel
        var versions: Int
        var competencies: Int
        var retired: Int
    }

    static func summaries(on db: any Database) async throws -> [Summary] {
        let models = try await CompetencyModel.query(on: db).sort(\.$name).sort(\.$version, .descending).all()
        var result: [Summary] = []
        for (name, versions) in Dictionary(grouping: models, by: \.name).sorted(by: { $0.key < $1.key }) {
            let latest = versions.max { $0.version < $1.version }!
            let competencies = try await latest.$competencies.query(on: db).all()
            result.append(Summary(latest: latest, versions: versions.count, competencies: competencies.count,
                                  retired: competencies.filter { $0.retiredAt != nil }.count))
        }
        return result
    }

    static func index(_ req: Request, models: [Summary]) -> Response {
        let rows: [[Node<HTML.BodyContext>]] = models.map { s in
            [link(s.latest.name, Paths.competencyModel(s.latest.id!)), .text("\(s.latest.version)"), .text("\(s.versions)"),
             .text(s.retired == 0 ? "\(s.competencies)" : "\(s.competencies - s.retired) (\(s.retired) retired)")]
        }
        let canCreate = AccessPolicy().allows(req.actor?.accountRole, .create, .competencyModel)
        return req.page("Competency models",
            .p(.text("A 360-degree assessment pins the model version it uses; editing a model saves a new version, so past results never change.")),
            Table.render(caption: "Models (latest versions)", headers: ["Model", "Version", "Versions", "Competencies"], rows: rows, empty: "No models."),
            canCreate ? .group(.h2(.text("Import a model")), form(req, name: nil, text: nil, source: "imported", issues: [])) : .empty)
    }

    static func show(_ req: Request, model: CompetencyModel, competencies: [Competency], versions: [CompetencyModel]) -> Response {
        let canEdit = AccessPolicy().allows(req.actor?.accountRole, .update, .competencyModel)
        let rows: [[Node<HTML.BodyContext>]] = competencies.map { c in
            let items = c.items.sorted { $0.position < $1.position }
            return [.text(c.cluster), .strong(.text(c.name)),
                    .div(.p(.text(c.description)), items.isEmpty ? .empty : .ul(.group(items.map { .li(.text($0.text)) }))),
                    c.retiredAt == nil ? (canEdit ? Form.button(action: "\(Paths.competencyModel(model.id!))/competencies/\(c.id!)/retire", csrf: req.csrfToken, label: "Retire", style: "quiet") : .text("in use"))
                        : .group(badge("retired", tone: "neutral"), canEdit ? Form.button(action: "\(Paths.competencyModel(model.id!))/competencies/\(c.id!)/restore", csrf: req.csrfToken, label: "Restore", style: "quiet") : .empty)]
        }
        let latest = versions.first?.id == model.id
        return req.page("\(model.name), version \(model.version)",
            breadcrumbs: [("Competency models", Paths.competencyModels)],
            .p(.text(latest ? "The latest version; new assessments use it." : "An earlier version, kept for the assessments that pinned it."),
               .text(" "), link("Export as CSV", "\(Paths.competencyModel(model.id!))/export.csv"),
               canEdit && latest ? .group(.text(" · "), link("Edit as a new version", "\(Paths.competencyModel(model.id!))/edit")) : .empty),
            Table.render(caption: "Competencies (\(competencies.count))", headers: ["Cluster", "Competency", "Description and behaviour items", ""],
                         rows: rows, empty: "No competencies."),
            .h2(.text("Versions")),
            .ul(.group(versions.map { v in .li(link("Version \(v.version)", Paths.competencyModel(v.id!)), .text(" — \(v.source ?? "seeded")")) })))
    }

    static func importForm(_ req: Request, name: String?, text: String?, source: String, issues: [ImportIssue],
                           status: HTTPResponseStatus = .ok) -> Response {
        req.page(source == "edited" ? "Edit a competency model" : "Import a competency model", status: status,
                 breadcrumbs: [("Competency models", Paths.competencyModels)],
                 form(req, name: name, text: text, source: source, issues: issues))
    }

    /// Import problems, each with its line, then the form keeping what was typed.
    static func form(_ req: Request, name: String?, text: String?, source: String, issues: [ImportIssue]) -> Node<HTML.BodyContext> {
        .group(
            issues.isEmpty ? .empty : .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                .h2(.text("The model was not imported: \(issues.count) problem\(issues.count == 1 ? "" : "s")")),
                .ul(.group(issues.map { issue in
                    .li(.text([issue.line.map { "Line \($0)" }, issue.field.map { "“\($0)”" }].compactMap { $0 }.joined(separator: ", ")
                              + (issue.line == nil && issue.field == nil ? "" : ": ") + issue.message))
                }))),
            .element(named: "form", nodes: [
                .class("form"), .attribute(named: "method", value: "post"), .attribute(named: "enctype", value: "multipart/form-data"),
                .escapedAttribute("action", "\(Paths.competencyModels)/import"),
                .input(.type(.hidden), .name("_csrf"), .escaped("value", req.csrfToken)),
                .input(.type(.hidden), .name("source"), .escaped("value", source)),
                Form.field(name: "name", label: "Model name", value: name,
                           hint: "Importing under an existing name saves its next version. JSON may carry its own name.", required: true),
                Form.textArea(name: "text", label: "Model as CSV or JSON", value: text,
                              hint: "CSV columns: cluster, competency, description, item (one row per behaviour item). JSON: {\"name\", \"clusters\": [{\"name\", \"competencies\": [{\"name\", \"description\", \"items\": [...]}]}]}.",
                              rows: 12),
                .div(.class("field"), .label(.for("field-file"), .text("…or upload a file")),
                     .input(.type(.file), .id("field-file"), .name("file"), .attribute(named: "accept", value: ".csv,.json,text/csv,application/json"))),
                .div(.class("form-actions"), .button(.type(.submit), .class("button button-primary"), .name("intent"), .value("preview"), .text("Preview"))),
            ]))
    }

    /// What would be imported, with the button that saves it.
    static func preview(_ req: Request, draft: CompetencyModelDraft, text: String, source: String, version: Int) -> Response {
        let rows: [[Node<HTML.BodyContext>]] = draft.clusters.flatMap { cluster in
            cluster.competencies.map { c in
                [.text(cluster.name), .strong(.text(c.name)),
                 .div(.p(.text(c.description)), c.items.isEmpty ? .p(.class("hint"), .text("Rated as a whole (no items).")) : .ul(.group(c.items.map { .li(.text($0)) })))]
            }
        }
        return req.page("Preview: \(draft.name), version \(version)", breadcrumbs: [("Competency models", Paths.competencyModels)],
            .p(.text("\(draft.clusters.count) clusters, \(draft.competencyCount) competencies, \(draft.itemCount) behaviour items. Nothing is saved until you import.")),
            Table.render(caption: "Competencies", headers: ["Cluster", "Competency", "Description and items"], rows: rows, empty: "None."),
            .element(named: "form", nodes: [
                .class("form"), .attribute(named: "method", value: "post"), .escapedAttribute("action", "\(Paths.competencyModels)/import"),
                .input(.type(.hidden), .name("_csrf"), .escaped("value", req.csrfToken)),
                .input(.type(.hidden), .name("source"), .escaped("value", source)),
                .input(.type(.hidden), .name("name"), .escaped("value", draft.name)),
                .element(named: "textarea", nodes: [.attribute(named: "name", value: "text"), .attribute(named: "hidden", value: "hidden"), .textAreaLead, .text(text)]),
                .div(.class("form-actions"),
                     .button(.type(.submit), .class("button button-primary"), .name("intent"), .value("import"), .text("Import as version \(version)")),
                     .button(.type(.submit), .class("button button-secondary"), .name("intent"), .value("edit"), .text("Back to editing"))),
            ]))
    }
}
