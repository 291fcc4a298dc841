import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// The demo loader: one engagement in achievement, every phase filled in, loaded once.
@Suite struct DemoDataTests {
    @Test func loadsOneEngagementInAchievementOnceAndTheCoachCanOpenIt() async throws {
        try await withApp { t in
            let summary = try #require(try await DemoData.load(into: t.app))
            #expect(summary.contains(DemoData.coachPassword))
            #expect(try await DemoData.load(into: t.app) == nil)
            #expect(try await Engagement.query(on: t.app.db).count() == 1)

            let engagement = try #require(try await Engagement.query(on: t.app.db).first())
            let id = try engagement.requireID()
            #expect(engagement.currentPhase == .achievement)
            #expect(engagement.isActive)
            // About five months of history, ending within the last weeks.
            #expect(try #require(engagement.createdAt) < Date().addingTimeInterval(-140 * 86_400))
            let lastEvent = try #require(try await AuditEvent.query(on: t.app.db).sort(\.$createdAt, .descending).first())
            #expect(lastEvent.createdAt <= Date())
            #expect(lastEvent.createdAt > Date().addingTimeInterval(-14 * 86_400))
            let rounds = try await SurveyRound.query(on: t.app.db).filter(\.$engagement.$id == id).sort(\.$number).all()
            #expect(rounds.map(\.number) == [1, 2, 3])
            #expect(rounds.allSatisfy { $0.closedAt != nil })
            let submitted = try await rounds.asyncMap { round in
                try await SurveyInvitation.query(on: t.app.db).filter(\.$round.$id == round.requireID()).filter(\.$submittedAt != nil).count()
            }
            #expect(submitted == [6, 7, 7])
            // Kenji joins in round 2: that change is withheld; rounds 2 and 3 have the same seven.
            let trend = try await SurveyResults.progress(id, on: t.app.db).trend
            #expect(trend.items.allSatisfy { $0.steps.map(\.comparable) == [false, true] })
            let assessments = try await Assessment.query(on: t.app.db).filter(\.$engagement.$id == id).all()
            #expect(assessments.map(\.status) == ["closed"])
            // Daniel approved a summary of his 360 and shared the competency figures with sponsor and HR partner.
            #expect(assessments[0].summaryApproved != nil && assessments[0].figuresShared == true)
            #expect(assessments[0].summaryDraftedBy == "client")
            let revisions = try await IDPRevision.query(on: t.app.db).filter(\.$engagement.$id == id).sort(\.$revision).all()
            #expect(revisions.map(\.revision) == [1, 2])
            #expect(revisions[1].reason != nil && revisions[1].surveyRoundID == rounds[0].id)
            // The follow-up was held, and the report issued, approved by Daniel and released.
            let followUps = try await Meeting.query(on: t.app.db).filter(\.$engagement.$id == id)
                .filter(\.$kind == Meeting.Kind.followUp.rawValue).filter(\.$status == Meeting.Status.held.rawValue).all()
            #expect(followUps.count == 1 && followUps[0].achievements != nil)
            let report = try #require(try await FinalReport.query(on: t.app.db).first())
            #expect(report.clientApprovedAt != nil && report.releasedAt != nil && report.clientReflection != nil)
            let snapshot = try ReportService.decode(report)
            #expect(snapshot.rounds.count == 3 && snapshot.goals.allSatisfy { $0.outcome != nil })
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$status != OutboxMessage.Status.sent.rawValue).count() == 0)

            let browser = Browser(t.app)
            let signIn = try await browser.signIn(DemoData.coachEmail, password: DemoData.coachPassword)
            #expect(signIn.status == .seeOther)
            let page = try await browser.get(Paths.engagement(id))
            #expect(page.status == .ok)
            #expect(page.text.contains("Achievement"))
            #expect(page.text.contains("Daniel Okafor"))
        }
    }
}

private extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
