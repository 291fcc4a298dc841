import Vapor
import Fluent
import CoachworkCore

/// Phases 1 and 2 of the demo: the agreement, its acceptance, the kickoff and the stakeholders.
extension DemoRun {
    /// Opens the engagement, agrees three goals, and has client and sponsor accept them.
    func contracting() async throws {
        let opened = DemoRun.openedDaysAgo
        clock(opened, 9, 30)
        let engagement = try await EngagementService(req: coachRequest).create(.init(
            clientID: client.id, sponsorID: sponsor.id, hrPartnerID: hrPartner.id, seniorExecutiveID: seniorExecutive.id,
            presentingProblem: """
            Daniel was promoted to VP Operations fourteen months ago after running the Midwest region. Operations \
            perform well (on-time-in-full 97.8%), but Daniel has become the bottleneck: most exceptions across the \
            14 distribution centres are escalated to him, his three regional directors wait for his call, and peers \
            in Sales, Finance and Technology experience him as defensive in cross-functional forums. Grace Whitfield \
            (COO) wants him to lead the network redesign programme next year, which needs a leader who works through \
            others and across functions.
            """,
            objective: """
            Move from hands-on operator to enterprise leader within seven months: hand day-to-day operational \
            decisions to the regional directors, build working partnerships with the peer functions, and win \
            executive and board support for the network redesign strategy.
            """))
        engagementID = try engagement.requireID()

        clock(opened - 3, 13)
        let agreement = AgreementService(req: coachRequest)
        let saved = try await agreement.save(try await asCoach(), .init(
            plannedSessions: 8, cadenceWeeks: 3, durationMonths: 7,
            confidentialityTerms: AgreementService.defaultConfidentiality
                + " Stakeholder interview notes and observation notes stay with the coach.",
            goals: [
                .init(statement: "Delegate day-to-day operational decisions to the three regional directors.",
                      successMeasure: "Escalations reaching Daniel fall from about 25 a week to 8 or fewer; the directors run the weekly exception review without him.",
                      targetDate: day(-40)),
                .init(statement: "Build working partnerships with the Sales, Finance and Technology leadership.",
                      successMeasure: "Peers report improved partnering in the progress surveys (mean +1 or better); S&OP trade-offs are settled in the meeting, not escalated to the COO.",
                      targetDate: day(-55)),
                .init(statement: "Win executive committee and board support for the network redesign strategy.",
                      successMeasure: "The executive committee endorses the strategy and the board approves phase 1 funding at its autumn meeting, without a second round of rework.",
                      targetDate: day(-70)),
            ]))
        goalIDs = try await saved.$goals.query(on: app.db).sort(\.$position).all().map { try $0.requireID() }

        clock(opened - 5, 8, 15)
        try await agreement.propose(try await asCoach())
        clock(opened - 6, 16, 40)
        let asClient = try await self.as(client)
        try await AgreementService(req: asClient.req).accept(asClient, version: nil)
        clock(opened - 7, 19, 5)
        let asSponsor = try await self.as(sponsor)
        try await AgreementService(req: asSponsor.req).accept(asSponsor, version: nil)
        clock(opened - 7, 19, 30)
        try await advance()
    }

    /// The kickoff with the executive team, and eight stakeholders nominated.
    func awareness() async throws {
        try await hold(.kickoff, daysAgo: 139, scheduledAhead: 1, minutes: 90,
            objective: "Background, goals and expected results with the executive team.",
            shared: """
            Present: Daniel Okafor, Grace Whitfield (COO, sponsor), Tomás Álvarez (CEO), Priya Raman (HR business \
            partner), Maya Lindqvist (coach).
            Background: Daniel leads 14 distribution centres and about 2,300 people through three regional directors. \
            Service levels are the best in the company's history; the cost is that Daniel works 60-hour weeks and \
            decisions queue behind him.
            What the executive team expects: Tomás wants the network redesign (consolidating to 11 sites, new WMS) \
            presented to the board in the autumn, with Daniel as its leader. Grace wants the regional directors to \
            own their regions and Daniel to be "in the room where the trade-offs are made" with Sales and Finance.
            Expected results: fewer escalations, a visible partnership with Sales in S&OP, a strategy the board \
            approves. Priya confirmed the 360 uses the company's leadership model and that results stay aggregated.
            Next steps: Daniel nominates stakeholders this week; the 360 goes out next; two interviews follow.
            """,
            private: "Grace twice called it \"fixing the bottleneck\"; Daniel went quiet both times. Explore how he heard it before the 360 results come in.",
            actions: [("Nominate 6 to 10 stakeholders across peers, direct reports and a customer", "client", day(137)),
                      ("Send the 360 introduction note for Daniel to forward to his stakeholders", "coach", day(138))])

        clock(138, 10)
        let nominations: [(String, String, String, String)] = [
            ("Rebecca Holt", "rebecca.holt", "peer", "America/New_York"),
            ("Marcus Feld", "marcus.feld", "peer", "America/Chicago"),
            ("Aisha Karimi", "aisha.karimi", "peer", "America/Chicago"),
            ("Kenji Watanabe", "kenji.watanabe", "peer", "America/Los_Angeles"),
            ("Carla Mendes", "carla.mendes", "direct_report", "America/Chicago"),
            ("Tyrone Jackson", "tyrone.jackson", "direct_report", "America/Chicago"),
            ("Hannah Brooks", "hannah.brooks", "direct_report", "America/New_York"),
            ("Oliver Grant", "oliver.grant", "customer", "Europe/London"),
        ]
        let service = StakeholderService(req: coachRequest)
        for (name, local, relationship, zone) in nominations {
            let stakeholder = try await service.nominate(try await asCoach(), .init(
                name: name, email: "\(local)@\(DemoData.emailDomain)", relationship: relationship, timeZone: zone))
            stakeholders[stakeholder.email] = stakeholder
        }
        clock(138, 11)
        try await advance()
    }

    /// The stakeholder with this email's local part.
    func stakeholder(_ local: String) -> Stakeholder {
        stakeholders["\(local)@\(DemoData.emailDomain)"]!
    }
}
