import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import CoachworkServer

/// Pages say only what happened (issue 13): no "invitations are on their way" when nothing was sent.
@Suite struct TruthfulMessagesTests {
    @Test("a meeting entered after the fact says nobody was emailed; a future one says its invitations are queued")
    func meetingMessages() async throws {
        try await withApp { (t: TestApp) in
            var inbox = Inbox(t)
            let c = try await EngagementFixture.contracted(t, inbox: &inbox)
            let e = c.engagementID
            // The sponsor is not the client: their agreement email says whose coach proposed it.
            let toSponsor = try #require(try ReceivedMail.all(in: t.mailDirectory)
                .first { $0.to.contains("<sam@example.com>") && $0.subject.contains("coaching agreement") })
            #expect(toSponsor.subject.contains("for Zoë Client") && toSponsor.text.contains("coach has proposed"))
            #expect(!toSponsor.text.contains("Your coach"))
            #expect(try await c.api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let coach = Browser(t.app)
            try await coach.signIn(c.coachUser.email)
            try await coach.get("/engagements/\(e)")
            let past = ["kind": "kickoff", "startsAt": "2026-01-05T10:00", "attendees": "client"]
            #expect(try await coach.post("/engagements/\(e)/meetings", past).status == .seeOther)
            let afterPast = try await coach.get("/engagements/\(e)").text
            #expect(afterPast.contains("no invitation was sent") && !afterPast.contains("invitations are queued"))
            let future = ["kind": "kickoff", "startsAt": "2027-06-01T10:00", "attendees": "client"]
            #expect(try await coach.post("/engagements/\(e)/meetings", future).status == .seeOther)
            let afterFuture = try await coach.get("/engagements/\(e)").text
            #expect(afterFuture.contains("invitations are queued for the attendees"))
        }
    }

    @Test("proposing an agreement with no goal says why on the agreement page, not on a bare Conflict page")
    func refusalOnThePage() async throws {
        try await withApp { (t: TestApp) in
            let coachUser = try await t.makeUser("coach", email: "coach@example.com", name: "Ana Coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coachUser))
            func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
            var people: [String] = []
            for (name, email) in [("Zoë Client", "zoe@example.com"), ("Sam Sponsor", "sam@example.com"), ("Hana HR", "hana@example.com")] {
                people.append(try id(try await api.send(.POST, "/people", json: #"{"name":"\#(name)","email":"\#(email)","timeZone":"Europe/Berlin"}"#)))
            }
            let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(people[0])","sponsorId":"\#(people[1])","hrPartnerId":"\#(people[2])","presentingProblem":"P","objective":"O"}"#))
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[]}"#)
            let coach = Browser(t.app)
            try await coach.signIn(coachUser.email)
            try await coach.get("/engagements/\(e)/agreement")
            let refused = try await coach.post("/engagements/\(e)/agreement/propose")
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("<h1>Coaching agreement</h1>") && refused.text.contains("notice-error"), "the agreement page, with the reason")
            #expect(!refused.text.contains("<h1>Conflict</h1>"))
        }
    }
}
