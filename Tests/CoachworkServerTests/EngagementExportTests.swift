import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Issue 12, "Data out": the engagement's ZIP, as each role, read back with ZIPFoundation and Python.
@Suite struct EngagementExportTests {
    typealias F = EngagementFixture

    @Test func theCoachsZipHoldsEverythingTheCoachMaySeeAndNoRatersAnswer() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            let response = try await f.coach.get("/engagements/\(e)/export.zip")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description == "application/zip")
            let disposition = response.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.hasPrefix("attachment") && disposition.contains("coachwork-engagement-zoe-client-"), "\(disposition)")
            let zip = try ZipContents(Data(buffer: response.body))
            for file in ["README.txt", "engagement.json", "meetings.ics", "csv/goals.csv", "csv/stakeholders.csv", "csv/meetings.csv",
                         "csv/idp_actions.csv", "csv/assessment_results.csv", "csv/survey_results.csv", "csv/audit.csv", "csv/interviews.csv"] {
                #expect(zip.files[file] != nil, "\(file)")
            }
            #expect(zip.files["report.pdf"] == nil)   // no report issued yet
            // Python read the same archive: formats, and every CSV record as wide as its header.
            #expect((zip.python["formats"] as? [String: Any])?["engagement.json"] as? String == "coachwork-engagement-export/1")
            let stakeholdersCSV = try #require((zip.python["csv"] as? [String: Any])?["csv/stakeholders.csv"] as? [String: Any])
            #expect(stakeholdersCSV["rows"] as? Int == 4)
            let json = try zip.json("engagement.json")
            #expect(json["format"] as? String == "coachwork-engagement-export/1")
            #expect(((json["engagement"] as? [String: Any])?["client"] as? [String: Any])?["name"] as? String == "Zoë Client")
            let goals = ((json["agreements"] as? [[String: Any]])?.first?["goals"] as? [[String: Any]]) ?? []
            #expect(goals.map { $0["statement"] as? String } == ["G"])
            #expect(Set(((json["stakeholders"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }) == Set(F.stakeholderNames))
            // The coach's own confidential notes are theirs to take.
            let kickoff = try #require((json["meetings"] as? [[String: Any]])?.first)
            #expect(kickoff["privateNotes"] as? String == F.privateNote)
            #expect(kickoff["sharedNotes"] as? String == F.sharedNote)
            #expect(zip.text("engagement.json").contains(F.interviewNote))
            #expect(zip.text("csv/meetings.csv").contains(F.privateNote))
            // 360 figures as the coach's results page: "all others" (n = 4) shown, peers and the direct report hidden.
            let assessment = try #require((json["assessments"] as? [[String: Any]])?.first)
            #expect(assessment["resultsScope"] as? String == "full")
            let groups = ((assessment["results"] as? [[String: Any]])?.first?["groups"] as? [[String: Any]]) ?? []
            #expect(groups.contains { $0["group"] as? String == "others" && $0["n"] as? Int == 4 && $0["shown"] as? Bool == true })
            #expect(groups.filter { $0["shown"] as? Bool == true }.allSatisfy { ($0["n"] as? Int ?? 0) >= 3 })
            #expect(groups.filter { $0["shown"] as? Bool == false }.allSatisfy { $0["n"] == nil && $0["mean"] == nil })
            // Never who answered or when, nor a personal link.
            for secret in ["submittedAt", "submitted_at", "/link/", "tokenHash", "token_hash"] {
                #expect(!zip.allText.contains(secret), "\(secret)")
            }
            let events = try PythonChecks.calendar(zip.text("meetings.ics"))
            #expect(events.count == 1 && (events.first?["summary"] as? String)?.hasPrefix("Kickoff meeting") == true)
            #expect(!zip.text("meetings.ics").contains(F.privateNote) && !zip.text("meetings.ics").contains(F.sharedNote))
            #expect(zip.text("README.txt").contains("engagement.json"))
            // The export is in the audit trail: who, which engagement, nothing of the content.
            let audited = try await AuditEvent.query(on: t.app.db).filter(\.$action == "engagement_exported").all()
            #expect(audited.count == 1 && audited.first?.engagementID?.uuidString.lowercased() == e.lowercased())
            #expect(audited.first?.actor.contains("coach") == true)
        }
    }

    @Test func theAdminsZipLeavesOutWhatTheAdminMayNotReadAndThePartiesAreRefused() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            let response = try await f.admin.get("/engagements/\(e)/export.zip")
            #expect(response.status == .ok)
            let zip = try ZipContents(Data(buffer: response.body))
            for secret in [F.privateNote, F.sharedNote, F.interviewNote] { #expect(!zip.allText.contains(secret), "\(secret)") }
            #expect(zip.files["meetings.ics"] == nil && zip.files["csv/meetings.csv"] == nil && zip.files["csv/interviews.csv"] == nil)
            let json = try zip.json("engagement.json")
            #expect(json["meetings"] == nil || json["meetings"] is NSNull)
            let omitted = ((json["omitted"] as? [[String: Any]]) ?? []).compactMap { $0["part"] as? String }
            #expect(omitted.contains("meetings.privateNotes") && omitted.contains("assessments.results"))
            #expect((json["assessments"] as? [[String: Any]])?.first?["resultsScope"] as? String == "none")
            #expect((json["stakeholders"] as? [[String: Any]])?.count == 4)
            #expect(zip.text("README.txt").contains("meetings.privateNotes"))
            // Every other party: the policy's 403, the other coach 404, the signed-out the sign-in page.
            for (role, browser, status) in [("client", f.client, HTTPStatus.forbidden), ("sponsor", f.sponsor, .forbidden),
                                            ("hr_partner", f.hrPartner, .forbidden), ("other coach", f.otherCoach, .notFound),
                                            ("anonymous", f.anonymous, .seeOther)] {
                let refused = try await browser.get("/engagements/\(e)/export.zip")
                #expect(refused.status == status, "\(role)")
                #expect(refused.headers.contentType?.description != "application/zip", "\(role)")
            }
            // The API: the same ZIP for coach and admin; 404 for another coach; 401 without a token.
            let api = try await f.api.send(.GET, "/engagements/\(e)/export")
            #expect(api.status == .ok && api.headers.contentType?.description == "application/zip")
            #expect(api.headers.first(name: .contentDisposition)?.contains("coachwork-engagement-") == true)
            #expect(try ZipContents(Data(buffer: api.body)).json("engagement.json")["exportedAs"] as? String == "coach")
            #expect(try await f.adminAPI.send(.GET, "/engagements/\(e)/export").status == .ok)
            let other = try await t.makeUser("coach", email: "third@example.com")
            #expect(try await APIClient(app: t.app, token: try await t.token(for: other)).send(.GET, "/engagements/\(e)/export").status == .notFound)
            #expect(try await APIClient(app: t.app, token: nil).send(.GET, "/engagements/\(e)/export").status == .unauthorized)
            // The engagement page offers the download to coach and admin only.
            #expect(try await f.coach.get("/engagements/\(e)").text.contains("/engagements/\(e)/export.zip"))
            #expect(try await f.admin.get("/engagements/\(e)").text.contains("/engagements/\(e)/export.zip"))
            #expect(!(try await f.client.get("/engagements/\(e)").text.contains("export.zip")))
        }
    }

    /// Two of three peers answered, with a comment: below the threshold, neither their figures nor their comment may
    /// appear anywhere in the coach's ZIP.
    @Test func aCommentBelowTheThresholdIsNowhereInTheZip() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let open = try await EngagementFixture.openAssessment(t, inbox: &inbox, peers: 3)
            let e = open.contracted.engagementID
            let secret = "LOW-N-COMMENT-7f3a"
            for email in ["s0@example.com", "s1@example.com"] {
                let (browser, path, form) = try await inbox.openForm(to: email)
                #expect(try await browser.post(path, form.answering("2", ["answer_0": secret])).status == .ok)
            }
            _ = try await open.contracted.api.send(.POST, "/engagements/\(e)/assessments/\(open.assessmentID)/close")
            let coach = Browser(t.app)
            try await coach.signIn("coach@example.com")
            let zip = try ZipContents(Data(buffer: try await coach.get("/engagements/\(e)/export.zip").body))
            #expect(!zip.allText.contains(secret))
            let assessment = try #require((try zip.json("engagement.json")["assessments"] as? [[String: Any]])?.first)
            #expect(assessment["responded"] as? Int == 2)
            let groups = ((assessment["results"] as? [[String: Any]])?.first?["groups"] as? [[String: Any]]) ?? []
            #expect(!groups.isEmpty && groups.allSatisfy { $0["shown"] as? Bool == false && $0["mean"] == nil })
            #expect(!zip.text("csv/assessment_results.csv").contains("2.0"))
        }
    }
}
