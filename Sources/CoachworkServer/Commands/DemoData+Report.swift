import Vapor
import Fluent
import CoachworkCore

/// The end of the demo: the follow-up session (proposed by the meeting service six weeks after
/// the last coaching session), then the final report issued, approved by Daniel and released.
extension DemoRun {
    func closeWithReport() async throws {
        guard let followUp = try await Meeting.query(on: app.db).filter(\.$engagement.$id == engagementID)
                .filter(\.$kind == Meeting.Kind.followUp.rawValue).filter(\.$status == Meeting.Status.planned.rawValue).first() else { return }
        clock(3, 18)
        _ = try await MeetingService(req: coachRequest).record(try await asCoach(), meetingID: followUp.id, .init(
            sharedNotes: "Reviewed the three survey rounds and the goals with Daniel; agreed what he keeps doing on his own.",
            privateNotes: "Proud, and a little worried about slipping back under the peak season; a check-in call in three months.",
            actionItems: [("Re-read the decision-rights matrix with the directors each quarter", "client", day(-60))],
            feedbackObtained: """
            Daniel asked his three directors and Rebecca what had changed. They named the Monday review run without \
            him, the co-chaired S&OP and being asked before decisions are made.
            """,
            achievements: """
            Escalations down from about 25 to 6 a week; the network redesign endorsed by the executive committee with \
            Finance and Technology presenting alongside him; the WMS rollout's phase 2 planned jointly with Technology.
            """))
        clock(3, 19)
        let outcomes: [ReportService.GoalOutcome] = zip(goalIDs, [
            ("achieved", "Escalations at 6 a week (from about 25); directors decide within the agreed matrix."),
            ("achieved", "Partnering +2.1 in round 3; S&OP and the WMS rollout are planned jointly."),
            ("partly_achieved", "Redesign endorsed; phase 2 funding still open at the board."),
        ]).map { .init(goalID: $0.0, outcome: $0.1.0, note: $0.1.1) }
        _ = try await ReportService(req: coachRequest).issue(try await asCoach(), coachSummary: """
            Daniel set out to lead through his directors and to build the network plan with his peers instead of \
            defending it. The stakeholders saw it: Developing Others rose from +0.8 in round 1 to +2.0 in round 3, \
            Partnering from +0.3 to +2.1, with the same seven respondents in rounds 2 and 3. What helped most was the \
            decision-rights matrix and the joint checkpoints; what to watch is the pull back into the detail when a \
            site is in trouble.
            """, outcomes: outcomes)
        clock(2, 11)
        let asClient = try await self.as(client)
        _ = try await ReportService(req: asClient.req).approve(asClient, reflection: """
            I came in thinking my job was to have the answer. The surveys told me people wanted me to ask. Stepping \
            out of the Monday review was the hardest and the best change; I will keep the matrix and the checkpoints.
            """)
        clock(2, 12)
        _ = try await ReportService(req: coachRequest).release(try await asCoach())
        // A last three-way check-in with the sponsor: invited, so the page shows the change and cancel forms.
        clock(1, 10)
        _ = try await MeetingService(req: coachRequest).schedule(try await asCoach(), .init(
            kind: Meeting.Kind.threeWayCheckIn.rawValue, startsAt: at(-10, 16), durationMinutes: 45,
            objective: "Agree with Grace how Daniel keeps the gains after the engagement ends.",
            attendees: ["client", "sponsor"], videoURL: "https://video.example.com/northwind-coaching"))
    }
}
