import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10: the people directory is not practice-wide. A coach sees and acts on the people of their own
/// engagements and the people they created; an admin sees everyone. Pages and API alike.
@Suite struct PeopleDirectoryTests {
    typealias F = EngagementFixture

    @Test func aCoachReachesOnlyTheirOwnPeople() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let zoe = try #require(try await Person.query(on: t.app.db).filter(\.$email == "zoe@example.com").first()?.id?.uuidString)
            let other = try #require(try await User.query(on: t.app.db).filter(\.$email == "other@example.com").first())
            let otherAPI = APIClient(app: t.app, token: try await t.token(for: other))

            // The other coach, with no engagement, sees none of the first coach's people.
            let page = try await f.otherCoach.get("/people")
            #expect(page.status == .ok)
            #expect(!page.text.contains("zoe@example.com") && !page.text.contains("Sam Sponsor"))
            #expect(try await f.otherCoach.post("/people/\(zoe)/send-link").status == .notFound)
            #expect(try APIClient.array(try await otherAPI.send(.GET, "/people")).isEmpty)
            #expect(try await otherAPI.send(.GET, "/people/\(zoe)").status == .notFound)
            #expect(try await otherAPI.send(.POST, "/people/\(zoe)/sign-in-link").status == .notFound)
            // Nor can they pick the client by id when opening an engagement (page or API).
            let mine = try APIClient.object(try await otherAPI.send(.POST, "/people", json: #"{"name":"Olga Own","email":"olga@example.com","timeZone":"Europe/Paris"}"#))
            let olga = try #require(mine["id"] as? String)
            let stolen = try await otherAPI.send(.POST, "/engagements", json: #"{"clientId":"\#(zoe)","sponsorId":"\#(olga)","hrPartnerId":"\#(olga)","presentingProblem":"P","objective":"O"}"#)
            #expect(stolen.status == .unprocessableEntity)
            #expect(stolen.text.contains("There is no such person."))
            try await f.otherCoach.get("/engagements")
            let form = try await f.otherCoach.post("/engagements", ["clientId": zoe, "sponsorId": olga, "hrPartnerId": olga, "presentingProblem": "P", "objective": "O"])
            #expect(form.status == .unprocessableEntity)
            #expect(try await Engagement.query(on: t.app.db).count() == 1)
            #expect(!form.text.contains("zoe@example.com"))
            // Their own person is theirs: listed and linkable; the first coach does not see her.
            #expect(try APIClient.array(try await otherAPI.send(.GET, "/people")).map { $0["email"] as? String } == ["olga@example.com"])
            #expect(try await otherAPI.send(.POST, "/people/\(olga)/sign-in-link").status == .accepted)
            #expect(!(try await f.coach.get("/people")).text.contains("olga@example.com"))
            #expect(try await f.api.send(.GET, "/people/\(olga)").status == .notFound)

            // The coach of the engagement reaches its people; the admin reaches everyone.
            #expect(try await f.coach.get("/people").text.contains("zoe@example.com"))
            #expect(try await f.api.send(.POST, "/people/\(zoe)/sign-in-link").status == .accepted)
            let all = try APIClient.array(try await f.adminAPI.send(.GET, "/people")).compactMap { $0["email"] as? String }
            #expect(Set(all).isSuperset(of: ["zoe@example.com", "sam@example.com", "hana@example.com", "olga@example.com"]))
            let adminPage = try await f.admin.get("/people")
            #expect(adminPage.text.contains("zoe@example.com") && adminPage.text.contains("olga@example.com"))
            // Persons (signed in by link) have no directory at all.
            #expect(try await f.sponsor.get("/people").status == .forbidden)
            #expect(try await f.anonymous.get("/people").status == .seeOther)
        }
    }

    @Test func theHRPartnerReadsTheStakeholderListWithoutApprovingIt() async throws {
        try await withApp { (t: TestApp) in
            let f = try await F.build(t)
            let e = f.engagementID
            let page = try await f.hrPartner.get("/engagements/\(e)")
            #expect(page.status == .ok)
            for name in F.stakeholderNames { #expect(page.text.contains(name), "\(name)") }
            #expect(page.text.contains("Direct report") && page.text.contains("Peer"))
            #expect(!page.text.contains("s0@example.com"))   // names and relationships, not addresses
            #expect(!page.text.contains(">Approve<"))
            // Approving is the sponsor's (and coach's); the HR partner is refused.
            let stakeholder = try #require(try await Stakeholder.query(on: t.app.db).first()?.id)
            try await f.hrPartner.get("/engagements/\(e)")
            let approve = try await f.hrPartner.post("/engagements/\(e)/stakeholders/\(stakeholder)/approve")
            #expect(approve.status == .forbidden)
            #expect(try await f.sponsor.get("/engagements/\(e)").text.contains("Pia Peer"))
        }
    }
}
