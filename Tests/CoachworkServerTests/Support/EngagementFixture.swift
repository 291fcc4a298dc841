import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// An engagement driven through the API into the analysis phase, with secrets planted where
/// only the coach may see them, and a signed-in browser for every role.
struct EngagementFixture {
    static let privateNote = "PRIVATE-KICKOFF-NOTE"
    static let sharedNote = "SHARED-KICKOFF-NOTE"
    static let interviewNote = "RAW-INTERVIEW-NOTE"
    static let stakeholderNames = ["Pia Peer", "Pat Peer", "Paz Peer", "Dee Report"]

    let engagementID: String
    let kickoffID: String
    let assessmentID: String
    let coach: Browser
    let client: Browser
    let sponsor: Browser
    let hrPartner: Browser
    let admin: Browser
    let otherCoach: Browser
    let anonymous: Browser
    let api: APIClient
    let adminAPI: APIClient

    /// Every signed-in party with the role name, for role-by-role assertions.
    var parties: [(String, Browser)] {
        [("coach", coach), ("client", client), ("sponsor", sponsor), ("hr_partner", hrPartner), ("admin", admin), ("other coach", otherCoach)]
    }

    /// The first steps of ``build(_:shareIDP:score:)``: a coach, the client Zoë, sponsor Sam and HR
    /// partner Hana, an engagement whose agreement (one goal) the client and the sponsor accepted
    /// in their browsers (kept, signed in, by email), still in contracting.
    struct Contracted {
        let coachUser: User
        let api: APIClient
        let engagementID: String
        let hrID: String
        let browsers: [String: Browser]
    }

    static func contracted(_ t: TestApp, inbox: inout Inbox) async throws -> Contracted {
        let coachUser = try await t.makeUser("coach", email: "coach@example.com", name: "Ana Coach")
        let api = APIClient(app: t.app, token: try await t.token(for: coachUser))
        func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
        let client = try id(try await api.send(.POST, "/people", json: #"{"name":"Zoë Client","email":"zoe@example.com","timeZone":"America/New_York"}"#))
        let sponsor = try id(try await api.send(.POST, "/people", json: #"{"name":"Sam Sponsor","email":"sam@example.com","timeZone":"Europe/London"}"#))
        let hr = try id(try await api.send(.POST, "/people", json: #"{"name":"Hana HR","email":"hana@example.com","timeZone":"Europe/Berlin"}"#))
        let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(client)","sponsorId":"\#(sponsor)","hrPartnerId":"\#(hr)","presentingProblem":"P","objective":"O"}"#))
        _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2027-06-30"}]}"#)
        _ = try await api.send(.POST, "/engagements/\(e)/agreement/proposal")
        var browsers: [String: Browser] = [:]
        for email in ["zoe@example.com", "sam@example.com"] {
            let (browser, _) = try await inbox.signInFromMail(to: email)
            try await browser.get("/engagements/\(e)/agreement")
            try await browser.post("/engagements/\(e)/agreement/accept")
            browsers[email] = browser
        }
        return Contracted(coachUser: coachUser, api: api, engagementID: e, hrID: hr, browsers: browsers)
    }

    /// - Parameter score: the answer of rater `i` (0 the client, 1-3 the peers, 4 the direct report) to every item:
    ///   "1"..."5" or "na" for "can't say"; by default `1 + i % 5`.
    static func build(_ t: TestApp, shareIDP: Bool = false, score: (Int) -> String = { String(1 + $0 % 5) }) async throws -> EngagementFixture {
        var inbox = Inbox(t)
        let c = try await contracted(t, inbox: &inbox)
        let (coachUser, api, e, hr, browsers) = (c.coachUser, c.api, c.engagementID, c.hrID, c.browsers)
        func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
        #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
        let kickoff = try id(try await api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"kickoff","startsAt":"2026-01-05T15:00:00Z"}"#))
        _ = try await api.send(.POST, "/engagements/\(e)/meetings/\(kickoff)/record", json: #"{"sharedNotes":"\#(sharedNote)","privateNotes":"\#(privateNote)"}"#)
        for (i, name) in stakeholderNames.enumerated() {
            _ = try await api.send(.POST, "/engagements/\(e)/stakeholders", json: #"{"name":"\#(name)","email":"s\#(i)@example.com","relationship":"\#(i < 3 ? "peer" : "direct_report")"}"#)
        }
        #expect(try await api.send(.POST, "/engagements/\(e)/advance").status == .ok)
        let competencies = try APIClient.array(try await api.send(.GET, "/competencies"))
        let a = try #require(competencies[0]["id"] as? String)
        let assessment = try id(try await api.send(.POST, "/engagements/\(e)/assessments", json: #"{"competencyIds":["\#(a)"]}"#))
        for (i, email) in ["zoe@example.com", "s0@example.com", "s1@example.com", "s2@example.com", "s3@example.com"].enumerated() {
            // The client also has the kickoff invitation (no link) in the same delivery pass.
            let (browser, path, form) = try await inbox.openForm(to: email)
            #expect(try await browser.post(path, form.answering(score(i), ["answer_0": i == 4 ? "Comment by \(stakeholderNames[3])" : ""])).status == .ok)
        }
        _ = try await api.send(.POST, "/engagements/\(e)/assessments/\(assessment)/close")
        _ = try await api.send(.POST, "/engagements/\(e)/interviews", json: #"{"heldOn":"2026-11-10","notes":"\#(interviewNote)"}"#)
        if shareIDP {
            _ = try await api.send(.PUT, "/engagements/\(e)/target-competencies", json: #"{"targets":[{"competencyId":"\#(a)","rationale":"R"}]}"#)
            _ = try await api.send(.PUT, "/engagements/\(e)/idp", json: #"{"items":[{"competencyId":"\#(a)","action":"Act","dueDate":"2027-03-01","successMeasure":"M"}]}"#)
            #expect(try await api.send(.POST, "/engagements/\(e)/idp/share").status == .ok)
        }
        let hrBrowser = Browser(t.app)
        let hrPerson = try #require(try await Person.find(UUID(uuidString: hr), on: t.app.db))
        let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
        try await PersonalLinkService(req: request).sendSignIn(to: hrPerson)
        let hrPath = try #require(try await inbox.next(to: "hana@example.com").personalLinkPath)
        try await hrBrowser.get(hrPath)
        try await hrBrowser.post(hrPath)

        let adminUser = try await t.makeUser("admin", email: "admin@example.com")
        let admin = Browser(t.app)
        try await admin.signIn(adminUser.email)
        let other = try await t.makeUser("coach", email: "other@example.com")
        let otherCoach = Browser(t.app)
        try await otherCoach.signIn(other.email)
        let coachBrowser = Browser(t.app)
        try await coachBrowser.signIn(coachUser.email)
        return EngagementFixture(
            engagementID: e, kickoffID: kickoff, assessmentID: assessment, coach: coachBrowser,
            client: browsers["zoe@example.com"]!, sponsor: browsers["sam@example.com"]!, hrPartner: hrBrowser,
            admin: admin, otherCoach: otherCoach, anonymous: Browser(t.app), api: api,
            adminAPI: APIClient(app: t.app, token: try await t.token(for: adminUser)))
    }
}
