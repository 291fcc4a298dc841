import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10: the 360 report is the client's. Coach and client read it in full; sponsor and HR partner
/// read the target competencies, the summary the client approved and, if the client chose, the
/// competency-level "all others" figures; the admin sees progress only. Every route, as each role.
@Suite struct AssessmentSharingTests {
    typealias F = EngagementFixture

    /// What only the full report shows: the fixture's figures ("all others" 3.5 over 4 raters), its
    /// comment, item-level detail and the gap report.
    static let fullReportOnly = ["n=4", "Comment by", "Behaviour items", "Gap report", "hidden: protects a smaller group"]

    @Test func sponsorHRAndAdminNeverReadTheFullReport() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let page = "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)"
            let expected: [String: HTTPResponseStatus] = [
                "coach": .ok, "client": .ok, "sponsor": .ok, "hr_partner": .ok, "admin": .ok, "other coach": .notFound,
            ]
            for (role, browser) in f.parties {
                let response = try await browser.get(page)
                #expect(response.status == expected[role], "\(role)")
                let full = ["coach", "client"].contains(role)
                for secret in Self.fullReportOnly where response.status == .ok {
                    #expect(response.text.contains(secret) == full, "\(role) \(secret)")
                }
                let csv = try await browser.get(page + "/results.csv")
                #expect(csv.status == (full ? .ok : role == "other coach" ? .notFound : .forbidden), "\(role) csv")
            }
            #expect(try await f.sponsor.get(page).text.contains("The client has not shared a summary yet."))
            #expect(try await f.admin.get(page).text.contains("5 of 5 invited raters"))
            #expect(try await f.anonymous.get(page).status == .seeOther)
            #expect(try await f.anonymous.get(page + "/results.csv").status == .seeOther)
            // The API is for accounts: the coach reads the results, the admin does not.
            #expect(try await f.api.send(.GET, "\(page)/results").status == .ok)
            #expect(try await f.adminAPI.send(.GET, "\(page)/results").status == .forbidden)
        }
    }

    @Test func theCoachDraftsAndOnlyTheClientApprovesAndShares() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let page = "/engagements/\(e)/assessments/\(f.assessmentID)"
            let competency = try #require(try APIClient.array(try await f.api.send(.GET, "/competencies")).first?["id"] as? String)
            _ = try await f.api.send(.PUT, "/engagements/\(e)/target-competencies",
                                     json: #"{"targets":[{"competencyId":"\#(competency)","rationale":"RATIONALE-OF-TARGET"}]}"#)

            // The coach drafts; nobody but coach and client reads a draft, and the coach cannot share it.
            try await f.coach.get(page)
            #expect(try await f.coach.post(page + "/summary", ["summary": "COACH-DRAFT"]).status == .seeOther)
            #expect(try await f.coach.post(page + "/summary", ["summary": "COACH-DRAFT", "intent": "share", "shareFigures": "yes"]).status == .forbidden)
            #expect(try await f.client.get(page).text.contains("COACH-DRAFT"))
            for browser in [f.sponsor, f.hrPartner, f.admin] {
                let shown = try await browser.get(page)
                #expect(!shown.text.contains("COACH-DRAFT"))
                #expect(try await browser.post(page + "/summary", ["summary": "X", "intent": "share"]).status == .forbidden)
                #expect(try await browser.post(page + "/summary/withdraw").status == .forbidden)
            }
            #expect(try await f.sponsor.get(page).text.contains("RATIONALE-OF-TARGET"))

            // The client approves a summary of their own, without figures.
            try await f.client.get(page)
            #expect(try await f.client.post(page + "/summary", ["summary": "", "intent": "share"]).status == .unprocessableEntity)
            #expect(try await f.client.post(page + "/summary", ["summary": "CLIENT-APPROVED", "intent": "share", "shareFigures": "no"]).status == .seeOther)
            for browser in [f.sponsor, f.hrPartner] {
                let shown = try await browser.get(page)
                #expect(shown.text.contains("CLIENT-APPROVED") && shown.text.contains("RATIONALE-OF-TARGET"))
                for secret in Self.fullReportOnly { #expect(!shown.text.contains(secret), "\(secret)") }
                #expect(!shown.text.contains("3.5"))
                #expect(try await browser.get(page + "/results.csv").status == .forbidden)
            }
            #expect(!(try await f.admin.get(page)).text.contains("CLIENT-APPROVED"))

            // With the figures: the competency-level "all others" mean only, on the page and in the CSV.
            try await f.client.get(page)
            #expect(try await f.client.post(page + "/summary", ["summary": "CLIENT-APPROVED", "intent": "share", "shareFigures": "yes"]).status == .seeOther)
            for browser in [f.sponsor, f.hrPartner] {
                let shown = try await browser.get(page)
                #expect(shown.text.contains("3.5 (n=4)"))
                for secret in Self.fullReportOnly where secret != "n=4" { #expect(!shown.text.contains(secret), "\(secret)") }
                let csv = try await browser.get(page + "/results.csv")
                #expect(csv.status == .ok)
                let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.count == 2 && lines[1].hasSuffix(",,All others,4,3.5,yes"), "\(lines)")
            }
            #expect(try await f.admin.get(page + "/results.csv").status == .forbidden)
            // Sponsor and HR partner were told once, with a link and without the text.
            let told = try await t.deliverMail().filter { $0.subject.hasPrefix("360 summary of") }
            #expect(Set(told.map(\.to)).count == 2 && told.count == 2)
            #expect(told.allSatisfy { !$0.text.contains("CLIENT-APPROVED") && $0.personalLinkPath != nil })
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "assessment_summary_shared").all()
            #expect(audit.count == 2 && audit.allSatisfy { !$0.detail.contains("CLIENT-APPROVED") })

            // The client stops sharing: sponsor and HR partner see the target competencies only again.
            try await f.client.get(page)
            #expect(try await f.client.post(page + "/summary/withdraw").status == .seeOther)
            let after = try await f.sponsor.get(page)
            #expect(!after.text.contains("CLIENT-APPROVED") && !after.text.contains("3.5"))
            #expect(try await f.sponsor.get(page + "/results.csv").status == .forbidden)
        }
    }
}
