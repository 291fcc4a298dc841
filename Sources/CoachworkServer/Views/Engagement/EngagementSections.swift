import Vapor
import Plot
import CoachworkCore

/// The per-phase sections of the engagement page.
enum EngagementSections {
    static func section(_ phase: Phase, _ o: EngagementOverview, _ content: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "section", nodes: [.class("panel"), .escapedAttribute("id", phase.rawValue),
            .h2(.text("\(phase.ordinal + 1). \(phase.title)\(phase == o.phase ? " (current)" : "")")), .group(content)])
    }

    static func contracting(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard let a = o.agreement else { return .empty }
        let accepted = ["client", "sponsor"].map { party in
            o.acceptedParties.contains(party) ? "accepted by the \(party)" : "not yet accepted by the \(party)"
        }.joined(separator: ", ")
        return section(.contracting, o,
            .p(.text("Coaching agreement version \(a.version): \(a.status)\(a.status == "draft" ? "" : ", \(accepted)"). \(counted(o.facts.agreementGoalCount, "goal")), \(counted(a.plannedSessions, "session")) every \(a.cadenceWeeks == 1 ? "week" : "\(a.cadenceWeeks) weeks") over \(counted(a.durationMonths, "month")).")),
            .p(link(o.coachActs && o.phase != .closed ? "Open the agreement to edit or propose it" : "Read the coaching agreement", Paths.agreement(o.id))),
            o.isCoach ? meetingsTable(o, kinds: [.observation]) : .empty,
            o.isCoach && o.phase == .contracting && o.scope.engagement.isActive
                ? scheduleForm(o, kinds: [.observation], values: [:], errors: [:]) : .empty)
    }

    static func meetingsTable(_ o: EngagementOverview, kinds: Set<Meeting.Kind>) -> Node<HTML.BodyContext> {
        let shown = o.meetings.filter { kinds.contains($0.meetingKind) }
        guard o.scope.can(.view, .sharedNotes) || !shown.isEmpty else { return .empty }
        let rows: [[Node<HTML.BodyContext>]] = shown.map { m in
            [link(m.meetingKind.title, Paths.meeting(o.id, m.id!)), .text(LocalTime.format(m.startsAt, zone: o.zone)),
             .text(m.objective), badge(m.status, tone: m.status == "held" ? "success" : m.status == "cancelled" ? "neutral" : "info")]
        }
        return Table.render(caption: "Meetings", headers: ["Meeting", "Starts", "Objective", "Status"], rows: rows, empty: "No meetings yet.")
    }

    static func scheduleForm(_ o: EngagementOverview, kinds: [Meeting.Kind], values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard o.coachActs else { return .empty }
        return .group(.h3(.text("Schedule a meeting")),
            Form.post(action: "\(Paths.engagement(o.id))/meetings", csrf: o.scope.req.csrfToken, submitLabel: "Schedule",
                Form.select(name: "kind", label: "Kind", options: kinds.map { ($0.rawValue, $0.title) }, selected: values["kind"], error: errors["kind"]),
                Form.field(name: "startsAt", label: "Starts (\(o.zone))", type: "datetime-local", value: values["startsAt"], error: errors["startsAt"], required: true),
                Form.field(name: "durationMinutes", label: "Duration in minutes", type: "number", value: values["durationMinutes"] ?? "60", error: errors["durationMinutes"]),
                Form.field(name: "objective", label: "Objective of the meeting", value: values["objective"], error: errors["objective"]),
                Form.field(name: "location", label: "Where (room or address, optional)", value: values["location"], error: errors["location"]),
                Form.field(name: "videoURL", label: "Video call link (optional)", type: "url", value: values["videoURL"], error: errors["videoURL"]),
                attendeeChoices(errors["attendees"], selected: values["attendees"]),
                .p(.class("hint"), .text("Each attendee is emailed an invitation with a calendar file, in their own time zone."))))
    }

    /// Checkboxes of the parties who attend: those in `selected` (comma-separated), else the client.
    static func attendeeChoices(_ error: String?, selected: String? = nil) -> Node<HTML.BodyContext> {
        let ticked = Set((selected ?? "client").split(separator: ",").map(String.init))
        let boxes: [Node<HTML.BodyContext>] = Meeting.parties.map { party in
            let id = "att-\(party.value)"
            let checked: Attribute<HTML.InputContext> = ticked.contains(party.value) ? .flag("checked") : .empty
            let input: Node<HTML.BodyContext> = .input(.type(.checkbox), .name("attendees"), .escaped("value", party.value), .escaped("id", id), checked)
            return .span(.class("choice"), input, .label(.escapedAttribute("for", id), .text(party.label)))
        }
        let legend: Node<HTML.BodyContext> = .element(named: "legend", nodes: [.text("Attending besides you")])
        let errorNode: Node<HTML.BodyContext> = error.map { .p(.class("error-message"), .text($0)) } ?? .empty
        return .element(named: "fieldset", nodes: [.class("field choices"), legend, .div(.class("choice-row"), .group(boxes)), errorNode])
    }

    /// Per rater group: how many are nominated and whether the group can show in 360 results
    /// (each group needs at least the anonymity threshold of answers).
    static func groupCoverage(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        let threshold = o.settings.ratingThreshold
        let counts = Dictionary(grouping: o.stakeholders.filter(\.isApproved), by: \.relationship).mapValues(\.count)
        let items: [Node<HTML.ListContext>] = StakeholderService.relationships.compactMap { group in
            guard let n = counts[group] else { return nil }
            let merged = group == "manager" && !o.settings.showManagerSeparately
            let status = merged ? "merged into \"all others\" by the practice's setting"
                : n >= threshold ? "can be shown as a group if all answer"
                : "needs \(threshold - n) more to be shown as a group; until then counted in \"all others\" only"
            return .li(.text("\(Labels.relationship(group)): \(n) approved, \(status)."))
        }
        return .group(.p(.class("hint"), .text("Rater groups in 360 results (each needs at least \(threshold) answers):")), .ul(.group(items)))
    }

    /// "Approved", "Proposed by the client" or "Declined", with who decided.
    static func raterStatus(_ s: Stakeholder) -> Node<HTML.BodyContext> {
        switch s.status ?? "approved" {
        case "proposed": return badge("proposed by the client", tone: "warning")
        case "declined": return badge("declined", tone: "neutral")
        default: return .text(s.proposedBy == "client" ? "approved by \(s.decidedBy ?? "the sponsor")" : "approved")
        }
    }

    /// The coach's "Withdraw…" for one stakeholder, folded: a reason, then the button.
    static func withdrawForm(_ o: EngagementOverview, _ s: Stakeholder) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", nodes: [.text("Withdraw…")]),
            Form.post(action: "\(Paths.engagement(o.id))/stakeholders/\(s.id!)/withdraw", csrf: o.scope.req.csrfToken, submitLabel: "Withdraw \(s.name)",
                      .p(.class("hint"), .text("Their unused links stop working and open questionnaires stop counting them; what they already answered stays.")),
                      Form.field(name: "reason", label: "Reason (optional)")),
        ])
    }

    static func awareness(_ o: EngagementOverview, values: [String: String], errors: [String: String]) -> Node<HTML.BodyContext> {
        guard o.phase >= .awareness else { return .empty }
        let canDecide = o.scope.decidesRaters
        // The HR partner reads names and relationships; addresses are for those who nominate or approve raters.
        let showEmail = canDecide || o.scope.can(.create, .stakeholderList)
        let stakeholderRows: [[Node<HTML.BodyContext>]] = o.stakeholders.map { s in
            [.text(s.name), .text(showEmail ? s.email : "—"), .text(Labels.relationship(s.relationship)), raterStatus(s),
             canDecide && s.status == "proposed" ? .group(
                Form.button(action: "\(Paths.engagement(o.id))/stakeholders/\(s.id!)/approve", csrf: o.scope.req.csrfToken, label: "Approve", style: "secondary"),
                Form.button(action: "\(Paths.engagement(o.id))/stakeholders/\(s.id!)/decline", csrf: o.scope.req.csrfToken, label: "Decline", style: "quiet"))
                : o.isCoach && o.scope.engagement.isOngoing ? withdrawForm(o, s) : .empty]
        } + o.withdrawnStakeholders.map { s in
            [.text(s.name), .text(showEmail && !s.email.hasSuffix("@erased.invalid") ? s.email : "—"), .text(Labels.relationship(s.relationship)),
             badge("withdrawn", tone: "neutral"), .empty]
        }
        return section(.awareness, o,
            meetingsTable(o, kinds: [.kickoff]),
            o.phase == .awareness ? scheduleForm(o, kinds: [.kickoff], values: values, errors: errors) : .empty,
            o.scope.can(.view, .stakeholderList)
                ? Table.render(caption: "Stakeholders (\(o.stakeholders.filter(\.isApproved).count) approved)", headers: ["Name", "Email", "Relationship", "Status", ""], rows: stakeholderRows, empty: "No stakeholders nominated yet.")
                : .p(.text("\(o.facts.nominatedStakeholderCount) stakeholders are nominated.")),
            o.isCoach && !o.stakeholders.isEmpty ? groupCoverage(o) : .empty,
            o.scope.can(.create, .stakeholderList) && o.scope.engagement.isActive && o.phase != .closed && o.phase != .contracting ? .group(
                .h3(.text(o.isCoach ? "Nominate a stakeholder" : "Propose a rater")),
                o.isCoach ? .p(.text("Many at once? "), link("Import stakeholders from a CSV file", Paths.importStakeholders(o.id)), .text(" (with a preview)."))
                    : .p(.class("hint"), .text("Your sponsor or coach approves each rater you propose before any questionnaire is sent.")),
                Form.post(action: "\(Paths.engagement(o.id))/stakeholders", csrf: o.scope.req.csrfToken, submitLabel: "Nominate",
                    Form.field(name: "name", label: "Name", value: values["name"], error: errors["name"], required: true),
                    Form.field(name: "email", label: "Email address", type: "email", value: values["email"], error: errors["email"], required: true),
                    Form.select(name: "relationship", label: "Relationship to the client", options: Labels.relationshipOptions, selected: values["relationship"], error: errors["relationship"]),
                    TimeZoneField.select(selected: values["timeZone"] ?? o.client.timeZone, error: errors["timeZone"]))) : .empty)
    }
}
