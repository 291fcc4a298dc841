import Foundation
import Testing
import Fluent
import Vapor
@testable import CoachworkServer

@Suite struct APITests {
    @Test func healthNeedsNoTokenEverythingElseDoes() async throws {
        try await withApp { t in
            let anonymous = APIClient(app: t.app, token: nil)
            let health = try await anonymous.send(.GET, "/health")
            #expect(health.status == .ok)
            #expect(try APIClient.object(health)["status"] as? String == "ok")
            let me = try await anonymous.send(.GET, "/me")
            #expect(me.status == .unauthorized)
            #expect(me.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(me.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer") == true)
            #expect(try APIClient.object(me)["code"] as? String == "missing_token")
            let forged = try await APIClient(app: t.app, token: "cw_not-a-real-token").send(.GET, "/me")
            #expect(try APIClient.object(forged)["code"] as? String == "invalid_token")
        }
    }

    @Test func aTokenActsAsItsOwnerUntilRevoked() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", name: "Ana Coach")
            let token = try await t.token(for: coach)
            let api = APIClient(app: t.app, token: token)
            let me = try APIClient.object(try await api.send(.GET, "/me"))
            #expect(me["name"] as? String == "Ana Coach")
            #expect(me["role"] as? String == "coach")
            let tokens = try APIClient.array(try await api.send(.GET, "/tokens"))
            #expect(tokens.count == 1)
            #expect(tokens[0]["secret"] == nil)
            let id = try #require(tokens[0]["id"] as? String)
            #expect(try await api.send(.DELETE, "/tokens/\(id)").status == .noContent)
            #expect(try await api.send(.GET, "/me").status == .unauthorized)
        }
    }

    @Test func tokensAreStoredHashedAndCreatedThroughTheAPI() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let created = try await api.send(.POST, "/tokens", json: #"{"name":"reporting"}"#)
            #expect(created.status == .created)
            let secret = try #require(try APIClient.object(created)["secret"] as? String)
            #expect(try await APIToken.query(on: t.app.db).filter(\.$tokenHash == secret).count() == 0)
            #expect(try await APIToken.query(on: t.app.db).filter(\.$tokenHash == Secret.hash(secret)).count() == 1)
            #expect(try await APIClient(app: t.app, token: secret).send(.GET, "/me").status == .ok)
        }
    }

    @Test func aCoachCannotRevokeSomeoneElsesToken() async throws {
        try await withApp { t in
            let ana = try await t.makeUser("coach")
            let bo = try await t.makeUser("coach")
            _ = try await t.token(for: bo)
            let boToken = try #require(try await APIToken.query(on: t.app.db).filter(\.$user.$id == bo.id!).first())
            let api = APIClient(app: t.app, token: try await t.token(for: ana))
            let response = try await api.send(.DELETE, "/tokens/\(boToken.id!.uuidString)")
            #expect(response.status == .notFound)
            #expect(try await APIToken.find(boToken.id, on: t.app.db)?.revokedAt == nil)
        }
    }

    @Test func badInputGetsAProblemNamingTheFieldAndStoresNothing() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let cases: [(json: String, status: HTTPResponseStatus, code: String, field: String?)] = [
                ("{", .badRequest, "malformed_json", nil),
                (#"{"name":"Zoë","email":"zoe@example.com"}"#, .badRequest, "missing_field", "timeZone"),
                (#"{"name":5,"email":"zoe@example.com","timeZone":"UTC"}"#, .badRequest, "wrong_type", "name"),
                (#"{"name":"Zoë","email":"nope","timeZone":"UTC"}"#, .unprocessableEntity, "invalid_field", "email"),
                (#"{"name":" ","email":"zoe@example.com","timeZone":"UTC"}"#, .unprocessableEntity, "invalid_field", "name"),
                (#"{"name":"Zoë","email":"zoe@example.com","timeZone":"Mars/Base"}"#, .unprocessableEntity, "invalid_field", "timeZone"),
            ]
            for c in cases {
                let response = try await api.send(.POST, "/people", json: c.json)
                #expect(response.status == c.status, "\(c.json)")
                let problem = try APIClient.object(response)
                #expect(problem["code"] as? String == c.code, "\(c.json)")
                #expect(problem["field"] as? String == c.field, "\(c.json)")
                #expect(problem["status"] as? Int == Int(c.status.code))
                #expect((problem["detail"] as? String)?.isEmpty == false)
            }
            #expect(try await Person.query(on: t.app.db).count() == 0)
        }
    }

    @Test func aDuplicateEmailIsRefusedAndTheFirstPersonKept() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let body = #"{"name":"Zoë","email":"zoe@example.com","timeZone":"Europe/Lisbon"}"#
            #expect(try await api.send(.POST, "/people", json: body).status == .created)
            let again = try await api.send(.POST, "/people", json: body.replacingOccurrences(of: "Zoë", with: "Other"))
            #expect(again.status == .unprocessableEntity)
            #expect(try APIClient.object(again)["field"] as? String == "email")
            let people = try APIClient.array(try await api.send(.GET, "/people"))
            #expect(people.map { $0["name"] as? String } == ["Zoë"])
        }
    }

    @Test func unknownIdsAreNotFound() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            #expect(try await api.send(.GET, "/people/not-a-uuid").status == .notFound)
            #expect(try await api.send(.GET, "/people/\(UUID().uuidString)").status == .notFound)
            #expect(try await api.send(.POST, "/people/\(UUID().uuidString)/sign-in-link").status == .notFound)
            #expect(try await api.send(.POST, "/outbox/\(UUID().uuidString)/retry").status == .notFound)
            #expect(try await api.send(.GET, "/no/such/route").status == .notFound)
        }
    }

    @Test func anOversizedBodyIsRefusedBeforeItIsRead() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let big = #"{"name":""# + String(repeating: "a", count: 2_000_000) + #"","email":"a@example.com","timeZone":"UTC"}"#
            let response = try await api.send(.POST, "/people", json: big)
            #expect(response.status == .payloadTooLarge)
            #expect(try APIClient.object(response)["code"] as? String == "payload_too_large")
            #expect(try await Person.query(on: t.app.db).count() == 0)
        }
    }

    @Test func onlyAdminsManageAccountsThroughTheAPI() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let coach = try await t.makeUser("coach")
            let asCoach = APIClient(app: t.app, token: try await t.token(for: coach))
            let asAdmin = APIClient(app: t.app, token: try await t.token(for: admin))
            let body = #"{"name":"Cai Coach","email":"cai@example.com","role":"coach","timeZone":"Asia/Singapore"}"#
            let refused = try await asCoach.send(.POST, "/users", json: body)
            #expect(refused.status == .forbidden)
            #expect(try await asCoach.send(.GET, "/users").status == .forbidden)
            #expect(try await asCoach.send(.GET, "/outbox").status == .forbidden)
            let created = try await asAdmin.send(.POST, "/users", json: body)
            #expect(created.status == .created)
            let createdBody = try APIClient.object(created)
            #expect(createdBody["oneTimePassword"] == nil)
            let invitation = try #require(createdBody["invitation"] as? [String: Any])
            #expect(invitation["queued"] as? Bool == true && invitation["expiresAt"] is String)
            let mail = try #require(try await t.deliverMail().first)
            #expect(mail.to.contains("cai@example.com") && mail.accountLinkPath != nil)
            let duplicate = try await asAdmin.send(.POST, "/users", json: body)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(try APIClient.object(duplicate)["field"] as? String == "email")
            let badRole = try await asAdmin.send(.POST, "/users", json: body.replacingOccurrences(of: #""coach""#, with: #""sponsor""#))
            #expect(badRole.status == .badRequest)
            #expect(try APIClient.object(badRole)["field"] as? String == "role")
            #expect(try await User.query(on: t.app.db).count() == 3)
        }
    }

    @Test func signInLinkThroughTheAPIQueuesOneEmail() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let person = try await t.makePerson(by: coach)
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let response = try await api.send(.POST, "/people/\(person.id!.uuidString)/sign-in-link")
            #expect(response.status == .accepted)
            #expect(try await OutboxMessage.query(on: t.app.db).count() == 1)
            let mail = try #require(try await t.deliverMail().first)
            #expect(mail.personalLinkPath != nil)
        }
    }

    @Test func theSpecIsServedAsCompiled() async throws {
        try await withApp { t in
            let response = try await APIClient(app: t.app, token: nil).send(.GET, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.text.contains("operationId: createPerson"))
        }
    }
}
