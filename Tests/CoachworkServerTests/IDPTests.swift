import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// The IDP: actions linked to the agreement's goals, with owner and status.
@Suite struct IDPTests {
    typealias F = EngagementFixture

    @Test func actionsServeGoalsOfThisAgreementOnly() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
            let a = try #require(competencies[0]["id"] as? String)
            _ = try await f.api.send(.PUT, "/engagements/\(e)/target-competencies", json: #"{"targets":[{"competencyId":"\#(a)","rationale":"R"}]}"#)
            let stranger = UUID().uuidString
            let bad = try await f.api.send(.PUT, "/engagements/\(e)/idp", json: #"{"items":[{"competencyId":"\#(a)","action":"Act","dueDate":"2027-03-01","successMeasure":"M","goalIds":["\#(stranger)"]}]}"#)
            #expect(bad.status == .unprocessableEntity)
            let problem = try APIClient.object(bad)
            let fields = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields.contains("items[0].goalIds"))
            // An unknown status is a malformed body (the schema's enum), named by its field.
            let badStatus = try await f.api.send(.PUT, "/engagements/\(e)/idp", json: #"{"items":[{"competencyId":"\#(a)","action":"Act","dueDate":"2027-03-01","successMeasure":"M","status":"someday"}]}"#)
            #expect(badStatus.status == .badRequest)
            #expect((try APIClient.object(badStatus)["field"] as? String)?.contains("status") == true)
            let agreement = try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/agreement"))
            let goal = try #require((agreement["goals"] as? [[String: Any]])?.first?["id"] as? String)
            let good = try await f.api.send(.PUT, "/engagements/\(e)/idp", json: #"{"items":[{"competencyId":"\#(a)","action":"Act","dueDate":"2027-03-01","successMeasure":"M","goalIds":["\#(goal)"],"owner":"Client and coach","status":"in_progress"}]}"#)
            #expect(good.status == .ok)
            // Once finalised, a revision must change something (also in analysis, before acknowledgement).
            #expect(try await f.api.send(.POST, "/engagements/\(e)/idp/share").status == .ok)
            let current = try #require((try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/idp"))["items"] as? [[String: Any]])?.first)
            let same = #"{"reason":"Nothing","items":[{"id":"\#(current["id"] as! String)","competencyId":"\#(a)","action":"Act","dueDate":"2027-03-01","successMeasure":"M","goalIds":["\#(goal)"],"owner":"Client and coach","status":"in_progress"}]}"#
            let unchanged = try await f.api.send(.POST, "/engagements/\(e)/idp/revisions", json: same)
            let unchangedField = try APIClient.object(unchanged)["field"] as? String
            #expect(unchanged.status == .unprocessableEntity && unchangedField == "items")
            // A status and a support change: a revision (a status change alone is a tick, see IDPEditTests).
            let changed = same.replacingOccurrences(of: "\"status\":\"in_progress\"", with: "\"status\":\"done\",\"supportNeeded\":\"Budget\"")
            #expect(try await f.api.send(.POST, "/engagements/\(e)/idp/revisions", json: changed).status == .created)
            let page = try await f.coach.get("/engagements/\(e)/idp")
            #expect(page.text.contains("Goal 1") && page.text.contains("Client and coach") && page.text.contains("Done"))
            #expect(page.text.contains("<del>In progress</del> <ins>Done</ins>"))
        }
    }
}
