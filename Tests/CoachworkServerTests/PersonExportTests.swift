import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Issue 12: a person's data export (admin only), the final report in the engagement's ZIP, and the export's cost.
@Suite struct PersonExportTests {
    typealias F = EngagementFixture

    @Test func aPersonsExportHoldsTheirOwnAnswersAndNobodyElses() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            // The direct report (s3) also becomes a person of the directory: the access request is theirs.
            let created = try APIClient.object(try await f.adminAPI.send(.POST, "/people", json: #"{"name":"Dee Report","email":"S3@example.com","timeZone":"Europe/Berlin"}"#))
            let dee = try #require(created["id"] as? String)
            let response = try await f.admin.get("/people/\(dee)/export.zip")
            #expect(response.status == .ok && response.headers.contentType?.description == "application/zip")
            #expect(response.headers.first(name: .contentDisposition)?.contains("coachwork-person-dee-report-") == true)
            let zip = try ZipContents(Data(buffer: response.body))
            #expect(Set(zip.files.keys) == ["README.txt", "person.json"])
            #expect((zip.python["formats"] as? [String: Any])?["person.json"] as? String == "coachwork-person-export/1")
            let json = try zip.json("person.json")
            let answers = try #require((json["assessmentAnswers"] as? [[String: Any]])?.first)
            #expect(answers["group"] as? String == "direct_report")
            #expect(((answers["openAnswers"] as? [[String: Any]]) ?? []).contains { $0["answer"] as? String == "Comment by Dee Report" })
            #expect(((answers["ratings"] as? [[String: Any]]) ?? []).allSatisfy { $0["score"] as? Int == 5 })
            #expect((json["stakeholderOf"] as? [[String: Any]])?.first?["relationship"] as? String == "direct_report")
            #expect(!((json["mail"] as? [[String: Any]]) ?? []).isEmpty)   // the 360 invitation
            #expect(((json["links"] as? [[String: Any]]) ?? []).contains { $0["purpose"] as? String == "assessment_response" })
            // Nothing of the other raters, and never a link itself.
            for other in ["s0@example.com", "s1@example.com", "Pia Peer", "/link/", "tokenHash", "token_hash"] {
                #expect(!zip.allText.contains(other), "\(other)")
            }
            // The client: their roles, self-rating and the meetings they attend.
            let zoe = try #require(try await Person.query(on: t.app.db).filter(\.$email == "zoe@example.com").first()?.id)
            let client = try ZipContents(Data(buffer: try await f.admin.get("/people/\(zoe)/export.zip").body)).json("person.json")
            #expect((client["engagements"] as? [[String: Any]])?.first?["role"] as? String == "client")
            #expect((client["assessmentAnswers"] as? [[String: Any]])?.first?["group"] as? String == "self")
            #expect((client["meetings"] as? [[String: Any]])?.count == 1)
            #expect(((client["acceptances"] as? [[String: Any]]) ?? []).count == 1)
            // Admin only, on the page and in the API; audited.
            #expect(try await f.coach.get("/people/\(dee)/export.zip").status == .forbidden)
            #expect(try await f.client.get("/people/\(zoe)/export.zip").status == .forbidden)
            #expect(try await f.api.send(.GET, "/people/\(dee)/export").status == .forbidden)
            let api = try await f.adminAPI.send(.GET, "/people/\(dee)/export")
            #expect(api.status == .ok && api.headers.contentType?.description == "application/zip")
            #expect(try await f.adminAPI.send(.GET, "/people/not-an-id/export").status == .notFound)
            #expect(try await f.adminAPI.send(.GET, "/people/\(UUID())/export").status == .notFound)
            let audited = try await AuditEvent.query(on: t.app.db).filter(\.$action == "person_exported").all()
            #expect(audited.count == 3 && audited.allSatisfy { $0.object?.hasPrefix("person:") == true })
            // The person page shows the button to admins only.
            #expect(try await f.admin.get("/people/\(dee)/edit").text.contains("/people/\(dee)/export.zip"))
            #expect(!(try await f.coach.get("/people/\(zoe)/edit").text.contains("export.zip")))
        }
    }

    @Test func theFinalReportIsInTheZipAsPDFWithTheSurveyResults() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID, api = f.api
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let r = try #require(try APIClient.object(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))["id"] as? String)
            let inbox = Inbox(t)
            for (i, email) in ["s0@example.com", "s1@example.com", "s2@example.com", "s3@example.com"].enumerated() {
                let (browser, path, form) = try await inbox.openSurvey(to: email)
                let field = try #require(form.text.components(separatedBy: #"name="change_"#).dropFirst().first?.prefix(36))
                #expect(try await browser.post(path, ["change_\(field)": String(i - 1), "followUp": "often"]).text.contains("Thank you"))
            }
            #expect(try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(r)/close").status == .ok)
            #expect(try await api.send(.POST, "/engagements/\(e)/final-report", json: #"{"coachSummary":"Progress made."}"#).status == .created)
            let zip = try ZipContents(Data(buffer: try await f.coach.get("/engagements/\(e)/export.zip").body))
            let json = try zip.json("engagement.json")
            #expect(((json["finalReport"] as? [String: Any])?["snapshot"] as? [String: Any])?["coachSummary"] as? String == "Progress made.")
            let round = try #require((json["surveyRounds"] as? [[String: Any]])?.first)
            #expect(round["respondents"] as? Int == 4)
            #expect((round["items"] as? [[String: Any]])?.first?["n"] as? Int == 4)
            let rows = (zip.python["csv"] as? [String: Any])?["csv/survey_results.csv"] as? [String: Any]
            #expect(rows?["rows"] as? Int == 1)
            if t.app.config.chromiumPath != nil {
                let pdf = try #require(zip.files["report.pdf"])
                #expect(pdf.starts(with: Data("%PDF".utf8)))
                if PDFText.tool != nil { #expect(try PDFText.extract(pdf).contains("Progress made.")) }
            } else {
                #expect(zip.text("README.txt").contains("report.pdf is missing"))
            }
        }
    }

    /// One query per table: the export of an engagement costs the same statements with more meetings, stakeholders
    /// and interviews in it, and with more engagements in the practice.
    @Test func anExportCostsTheSameStatementsWhateverTheEngagementsSize() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            func measure() async throws -> Int {
                var status: HTTPStatus = .internalServerError
                let sql = try await t.queries.during { status = try await f.coach.get("/engagements/\(e)/export.zip").status }
                #expect(status == .ok)
                return sql.count
            }
            _ = try await measure()
            let small = try await measure()
            for i in 0..<5 {
                _ = try await f.api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"More \#(i)","email":"more\#(i)@example.com","relationship":"peer"}"#)
                _ = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2027-0\#(i + 1)-05T15:00:00Z"}"#)
                _ = try await f.api.send(.POST, "/engagements/\(e)/interviews", json: #"{"heldOn":"2026-10-1\#(i)","notes":"More notes \#(i)"}"#)
            }
            try await QueryCountTests.grow(t, api: f.api, by: 3)
            let large = try await measure()
            #expect(small == large, "\(small) statements before, \(large) after the engagement grew")
            #expect(small > 0 && small <= 45, "\(small) statements")
        }
    }
}
