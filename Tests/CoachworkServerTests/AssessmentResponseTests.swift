import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer
import CoachworkCore

/// 360 responses in depth: behaviour items, drafts, reminders until the close date, and the
/// item-level results under the practice's thresholds.
@Suite struct AssessmentResponseTests {
    typealias F = EngagementFixture

    /// Starts a second 360 on one competency of the default model (three behaviour items).
    private func start(_ f: F, closesOn: String? = nil) async throws -> String {
        let competencies = try APIClient.array(try await f.api.send(.GET, "/competencies"))
        let c = try #require(competencies[3]["id"] as? String)
        let close = closesOn.map { #","closesOn":"\#($0)""# } ?? ""
        let body = #"{"competencyIds":["\#(c)"],"moreQuestions":["What is one thing to start?"]\#(close)}"#
        let started = try APIClient.object(try await f.api.send(.POST, "/engagements/\(f.engagementID)/assessments", json: body))
        return try #require(started["id"] as? String)
    }

    @Test func aDraftIsKeptUntilTheRaterSubmitsOnce() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            _ = try await start(f)
            let (rater, path, form) = try await Inbox(t).openForm(to: "s0@example.com")
            let fields = form.scoreFields
            #expect(fields.count == 3)
            #expect(form.text.contains("What is one thing to start?"))
            // A partial draft is accepted and keeps the link usable.
            let saved = try await rater.post(path, [fields[0]: "4", "answer_1": "Delegate the Monday review.", "intent": "draft"])
            #expect(saved.status == .ok)
            #expect(saved.text.contains("Your draft is saved"))
            let reopened = try await Browser(t.app).get(path)
            #expect(reopened.status == .ok)
            #expect(reopened.text.contains(#"value="4" checked"#))
            #expect(reopened.text.contains("Delegate the Monday review."))
            let drafts = try await AssessmentRater.query(on: t.app.db).filter(\.$savedAt != nil).all()
            #expect(drafts.count == 1 && drafts[0].submittedAt == nil)
            // A rating that is not a whole number is refused by name, and the saved draft keeps its 4.
            for typed in ["3.5", "1e1", "99999999999999999999"] {
                let refused = try await rater.post(path, [fields[0]: typed, "intent": "draft"])
                #expect(refused.status == .unprocessableEntity, "\(typed)")
                #expect(refused.text.contains("Ratings go from 1 to 5"), "\(typed)")
            }
            #expect(try await Browser(t.app).get(path).text.contains(#"value="4" checked"#))
            // Submitting needs every item; then the link is used up.
            let incomplete = try await rater.post(path, [fields[0]: "4", "intent": "submit"])
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.text.contains("Item 2 of 3") && incomplete.text.contains("Item 3 of 3") && incomplete.text.contains("choose a rating"),
                    "each missing item is named by its number")
            #expect(!incomplete.text.contains("Item 1 of 3"), "the answered item is not")
            let sent = try await rater.post(path, [fields[0]: "4", fields[1]: "5", fields[2]: "na", "answer_1": "Delegate.", "intent": "submit"])
            #expect(sent.text.contains("Thank you"))
            #expect(try await rater.post(path, [fields[0]: "1", "intent": "draft"]).status == .gone)
        }
    }

    @Test func remindersGoToThoseWhoHaveNotSubmittedUntilTheCloseDate() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let now = Date()
            let close = CalendarDate.of(now.addingTimeInterval(7 * 86_400), zone: "UTC")
            _ = try await start(f, closesOn: close)
            let (rater, path, form) = try await Inbox(t).openForm(to: "s1@example.com")
            _ = try await rater.post(path, form.answering("3", ["intent": "submit"]))
            let sweep = ReminderSweep(app: t.app)
            #expect(try await sweep.run(now: now.addingTimeInterval(86_400)) == 0)   // before the 3-day interval
            // Day 4: the client and the three stakeholders who have not answered, not s1.
            #expect(try await sweep.run(now: now.addingTimeInterval(4 * 86_400)) == 4)
            #expect(try await sweep.run(now: now.addingTimeInterval(4 * 86_400 + 60)) == 0)   // never twice
            let reminders = try await t.deliverMail().filter { $0.subject.hasPrefix("Reminder:") }
            #expect(reminders.count == 4)
            #expect(!reminders.contains { $0.to.contains("<s1@example.com>") })
            #expect(reminders.allSatisfy { $0.personalLinkPath != nil && $0.subject.contains(close) })
            // A reminder's fresh link opens the same questionnaire.
            let fresh = try #require(reminders.first { $0.to.contains("<s2@example.com>") }?.personalLinkPath)
            #expect(try await Browser(t.app).get(fresh).scoreFields.count == 3)
            // Past the close date nobody is reminded.
            #expect(try await sweep.run(now: now.addingTimeInterval(30 * 86_400)) == 0)
        }
    }
}

