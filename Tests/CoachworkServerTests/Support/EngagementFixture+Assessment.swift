import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

extension EngagementFixture {
    /// A contracted engagement moved on to analysis (kickoff held, `peers` peers `s0@…`, `s1@…`
    /// nominated) with an open 360 on the first competency, closing in 14 days: the start of the
    /// tests that act while raters still have open links.
    struct OpenAssessment {
        let contracted: Contracted
        let assessmentID: String
        /// The stakeholders' ids, in the order of their addresses `s0@…`, `s1@…`.
        let stakeholderIDs: [String]
    }

    static func openAssessment(_ t: TestApp, inbox: inout Inbox, peers: Int = 3) async throws -> OpenAssessment {
        let c = try await contracted(t, inbox: &inbox)
        let (api, e) = (c.api, c.engagementID)
        func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
        #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
        let kickoff = try id(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"kickoff","startsAt":"2026-01-05T15:00:00Z"}"#))
        _ = try await api.send(.POST, "/engagements/\(e)/meetings/\(kickoff)/record", json: #"{"sharedNotes":"S"}"#)
        var stakeholders: [String] = []
        for i in 0..<peers {
            stakeholders.append(try id(try await api.send(.POST, "/engagements/\(e)/stakeholders",
                                                           json: #"{"name":"Peer \#(i)","email":"s\#(i)@example.com","relationship":"peer"}"#)))
        }
        #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
        let competency = try #require(try APIClient.array(try await api.send(.GET, "/competencies")).first?["id"] as? String)
        let closesOn = CalendarDate.of(t.app.clock.now().addingTimeInterval(14 * 86_400), zone: "UTC")
        let assessment = try id(try await api.send(.POST, "/engagements/\(e)/assessments",
                                                   json: #"{"competencyIds":["\#(competency)"],"closesOn":"\#(closesOn)"}"#))
        return OpenAssessment(contracted: c, assessmentID: assessment, stakeholderIDs: stakeholders)
    }
}
