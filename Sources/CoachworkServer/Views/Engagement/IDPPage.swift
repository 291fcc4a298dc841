import Vapor
import Plot
import CoachworkCore

/// The individual development plan: actions per target competency, its revisions, the
/// acknowledgements of sponsor and HR partner, and the coach's forms.
enum IDPPage {
    /// Most rows a posted form may carry; the form shows the current items plus two blank rows.
    static let rows = 30

    struct Model {
        let scope: EngagementScope
        let revisions: [IDPRevision]
        let acknowledgements: [IDPAcknowledgement]
        let targets: [TargetCompetency]
        let goals: [Goal]
        /// Closed mini-survey rounds, to link a correction to the round that prompted it.
        var rounds: [SurveyRound] = []
        /// Statuses ticked on the revisions' actions (``IDPActionStatus``), every revision's.
        var ticks: [IDPActionStatus] = []
        /// The client's name, to tell which actions the client owns (``ActionOwner``).
        var clientName: String = ""

        /// The latest revision's actions with their ticked statuses.
        var currentItems: [IDPItem] { revisions.last?.effectiveItems(ticks) ?? [] }
    }

    static func response(_ m: Model, values: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) -> Response {
        let scope = m.scope
        let zone = scope.actor.timeZone
        let latest = m.revisions.last
        let names = Dictionary(uniqueKeysWithValues: m.targets.map { ($0.$competency.id, $0.competency.name) })
        let goalNumbers = Dictionary(uniqueKeysWithValues: m.goals.enumerated().compactMap { i, g in g.id.map { ($0, i + 1) } })
        let itemRows: [[Node<HTML.BodyContext>]] = m.currentItems.map {
            [.text(names[$0.competencyID] ?? ""), .text($0.action),
             .text(IDPHistory.goalsText($0.goalIDs, numbers: goalNumbers)),
             .text($0.owner ?? "Client"), .text($0.dueDate), statusCell(m, $0),
             .text($0.successMeasure), .text($0.supportNeeded)]
        }
        let historyRows: [[Node<HTML.BodyContext>]] = m.revisions.reversed().map {
            [.text("Revision \($0.revision)"), .text($0.status), .text($0.reason ?? "First plan"),
             .text($0.finalisedAt.map { LocalTime.format($0, zone: zone) } ?? "")]
        }
        let myParty = scope.party(among: [.sponsor, .hrPartner])?.rawValue
        let canAcknowledge = myParty != nil && latest?.sharedAt != nil && !m.acknowledgements.contains { $0.party == myParty }
        let phase = scope.engagement.currentPhase
        let coach = scope.role == .coach && scope.engagement.isActive
        return scope.req.page(
            "Individual development plan", status: status,
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text(latest.map { "Revision \($0.revision) · \($0.status)\($0.sharedAt.map { " · shared \(LocalTime.format($0, zone: zone))" } ?? "")" } ?? "No plan yet.")),
            Table.render(caption: "Actions", headers: ["Target competency", "Action", "Serves", "Owner", "Due", "Status", "Success measure", "Support needed"], rows: itemRows, empty: "No actions yet."),
            m.goals.isEmpty ? .empty : .ol(.class("hint"), .group(m.goals.map { .li(.text("\($0.statement) (by \($0.targetDate))")) })),
            Table.render(caption: "Acknowledgements", headers: ["Party", "When"], rows: m.acknowledgements.map {
                [.text($0.party == "hr_partner" ? "HR partner" : "Sponsor"), .text(LocalTime.format($0.acknowledgedAt, zone: zone))]
            }, empty: "Not acknowledged yet."),
            canAcknowledge ? Form.post(action: "\(Paths.idp(scope.id))/acknowledge", csrf: scope.req.csrfToken, submitLabel: "I acknowledge this development plan",
                                       .input(.type(.hidden), .name("revision"), .escaped("value", String(latest?.revision ?? 0)))) : .empty,
            Table.render(caption: "Revision history", headers: ["Revision", "Status", "Reason", "Finalised"], rows: historyRows, empty: "No revisions."),
            IDPHistory.changes(m.revisions, names: names, goalNumbers: goalNumbers, ticks: m.ticks),
            coach && phase == .analysis && latest?.status != "finalised" ? .group(
                latest == nil ? .empty : Form.button(action: "\(Paths.idp(scope.id))/share", csrf: scope.req.csrfToken, label: "Finalise and share with sponsor and HR partner", style: "primary"),
                .h2(.text("Edit the plan")), editForm(m, action: Paths.idp(scope.id), reason: false, values: values, errors: errors)) : .empty,
            coach && [.analysis, .achievement].contains(phase) && latest?.status == "finalised" ? .group(
                .h2(.text("Document a correction (a new revision)")), editForm(m, action: "\(Paths.idp(scope.id))/revise", reason: true, values: values, errors: errors)) : .empty)
    }

    static func editForm(_ m: Model, action: String, reason: Bool, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let items = m.currentItems   // statuses as ticked, so a correction starts from the plan as it now is
        let options = [("", "Choose…")] + m.targets.map { ($0.$competency.id.uuidString, $0.competency.name) }
        let value: (String, String?) -> String? = { name, fallback in values.isEmpty ? fallback : values[name] }
        return .group(
            Form.errorSummary(errors),
            Form.post(action: action, csrf: m.scope.req.csrfToken, submitLabel: reason ? "Save the revision and share it" : "Save the draft",
                reason ? Form.textArea(name: "reason", label: "Reason for the correction", value: values["reason"], error: errors["reason"], required: true) : .empty,
                reason ? .input(.type(.hidden), .name("basedOn"), .escaped("value", values["basedOn"] ?? String(m.revisions.last?.revision ?? 0))) : .empty,
                reason && !m.rounds.isEmpty ? Form.select(name: "surveyRoundId", label: "Prompted by",
                    options: [("", "No survey round")] + m.rounds.map { ($0.id!.uuidString, "Mini-survey round \($0.number)") },
                    selected: values["surveyRoundId"], error: errors["surveyRoundId"]) : .empty,
                .group((0..<min(rows, max(items.count + 2, 3))).map { i in
                    let item = i < items.count ? items[i] : nil
                    return .div(.class("panel"),
                        Form.select(name: "competency_\(i)", label: "Target competency", options: options, selected: value("competency_\(i)", item?.competencyID.uuidString), error: errors["competency_\(i)"]),
                        .input(.type(.hidden), .escaped("name", "id_\(i)"), .escaped("value", value("id_\(i)", item?.id?.uuidString) ?? "")),
                        Form.field(name: "action_\(i)", label: "Action \(i + 1)", value: value("action_\(i)", item?.action), error: errors["action_\(i)"]),
                        goalBoxes(row: i, item: item, goals: m.goals, values: values),
                        Form.field(name: "owner_\(i)", label: "Owner", value: value("owner_\(i)", item?.owner ?? (item == nil ? nil : "Client")), error: errors["owner_\(i)"],
                                   hint: "Who carries it out; Client when left blank."),
                        Form.select(name: "status_\(i)", label: "Status", options: IDPItem.statuses.map { ($0, IDPItem.statusTitle($0)) },
                                    selected: value("status_\(i)", item?.status ?? "planned"), error: errors["status_\(i)"]),
                        Form.field(name: "due_\(i)", label: "Due date", type: "date", value: value("due_\(i)", item?.dueDate), error: errors["due_\(i)"]),
                        Form.field(name: "measure_\(i)", label: "Success measure", value: value("measure_\(i)", item?.successMeasure), error: errors["measure_\(i)"]),
                        Form.field(name: "support_\(i)", label: "Support needed", value: value("support_\(i)", item?.supportNeeded)))
                })))
    }

    static let fieldNames = ["reason", "basedOn", "surveyRoundId"] + (0..<rows).flatMap {
        ["id_\($0)", "competency_\($0)", "action_\($0)", "goal_\($0)", "owner_\($0)", "status_\($0)", "due_\($0)", "measure_\($0)", "support_\($0)"]
    } + goalFieldNames

    /// Form rows with anything typed in them.
    static func filledRows(_ values: [String: String]) -> [Int] {
        (0..<rows).filter { i in ["competency_\(i)", "action_\(i)", "due_\(i)", "measure_\(i)"].contains { !(values[$0] ?? "").isEmpty } }
    }

    /// Service error keys (`items[i].action`) renamed to this form's field names.
    static func fieldErrors(_ errors: [String: String], values: [String: String]) -> [String: String] {
        errors.mappedToRows("items", rows: filledRows(values), fields: [
            "competencyId": "competency_", "action": "action_", "dueDate": "due_", "successMeasure": "measure_",
            "owner": "owner_", "status": "status_"])
    }

    /// The typed rows that are not empty, as service input; each row's goals as ticked (``goalIDs(_:row:)``).
    static func items(_ values: [String: String]) -> [PlanService.ItemInput] {
        filledRows(values).map { i in
            .init(id: values["id_\(i)"].flatMap(UUID.init(uuidString:)),
                  competencyID: values["competency_\(i)"].flatMap(UUID.init(uuidString:)), action: values["action_\(i)"],
                  dueDate: values["due_\(i)"], successMeasure: values["measure_\(i)"], supportNeeded: values["support_\(i)"],
                  goalIDs: goalIDs(values, row: i),
                  owner: values["owner_\(i)"], status: values["status_\(i)"])
        }
    }
}
