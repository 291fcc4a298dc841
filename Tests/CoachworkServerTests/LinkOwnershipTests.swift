import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer

/// Issue 10, finding 3: a rater's personal form link belongs to that rater. While anyone else is
/// signed in in the browser (the client above all, but also the sponsor or a coach), the form is
/// refused with the reason, and nothing is recorded.
@Suite struct LinkOwnershipTests {
    @Test func theClientCannotAnswerAsTheirOwnRater() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.openAssessment(t, inbox: &inbox).contracted
            let (coach, signedIn) = (c.coachUser, c.browsers)
            let raterLink = try #require(try await inbox.next(to: "s0@example.com").personalLinkPath)
            let selfLink = try #require(try await inbox.next(to: "zoe@example.com").personalLinkPath)
            let coachBrowser = Browser(t.app)
            try await coachBrowser.signIn(coach.email)

            // Arrange the answers a rater would send, from a clean browser's view of the form.
            let form = try await Browser(t.app).get(raterLink)
            #expect(form.status == .ok)
            let answers = form.answering("1", ["intent": "submit"])
            for (who, browser) in [("client", signedIn["zoe@example.com"]!), ("sponsor", signedIn["sam@example.com"]!), ("coach", coachBrowser)] {
                let page = try await browser.get(raterLink)
                #expect(page.status == .forbidden, "\(who)")
                #expect(page.text.contains("only they may answer"), "\(who)")
                #expect(try await browser.post(raterLink, answers).status == .forbidden, "\(who)")
            }
            #expect(try await AssessmentRating.query(on: t.app.db).count() == 0)
            // The client's own self-rating stays theirs to answer while signed in.
            #expect(try await signedIn["zoe@example.com"]!.get(selfLink).status == .ok)
            // The stakeholder, with no sign-in, answers.
            let stakeholder = Browser(t.app)
            try await stakeholder.get(raterLink)
            #expect(try await stakeholder.post(raterLink, answers).status == .ok)
            #expect(try await AssessmentRating.query(on: t.app.db).count() > 0)
        }
    }
}
