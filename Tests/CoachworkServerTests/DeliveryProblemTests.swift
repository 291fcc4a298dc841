import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Failed deliveries are visible to the engagement's coach (and the admin), never to the
/// parties, and the coach can retry them; bodies (which hold personal links) are never shown.
@Suite struct DeliveryProblemTests {
    @Test func theCoachSeesAndRetriesTheEngagementsFailedEmails() async throws {
        try await withApp { (t: TestApp) in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            t.app.mailTransport = RecordingTransport(failing: true)
            _ = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-02-01T09:00:00Z"}"#)
            let row = try #require(try await OutboxMessage.query(on: t.app.db).filter(\.$purpose == "meeting_invitation").filter(\.$status == "pending").first())
            #expect(row.engagementID?.uuidString == e)
            // One failed attempt: shown as retrying; the last allowed attempt failing: shown as failed.
            try await t.app.outboxDelivery.deliverDue(now: Date())
            let retrying = try await f.coach.get("/engagements/\(e)")
            #expect(retrying.text.contains("Emails not delivered") && retrying.text.contains("retrying (attempt 1 failed)"))
            try await OutboxMessage.query(on: t.app.db).filter(\.$id == row.id!)
                .set(\.$attempts, to: OutboxDelivery.maxAttempts - 1).set(\.$nextAttemptAt, to: Date()).update()
            try await t.app.outboxDelivery.deliverDue(now: Date())
            let page = try await f.coach.get("/engagements/\(e)")
            #expect(page.text.contains("failed after \(OutboxDelivery.maxAttempts) attempts") && page.text.contains("zoe@example.com"), "\(page.text.components(separatedBy: "Emails not delivered").last?.prefix(1500) ?? "")")
            #expect(page.text.contains("mail server down"))
            #expect(try await f.admin.get("/engagements/\(e)").text.contains("Emails not delivered"))
            for (role, browser) in f.parties where ["client", "sponsor", "hr_partner", "other coach"].contains(role) {
                #expect(!(try await browser.get("/engagements/\(e)")).text.contains("Emails not delivered"), "\(role)")
            }
            let retry = "/engagements/\(e)/emails/\(row.id!)/retry"
            #expect(try await f.sponsor.post(retry).status == .forbidden)
            #expect(try await f.otherCoach.post(retry).status != .seeOther)
            t.app.mailTransport = RecordingTransport()
            #expect(try await f.coach.post(retry).status == .seeOther)
            try await t.app.outboxDelivery.deliverDue(now: Date())
            #expect(try await OutboxMessage.find(row.id, on: t.app.db)?.status == "sent")
            #expect(!(try await f.coach.get("/engagements/\(e)")).text.contains("Emails not delivered"))
            #expect(try await f.coach.post("/engagements/\(e)/emails/\(UUID())/retry").status == .notFound)
        }
    }
}
