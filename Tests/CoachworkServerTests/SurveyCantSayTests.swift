import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import CoachworkServer

/// Issue 12: a mini-survey item may be answered "can't say / no chance to observe". It is no change of 0: it is
/// left out of n, mean, SD, CI and the shares, counted apart, and the count is shown only for enough respondents.
/// Every figure is checked against `survey_stats.py` (Python's statistics and scipy's t quantile).
@Suite struct SurveyCantSayTests {
    typealias F = EngagementFixture

    /// An engagement in achievement with one target competency, `extra` more stakeholders (7 in all with 3), and an
    /// open round; returns the fixture and the round's id.
    private func openRound(_ t: TestApp, extra: Int) async throws -> (F, String) {
        let f = try await F.build(t, shareIDP: true)
        let e = f.engagementID
        #expect(try await f.api.send(.POST, "/engagements/\(e)/advance").status == .ok)
        for i in 0..<extra {
            _ = try await f.api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"Extra \#(i)","email":"x\#(i)@example.com","relationship":"peer"}"#)
        }
        let round = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
        return (f, try #require(round["id"] as? String))
    }

    /// Answers the open round as `email`: a change, or nil for "can't say".
    private func answer(_ t: TestApp, _ email: String, _ change: Int?) async throws {
        let (browser, path, form) = try await Inbox(t).openSurvey(to: email)
        #expect(form.text.contains("Can&#39;t say") || form.text.contains("Can't say"))
        let field = try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36))
        let sent = try await browser.post(path, ["change_\(field)": change.map(String.init) ?? "na", "followUp": "often"])
        #expect(sent.status == .ok && sent.text.contains("Thank you"), "\(email)")
    }

    private func close(_ f: F, _ round: String) async throws -> [String: Any] {
        #expect(try await f.api.send(.POST, "/engagements/\(f.engagementID)/survey-rounds/\(round)/close").status == .ok)
        let results = try APIClient.object(try await f.api.send(.GET, "/engagements/\(f.engagementID)/survey-rounds/\(round)/results"))
        return try #require((results["items"] as? [[String: Any]])?.first)
    }

    /// `a` and `b` are numbers within `tolerance`.
    private func near(_ a: Any?, _ b: Any?, _ what: String, tolerance: Double = 1e-9) {
        guard let x = a as? Double, let y = b as? Double else { Issue.record("\(what): \(String(describing: a)) vs \(String(describing: b))"); return }
        #expect(abs(x - y) < tolerance, "\(what): \(x) vs \(y)")
    }

    @Test func cantSayIsCountedApartAndLeftOutOfEveryFigure() async throws {
        try await withApp { (t: TestApp) in
            let (f, round) = try await openRound(t, extra: 3)
            let given: [(String, Int?)] = [("s0@example.com", 2), ("s1@example.com", nil), ("s2@example.com", 1),
                                           ("s3@example.com", -1), ("x0@example.com", 3), ("x1@example.com", nil)]
            for (email, change) in given { try await answer(t, email, change) }   // x2 does not answer
            // Stored as "can't say", never as a change of 0.
            let rows = try await SurveyAnswer.query(on: t.app.db).all()
            #expect(rows.filter { $0.change == nil }.count == 2 && rows.filter { $0.change == 0 }.isEmpty)

            let item = try await close(f, round)
            let python = try PythonChecks.surveyItem(given.map(\.1), invited: 7)
            #expect(item["n"] as? Int == 4 && python["n"] as? Int == 4)
            #expect(item["cantSay"] as? Int == 2 && python["cantSay"] as? Int == 2)
            #expect(item["invited"] as? Int == 7)
            for (ours, theirs) in [("responseRate", "responseRate"), ("mean", "mean"), ("standardDeviation", "sd"),
                                   ("ciLower", "ciLower"), ("ciUpper", "ciUpper"), ("shareImproved", "shareImproved"),
                                   ("shareDeclined", "shareDeclined")] {
                // The core's t quantiles are rounded to 3 decimals (ConfidenceInterval.tCritical: 3.182 for 3 degrees
                // of freedom, scipy 3.18245), so the bounds agree to 1e-3; every other figure to 1e-9.
                near(item[ours], python[theirs], ours, tolerance: ours.hasPrefix("ci") ? 1e-3 : 1e-9)
            }
            let bins = (item["distribution"] as? [[String: Any]] ?? []).map { $0["count"] as? Int ?? -1 }
            #expect(bins == python["distribution"] as? [Int])
            #expect(bins.reduce(0, +) == 4)   // the two "can't say" are in no bin, not in 0

            // The round page and the final report: "n of invited" without them, and the count beside.
            let page = try await f.coach.get("/engagements/\(f.engagementID)/surveys/\(round)")
            #expect(page.text.contains("4 of 7 · 2 could not say"))
            #expect(try await f.api.send(.POST, "/engagements/\(f.engagementID)/final-report", json: #"{"coachSummary":"S"}"#).status == .created)
            #expect(try await f.coach.get("/engagements/\(f.engagementID)/report").text.contains("4 of 7 · 2 could not say"))
            let snapshot = try #require(try APIClient.object(try await f.api.send(.GET, "/engagements/\(f.engagementID)/final-report"))["snapshot"] as? [String: Any])
            let reported = try #require(((snapshot["rounds"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first)
            #expect(reported["n"] as? Int == 4 && reported["cantSay"] as? Int == 2)
        }
    }

    @Test func aCantSayCountBelowTheThresholdIsWithheld() async throws {
        try await withApp { (t: TestApp) in
            let (f, round) = try await openRound(t, extra: 0)
            try await answer(t, "s0@example.com", 1)
            try await answer(t, "s1@example.com", nil)   // two respondents: fewer than 3
            let item = try await close(f, round)
            #expect(item["n"] as? Int == 1 && item["suppressed"] as? Bool == true)
            #expect(item["cantSay"] == nil && item["mean"] == nil)
            let page = try await f.coach.get("/engagements/\(f.engagementID)/surveys/\(round)")
            #expect(page.text.contains("1 of 4") && !page.text.contains("could not say"))
        }
    }

    @Test func anAnswerThatIsNeitherAValueNorCantSayIsRefusedByName() async throws {
        try await withApp { (t: TestApp) in
            _ = try await openRound(t, extra: 0)
            let (browser, path, form) = try await Inbox(t).openSurvey(to: "s0@example.com")
            let field = "change_" + String(try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36)))
            for bad in ["1.5", "0x1", "", "4"] {
                let refused = try await browser.post(path, [field: bad, "followUp": "often"])
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect(refused.text.contains("-3 to +3"), "\(bad)")
            }
            // The link is still usable: "can't say" alone is a full answer.
            #expect(try await browser.post(path, [field: "na", "followUp": "often"]).text.contains("Thank you"))
            #expect(try await SurveyAnswer.query(on: t.app.db).all().map(\.change) == [nil])
        }
    }

    @Test func theTrendJudgesTheRaterSetOnWhoScoredTheItem() async throws {
        try await withApp { (t: TestApp) in
            let (f, first) = try await openRound(t, extra: 0)
            let e = f.engagementID
            // The same stakeholder says "can't say" in both rounds; the other three score the item both times.
            for (email, change) in [("s0@example.com", 1), ("s1@example.com", nil), ("s2@example.com", 1), ("s3@example.com", 2)] as [(String, Int?)] {
                try await answer(t, email, change)
            }
            _ = try await close(f, first)
            let second = try #require(try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))["id"] as? String)
            for (email, change) in [("s0@example.com", 2), ("s1@example.com", nil), ("s2@example.com", 2), ("s3@example.com", 3)] as [(String, Int?)] {
                try await answer(t, email, change)
            }
            _ = try await close(f, second)
            let trend = try APIClient.object(try await f.api.send(.GET, "/engagements/\(e)/survey-trend"))
            let item = try #require((trend["items"] as? [[String: Any]])?.first)
            let step = try #require((item["steps"] as? [[String: Any]])?.first)
            // Means 4/3 then 7/3 from the same three scorers: comparable, delta +1 (not withheld for the "can't say").
            #expect(step["raterSetChanged"] as? Bool == false && step["comparable"] as? Bool == true)
            near(step["delta"], 1.0, "delta")
            #expect((item["points"] as? [[String: Any]])?.map { $0["n"] as? Int } == [3, 3])
        }
    }

    @Test func migration014RevertsWithDataAndRunsAgain() async throws {
        try await withApp { (t: TestApp) in
            _ = try await openRound(t, extra: 0)
            try await answer(t, "s0@example.com", 2)
            try await answer(t, "s1@example.com", nil)
            // One connection throughout (a transaction): the in-memory test database shares its cache between pooled
            // connections, and another connection was seen to still hold the column just dropped.
            try await t.app.db.transaction { db in
                try await CreateIDPActionStatus().revert(on: db)
                try await AddSurveyCantSay().revert(on: db)
                // The old schema cannot say "can't say": that row is gone, the scored one stays as it was.
                let left = try await (db as! any SQLDatabase).raw("SELECT change FROM survey_answers").all()
                #expect(try left.map { try $0.decode(column: "change", as: Int.self) } == [2])
                try await AddSurveyCantSay().prepare(on: db)
                try await CreateIDPActionStatus().prepare(on: db)
            }
            #expect(try await SurveyAnswer.query(on: t.app.db).all().map(\.change) == [2])
        }
    }
}
