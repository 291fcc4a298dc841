import Vapor
import Plot
import CoachworkCore

/// Stakeholder interviews on the engagement page: the coach's raw notes, the theme summary
/// and the form that records an interview question by question.
enum InterviewSections {
    /// How many theme rows the form offers.
    static let themeRows = 4

    static func list(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = o.interviews.map { interview in
            let answers: [Node<HTML.BodyContext>] = interview.answers.map {
                .p(.strong(.text($0.question)), .br(), .text($0.notes))
            }
            return [.text(interview.heldOn), .text(interview.stakeholder?.name ?? "—"),
                    .div(.group(answers), interview.notes.isEmpty ? .empty : .p(.text(interview.notes)))]
        }
        return Table.render(caption: "Stakeholder interviews (notes visible to you only)", headers: ["Date", "Stakeholder", "Notes"],
                            rows: rows, empty: "No interviews recorded.")
    }

    static func themeSummary(_ themes: [ThemeCount]) -> Node<HTML.BodyContext> {
        guard !themes.isEmpty else { return .empty }
        let rows: [[Node<HTML.BodyContext>]] = themes.map { theme in
            [.text(theme.label), badge(theme.kind == "strength" ? "strength" : "development area", tone: theme.kind == "strength" ? "success" : "warning"),
             .text(theme.competencies.joined(separator: ", ")), .text(String(theme.interviews))]
        }
        return Table.render(caption: "Interview themes", headers: ["Theme", "Kind", "Competencies", "Interviews"], rows: rows, empty: "")
    }

    static func form(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let questions = o.settings.interviewQuestions
        let competencyOptions = [("", "No competency")] + o.competencies.map { ($0.id!.uuidString, $0.name) }
        let themeFields: [Node<HTML.BodyContext>] = (0..<themeRows).map { i in
            .div(.class("inline-fields"),
                 Form.field(name: "themeLabel_\(i)", label: "Theme \(i + 1)", value: values["themeLabel_\(i)"], error: errors["themeLabel_\(i)"]),
                 Form.select(name: "themeKind_\(i)", label: "Kind", options: [("", "Choose…"), ("strength", "Strength"), ("development", "Development area")],
                             selected: values["themeKind_\(i)"], error: errors["themeKind_\(i)"]),
                 Form.select(name: "themeCompetency_\(i)", label: "Competency", options: competencyOptions,
                             selected: values["themeCompetency_\(i)"], error: errors["themeCompetency_\(i)"]))
        }
        return .group(.h3(.text("Record a stakeholder interview")),
            Form.post(action: "\(Paths.engagement(o.id))/interviews", csrf: o.scope.req.csrfToken, submitLabel: "Save interview notes",
                Form.select(name: "stakeholderId", label: "Stakeholder", options: [("", "Not listed")] + o.stakeholders.map { ($0.id!.uuidString, $0.name) },
                            selected: values["stakeholderId"], error: errors["stakeholderId"]),
                Form.field(name: "heldOn", label: "Date", type: "date", value: values["heldOn"], error: errors["heldOn"], required: true),
                .group(questions.enumerated().map { i, question in
                    Form.textArea(name: "answer_\(i)", label: question, value: values["answer_\(i)"], error: errors["answer_\(i)"], rows: 3)
                }),
                Form.textArea(name: "notes", label: "Other notes", value: values["notes"], error: errors["notes"], rows: 3),
                .element(named: "fieldset", nodes: [.class("field"), .element(named: "legend", nodes: [.text("Themes")]),
                    .p(.class("hint"), .text("Code what you heard as strengths or development areas; link each to a competency where it fits. Only counts across interviews are summarised.")),
                    .group(themeFields)])))
    }

    /// The evidence for choosing target competencies, side by side: the latest 360's gap
    /// report (self minus others, and the lowest rated by others) and the interview themes.
    static func evidence(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard o.latestResults != nil || !o.themes.isEmpty else { return .empty }
        var gaps: Node<HTML.BodyContext> = .p(.class("muted"), .text("No closed 360 yet."))
        if let s = o.latestResults {
            let analysis = GapReport.analyse(s.results)
            let name: (CompetencyGap) -> String = { s.names[$0.competencyID] ?? "" }
            gaps = .group(
                Table.render(caption: "360: self minus others", headers: ["Competency", "Others", "Gap"],
                             rows: analysis.ranked.map { g in
                                 [.text(name(g)), Table.num(g.othersMean.map(formatOneDecimal) ?? "—"),
                                  Table.num(g.gap.map { ($0 > 0 ? "+" : "") + formatOneDecimal($0) } ?? "—")]
                             }, empty: "No competency has both figures shown.", numericColumns: [1, 2]),
                .p(.text("Lowest rated by others: " + (analysis.lowest.isEmpty ? "none shown" : analysis.lowest.map(name).joined(separator: ", ")))))
        }
        return .div(.class("side-by-side"),
                    .div(.class("panel"), .h4(.text("Gap report")), gaps),
                    .div(.class("panel"), .h4(.text("Interview themes")),
                         o.themes.isEmpty ? .p(.class("muted"), .text("No themes coded yet.")) : themeSummary(o.themes)))
    }

    /// The interview form's field names, to keep what was typed on an error.
    static func fieldNames(questionCount: Int) -> [String] {
        ["stakeholderId", "heldOn", "notes"] + (0..<questionCount).map { "answer_\($0)" }
            + (0..<themeRows).flatMap { ["themeLabel_\($0)", "themeKind_\($0)", "themeCompetency_\($0)"] }
    }
}
