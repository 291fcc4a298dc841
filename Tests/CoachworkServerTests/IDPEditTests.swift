import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Issue 12: the IDP editor changes only what the user changed, "What changed" shows every change (the goals an
/// action serves included), and ticking an action's status is no new revision: sponsor and HR partner are not asked
/// to acknowledge again. The client ticks the actions they own; sponsor, HR partner and admin tick none.
@Suite struct IDPEditTests {
    typealias F = EngagementFixture

    /// A shared plan: agreement version 2 with goals G1, G2, G3 (accepted by client and sponsor); action A
    /// ("Client") serves G1 and G3, action B ("Coach") serves G2.
    private func plan(_ t: TestApp) async throws -> (f: F, goals: [String], actions: [String]) {
        let f = try await F.build(t)
        let e = f.engagementID
        let three = #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G1","successMeasure":"M","targetDate":"2027-06-30"},{"statement":"G2","successMeasure":"M","targetDate":"2027-06-30"},{"statement":"G3","successMeasure":"M","targetDate":"2027-06-30"}]}"#
        #expect(try await f.api.send(.PUT, "/engagements/\(e)/agreement", json: three).status == .ok)
        _ = try await f.api.send(.POST, "/engagements/\(e)/agreement/proposal")
        for browser in [f.client, f.sponsor] {
            try await browser.get("/engagements/\(e)/agreement")
            #expect(try await browser.post("/engagements/\(e)/agreement/accept").status == .seeOther)
        }
        let agreement = try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/agreement"))
        let goals = (agreement["goals"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        try #require(goals.count == 3)
        let a = try #require(try APIClient.array(try await f.api.send(.GET, "/competencies")).first?["id"] as? String)
        _ = try await f.api.send(.PUT, "/engagements/\(e)/target-competencies", json: #"{"targets":[{"competencyId":"\#(a)","rationale":"R"}]}"#)
        let items = #"{"items":[{"competencyId":"\#(a)","action":"Act A","dueDate":"2027-03-01","successMeasure":"MA","goalIds":["\#(goals[0])","\#(goals[2])"],"owner":"Client"},{"competencyId":"\#(a)","action":"Act B","dueDate":"2027-04-01","successMeasure":"MB","goalIds":["\#(goals[1])"],"owner":"Coach"}]}"#
        #expect(try await f.api.send(.PUT, "/engagements/\(e)/idp", json: items).status == .ok)
        #expect(try await f.api.send(.POST, "/engagements/\(e)/idp/share").status == .ok)
        let actions = try await current(f).compactMap { $0["id"] as? String }
        return (f, goals, actions)
    }

    private func current(_ f: F) async throws -> [[String: Any]] {
        try APIClient.object(try await f.api.send(.GET, "/engagements/\(f.engagementID)/idp"))["items"] as? [[String: Any]] ?? []
    }

    private func revision(_ f: F) async throws -> Int? {
        try APIClient.object(try await f.api.send(.GET, "/engagements/\(f.engagementID)/idp"))["revision"] as? Int
    }

    /// The newest "What changed" section of the plan's page.
    private func newestChanges(_ page: String) -> String {
        guard let start = page.range(of: "What changed</h2>") else { return "" }
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "</details>")?.lowerBound ?? rest.endIndex)])
    }

    @Test func aCorrectionChangesOnlyWhatWasChangedAndTheDiffShowsAllOfIt() async throws {
        try await withApp { (t: TestApp) in
            let (f, goals, _) = try await plan(t)
            let e = f.engagementID
            // The coach opens the correction form and changes action B's status and success measure only.
            let page = try await f.coach.get("/engagements/\(e)/idp")
            var fields = try PythonChecks.formFields(page.text, action: "/engagements/\(e)/idp/revise")
            #expect(fields["action_0"] == "Act A" && fields["action_1"] == "Act B" && fields["status_1"] == "planned")
            fields["status_1"] = "in_progress"
            fields["measure_1"] = "MB two"
            fields["reason"] = "Progress"
            #expect(try await f.coach.post("/engagements/\(e)/idp/revise", fields).status == .seeOther)

            let items = try await current(f)
            #expect(try await revision(f) == 2)
            // A was not touched: it still serves G1 and G3 (the bug: every goal), with its status and measure.
            #expect(Set(items[0]["goalIds"] as? [String] ?? []) == [goals[0], goals[2]])
            #expect(items[0]["status"] as? String == "planned" && items[0]["successMeasure"] as? String == "MA")
            #expect(items[1]["goalIds"] as? [String] == [goals[1]])
            #expect(items[1]["status"] as? String == "in_progress" && items[1]["successMeasure"] as? String == "MB two")
            let diff = newestChanges(try await f.coach.get("/engagements/\(e)/idp").text)
            #expect(diff.components(separatedBy: ">changed<").count == 2)   // one action changed: B
            #expect(diff.contains("<strong>Status: </strong>") && diff.contains("<strong>Success measure: </strong>"))
            for untouched in ["Serves", "Action", "Owner", "Due", "Support needed", "Target competency"] {
                #expect(!diff.contains("<strong>\(untouched): </strong>"), "\(untouched)")
            }
            #expect(!diff.contains("Act A") && !diff.contains(">added<") && !diff.contains(">removed<"))

            // Changing the goals of B is a change like any other, and the diff says so.
            var again = try PythonChecks.formFields(try await f.coach.get("/engagements/\(e)/idp").text, action: "/engagements/\(e)/idp/revise")
            let ticked = again.filter { $0.key.hasPrefix("goal_1_") }
            #expect(ticked.count == 1 && ticked.values.first == goals[1])
            again["goal_1_2"] = goals[2]
            again["reason"] = "B also serves G3"
            #expect(try await f.coach.post("/engagements/\(e)/idp/revise", again).status == .seeOther)
            #expect(Set(try await current(f)[1]["goalIds"] as? [String] ?? []) == [goals[1], goals[2]])
            let served = newestChanges(try await f.coach.get("/engagements/\(e)/idp").text)
            #expect(served.contains("<strong>Serves: </strong>") && served.contains("<ins>"))
        }
    }

    @Test func aStatusTickIsNoRevisionAndAsksNobodyAgain() async throws {
        try await withApp { (t: TestApp) in
            let (f, _, actions) = try await plan(t)
            let e = f.engagementID
            for browser in [f.sponsor, f.hrPartner] {
                try await browser.get("/engagements/\(e)/idp")
                #expect(try await browser.post("/engagements/\(e)/idp/acknowledge", ["revision": "1"]).status == .seeOther)
            }
            let asked = try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "idp_shared").count()
            // The client ticks their own action done.
            let mine = try await f.client.get("/engagements/\(e)/idp")
            #expect(mine.text.contains("/idp/actions/\(actions[0])/status") && !mine.text.contains("/idp/actions/\(actions[1])/status"))
            #expect(try await f.client.post("/engagements/\(e)/idp/actions/\(actions[0])/status", ["status": "done"]).status == .seeOther)
            // The coach ticks B through the correction form, changing nothing else: no revision either.
            var fields = try PythonChecks.formFields(try await f.coach.get("/engagements/\(e)/idp").text, action: "/engagements/\(e)/idp/revise")
            #expect(fields["status_0"] == "done")
            fields["status_1"] = "in_progress"
            fields["reason"] = "Started"
            #expect(try await f.coach.post("/engagements/\(e)/idp/revise", fields).status == .seeOther)

            #expect(try await revision(f) == 1)
            #expect(try await current(f).map { $0["status"] as? String } == ["done", "in_progress"])
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "idp_shared").count() == asked)
            #expect(try await IDPAcknowledgement.query(on: t.app.db).count() == 2)
            for browser in [f.sponsor, f.hrPartner] {
                let page = try await browser.get("/engagements/\(e)/idp")
                #expect(page.text.contains("Done") && !page.text.contains("I acknowledge this development plan"))
            }
            // A later correction starts from the ticked statuses and does not list them as its changes.
            var next = try PythonChecks.formFields(try await f.coach.get("/engagements/\(e)/idp").text, action: "/engagements/\(e)/idp/revise")
            next["action_1"] = "Act B, weekly"
            next["reason"] = "Cadence"
            #expect(try await f.coach.post("/engagements/\(e)/idp/revise", next).status == .seeOther)
            let diff = newestChanges(try await f.coach.get("/engagements/\(e)/idp").text)
            #expect(diff.contains("<strong>Action: </strong>") && !diff.contains("<strong>Status: </strong>"))
            #expect(try await current(f).map { $0["status"] as? String } == ["done", "in_progress"])
        }
    }

    @Test func whoMayTickWhat() async throws {
        try await withApp { (t: TestApp) in
            let (f, _, actions) = try await plan(t)
            let e = f.engagementID
            let path = { (i: Int) in "/engagements/\(e)/idp/actions/\(actions[i])/status" }
            // Sponsor, HR partner and admin tick nothing; the client not the coach's action, nor drops their own.
            for browser in [f.sponsor, f.hrPartner, f.admin] {
                try await browser.get("/engagements/\(e)/idp")
                #expect(try await browser.post(path(0), ["status": "done"]).status == .forbidden)
            }
            try await f.otherCoach.get("/")   // a page first, for the form's CSRF token
            #expect(try await f.otherCoach.post(path(0), ["status": "done"]).status == .notFound)
            #expect(try await f.client.post(path(1), ["status": "done"]).status == .forbidden)
            #expect(try await f.client.post(path(0), ["status": "dropped"]).status == .forbidden)
            // Bad input names the field; an unknown action is 404; none of it is a 500.
            try await f.coach.get("/engagements/\(e)/idp")
            let bad = try await f.coach.post(path(0), ["status": "someday"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("planned, in progress, done or dropped"))
            #expect(try await f.coach.post("/engagements/\(e)/idp/actions/not-an-id/status", ["status": "done"]).status == .notFound)
            #expect(try await f.coach.post("/engagements/\(e)/idp/actions/\(UUID())/status", ["status": "done"]).status == .notFound)
            #expect(try await current(f).map { $0["status"] as? String } == ["planned", "planned"])
            // The coach ticks any action, on the page and through the API.
            #expect(try await f.coach.post(path(1), ["status": "dropped"]).status == .seeOther)
            let api = try await f.api.send(.POST, "/engagements/\(e)/idp/actions/\(actions[0])/status", json: #"{"status":"in_progress"}"#)
            #expect(api.status == .ok)
            let wrong = try await f.api.send(.POST, "/engagements/\(e)/idp/actions/\(actions[0])/status", json: #"{"status":"someday"}"#)
            let wrongField = try APIClient.object(wrong)["field"] as? String
            #expect(wrong.status == .badRequest && wrongField?.contains("status") == true)
            #expect(try await current(f).map { $0["status"] as? String } == ["in_progress", "dropped"])
            #expect(try await revision(f) == 1)
        }
    }
}
