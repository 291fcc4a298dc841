import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer
import CoachworkCore

/// Changes that race each other, and proposals nobody has been told of yet.
@Suite struct MeetingConcurrencyTests {
    typealias F = EngagementFixture
    typealias M = MeetingInvitationTests

    @Test func ofTwoSimultaneousChangesOneWinsAndAttendeesHearOneStory() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let m = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#))
            let path = "/engagements/\(e)/meetings/\(m["id"] as! String)"
            _ = try await M.mails(t, to: "zoe@example.com", "Invitation:")   // delivered
            let body = #"{"startsAt":"2027-02-02T09:00:00Z"}"#
            async let one = f.api.send(.PUT, path, json: body)
            async let two = f.api.send(.PUT, path, json: body)
            let statuses = try await [one.status, two.status]
            #expect(statuses.contains(.ok))
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .conflict })
            let updates = try await M.mails(t, to: "zoe@example.com", "Updated:")
            #expect(updates.count == 1 && (updates.first?["text"] as? String)?.contains("Tue 2 Feb 2027, 04:00–05:00") == true)
            // A cancel racing a change: whichever wins, the stored state and the last email agree.
            async let cancel = f.api.send(.POST, path + "/cancel")
            async let change = f.api.send(.PUT, path, json: #"{"startsAt":"2027-02-03T09:00:00Z"}"#)
            let (c, ch) = try await (cancel.status, change.status)
            #expect([c, ch].contains(.ok) && [c, ch].allSatisfy { $0 == .ok || $0 == .conflict })
            let stored = try #require(try await Meeting.find(UUID(uuidString: m["id"] as! String), on: t.app.db))
            let cancelledMails = try await M.mails(t, to: "zoe@example.com", "Cancelled:").count
            #expect((stored.status == "cancelled") == (cancelledMails == 1))
        }
    }

    /// The mechanism under the race above, made deterministic: two copies read before either change.
    @Test func aChangeFromAStaleReadLosesTheClaim() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let m = try APIClient.object(try await f.api.send(.POST, "/engagements/\(f.engagementID)/meetings",
                                                              json: #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#))
            let id = try #require(UUID(uuidString: m["id"] as! String))
            let first = try #require(try await Meeting.find(id, on: t.app.db))
            let second = try #require(try await Meeting.find(id, on: t.app.db))
            let service = MeetingService(req: Request(application: t.app, on: t.app.eventLoopGroup.next()))
            try await service.claim(first, on: t.app.db)
            await #expect(throws: DomainError.self) { try await service.claim(second, on: t.app.db) }
            try await service.claim(first, on: t.app.db)   // the winner, holding the current stamp, goes on
            // Over HTTP: the loser's stale form is answered 409, not applied.
            let stale = try #require(try await Meeting.find(id, on: t.app.db))
            _ = try await f.api.send(.PUT, "/engagements/\(f.engagementID)/meetings/\(m["id"] as! String)", json: #"{"startsAt":"2027-02-03T09:00:00Z"}"#)
            await #expect(throws: DomainError.self) { try await service.claim(stale, on: t.app.db) }
        }
    }

    @Test func aProposedFollowUpStaysTheCoachsUntilSent() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            let held = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-11-02T14:00:00Z"}"#))
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings/\(held["id"] as! String)/record", json: #"{"sharedNotes":"S"}"#)
            let proposal = try #require(try await Meeting.query(on: t.app.db).filter(\.$kind == "follow_up").first())
            #expect(proposal.proposedAt != nil && proposal.invitedAt == nil)
            let path = "/engagements/\(e)/meetings/\(proposal.id!)"
            #expect(try await f.client.get(path).status == .forbidden)
            #expect(!(try await f.client.get("/engagements/\(e)")).text.contains("Follow-up session"))
            #expect(try await f.coach.get(path).text.contains("Send the invitations"))
            try await f.coach.get(path)
            #expect(try await f.coach.post(path + "/invite").status == .seeOther)
            #expect(try await f.client.get(path).status == .ok)
            #expect(try await M.mails(t, to: "zoe@example.com", "Invitation: Follow-up session").count == 1)
        }
    }
}
