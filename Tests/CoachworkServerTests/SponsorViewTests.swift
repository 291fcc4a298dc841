import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Found by the second fresh tester, on the demo: what the sponsor, HR partner and senior executive
/// read of mini-surveys and the final report, and who decides on raters.
@Suite struct SponsorViewTests {
    /// Signs `email` in through an emailed sign-in link, as the person would.
    static func signIn(_ t: TestApp, _ email: String) async throws -> Browser {
        let person = try #require(try await Person.query(on: t.app.db).filter(\.$email == email).first())
        try await PersonalLinkService(req: Request(application: t.app, on: t.app.eventLoopGroup.next())).sendSignIn(to: person)
        var inbox = Inbox(t)
        let (browser, _) = try await inbox.signInFromMail(to: email)
        return browser
    }

    @Test func miniSurveyCommentsAndUnsharedFiguresStayWithCoachAndClient() async throws {
        try await withApp { t in
            _ = try #require(try await DemoData.load(into: t.app))
            let engagement = try #require(try await Engagement.query(on: t.app.db).first())
            let e = try engagement.requireID()
            let rounds = try await SurveyRound.query(on: t.app.db).filter(\.$engagement.$id == e).all()
            let comment = "Big change since the spring"   // one of the demo's mini-survey comments
            let coach = Browser(t.app)
            try await coach.signIn(DemoData.coachEmail, password: DemoData.coachPassword)
            var readers: [(String, Browser)] = [("coach", coach)]
            for (role, email) in [("client", "daniel.okafor"), ("sponsor", "grace.whitfield"), ("hr", "priya.raman"), ("senior", "tomas.alvarez")] {
                readers.append((role, try await Self.signIn(t, "\(email)@northwind.example")))
            }
            var seen: [String: Bool] = [:]
            for (role, browser) in readers {
                for round in rounds {
                    let page = try await browser.get(Paths.surveyRound(e, try round.requireID()))
                    #expect(page.status == .ok, "\(role)")
                    seen[role] = (seen[role] ?? false) || page.text.contains(comment)
                    #expect(page.text.contains("Comments and suggestions") == ["coach", "client"].contains(role), "\(role)")
                }
            }
            #expect(seen == ["coach": true, "client": true, "sponsor": false, "hr": false, "senior": false])

            // The demo client shared the figures, so the released report shows the baseline to all.
            let report = Paths.report(e)
            for (role, browser) in readers { #expect(try await browser.get(report).text.contains("360-degree baseline"), "\(role)") }
            // Once the client stops sharing them, only coach and client see them in the report too.
            let assessment = try #require(try await Assessment.query(on: t.app.db).filter(\.$engagement.$id == e).first())
            assessment.figuresShared = false
            try await assessment.save(on: t.app.db)
            for (role, browser) in readers {
                #expect(try await browser.get(report).text.contains("360-degree baseline") == ["coach", "client"].contains(role), "\(role)")
            }
        }
    }

    @Test func onlyTheNamedSponsorOrTheCoachDecidesOnRaters() async throws {
        try await withApp { t in
            _ = try #require(try await DemoData.load(into: t.app))
            let engagement = try #require(try await Engagement.query(on: t.app.db).first())
            let e = try engagement.requireID()
            func proposal(_ name: String) async throws -> UUID {
                let rater = Stakeholder()
                rater.$engagement.id = e
                (rater.name, rater.email, rater.relationship, rater.timeZone) = (name, "\(name)@northwind.example", "peer", "UTC")
                (rater.status, rater.proposedBy) = ("proposed", "client")
                try await rater.save(on: t.app.db)
                return try rater.requireID()
            }
            let first = try await proposal("ana"), second = try await proposal("ben")
            let senior = try await Self.signIn(t, "tomas.alvarez@northwind.example")
            try await senior.get(Paths.engagement(e))
            #expect(try await senior.post("\(Paths.engagement(e))/stakeholders/\(first)/approve").status == .forbidden)
            #expect(try await Stakeholder.find(first, on: t.app.db)?.status == "proposed")
            let sponsor = try await Self.signIn(t, "grace.whitfield@northwind.example")
            try await sponsor.get(Paths.engagement(e))
            #expect(try await sponsor.post("\(Paths.engagement(e))/stakeholders/\(second)/approve").status == .seeOther)
            #expect(try await Stakeholder.find(second, on: t.app.db)?.status == "approved")
        }
    }
}
