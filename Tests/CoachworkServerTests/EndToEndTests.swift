import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer
@testable import CoachworkCore

/// One whole engagement through HTTP: the coach through the API, everyone else through the
/// personal links read from the `.eml` files, as they would from their inbox.
@Suite struct EndToEndTests {
    @Test func aWholeEngagementFromContractingToTheFinalReport() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let coach = try await t.makeUser("coach", email: "coach@example.com", name: "Ana Coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            func json(_ r: TestingHTTPResponse) throws -> [String: Any] { try APIClient.object(r) }
            func person(_ name: String, _ email: String, _ zone: String) async throws -> String {
                let r = try await api.send(.POST, "/people", json: #"{"name":"\#(name)","email":"\#(email)","timeZone":"\#(zone)"}"#)
                #expect(r.status == .created)
                return try #require(try json(r)["id"] as? String)
            }
            let clientID = try await person("Zoë Ferreira", "zoe@example.com", "America/New_York")
            let sponsorID = try await person("Sam Sponsor", "sam@example.com", "Europe/London")
            let hrID = try await person("Hana HR", "hana@example.com", "Europe/Berlin")

            // 1. Contracting
            let created = try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(clientID)","sponsorId":"\#(sponsorID)","hrPartnerId":"\#(hrID)","presentingProblem":"Decisions stall in the leadership team.","objective":"Lead faster, clearer decisions."}"#)
            #expect(created.status == .created)
            let e = try #require(try json(created)["id"] as? String)
            let refused = try await api.send(.POST, "/engagements/\(e)/advance")
            #expect(refused.status == .conflict)
            let codes = (try json(refused)["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["agreement_has_goal", "agreement_accepted_by_client", "agreement_accepted_by_sponsor"])

            let agreement = #"{"plannedSessions":8,"cadenceWeeks":2,"durationMonths":6,"confidentialityTerms":"Sessions are confidential.","goals":[{"statement":"Decide within one meeting","successMeasure":"80% of decisions in one meeting","targetDate":"2027-05-31"},{"statement":"Delegate operational calls","successMeasure":"Team rates delegation 4/5","targetDate":"2027-05-31"}]}"#
            #expect(try await api.send(.PUT, "/engagements/\(e)/agreement", json: agreement).status == .ok)
            #expect(try await api.send(.POST, "/engagements/\(e)/agreement/proposal").status == .accepted)
            for email in ["zoe@example.com", "sam@example.com"] {
                let (browser, mail) = try await inbox.signInFromMail(to: email)
                #expect(mail.subject.contains("coaching agreement"))
                let page = try await browser.get("/engagements/\(e)/agreement")
                #expect(page.text.contains("I accept version 1"))
                #expect(try await browser.post("/engagements/\(e)/agreement/accept").status == .seeOther)
                // The link was used up by signing in: a second use explains itself.
                let again = Browser(t.app)
                try await again.get(mail.personalLinkPath!)
                #expect(try await again.post(mail.personalLinkPath!).status == .gone)
            }
            let accepted = try json(try await api.send(.GET, "/engagements/\(e)/agreement"))
            #expect(accepted["status"] as? String == "accepted")
            #expect((accepted["acceptances"] as? [[String: Any]])?.count == 2)
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)

            // 2. Awareness
            let kickoff = try json(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"kickoff","startsAt":"2026-01-05T15:00:00Z","durationMinutes":90,"objective":"Background, goals, expected results","attendees":["client","sponsor","hr_partner"]}"#))
            let kickoffID = try #require(kickoff["id"] as? String)
            #expect(try await api.send(.POST, "/engagements/\(e)/meetings/\(kickoffID)/record", json: #"{"sharedNotes":"The team expects clearer decisions.","privateNotes":"Sponsor seemed impatient."}"#).status == .ok)
            let stakeholders = [("Pia Peer", "peer"), ("Pat Peer", "peer"), ("Paz Peer", "peer"), ("Dee Report", "direct_report"), ("Dan Report", "direct_report"), ("Dora Report", "direct_report")]
            for (name, relationship) in stakeholders {
                let email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com"
                let r = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"\#(name)","email":"\#(email)","relationship":"\#(relationship)","timeZone":"Asia/Tokyo"}"#)
                #expect(r.status == .created)
            }
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)

            // 3. Analysis: a 360 on two competencies
            let competencies = try APIClient.array(try await api.send(.GET, "/competencies"))
            #expect(competencies.count == 28)
            let a = try #require(competencies[0]["id"] as? String)
            let b = try #require(competencies[1]["id"] as? String)
            let started = try json(try await api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":["\#(a)","\#(b)"]}"#))
            let assessment = try #require(started["id"] as? String)
            #expect(started["invited"] as? Int == 7)
            // (rater email, score for A, score for B, comment)
            let answers: [(String, String, String, String)] = [
                ("zoe@example.com", "4", "2", ""),
                ("pia.peer@example.com", "3", "5", "Keeps the big picture."), ("pat.peer@example.com", "4", "4", ""), ("paz.peer@example.com", "4", "na", ""),
                ("dee.report@example.com", "2", "3", "Decides late."), ("dan.report@example.com", "3", "3", ""), ("dora.report@example.com", "5", "4", ""),
            ]
            for (email, scoreA, scoreB, comment) in answers {
                let mail = try await inbox.next(to: email)
                #expect(mail.headers["reply-to"]?.contains("<coach@example.com>") == true)
                let path = try #require(mail.personalLinkPath)
                let browser = Browser(t.app)
                let form = try await browser.get(path)
                #expect(form.text.contains(competencies[0]["name"] as! String))
                // The default model rates three behaviour items per competency: A's first, then B's.
                let fields = form.scoreFields
                #expect(fields.count == 6)
                func body(_ scoreA: String, _ scoreB: String, _ extra: [String: String]) -> [String: String] {
                    var form = extra
                    for field in fields.prefix(3) { form[field] = scoreA }
                    for field in fields.suffix(3) { form[field] = scoreB }
                    return form
                }
                if email == "dee.report@example.com" {
                    let bad = try await browser.post(path, body("7", scoreB, ["answer_0": comment]))
                    #expect(bad.status == .unprocessableEntity)
                    #expect(bad.text.contains("Ratings go from 1 to 5"))
                    #expect(bad.text.contains("Decides late."))
                }
                let sent = try await browser.post(path, body(scoreA, scoreB, ["answer_0": comment]))
                #expect(sent.status == .ok)
                #expect(sent.text.contains("Thank you"))
                #expect(try await browser.post(path, body("1", "1", [:])).status == .gone)
            }
            #expect(try await AssessmentRating.query(on: t.app.db).count() == 42)   // 7 raters x 2 competencies x 3 items
            #expect(try await api.send(.GET, "/engagements/\(e)/assessments/\(assessment)/results").status == .conflict)
            #expect(try await api.send(.POST, "/engagements/\(e)/assessments/\(assessment)/close").status == .ok)
            let results = try json(try await api.send(.GET, "/engagements/\(e)/assessments/\(assessment)/results"))
            let rows = try #require(results["competencies"] as? [[String: Any]])
            // A: self 4; peers 3,4,4 = 11/3; direct reports 2,3,5 = 10/3; all six others 21/6 = 3.5.
            #expect(rows[0]["selfScore"] as? Int == 4)
            let groupsA = try #require(rows[0]["groups"] as? [[String: Any]])
            #expect(groupsA.map { $0["group"] as? String } == ["peer", "direct_report", "others"])
            #expect(abs((groupsA[0]["mean"] as? Double ?? 0) - 11.0 / 3) < 1e-9)
            #expect(abs((groupsA[1]["mean"] as? Double ?? 0) - 10.0 / 3) < 1e-9)
            #expect((rows[0]["others"] as? [String: Any])?["mean"] as? Double == 3.5)
            // B: peers 5,4 and one can't say (n = 2, hidden); direct reports 3,3,4 would reveal
            // the peers by difference, so they are hidden too; others 19/5 = 3.8 with n = 5.
            let groupsB = try #require(rows[1]["groups"] as? [[String: Any]])
            #expect(groupsB[0]["suppressed"] as? Bool == true && groupsB[0]["mean"] == nil)
            #expect(groupsB[1]["suppressed"] as? Bool == true && groupsB[1]["mean"] == nil)
            let othersB = try #require(rows[1]["others"] as? [String: Any])
            #expect(othersB["n"] as? Int == 5)
            #expect(abs((othersB["mean"] as? Double ?? 0) - 3.8) < 1e-9)
            #expect(Set(results["comments"] as? [String] ?? []) == ["Keeps the big picture.", "Decides late."])

            let interview = try await api.send(.POST, "/engagements/\(e)/interviews", json: #"{"heldOn":"2026-11-10","notes":"Raw: says the client interrupts."}"#)
            #expect(interview.status == .created)
            let targets = #"{"targets":[{"competencyId":"\#(a)","rationale":"Others rate it below self."},{"competencyId":"\#(b)","rationale":"Blind spot."}]}"#
            #expect(try await api.send(.PUT, "/engagements/\(e)/target-competencies", json: targets).status == .ok)
            let idp = #"{"items":[{"competencyId":"\#(a)","action":"Weekly decision review","dueDate":"2027-03-01","successMeasure":"Decisions logged"},{"competencyId":"\#(b)","action":"Read one trend report a month","dueDate":"2027-04-01","successMeasure":"Shares insights in staff meeting"}]}"#
            #expect(try await api.send(.PUT, "/engagements/\(e)/idp", json: idp).status == .ok)
            #expect(try await api.send(.POST, "/engagements/\(e)/idp/share").status == .ok)
            for email in ["sam@example.com", "hana@example.com"] {
                let (browser, mail) = try await inbox.signInFromMail(to: email)
                #expect(mail.subject.contains("Development plan"))
                let page = try await browser.get("/engagements/\(e)/idp")
                #expect(page.text.contains("Weekly decision review"))
                #expect(try await browser.post("/engagements/\(e)/idp/acknowledge").status == .seeOther)
            }
            #expect((try json(try await api.send(.GET, "/engagements/\(e)/idp"))["acknowledgements"] as? [Any])?.count == 2)
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)

            // 4. Achievement
            let session = try json(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-02-02T14:00:00Z","objective":"Practise closing a decision"}"#))
            #expect(try await api.send(.POST, "/engagements/\(e)/meetings/\(session["id"] as! String)/record", json: #"{"sharedNotes":"Tried the one-meeting rule.","privateNotes":"Client anxious about the sponsor.","actionItems":[{"description":"Log decisions","owner":"client","dueDate":"2027-02-15"}]}"#).status == .ok)
            let meetings = try APIClient.array(try await api.send(.GET, "/engagements/\(e)/meetings"))
            let followUp = try #require(meetings.first { $0["kind"] as? String == "follow_up" })
            #expect(followUp["startsAt"] as? String == "2026-03-16T14:00:00Z") // 6 weeks after the session
            let round = try json(try await api.send(.POST, "/engagements/\(e)/survey-rounds", json: #"{"closesInDays":14}"#))
            let roundID = try #require(round["id"] as? String)
            #expect(round["invited"] as? Int == 6)
            let progress: [(String, String, String)] = [("pia.peer@example.com", "2", "1"), ("pat.peer@example.com", "1", "-1"),
                                                        ("dee.report@example.com", "0", "2"), ("dan.report@example.com", "3", "2")]
            for (email, changeA, changeB) in progress {
                let mail = try await inbox.next(to: email)
                let path = try #require(mail.personalLinkPath)
                let browser = Browser(t.app)
                try await browser.get(path)
                let bad = try await browser.post(path, ["change_\(a.uppercased())": "4", "change_\(b.uppercased())": changeB])
                #expect(bad.status == .unprocessableEntity)
                let missingFollowUp = try await browser.post(path, ["change_\(a.uppercased())": changeA, "change_\(b.uppercased())": changeB])
                #expect(missingFollowUp.status == .unprocessableEntity && missingFollowUp.text.contains("how often the client followed up"))
                #expect(try await browser.post(path, ["change_\(a.uppercased())": changeA, "change_\(b.uppercased())": changeB, "comment_\(a.uppercased())": "Better", "followUp": "often"]).status == .ok)
            }
            #expect(try await SurveyAnswer.query(on: t.app.db).count() == 8)
            #expect(try await api.send(.GET, "/engagements/\(e)/survey-rounds/\(roundID)/results").status == .conflict)
            #expect(try await api.send(.POST, "/engagements/\(e)/survey-rounds/\(roundID)/close").status == .ok)
            let survey = try #require(try json(try await api.send(.GET, "/engagements/\(e)/survey-rounds/\(roundID)/results"))["items"] as? [[String: Any]])
            // A: 2,1,0,3 -> mean 1.5, sample variance 5/3, 3 of 4 improved; B: 1,-1,2,2 -> mean 1, variance 2.
            #expect(survey[0]["n"] as? Int == 4)
            #expect(abs((survey[0]["responseRate"] as? Double ?? 0) - 4.0 / 6) < 1e-9)
            #expect(survey[0]["mean"] as? Double == 1.5)
            #expect(abs((survey[0]["standardDeviation"] as? Double ?? 0) - (5.0 / 3).squareRoot()) < 1e-9)
            #expect(survey[0]["shareImproved"] as? Double == 0.75)
            #expect(survey[1]["mean"] as? Double == 1.0)
            #expect(abs((survey[1]["standardDeviation"] as? Double ?? 0) - 2.0.squareRoot()) < 1e-9)

            let review = try json(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"results_review","startsAt":"2026-03-02T14:00:00Z"}"#))
            #expect(try await api.send(.POST, "/engagements/\(e)/meetings/\(review["id"] as! String)/record", json: #"{"sharedNotes":"Discussed round 1 with the client."}"#).status == .ok)
            // The correction keeps action A (its id), rewords it, marks it in progress and drops B.
            let planned = try #require(try json(try await api.send(.GET, "/engagements/\(e)/idp"))["items"] as? [[String: Any]])
            let idA = try #require(planned.first?["id"] as? String)
            #expect(planned.first?["status"] as? String == "planned" && planned.first?["owner"] as? String == "Client")
            let correction = #"{"reason":"Round 1: delegation lags","items":[{"id":"\#(idA)","competencyId":"\#(a)","action":"Delegate two decisions a week","dueDate":"2027-04-15","successMeasure":"Two delegated decisions logged weekly","status":"in_progress","owner":"Client and sponsor"}]}"#
            #expect(try await api.send(.POST, "/engagements/\(e)/idp/revisions", json: correction).status == .created)
            let history = try #require(try json(try await api.send(.GET, "/engagements/\(e)/idp"))["history"] as? [[String: Any]])
            #expect(history.map { $0["revision"] as? Int } == [1, 2])
            let coachBrowser = Browser(t.app)
            try await coachBrowser.signIn(coach.email)
            let idpPage = try await coachBrowser.get("/engagements/\(e)/idp")
            #expect(idpPage.text.contains("What changed"))
            #expect(idpPage.text.contains("<del>Read one trend report a month</del>"))
            #expect(idpPage.text.contains("<del>Weekly decision review</del> <ins>Delegate two decisions a week</ins>"))
            #expect(idpPage.text.contains("In progress"))
            #expect(try await api.send(.POST, "/engagements/\(e)/meetings/\(followUp["id"] as! String)/record", json: #"{"sharedNotes":"Feedback gathered; achievements recognised."}"#).status == .ok)
            let agreementGoals = try #require(try json(try await api.send(.GET, "/engagements/\(e)/agreement"))["goals"] as? [[String: Any]])
            let goalID = try #require(agreementGoals.first?["id"] as? String)
            let issued = try await api.send(.POST, "/engagements/\(e)/final-report", json: #"{"coachSummary":"Clear progress on decisions.","goalOutcomes":[{"goalId":"\#(goalID)","outcome":"partly_achieved","note":"Half the decisions delegated."}]}"#)
            #expect(issued.status == .created)

            // Issued is not released: the sponsor cannot read it, the coach cannot release it yet.
            let (sponsor, _) = try await inbox.signInFromMail(to: "sam@example.com")
            #expect(try await sponsor.get("/engagements/\(e)/report").status == .forbidden)
            #expect(try await api.send(.POST, "/engagements/\(e)/final-report/release").status == .conflict)
            #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .conflict)
            // The client reads it from the email, adds a reflection and approves.
            let (clientReader, reviewMail) = try await inbox.signInFromMail(to: "zoe@example.com")
            #expect(reviewMail.subject.contains("please read, reflect and approve"))
            #expect(try await clientReader.get("/engagements/\(e)/report").text.contains("Approve the report with my reflection"))
            let empty = try await clientReader.post("/engagements/\(e)/report/approve", ["clientReflection": "  "])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await clientReader.post("/engagements/\(e)/report/approve", ["clientReflection": "I decide faster and let go more."]).status == .seeOther)
            #expect(try await sponsor.get("/engagements/\(e)/report").status == .forbidden)
            // The 360 is the client's: its figures reach the sponsor, in the report too, once the client shares them.
            let assessmentPage = "/engagements/\(e)/assessments/\(assessment)"
            try await clientReader.get(assessmentPage)
            #expect(try await clientReader.post(assessmentPage + "/summary", ["summary": "I delegate more; peers want more partnering.",
                                                                           "intent": "share", "shareFigures": "yes"]).status == .seeOther)
            #expect(try await inbox.next(to: "sam@example.com").subject.hasPrefix("360 summary"))
            let released = try json(try await api.send(.POST, "/engagements/\(e)/final-report/release"))
            #expect(released["releasedAt"] != nil && released["clientReflection"] as? String == "I decide faster and let go more.")

            // The sponsor opens the released report from the email.
            let releaseMail = try await inbox.next(to: "sam@example.com")
            #expect(releaseMail.subject.hasPrefix("Final report"))
            let reportPage = try await sponsor.get("/engagements/\(e)/report")
            #expect(reportPage.text.contains("I decide faster and let go more."))
            #expect(reportPage.text.contains("Partly achieved") && reportPage.text.contains("Half the decisions delegated."))
            #expect(reportPage.status == .ok)
            #expect(reportPage.text.contains("Clear progress on decisions."))
            #expect(reportPage.text.contains("3.5"))   // 360 baseline, A, all others
            #expect(reportPage.text.contains("+1.5"))  // round 1, A, mean
            #expect(reportPage.text.contains("75%"))   // share who saw improvement
            #expect(reportPage.text.contains("Round 1: delegation lags"))
            #expect(!reportPage.text.contains("Sponsor seemed impatient"))
            #expect(!reportPage.text.contains("Raw: says the client interrupts"))
            let snapshot = try #require(try json(try await api.send(.GET, "/engagements/\(e)/final-report"))["snapshot"] as? [String: Any])
            let baseline = try #require((snapshot["baseline"] as? [String: Any])?["rows"] as? [[String: Any]])
            #expect(baseline[0]["othersMean"] as? Double == 3.5)
            #expect(abs((baseline[1]["othersMean"] as? Double ?? 0) - 3.8) < 1e-9)

            // Where Chromium is installed, the PDF is the same page printed: the same figures.
            if t.app.config.chromiumPath != nil, PDFText.tool != nil {
                let pdf = try await sponsor.get("/engagements/\(e)/report.pdf")
                #expect(pdf.status == .ok && pdf.headers.contentType?.description == "application/pdf")
                let text = try PDFText.extract(Data(buffer: pdf.body))
                for figure in ["3.5", "+1.5", "75%", "Partly achieved", "I decide faster and let go more."] {
                    #expect(text.contains(figure) == reportPage.text.contains(figure), "\(figure)")
                }
            }

            let closed = try await api.send(.POST, "/engagements/\(e)/advance")
            #expect(try json(closed)["phase"] as? String == "closed")
            #expect(try json(closed)["status"] as? String == "closed")
        }
    }
}
