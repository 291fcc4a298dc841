import Vapor
import Plot
import CoachworkCore

extension EngagementSections {
    static func analysis(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard o.phase >= .analysis else { return .empty }
        let req = o.scope.req
        let assessmentRows: [[Node<HTML.BodyContext>]] = o.assessments.map { a in
            [link("360-degree assessment of \(LocalTime.date(a.openedAt, zone: o.zone))", Paths.assessment(o.id, a.id!)), badge(a.status, tone: a.status == "open" ? "info" : "success")]
        }
        let checkboxes: [Node<HTML.BodyContext>] = o.competencies.map { c in
            .span(.class("choice"),
                  .input(.type(.checkbox), .name("competencyIds"), .escaped("value", c.id!.uuidString), .escaped("id", "c-\(c.id!)")),
                  .label(.escapedAttribute("for", "c-\(c.id!)"), .text("\(o.modelNames[c.$model.id].map { "\($0) · " } ?? "")\(c.cluster): \(c.name)")))
        }
        let competencyOptions = [("", "Choose…")] + o.competencies.map { ($0.id!.uuidString, $0.name) }
        let inAnalysis = o.phase == .analysis && o.coachActs
        return section(.analysis, o,
            Table.render(caption: "360-degree assessments", headers: ["Assessment", "Status"], rows: assessmentRows, empty: "No assessment yet."),
            inAnalysis ? .group(.h3(.text("Start a 360-degree assessment")),
                Form.post(action: "\(Paths.engagement(o.id))/assessments", csrf: req.csrfToken, submitLabel: "Send to the client and stakeholders",
                    .element(named: "fieldset", nodes: [.class("field choices"), .element(named: "legend", nodes: [.text("Competencies")]),
                        .div(.class("choice-row"), .group(checkboxes))]),
                    Form.field(name: "openQuestion", label: "Open question", value: values["openQuestion"], error: errors["openQuestion"],
                               hint: "Default: What should the client keep doing, start doing or stop doing?"),
                    Form.textArea(name: "moreQuestions", label: "More open questions (optional)", value: values["moreQuestions"],
                                  error: errors["moreQuestions"], hint: "One per line, up to four.", rows: 3),
                    Form.field(name: "closesOn", label: "Answer by (optional)", type: "date", value: values["closesOn"], error: errors["closesOn"],
                               hint: "Raters who have not answered are reminded every \(o.settings.reminderIntervalDays) days until this date. You close the assessment when you are ready."))) : .empty,
            o.isCoach ? InterviewSections.list(o) : .empty,
            o.isCoach ? InterviewSections.themeSummary(o.themes) : .empty,
            inAnalysis ? InterviewSections.form(o, values: values, errors: errors) : .empty,
            .h3(.text("Target competencies")),
            o.targets.isEmpty ? .p(.class("muted"), .text("None chosen yet.")) :
                .ul(.group(o.targets.map { .li(.strong(.text($0.competency.name)), .text(": \($0.rationale)")) })),
            inAnalysis ? InterviewSections.evidence(o) : .empty,
            inAnalysis ? Form.post(action: "\(Paths.engagement(o.id))/targets", csrf: req.csrfToken, submitLabel: "Save target competencies",
                .group((0..<3).map { i in .group(
                    Form.select(name: "target_\(i)", label: "Target competency \(i + 1)", options: competencyOptions,
                                selected: values["target_\(i)"] ?? (i < o.targets.count ? o.targets[i].$competency.id.uuidString : nil), error: errors["targets[\(i)].competencyId"]),
                    Form.field(name: "rationale_\(i)", label: "Why (from the 360 gaps and interview themes)",
                               value: values["rationale_\(i)"] ?? (i < o.targets.count ? o.targets[i].rationale : nil), error: errors["targets[\(i)].rationale"]))
                })) : .empty,
            .h3(.text("Individual development plan")),
            .p(.text(o.idp.map { "Revision \($0.revision): \($0.status)\($0.sharedAt == nil ? "" : ", shared with sponsor and HR partner")." } ?? "No IDP yet."),
               .text(" "), o.scope.can(.view, .idp) ? link("Open the IDP", Paths.idp(o.id)) : .empty))
    }

    static func achievement(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard o.phase >= .analysis else { return .empty }
        let req = o.scope.req
        let roundRows: [[Node<HTML.BodyContext>]] = o.rounds.map { r in
            [link("Round \(r.number)", Paths.surveyRound(o.id, r.id!)), .text(LocalTime.date(r.openedAt, zone: o.zone)),
             r.isPlanned ? badge("planned", tone: "neutral")
                : badge(r.closedAt == nil ? "open until \(LocalTime.date(r.closesAt, zone: o.zone))" : "closed", tone: r.closedAt == nil ? "info" : "success")]
        }
        let active = o.phase == .achievement && o.coachActs
        return section(.achievement, o,
            meetingsTable(o, kinds: [.coachingSession, .resultsReview, .followUp, .analysis, .observation, .threeWayCheckIn]),
            o.coachActs && [.analysis, .achievement].contains(o.phase)
                ? scheduleForm(o, kinds: o.phase == .achievement ? [.coachingSession, .threeWayCheckIn, .resultsReview, .followUp]
                                                              : [.coachingSession, .analysis, .threeWayCheckIn], values: values, errors: errors)
                : .empty,
            o.coachActs && [.analysis, .achievement].contains(o.phase) ? .group(.h3(.text("Schedule the coaching sessions as a series")),
                Form.post(action: "\(Paths.engagement(o.id))/meetings/series", csrf: req.csrfToken, submitLabel: "Schedule the series",
                    Form.field(name: "seriesStart", label: "First session (your time, \(o.zone))", type: "datetime-local", value: values["seriesStart"], error: errors["seriesStart"], required: true),
                    Form.field(name: "seriesCount", label: "Sessions", type: "number", value: values["seriesCount"] ?? o.agreement.map { String(max($0.plannedSessions - o.sessionsScheduled, 0)) },
                               error: errors["seriesCount"], hint: o.agreement.map { "The agreement plans \($0.plannedSessions); \(o.sessionsScheduled) are scheduled." }),
                    Form.field(name: "seriesCadence", label: "Every (weeks)", type: "number", value: values["seriesCadence"] ?? o.agreement.map { String($0.cadenceWeeks) }, error: errors["seriesCadence"],
                               hint: "From the coaching agreement; each session keeps its local time across daylight-saving changes."),
                    Form.field(name: "seriesDuration", label: "Minutes each", type: "number", value: values["seriesDuration"] ?? "60", error: errors["seriesDuration"]),
                    Form.field(name: "seriesLocation", label: "Where (optional)", value: values["seriesLocation"], error: errors["location"]),
                    Form.field(name: "seriesVideoURL", label: "Video call link (optional)", type: "url", value: values["seriesVideoURL"], error: errors["videoURL"]),
                    .p(.class("hint"), .text("The client gets one invitation for the whole series, with a calendar file.")))) : .empty,
            o.phase >= .achievement ? Table.render(caption: "Progress mini-survey rounds", headers: ["Round", "Sent (or planned)", "Status"], rows: roundRows, empty: "No round yet.") : .empty,
            active ? SurveySections.forms(o, values: values, errors: errors) : .empty,
            o.phase >= .achievement ? SurveySections.results(o) : .empty,
            .h3(.text("Final report")),
            o.reportIssued ? (o.scope.can(.view, .finalReport) ? .p(link("Open the final report", Paths.report(o.id)))
                                                                : .p(.class("muted"), .text("Issued; awaiting the client's approval and release."))) :
                (active ? Form.post(action: Paths.report(o.id), csrf: req.csrfToken, submitLabel: "Issue the final report for the client's approval",
                    .group(o.goals.map { goal in
                        .div(.class("panel"), .p(.strong(.text(goal.statement))),
                             Form.select(name: "outcome_\(goal.id!)", label: "Outcome",
                                         options: [("", "Not assessed")] + ReportService.outcomes.map { ($0, ReportService.outcomeTitle($0)) },
                                         selected: values["outcome_\(goal.id!)"]),
                             Form.field(name: "outcomeNote_\(goal.id!)", label: "Evidence", value: values["outcomeNote_\(goal.id!)"],
                                        hint: "What shows it, e.g. the success measure's figure."))
                    }),
                    Form.textArea(name: "coachSummary", label: "Coach's summary", value: values["coachSummary"], error: errors["coachSummary"], rows: 6, required: true))
                 : .p(.class("muted"), .text("Not issued yet."))))
    }
}
