import Vapor
import Fluent
import CoachworkCore

/// Phase 4 of the demo: coaching sessions, three planned mini-survey rounds (the rater set
/// changes in round 2), a results review and an IDP correction linked to round 1, the follow-up
/// session, and the final report issued, approved by the client and released. The engagement
/// stays in achievement, for the visitor to close.
extension DemoRun {
    /// Sessions, surveys, the correction, the follow-up and the released report, up to two days ago.
    func achievement() async throws {
        try await hold(.coachingSession, daysAgo: 109, objective: "Decide which decisions to hand to the regional directors.",
            shared: """
            Sorted last month's 96 escalations: 61 the directors could decide alone, 24 they could decide and tell \
            Daniel, 11 need him. Daniel takes the three piles to the directors as the first version of the \
            decision-rights matrix. Carla runs the Monday exception review from next week.
            """,
            private: "Strong identity as the one who fixes things (\"If I'm not in the room, what am I for?\"). The worry is relevance, not control. Come back to it in session 2.",
            actions: [("Share the sorted escalation list with the directors and agree a first decision-rights matrix", "client", day(94)),
                      ("Send the decide / decide-and-tell / bring-to-me template", "coach", day(106))])
        try await hold(.coachingSession, daysAgo: 95, objective: "Prepare the first S&OP co-chaired with Rebecca Holt.",
            shared: """
            Decision-rights matrix agreed with Carla and Hannah; Tyrone wants two changes on transport contracts. \
            Escalations are down from about 25 to 14 a week. Rehearsed the pre-meeting with Rebecca: start from her \
            forecast risk rather than from operations capacity; name the trade-off, then ask.
            """,
            private: "Noticed himself interrupting twice during the rehearsal and laughed about it: first self-observation without defensiveness.",
            actions: [("Pre-meeting with Rebecca on the three hardest trade-offs before S&OP", "client", day(88)),
                      ("Ask Tyrone what he needs to sign off the matrix", "client", day(90))])
        try await hold(.coachingSession, daysAgo: 81, objective: "Review the first co-chaired S&OP; start the network redesign story.",
            shared: """
            S&OP: two of three trade-offs settled in the room, one went to Grace. Daniel stayed out of the Monday \
            review three weeks out of four. Started a one-page narrative for the network redesign: why now, what \
            changes for customers, what it costs.
            """,
            private: "Stepped back into the exception review during the Memphis labour shortage, \"just this once\". Worth naming in the results review.",
            actions: [("Draft the one-page redesign narrative and test it with Marcus Feld", "client", day(66)),
                      ("Send mini-survey round 1 to the stakeholders", "coach", day(74))])

        // Three rounds planned at the start of the phase, three weeks apart; the coach sends each.
        clock(80, 10)
        _ = try await SurveyService(req: coachRequest).plan(try await asCoach(), firstOn: day(77), count: 3, intervalWeeks: 3, openDays: 10)
        let round1 = try await surveyRound(startedDaysAgo: 77, closedDaysAgo: 67, answers: [
            ("carla.mendes", 76, (2, 1), "The directors now run the Monday review; he stays out of it most weeks.", "Keep out of the detail even when a site is in trouble."),
            ("rebecca.holt", 74, (0, 1), "First co-chaired S&OP went well; still early days.", nil),
            ("tyrone.jackson", 73, (1, 0), nil, nil),
            ("marcus.feld", 72, (1, 0), nil, "Bring Finance into the redesign numbers earlier."),
            ("hannah.brooks", 70, (1, 1), nil, "Share the redesign thinking with the directors before it is final."),
            ("aisha.karimi", 68, (0, -1), "Still hard to get time with him on the WMS rollout; decisions reach us as done deals.", nil),
        ])

        try await hold(.resultsReview, daysAgo: 63, objective: "Discuss mini-survey round 1 and decide corrections to the IDP.",
            shared: """
            Round 1 (6 of 8 stakeholders answered): Developing Others +0.8, four of six saw improvement; Partnering \
            +0.3, three of six saw improvement and one saw a step back. Daniel recognised the WMS rollout as the \
            sore point with Technology. Corrections agreed: a fortnightly joint checkpoint with Technology, \
            fortnightly 1:1s with Aisha Karimi during the rollout, and a regional director in the redesign preparation.
            """,
            private: "Took the Technology result personally at first; reframed as information within the session.")
        clock(62, 10)
        _ = try await PlanService(req: coachRequest).revise(try await asCoach(), reason: """
            Results review of round 1: Partnering barely moved (+0.3) and Technology saw a step back. Added a \
            fortnightly WMS-rollout checkpoint with Technology, made the 1:1 with Aisha Karimi fortnightly, and \
            brought a regional director into the network redesign preparation.
            """, items: Self.revisedPlan(self), roundID: round1.id)
        clock(60, 16)
        let asSponsor = try await self.as(sponsor)
        try await PlanService(req: asSponsor.req).acknowledge(asSponsor, revision: nil)

        // Round 2: Kenji Watanabe answers for the first time, so its change from round 1 is not shown.
        try await surveyRound(startedDaysAgo: 56, closedDaysAgo: 46, answers: [
            ("carla.mendes", 55, (3, 2), "We decide, he backs us. Big change since the spring.", nil),
            ("hannah.brooks", 53, (2, 2), nil, "Keep bringing the directors into the redesign."),
            ("rebecca.holt", 52, (2, 2), "S&OP is a joint plan now; we settled the peak-capacity trade-off in the room.", nil),
            ("tyrone.jackson", 51, (2, 1), nil, nil),
            ("kenji.watanabe", 50, (2, 1), nil, "Involve Procurement in the carrier decisions as early as Sales."),
            ("aisha.karimi", 49, (1, 1), "The joint WMS checkpoint helped; we plan together now.", nil),
            ("marcus.feld", 48, (0, 2), "Cannot judge his team from Finance; in our forums he now asks before he decides.", nil),
        ])

        try await hold(.coachingSession, daysAgo: 45, objective: "Discuss round 2 results; plan the stretch to the board meeting.",
            shared: """
            Round 2 (7 of 8 answered) shows clear movement: Developing Others +1.7 and Partnering +1.6, up from +0.8 \
            and +0.3 in round 1. Escalations are at 7 a week. Daniel presented the network redesign to the executive \
            committee with Marcus and Aisha; endorsed, with one open question on phase 2 funding.
            """,
            private: "Talked about the directors' wins more than his own: a real shift since session 1. Check the pace is sustainable; he mentioned weekends on the board pack.",
            actions: [("Send the board pack draft to Grace and Tomás", "client", day(35)),
                      ("Collect achievements and open points for the follow-up session", "coach", day(8))])

        // Round 3: the same seven as round 2, so the change between them is shown.
        try await surveyRound(startedDaysAgo: 28, closedDaysAgo: 18, answers: [
            ("carla.mendes", 27, (3, 2), "He trusts the directors with the network now.", nil),
            ("hannah.brooks", 26, (2, 2), nil, nil),
            ("rebecca.holt", 25, (2, 3), "We prepared the board pack together.", nil),
            ("tyrone.jackson", 24, (2, 2), nil, "Keep the decision-rights matrix alive as the team changes."),
            ("kenji.watanabe", 23, (2, 2), nil, nil),
            ("aisha.karimi", 22, (2, 2), "Phase 2 of the WMS rollout was planned jointly from day one.", nil),
            ("marcus.feld", 20, (1, 2), nil, nil),
        ])
        try await closeWithReport()
    }

    /// Starts a round, submits the answers through the links the service created, closes it.
    /// Each answer: stakeholder, day, (Developing Others, Partnering), a comment and a suggestion
    /// (both on Partnering when the comment mentions peers, else on Developing Others).
    @discardableResult
    private func surveyRound(startedDaysAgo: Int, closedDaysAgo: Int,
                             answers: [(String, Int, (Int, Int), String?, String?)]) async throws -> SurveyRound {
        clock(startedDaysAgo, 9)
        let surveys = SurveyService(req: coachRequest)
        let round = try await surveys.start(try await asCoach(), closesInDays: startedDaysAgo - closedDaysAgo)
        let developing = try competencies["Developing Others"]!.requireID()
        let partnering = try competencies["Partnering"]!.requireID()
        for (local, daysAgo, changes, comment, suggestion) in answers {
            clock(daysAgo, 17, 30)
            let invitation = try await SurveyInvitation.query(on: app.db).filter(\.$round.$id == round.requireID())
                .filter(\.$stakeholder.$id == stakeholder(local).requireID()).first()!
            let link = try await PersonalLink.query(on: app.db).filter(\.$subjectID == invitation.requireID())
                .filter(\.$purpose == PersonalLink.Purpose.surveyResponse.rawValue).first()!
            let isPeer = stakeholder(local).relationship == "peer"
            var input: [UUID: ResponseService.ProgressInput] = [
                developing: .init(change: changes.0), partnering: .init(change: changes.1),
            ]
            input[isPeer ? partnering : developing]?.comment = comment
            input[isPeer ? partnering : developing]?.suggestion = suggestion
            // Those who saw most change were followed up with most (Goldsmith's pattern).
            let total = changes.0 + changes.1
            let followUp: FollowUpFrequency = total >= 4 ? .consistently : total == 3 ? .often : total == 2 ? .sometimes : total >= 0 ? .rarely : .never
            try await ResponseService(req: coachRequest).submitSurvey(link: link, invitation: invitation, round: round, answers: input,
                                                                      followUp: followUp.rawValue)
        }
        clock(closedDaysAgo, 8)
        return try await surveys.close(try await asCoach(), roundID: round.requireID())
    }

    /// IDP revision 2: the correction after round 1.
    static func revisedPlan(_ run: DemoRun) -> [PlanService.ItemInput] {
        let first = firstPlan(run)
        let developing = run.competencies["Developing Others"]!.id
        let partnering = run.competencies["Partnering"]!.id
        let goals = run.goalIDs
        var decisionRights = first[0], exceptionReview = first[1]
        decisionRights.status = "done"
        exceptionReview.status = "in_progress"
        return [decisionRights, exceptionReview,
            .init(competencyID: developing, action: "Bring one regional director into each network redesign preparation meeting.",
                  dueDate: run.day(20), successMeasure: "Each director has presented one part of the redesign to the executive committee.",
                  supportNeeded: "Tomás to welcome directors in executive committee preparation.", goalIDs: [goals[0], goals[2]]),
            .init(id: first[2].id, competencyID: partnering, action: "Fortnightly 1:1 with Aisha Karimi (Technology) during the WMS rollout; monthly with the other VPs.",
                  dueDate: run.day(-20), successMeasure: "Technology reports improved partnering in round 2.",
                  supportNeeded: "", goalIDs: [goals[1]], status: "in_progress"),
            .init(competencyID: partnering, action: "Joint WMS-rollout checkpoint with Technology every second Thursday; agree decisions before they reach the project board.",
                  dueDate: run.day(-20), successMeasure: "No rollout decision reaches the project board without both functions' agreement.",
                  supportNeeded: "Aisha Karimi to co-own the checkpoint.", goalIDs: [goals[1]]),
            first[3], first[4],
        ]
    }
}
