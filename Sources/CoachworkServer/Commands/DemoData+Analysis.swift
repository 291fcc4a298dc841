import Vapor
import Fluent
import CoachworkCore

/// Phase 3 of the demo: the 360, interviews, an observation, the analysis meeting, the
/// target competencies and the shared IDP.
extension DemoRun {
    /// The six competencies of the 360, in the order asked.
    static let assessed = ["Strategic Thinking", "Developing Others", "Accountability", "Partnering",
                           "Influencing and Negotiating", "Oral Communication"]

    /// Runs the 360 (self plus 7 of 8 stakeholders), interviews, and agrees the IDP.
    func analysis() async throws {
        for competency in try await CompetencyCatalog.defaultModel(on: app.db) { competencies[competency.name] = competency }
        let ids = try Self.assessed.map { try competencies[$0]!.requireID() }
        clock(137, 10)
        let assessment = try await AssessmentService(req: coachRequest).start(try await asCoach(), competencyIDs: ids,
            openQuestion: "What should Daniel keep doing, start doing or stop doing to lead the operations function well?")

        // Scores in the order of `assessed`; nil is "can't say". Oliver Grant (customer) never answers.
        let answers: [(rater: String?, daysAgo: Int, scores: [Int?], comment: String?)] = [
            (nil, 136, [3, 4, 5, 4, 3, 4], "Keep owning results. Start thinking two years out. Stop rewriting my directors' plans."),
            ("rebecca.holt", 136, [4, nil, 5, 2, 3, 4],
             "Daniel knows the network better than anyone and always delivers. In S&OP he defends the operations plan instead of building one with us; we leave with his plan or an escalation to Grace."),
            ("carla.mendes", 133, [4, 2, 5, 3, 3, 4],
             "He is generous with his time, but every exception still ends up on his desk. Let the directors make the call, and back us when we get one wrong."),
            ("marcus.feld", 133, [4, 3, 5, 3, 3, 4], nil),
            ("tyrone.jackson", 132, [3, 3, 5, 3, 4, 3], nil),
            ("kenji.watanabe", 131, [nil, 3, 4, 3, 3, 4], ""),
            ("hannah.brooks", 130, [4, 2, 4, 3, 3, 4],
             "Calm and clear in a crisis; peak season proved it. I would like to hear where the network is going, not only this week's numbers."),
            ("aisha.karimi", 126, [3, 3, 4, 2, 2, 3], nil),
        ]
        let assessmentID = try assessment.requireID()
        for answer in answers {
            clock(answer.daysAgo, 16, 20)
            var raters = AssessmentRater.query(on: app.db).filter(\.$assessment.$id == assessmentID)
            if let local = answer.rater {
                raters = raters.filter(\.$stakeholder.$id == (try stakeholder(local).requireID()))
            } else {
                raters = raters.filter(\.$group == RaterGroup.self_.rawValue)
            }
            let rater = try await raters.first()!
            let link = try await PersonalLink.query(on: app.db).filter(\.$subjectID == rater.requireID())
                .filter(\.$purpose == PersonalLink.Purpose.assessmentResponse.rawValue).first()!
            let form = try await AssessmentForm.load(link, coachRequest)
            // Each behaviour item varies around the rater's view of its competency (offsets 0, +1, -1
            // rotated per rater), so item results differ while competency means stay near the story's.
            var scores: [String: Int?] = [:]
            for (index, assessed) in form.competencies.enumerated() {
                for (position, item) in assessed.items.enumerated() {
                    scores[item.key] = .some(answer.scores[index].map { min(5, max(1, $0 + [0, 1, -1][(position + answer.daysAgo) % 3])) })
                }
            }
            try await ResponseService(req: coachRequest).respond(
                link: link, form: form, scores: scores, answers: [answer.comment ?? ""], submit: true)
        }
        clock(124, 8)
        _ = try await AssessmentService(req: coachRequest).close(try await asCoach(), assessmentID: assessmentID)

        try await interviewsAndObservation()
        try await plan()
    }

    /// The 360 report is Daniel's: the coach drafts a summary, Daniel edits and approves it and shares the
    /// competency figures too, so Grace (sponsor) and Priya (HR partner) have something to read.
    private func shareSummary() async throws {
        let assessment = try await Assessment.query(on: app.db).filter(\.$engagement.$id == engagementID).first()!
        clock(123, 19)
        try await AssessmentSharing(req: coachRequest).saveDraft(try await asCoach(), assessmentID: assessment.id, text: """
            Strengths: Daniel is seen as a reliable, calm operator who owns results, especially in a crisis.             To develop: letting his directors decide (Developing Others) and building plans with Sales and Finance             rather than defending his own (Partnering).
            """)
        clock(122, 8, 30)
        let asClient = try await self.as(client)
        try await AssessmentSharing(req: asClient.req).approve(asClient, assessmentID: assessment.id, text: """
            Strengths: my colleagues see me as a reliable, calm operator who owns results, especially in a crisis.             What I will develop: letting my directors make the calls they are closer to (Developing Others), and             building the operations plan with Sales and Finance instead of defending mine (Partnering).
            """, shareFigures: true)
    }

    private func interviewsAndObservation() async throws {
        try await hold(.observation, daysAgo: 133, scheduledAhead: 3, hour: 14, minutes: 90,
            objective: "Observe the Monday exception review across the three regions.", shared: "",
            private: """
            Monday exception review, 90 minutes, 11 attendees. Daniel took 19 of the 23 decisions himself; the \
            directors brought options but waited for him to choose. Carla started two proposals and Daniel finished \
            her sentences both times. He was at his best on the Memphis labour shortage: clear, calm, quick. Nobody \
            from Sales attended although three items were customer commitments.
            """)
        let plan = PlanService(req: coachRequest)
        clock(131, 18)
        _ = try await plan.recordInterview(try await asCoach(), stakeholderID: stakeholder("rebecca.holt").id, heldOn: day(131), notes: """
            Rebecca Holt, VP Sales, 45 minutes by video.
            Strengths: "the most reliable operator I have worked with"; honest about capacity; never over-promises.
            Development themes: S&OP feels like a negotiation, not a joint plan; Daniel brings a finished plan and \
            defends it line by line. When they disagree he escalates to Grace instead of calling her. Would welcome a \
            monthly 1:1 and a shared view of the three hardest trade-offs before each S&OP.
            """, themes: [
                ThemeInput(label: "Reliable, never over-promises", kind: "strength", competencyID: competencies["Accountability"]?.id),
                ThemeInput(label: "Defends his plan instead of building one with peers", kind: "development", competencyID: competencies["Partnering"]?.id),
                ThemeInput(label: "Escalates instead of talking to peers", kind: "development", competencyID: competencies["Partnering"]?.id),
            ])
        clock(129, 17)
        _ = try await plan.recordInterview(try await asCoach(), stakeholderID: stakeholder("carla.mendes").id, heldOn: day(129), notes: """
            Carla Mendes, Regional Director Midwest, 40 minutes in person (Chicago DC).
            Strengths: loyal to his people, covers for the team in front of the executives, deep knowledge of every site.
            Development themes: decisions flow back up. "I spend Sunday evenings preparing options he will redo." The \
            directors have no written decision rights; they learn the limits by being overruled. Wants to run the \
            exception review herself and to be in the room when the network redesign is discussed.
            """, themes: [
                ThemeInput(label: "Loyal to his people", kind: "strength", competencyID: nil),
                ThemeInput(label: "Decisions flow back up to him", kind: "development", competencyID: competencies["Developing Others"]?.id),
                ThemeInput(label: "Escalates instead of talking to peers", kind: "development", competencyID: competencies["Partnering"]?.id),
            ])
    }

    private func plan() async throws {
        try await hold(.analysis, daysAgo: 123, hour: 14, minutes: 120,
            objective: "Discuss the 360 and interview themes; agree target competencies and the development plan.",
            shared: """
            Reviewed the 360 (Daniel's self-rating and 7 of 8 stakeholders) and the themes of two interviews. \
            Accountability is a clear strength, rated highest by every group. The largest gaps between Daniel's view \
            and others' are Developing Others and Partnering. Daniel was surprised by the direct reports' ratings and \
            recognised the pattern from the exception review.
            Expectations: Daniel wants to keep "knowing what is going on" without deciding everything; Grace expects \
            visible change before the board season.
            Agreed: two target competencies, Developing Others and Partnering; the IDP draft follows this week.
            """,
            private: "He moved from defending the ratings to curiosity within about twenty minutes. Asked: \"What would I do with the time?\" Good entry point for goal 3.",
            actions: [("Talk to each regional director about which decisions they want to own", "client", day(109)),
                      ("Draft the IDP and send it to Daniel for comments", "coach", day(122))])

        let plan = PlanService(req: coachRequest)
        clock(123, 18)
        _ = try await plan.chooseTargets(try await asCoach(), [
            (competencies["Developing Others"]!.id,
             "Largest gap between self (4) and others in the 360; the direct reports rate it lowest of all six competencies, and both interviews describe decisions flowing back to Daniel. Serves goal 1."),
            (competencies["Partnering"]!.id,
             "Peers rate it lowest of the six; the Sales interview describes S&OP as a negotiation rather than a joint plan. Serves goals 2 and 3: the network redesign needs Sales, Finance and Technology behind it."),
        ])
        try await shareSummary()
        clock(122, 11)
        _ = try await plan.saveDraft(try await asCoach(), Self.firstPlan(self))
        clock(119, 9)
        _ = try await plan.finaliseAndShare(try await asCoach())
        clock(117, 15, 10)
        let asSponsor = try await self.as(sponsor)
        try await PlanService(req: asSponsor.req).acknowledge(asSponsor, revision: nil)
        clock(116, 13, 45)
        let asHR = try await self.as(hrPartner)
        try await PlanService(req: asHR.req).acknowledge(asHR, revision: nil)
        clock(116, 14)
        try await advance()
    }

    /// IDP revision 1.
    static func firstPlan(_ run: DemoRun) -> [PlanService.ItemInput] {
        let developing = run.competencies["Developing Others"]!.id
        let partnering = run.competencies["Partnering"]!.id
        let goals = run.goalIDs
        let plan: [PlanService.ItemInput] = [
            .init(competencyID: developing, action: "Agree a written decision-rights matrix with each regional director: what they decide, what they decide and tell, what they bring to Daniel.",
                  dueDate: run.day(94), successMeasure: "Matrix signed off by all three directors and shared with their teams.",
                  supportNeeded: "Priya to share the HR delegation-of-authority template.", goalIDs: [goals[0]]),
            .init(competencyID: developing, action: "Hand the Monday exception review to the regional directors on rotation; Daniel joins only the monthly summary.",
                  dueDate: run.day(80), successMeasure: "Escalations to Daniel at 8 a week or fewer for four consecutive weeks (ops dashboard).",
                  supportNeeded: "Grace to back the directors' calls publicly during the first month.", goalIDs: [goals[0]]),
            .init(competencyID: partnering, action: "Monthly 1:1s with the VPs of Sales, Finance, Technology and Procurement, with the peer setting the agenda.",
                  dueDate: run.day(60), successMeasure: "Twelve 1:1s held in the first quarter; peers say so in the mini-survey.",
                  supportNeeded: "", goalIDs: [goals[1]]),
            .init(competencyID: partnering, action: "Co-chair S&OP with Rebecca Holt; agree the three hardest trade-offs with her before each meeting.",
                  dueDate: run.day(66), successMeasure: "No S&OP decision escalated to the COO for two consecutive months.",
                  supportNeeded: "Rebecca's agreement to co-chair (Grace to ask).", goalIDs: [goals[1]]),
            .init(competencyID: partnering, action: "Build the network redesign case with Finance and Technology before it reaches the executive committee.",
                  dueDate: run.day(20), successMeasure: "Marcus Feld and Aisha Karimi co-present the business case.",
                  supportNeeded: "Tomás to sponsor a half-day workshop with the three functions.", goalIDs: [goals[1], goals[2]]),
        ]
        // Stable action ids, so the revision history shows what changed in each action.
        return plan.enumerated().map { index, item in
            var item = item
            item.id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))
            return item
        }
    }
}
