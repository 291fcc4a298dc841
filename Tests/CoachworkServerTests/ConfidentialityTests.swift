import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// DOMAIN.md's confidentiality promise, checked from the outside: each page and API
/// resource requested as each role, asserting what comes back.
@Suite struct ConfidentialityTests {
    typealias F = EngagementFixture

    @Test func privateNotesReachOnlyTheCoach() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let meeting = "/engagements/\(f.engagementID)/meetings/\(f.kickoffID)"
            let expected: [String: HTTPResponseStatus] = [
                "coach": .ok, "client": .ok, "sponsor": .forbidden, "hr_partner": .forbidden, "admin": .forbidden, "other coach": .notFound,
            ]
            for (role, browser) in f.parties {
                let page = try await browser.get(meeting)
                #expect(page.status == expected[role], "\(role)")
                #expect(page.text.contains(F.privateNote) == (role == "coach"), "\(role)")
                #expect(page.text.contains(F.sharedNote) == (role == "coach" || role == "client"), "\(role)")
                let overview = try await browser.get("/engagements/\(f.engagementID)")
                #expect(!overview.text.contains(F.privateNote), "\(role)")
            }
            #expect(try await f.anonymous.get(meeting).status == .seeOther)
            // The calendar file carries the meeting, never its notes.
            let ics = try await f.client.get(meeting + "/calendar.ics")
            #expect(ics.status == .ok)
            #expect(ics.headers.contentType?.description.hasPrefix("text/calendar") == true)
            #expect(ics.text.contains("BEGIN:VEVENT"))
            #expect(!ics.text.contains(F.privateNote) && !ics.text.contains(F.sharedNote))
            #expect(try await f.sponsor.get(meeting + "/calendar.ics").status == .forbidden)
            let coachMeetings = try APIClient.array(try await f.api.send(.GET, "/engagements/\(f.engagementID)/meetings"))
            #expect(coachMeetings.first?["privateNotes"] as? String == F.privateNote)
            #expect(try await f.adminAPI.send(.GET, "/engagements/\(f.engagementID)/meetings").status == .forbidden)
        }
    }

    @Test func rawInterviewNotesReachOnlyTheCoach() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            for (role, browser) in f.parties {
                for path in ["/engagements/\(e)", "/engagements/\(e)/idp", "/engagements/\(e)/assessments/\(f.assessmentID)", "/engagements/\(e)/agreement"] {
                    let shown = (try await browser.get(path)).text.contains(F.interviewNote)
                    #expect(shown == (role == "coach" && path == "/engagements/\(e)"), "\(role) \(path)")
                }
            }
            let engagement = try await f.adminAPI.send(.GET, "/engagements/\(e)")
            #expect(!engagement.text.contains(F.interviewNote))
        }
    }

    @Test func resultsShowAggregatesOnlyAndNeverWhoSaidWhat() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let path = "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)"
            let expected: [String: HTTPResponseStatus] = [
                "coach": .ok, "client": .ok, "sponsor": .ok, "hr_partner": .ok, "admin": .ok, "other coach": .notFound,
            ]
            for (role, browser) in f.parties {
                let page = try await browser.get(path)
                #expect(page.status == expected[role], "\(role)")
                // The full report is the client's: sponsor, HR partner and admin see none of it (AssessmentSharingTests).
                guard page.status == .ok, ["coach", "client"].contains(role) else {
                    #expect(!page.text.contains("n=4") && !page.text.contains("Comment by"), "\(role)")
                    continue
                }
                // The single direct report is hidden, and so are the 3 peers: "all others" minus
                // peers would reveal the direct report. Only all 4 others together are shown.
                #expect(page.text.contains("n=4"), "\(role)")
                #expect(!page.text.contains("n=3"), "\(role)")
                #expect(page.text.contains("— (fewer than 3)"), "\(role)")   // the direct report
                #expect(page.text.contains("— (hidden: protects a smaller group)"), "\(role)")   // the peers
                // The comment appears, but no rater's name anywhere on the page.
                #expect(page.text.contains("Comment by"), "\(role)")
                for name in F.stakeholderNames where !"Comment by \(F.stakeholderNames[3])".contains(name) {
                    #expect(!page.text.contains(name), "\(role) sees \(name)")
                }
            }
            let api = try APIClient.object(try await f.api.send(.GET, "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)/results"))
            let competency = try #require((api["competencies"] as? [[String: Any]])?.first)
            let groups = try #require(competency["groups"] as? [[String: Any]])
            #expect(groups.first { $0["group"] as? String == "direct_report" }?["mean"] == nil)
            #expect(!String(describing: api).contains("s3@example.com"))
        }
    }

    @Test func sponsorAndHRSeeTheIDPOnlyOnceShared() async throws {
        try await withApp { t in
            let hidden = try await F.build(t)
            for browser in [hidden.sponsor, hidden.hrPartner] {
                #expect(try await browser.get("/engagements/\(hidden.engagementID)/idp").status == .forbidden)
            }
            #expect(try await hidden.client.get("/engagements/\(hidden.engagementID)/idp").status == .ok)
        }
        try await withApp { t in
            let shared = try await F.build(t, shareIDP: true)
            for browser in [shared.sponsor, shared.hrPartner] {
                let page = try await browser.get("/engagements/\(shared.engagementID)/idp")
                #expect(page.status == .ok)
                #expect(page.text.contains("I acknowledge"))
            }
        }
    }

    @Test func theFinalReportReachesSponsorAndHROnlyOnceIssued() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            for browser in [f.sponsor, f.hrPartner] {
                #expect(try await browser.get("/engagements/\(f.engagementID)/report").status == .forbidden)
            }
        }
    }

    @Test func partiesCannotActAsTheCoach() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let e = f.engagementID
            for (role, browser) in f.parties where role != "coach" {
                try await browser.get("/engagements/\(e)")
                // The client may propose raters (a proposal, tested in RaterNominationTests); nobody else but the coach adds them.
                let paths = ["/engagements/\(e)/advance", "/engagements/\(e)/interviews", "/engagements/\(e)/agreement/propose"]
                    + (role == "client" ? [] : ["/engagements/\(e)/stakeholders"])
                for path in paths {
                    let response = try await browser.post(path, ["name": "X", "email": "x@example.com", "relationship": "peer", "notes": "n", "heldOn": "2027-01-01"])
                    #expect([.forbidden, .notFound].contains(response.status), "\(role) \(path) → \(response.status)")
                }
            }
            #expect(try await f.api.send(.GET, "/engagements/\(e)/stakeholders").status == .ok)
            #expect(try APIClient.array(try await f.api.send(.GET, "/engagements/\(e)/stakeholders")).count == 4)
        }
    }

    @Test func anotherCoachCannotEvenLearnTheEngagementExists() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let other = try await t.makeUser("coach", email: "third@example.com")
            let api = APIClient(app: t.app, token: try await t.token(for: other))
            let response = try await api.send(.GET, "/engagements/\(f.engagementID)")
            #expect(response.status == .notFound)
            #expect(try APIClient.array(try await api.send(.GET, "/engagements")).isEmpty)
        }
    }
}
