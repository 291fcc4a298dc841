import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// The client proposes raters; the sponsor (or coach) approves; only approved raters are asked.
@Suite struct RaterNominationTests {
    typealias F = EngagementFixture

    @Test func aClientsProposalWaitsForTheSponsorAndOnlyApprovedRatersAreInvited() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let e = f.engagementID
            let page = try await f.client.get("/engagements/\(e)")
            #expect(page.text.contains("Propose a rater"))
            for (name, email) in [("Quinn Peer", "quinn@example.com"), ("Rae Peer", "rae@example.com")] {
                let proposed = try await f.client.post("/engagements/\(e)/stakeholders",
                                                       ["name": name, "email": email, "relationship": "peer", "timeZone": "Europe/Paris"])
                #expect(proposed.status == .seeOther)
            }
            let listed = try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/stakeholders"))
            let quinn = try #require(listed.first { $0["name"] as? String == "Quinn Peer" })
            let rae = try #require(listed.first { $0["name"] as? String == "Rae Peer" })
            #expect(quinn["status"] as? String == "proposed" && quinn["proposedBy"] as? String == "client")
            let quinnID = try #require(quinn["id"] as? String)
            let raeID = try #require(rae["id"] as? String)
            // The client and the HR partner cannot decide; the sponsor can, once.
            for browser in [f.client, f.hrPartner] {
                #expect(try await browser.post("/engagements/\(e)/stakeholders/\(quinnID)/approve").status == .forbidden)
            }
            // The sponsor is told by email, once per proposal, with a link to the engagement.
            let told = try await t.deliverMail().filter { $0.to.contains("<sam@example.com>") && $0.subject.contains("proposed a rater") }
            #expect(told.count == 2)
            let sponsorPage = try await f.sponsor.get("/engagements/\(e)")
            #expect(sponsorPage.text.contains("proposed by the client"))
            #expect(try await f.sponsor.post("/engagements/\(e)/stakeholders/\(quinnID)/approve").status == .seeOther)
            #expect(try await f.sponsor.post("/engagements/\(e)/stakeholders/\(quinnID)/decline").status == .conflict)
            let declined = try APIClient.object(try await f.api.send(.PUT, "/engagements/\(e)/stakeholders/\(raeID)/decision", json: #"{"approve":false}"#))
            #expect(declined["status"] as? String == "declined")

            // A new 360 goes to the client, the four fixture stakeholders and the approved Quinn only.
            let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
            let c = try #require(competencies[2]["id"] as? String)
            let started = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":["\#(c)"]}"#))
            #expect(started["invited"] as? Int == 6)
            let mail = try await t.deliverMail()
            #expect(mail.contains { $0.to.contains("<quinn@example.com>") })
            #expect(!mail.contains { $0.to.contains("<rae@example.com>") })
        }
    }

    @Test func theCoachSeesPerGroupHowManyAreNeeded() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let page = try await f.coach.get("/engagements/\(f.engagementID)")
            // Fixture: 3 peers, 1 direct report; threshold 3.
            #expect(page.text.contains("Peer: 3 approved, can be shown as a group if all answer."))
            #expect(page.text.contains("Direct report: 1 approved, needs 2 more to be shown as a group"))
        }
    }
}

@Suite struct LateRaterTests {
    typealias F = EngagementFixture

    @Test func aRaterApprovedAfterThe360StartedIsInvitedOnceOnRequest() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
            let c = try #require(competencies[2]["id"] as? String)
            let started = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":["\#(c)"]}"#))
            let path = "/engagements/\(e)/assessments/\(try #require(started["id"] as? String))"
            _ = try await f.api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"Lou Late","email":"lou@example.com","relationship":"peer"}"#)
            let before = try await t.deliverMail().count
            try await f.coach.get(path)
            #expect(try await f.coach.post(path + "/invite").status == .seeOther)
            #expect(try await f.coach.post(path + "/invite").status == .seeOther)   // a second press mails nobody
            let mail = try await t.deliverMail()
            #expect(mail.count == before + 1)
            #expect(mail.filter { $0.to.contains("<lou@example.com>") }.count == 1)
            #expect(try await f.client.post(path + "/invite").status == .forbidden)
        }
    }
}
