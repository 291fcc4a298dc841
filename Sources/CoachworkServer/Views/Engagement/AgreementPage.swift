import Vapor
import Plot
import CoachworkCore

/// The coaching agreement: read by every party, edited and proposed by the coach,
/// accepted by client and sponsor.
enum AgreementPage {
    /// Most goal rows a posted form may carry; the form shows the goals plus two blank rows.
    static let goalRows = 30

    static func response(_ scope: EngagementScope, agreement: CoachingAgreement, goals: [Goal], acceptances: [AgreementAcceptance],
                         acceptedBy: [UUID: String], versions: [AgreementService.Version] = [], values: [String: String] = [:],
                         errors: [String: String] = [:], status: HTTPResponseStatus = .ok) -> Response {
        let req = scope.req
        let zone = scope.actor.timeZone
        let goalRows: [[Node<HTML.BodyContext>]] = goals.map { [.text($0.statement), .text($0.successMeasure), .text($0.targetDate)] }
        let acceptanceRows: [[Node<HTML.BodyContext>]] = acceptances.map {
            [.text($0.party.capitalized), .text(acceptedBy[$0.$person.id] ?? ""), .text(LocalTime.format($0.acceptedAt, zone: zone)), .text("Version \(agreement.version)")]
        }
        let myParty = scope.party(among: [.client, .sponsor])?.rawValue
        let canAccept = myParty != nil && agreement.status != "draft" && !acceptances.contains { $0.party == myParty }
        let editable = scope.role == .coach && EngagementStep.editAgreement.phases.contains(scope.engagement.currentPhase) && scope.engagement.isActive
        return req.page(
            "Coaching agreement", status: status,
            breadcrumbs: [("Engagements", Paths.engagements), ("Engagement", Paths.engagement(scope.id))],
            .p(.text("Version \(agreement.version) · \(agreement.status)\(agreement.proposedAt.map { " · proposed \(LocalTime.format($0, zone: zone))" } ?? "")")),
            // A refused step (proposing without a goal, accepting twice) is said here, where the user acted.
            errors["_form"].map { .div(.class("notice notice-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) } ?? .empty,
            .div(.class("panel"),
                 .p(.text("\(counted(agreement.plannedSessions, "coaching session")), one every \(agreement.cadenceWeeks == 1 ? "week" : "\(agreement.cadenceWeeks) weeks"), over \(counted(agreement.durationMonths, "month")).")),
                 .h2(.text("Confidentiality")), .p(.text(agreement.confidentialityTerms))),
            Table.render(caption: "Goals", headers: ["Goal", "Success measure", "Target date"], rows: goalRows, empty: "No goals yet."),
            Table.render(caption: "Acceptances of this version", headers: ["Party", "Name", "When", "Version"], rows: acceptanceRows, empty: "Not accepted yet."),
            history(versions, zone: zone),
            canAccept ? Form.post(action: "\(Paths.agreement(scope.id))/accept", csrf: req.csrfToken, submitLabel: "I accept version \(agreement.version) of this agreement",
                                  .input(.type(.hidden), .name("version"), .escaped("value", String(agreement.version)))) : .empty,
            scope.role == .coach && agreement.status == "draft" && editable
                ? Form.button(action: "\(Paths.agreement(scope.id))/propose", csrf: req.csrfToken, label: "Propose to client and sponsor", style: "primary") : .empty,
            editable ? editForm(scope, agreement: agreement, goals: goals, values: values, errors: errors.filter { $0.key != "_form" }) : .empty)
    }

    /// Every version, oldest first, with its goals and who accepted it when: versions are kept, never overwritten.
    static func history(_ versions: [AgreementService.Version], zone: String) -> Node<HTML.BodyContext> {
        guard !versions.isEmpty else { return .empty }
        let rows: [[Node<HTML.BodyContext>]] = versions.map { v in
            let accepted = v.acceptances.map { "\($0.party.capitalized) \($0.person.name), \(LocalTime.format($0.acceptedAt, zone: zone))" }
            return [.text("Version \(v.agreement.version)"), .text(v.agreement.status),
                    .text(v.goals.map { "\($0.statement) (by \($0.targetDate))" }.joined(separator: "; ")),
                    .text(accepted.isEmpty ? "Not accepted" : accepted.joined(separator: "; "))]
        }
        return Table.render(caption: "All versions", headers: ["Version", "Status", "Goals", "Accepted by"], rows: rows, empty: "")
    }

    static func editForm(_ scope: EngagementScope, agreement: CoachingAgreement, goals: [Goal], values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        let value: (String, String?) -> String? = { name, fallback in values.isEmpty ? fallback : values[name] }
        let rows: [Node<HTML.BodyContext>] = (0..<min(goalRows, max(goals.count + 2, 3))).map { i in
            let goal = i < goals.count ? goals[i] : nil
            return .div(.class("panel"),
                Form.field(name: "goal_statement_\(i)", label: "Goal \(i + 1)", value: value("goal_statement_\(i)", goal?.statement), error: errors["goal_statement_\(i)"]),
                Form.field(name: "goal_measure_\(i)", label: "Success measure", value: value("goal_measure_\(i)", goal?.successMeasure), error: errors["goal_measure_\(i)"]),
                Form.field(name: "goal_date_\(i)", label: "Target date", type: "date", value: value("goal_date_\(i)", goal?.targetDate), error: errors["goal_date_\(i)"]))
        }
        return .group(
            .h2(.text(agreement.status == "draft" ? "Edit the draft" : "Change the agreement (makes version \(agreement.version + 1), to be accepted again)")),
            Form.errorSummary(errors),
            Form.post(action: Paths.agreement(scope.id), csrf: scope.req.csrfToken, submitLabel: "Save",
                Form.field(name: "plannedSessions", label: "Planned sessions", type: "number", value: value("plannedSessions", String(agreement.plannedSessions)), error: errors["plannedSessions"]),
                Form.field(name: "cadenceWeeks", label: "Weeks between sessions", type: "number", value: value("cadenceWeeks", String(agreement.cadenceWeeks)), error: errors["cadenceWeeks"]),
                Form.field(name: "durationMonths", label: "Duration in months", type: "number", value: value("durationMonths", String(agreement.durationMonths)), error: errors["durationMonths"]),
                Form.textArea(name: "confidentialityTerms", label: "Confidentiality terms", value: value("confidentialityTerms", agreement.confidentialityTerms), error: errors["confidentialityTerms"]),
                .p(.class("hint"), .text("Leave a goal's rows empty to leave it out.")),
                .group(rows)))
    }

    /// Field names of the edit form.
    static var fieldNames: [String] {
        ["plannedSessions", "cadenceWeeks", "durationMonths", "confidentialityTerms"]
            + (0..<goalRows).flatMap { ["goal_statement_\($0)", "goal_measure_\($0)", "goal_date_\($0)"] }
    }
}
