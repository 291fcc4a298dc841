import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer
import CoachworkCore

/// Issue 5 end to end: three mini-survey rounds with a changing stakeholder set, corrections
/// linked to a round, the follow-up, and the final report approved by the client and released.
@Suite struct AchievementTests {
    typealias F = EngagementFixture

    /// Answers one open round as each of `emails` (change for the one target competency, follow-up frequency).
    private func answer(_ t: TestApp, _ answers: [(String, Int, String)]) async throws {
        let inbox = Inbox(t)
        for (email, change, followUp) in answers {
            let (browser, path, form) = try await inbox.openSurvey(to: email)
            let field = try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36))
            let sent = try await browser.post(path, ["change_\(field)": String(change), "followUp": followUp, "comment_\(field)": "From \(email)"])
            #expect(sent.text.contains("Thank you"), "\(email)")
        }
    }

    @Test func threeRoundsCorrectionsFollowUpAndAReleasedReport() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID, api = f.api
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            for (name, email) in [("Pete Peer", "p4@example.com"), ("Dana Report", "d2@example.com")] {
                _ = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"\#(name)","email":"\#(email)","relationship":"peer"}"#)
            }
            // Today where the coach is (the fixture's coach is in Europe/Berlin): a UTC date is
            // yesterday there between 23:00 and midnight UTC, and the plan would be refused.
            let today = CalendarDate.of(Date(), zone: "Europe/Berlin")
            let planned = try APIClient.array(try await api.send(.POST, "/engagements/\(e)/survey-rounds/plan", json: #"{"firstOn":"\#(today)","count":3,"intervalWeeks":6}"#))
            #expect(planned.map { $0["status"] as? String } == ["planned", "planned", "planned"])

            // Round 1: five of six answer.
            let r1 = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
            #expect(r1["number"] as? Int == 1 && r1["invited"] as? Int == 6)
            try await answer(t, [("s0@example.com", 1, "often"), ("s1@example.com", 0, "rarely"), ("s2@example.com", 2, "often"),
                                 ("s3@example.com", 1, "sometimes"), ("p4@example.com", -1, "never")])
            let r1ID = try #require(r1["id"] as? String)
            #expect(try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(r1ID)/close").status == .ok)
            let items1 = try #require(try APIClient.object(try await api.send(.GET, "/engagements/\(e)/survey-rounds/\(r1ID)/results"))["items"] as? [[String: Any]])
            // 1, 0, 2, 1, -1: mean 3/5 = 0.6; sample SD sqrt(5.2/4) = 1.1402; t(4) = 2.776 -> 0.6 ± 1.4155.
            #expect(abs((items1[0]["mean"] as? Double ?? 0) - 0.6) < 1e-9)
            #expect(abs((items1[0]["ciLower"] as? Double ?? 0) - (0.6 - 2.776 * (1.3).squareRoot() / (5.0).squareRoot())) < 1e-3)
            #expect(items1[0]["benchmark"] as? String == "below")
            #expect(abs((items1[0]["netScore"] as? Double ?? 0) - 0.4) < 1e-9)   // 3 improved, 1 declined of 5

            // A correction prompted by round 1.
            let idp = try APIClient.object(try await api.send(.GET, "/engagements/\(e)/idp"))
            let item = try #require((idp["items"] as? [[String: Any]])?.first)
            let body = #"{"reason":"Round 1: slow progress","surveyRoundId":"\#(r1ID)","basedOnRevision":\#(idp["revision"] as! Int),"items":[{"id":"\#(item["id"] as! String)","competencyId":"\#(item["competencyId"] as! String)","action":"Act weekly","dueDate":"2027-03-01","successMeasure":"M"}]}"#
            #expect(try await api.send(.POST, "/engagements/\(e)/idp/revisions", json: body).status == .created)
            #expect(try await api.send(.POST, "/engagements/\(e)/idp/revisions", json: body).status == .conflict)   // stale: now revision 2

            // Round 2: a newly approved stakeholder joins; six answer (one joined), so no change is shown.
            _ = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"Nia New","email":"n1@example.com","relationship":"customer"}"#)
            let r2 = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
            #expect(r2["number"] as? Int == 2 && r2["invited"] as? Int == 7)
            try await answer(t, [("s0@example.com", 2, "consistently"), ("s1@example.com", 1, "sometimes"), ("s2@example.com", 2, "often"),
                                 ("s3@example.com", 1, "sometimes"), ("p4@example.com", 0, "rarely"), ("n1@example.com", 3, "consistently")])
            let r2ID = try #require(r2["id"] as? String)
            // Sending again mails nobody twice.
            let before = try await t.deliverMail().count
            #expect(try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(r2ID)/invitations"))["invited"] as? Int == 7)
            #expect(try await t.deliverMail().count == before)
            _ = try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(r2ID)/close")

            // Round 3: the same six answer, so the change from round 2 may be shown.
            let r3 = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
            try await answer(t, [("s0@example.com", 3, "consistently"), ("s1@example.com", 1, "often"), ("s2@example.com", 2, "often"),
                                 ("s3@example.com", 2, "often"), ("p4@example.com", 1, "sometimes"), ("n1@example.com", 3, "consistently")])
            _ = try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(try #require(r3["id"] as? String))/close")
            let trend = try APIClient.object(try await api.send(.GET, "/engagements/\(e)/survey-trend"))
            let steps = try #require((trend["items"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]])
            #expect(steps.count == 2)
            #expect(steps[0]["raterSetChanged"] as? Bool == true && steps[0]["comparable"] as? Bool == false && steps[0]["delta"] == nil)
            // Round 2 mean 9/6 = 1.5, round 3 mean 12/6 = 2.0: +0.5.
            #expect(steps[1]["raterSetChanged"] as? Bool == false && abs((steps[1]["delta"] as? Double ?? 0) - 0.5) < 1e-9)
            let page = try await f.coach.get("/engagements/\(e)")
            #expect(page.text.contains("Progress across rounds") && page.text.contains("could expose who joined or left"))

            // Sponsor and HR see the report only once the client approved and the coach released it.
            let session = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-02-02T14:00:00Z"}"#))
            _ = try await api.send(.POST, "/engagements/\(e)/meetings/\(session["id"] as! String)/record", json: #"{"sharedNotes":"S"}"#)
            let followUp = try #require(try APIClient.array(try await api.send(.GET, "/engagements/\(e)/meetings")).first { $0["kind"] as? String == "follow_up" })
            _ = try await api.send(.POST, "/engagements/\(e)/meetings/\(followUp["id"] as! String)/record",
                                   json: #"{"sharedNotes":"Done","feedbackObtained":"Peers notice faster decisions.","achievements":"Delegated the Monday review."}"#)
            #expect(try await api.send(.POST, "/engagements/\(e)/final-report", json: #"{"coachSummary":"Clear progress."}"#).status == .created)
            for browser in [f.sponsor, f.hrPartner] { #expect(try await browser.get("/engagements/\(e)/report").status == .forbidden) }
            try await f.client.get("/engagements/\(e)/report")
            #expect(try await f.client.post("/engagements/\(e)/report/approve", ["clientReflection": "I learned to let go."]).status == .seeOther)
            for browser in [f.sponsor, f.hrPartner] { #expect(try await browser.get("/engagements/\(e)/report").status == .forbidden) }
            #expect(try await api.send(.POST, "/engagements/\(e)/final-report/release").status == .ok)
            for browser in [f.sponsor, f.hrPartner] {
                let report = try await browser.get("/engagements/\(e)/report")
                #expect(report.status == .ok)
                #expect(report.text.contains("I learned to let go.") && report.text.contains("Delegated the Monday review."))
                #expect(report.text.contains("Round 1: slow progress") && report.text.contains("Round 1</td>"))
                #expect(!report.text.contains("From s0@example.com") && !report.text.contains("(n=1)") && !report.text.contains("(n=2)"))
            }
            // Closing with a meeting still planned asks first, naming it, then cancels it (issue 12).
            let later = try APIClient.object(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-05-03T14:00:00Z"}"#))
            let refused = try await api.send(.POST, "/engagements/\(e)/advance")
            #expect(refused.status == .conflict)
            #expect(try APIClient.object(refused)["code"] as? String == "planned_meetings_left")
            let closePage = try await f.coach.get("/engagements/\(e)")
            #expect(closePage.text.contains(#"name="cancelPlannedMeetings""#) && closePage.text.contains("1 planned meeting is still on the calendar"))
            let unticked = try await f.coach.post("/engagements/\(e)/advance")
            #expect(unticked.status == .conflict && unticked.text.contains("confirm to close"))
            #expect(try APIClient.object(try await api.send(.POST, "/engagements/\(e)/advance", json: #"{"cancelPlannedMeetings":true}"#))["phase"] as? String == "closed")
            let cancelled = try #require(try await Meeting.find(UUID(uuidString: later["id"] as! String), on: t.app.db))
            #expect(cancelled.status == "cancelled" && cancelled.cancellationReason == "The engagement was closed.")
        }
    }
}

/// The worker's part: planned rounds open on their day, non-respondents are reminded once per
/// interval, and rounds close on their close date.
@Suite struct SurveySchedulingTests {
    @Test func plannedRoundsOpenRemindAndClose() async throws {
        try await withApp { (t: TestApp) in
            let f = try await EngagementFixture.build(t, shareIDP: true)
            let e = f.engagementID
            #expect(try await f.api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            // Today where the coach is (the fixture's coach is in Europe/Berlin): a UTC date is
            // yesterday there between 23:00 and midnight UTC, and the plan would be refused.
            let today = CalendarDate.of(Date(), zone: "Europe/Berlin")
            _ = try await f.api.send(.POST, "/engagements/\(e)/survey-rounds/plan", json: #"{"firstOn":"\#(today)","count":2,"intervalWeeks":4,"openDays":10}"#)
            let day: TimeInterval = 86_400
            let start = Date().addingTimeInterval(day)   // after 09:00 today in any zone
            #expect(try await SurveyRounds.sweep(t.app, now: start) == 1)
            #expect(try await SurveyRounds.sweep(t.app, now: start) == 0)   // round 2 waits four weeks, and one round is open
            let round = try #require(try await SurveyRound.query(on: t.app.db).filter(\.$number == 1).first())
            #expect(round.status == "open" && round.ratingThreshold == 3)
            let (browser, path, form) = try await Inbox(t).openSurvey(to: "s0@example.com")
            let field = try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36))
            _ = try await browser.post(path, ["change_\(field)": "1", "followUp": "often"])
            let before = try await t.deliverMail().filter { $0.subject.hasPrefix("Reminder:") }.count
            try await SurveyRounds.remindAndClose(t.app, now: start.addingTimeInterval(4 * day))
            try await SurveyRounds.remindAndClose(t.app, now: start.addingTimeInterval(4 * day + 60))
            let reminders = try await t.deliverMail().filter { $0.subject.hasPrefix("Reminder:") }
            #expect(reminders.count - before == 3)   // four invited, one answered, each reminded once
            #expect(!reminders.contains { $0.to.contains("<s0@example.com>") })
            try await SurveyRounds.remindAndClose(t.app, now: start.addingTimeInterval(11 * day))
            let closed = try #require(try await SurveyRound.find(round.id, on: t.app.db))
            #expect(closed.closedAt != nil && closed.status == "closed")
        }
    }
}
