import Vapor
import Plot
import CoachworkCore

/// The engagement page: parties, the phase stepper, what is done and what is next, then
/// one section per phase. Forms appear only for the coach, content only as the policy allows.
enum EngagementShowPage {
    static func response(_ o: EngagementOverview, errors: [String: String] = [:], values: [String: String] = [:],
                         problem: DomainError? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let e = o.scope.engagement
        return o.scope.req.page(
            "Coaching of \(o.client.name)", status: status,
            breadcrumbs: [("Engagements", Paths.engagements)],
            .p(.class("muted"), .text("Coach \(o.coach.name) · sponsor \(o.sponsor.name) · HR partner \(o.hrPartner.name) · \(e.status)")),
            o.scope.can(.view, .engagementExport)
                ? .p(.a(.escapedAttribute("href", Paths.engagementExport(o.id)), .text("Download the whole engagement (ZIP)"))) : .empty,
            stepper(o.phase),
            nextSteps(o, problem: problem),
            EngagementStatusPanel.render(o, values: values, errors: errors),
            DeliveryProblems.render(o),
            .div(.class("columns"),
                 .div(.class("panel"), .h2(.text("Presenting problem")), .p(.text(e.presentingProblem))),
                 .div(.class("panel"), .h2(.text("Objective")), .p(.text(e.objective)))),
            Form.errorSummary(errors),
            EngagementSections.contracting(o),
            EngagementSections.awareness(o, values: values, errors: errors),
            EngagementSections.analysis(o, values: values, errors: errors),
            EngagementSections.achievement(o, values: values, errors: errors),
            auditTrail(o))
    }

    static func stepper(_ current: Phase) -> Node<HTML.BodyContext> {
        .element(named: "ol", nodes: [.class("stepper"), .attribute(named: "aria-label", value: "Phases")] + Phase.allCases.map { phase in
            let state = phase == current ? "current" : (phase < current ? "done" : "todo")
            return .li(.escapedAttribute("class", state), phase == current ? .attribute(named: "aria-current", value: "step") : .empty,
                       .text("\(phase.ordinal < 4 ? "\(phase.ordinal + 1). " : "")\(phase.title)"))
        })
    }

    /// The current phase's exit criteria, met or not, and the button to move on.
    static func nextSteps(_ o: EngagementOverview, problem: DomainError?) -> Node<HTML.BodyContext> {
        let criteria = ExitCriterion.allCases.filter { $0.phase == o.phase }
        let unmet = Set(PhaseGate().unmetCriteria(leaving: o.phase, facts: o.facts))
        let items: [Node<HTML.ListContext>] = criteria.map { criterion in
            .li(.escapedAttribute("class", unmet.contains(criterion) ? "unmet" : "met"),
                .span(.class("visually-hidden"), .text(unmet.contains(criterion) ? "To do: " : "Done: ")),
                .text(unmet.contains(criterion) ? criterion.message : criterion.label))
        }
        return .div(.class("panel"), .attribute(named: "id", value: "next"),
            .h2(.text(o.phase == .closed ? "The engagement is closed" : "\(o.phase.title): what is left to do")),
            problem.map { p in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                     .p(.strong(.text(p.message))),
                     .ul(.group(p.details.map { Node<HTML.ListContext>.li(.text($0.message)) })))
            } ?? .empty,
            items.isEmpty ? .empty : .element(named: "ul", nodes: [.class("checklist"), .group(items)]),
            o.coachActs && o.phase.next == .closed && o.meetings.contains(where: \.isPlanned)
                ? closeWithPlannedMeetings(o)
                : o.coachActs && o.phase.next != nil
                ? Form.button(action: "\(Paths.engagement(o.id))/advance", csrf: o.scope.req.csrfToken,
                              label: o.phase.next == .closed ? "Close the engagement" : "Move on to \(o.phase.next!.title.lowercased())",
                              style: unmet.isEmpty ? "primary" : "secondary")
                : .empty)
    }

    /// Closing while meetings are planned: says which, and asks for a tick to cancel them.
    static func closeWithPlannedMeetings(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        let planned = o.meetings.filter(\.isPlanned)
        return Form.post(action: "\(Paths.engagement(o.id))/advance", csrf: o.scope.req.csrfToken, submitLabel: "Close the engagement",
            .p(.text("\(planned.count) planned meeting\(planned.count == 1 ? " is" : "s are") still on the calendar:")),
            .ul(.group(planned.map { Node<HTML.ListContext>.li(.text("\($0.meetingKind.title), \(LocalTime.format($0.startsAt, zone: o.zone))")) })),
            .div(.class("field"), .element(named: "label", nodes: [
                .selfClosedElement(named: "input", attributes: [.attribute(named: "type", value: "checkbox"), .attribute(named: "name", value: "cancelPlannedMeetings"),
                                                                 .attribute(named: "value", value: "yes"), .flag("required")]),
                .text(" Cancel \(planned.count == 1 ? "it" : "them") and send invited attendees a cancellation."),
            ])))
    }

    static func auditTrail(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard !o.auditTrail.isEmpty else { return .empty }
        return .div(.class("panel"), .h2(.text("Audit trail")),
            Table.render(caption: "Latest 20 events", headers: ["When", "Who", "What"], rows: o.auditTrail.map {
                [.text(LocalTime.format($0.at, zone: o.zone)), .text($0.actor), .text($0.detail)]
            }, empty: "Nothing yet."))
    }
}
