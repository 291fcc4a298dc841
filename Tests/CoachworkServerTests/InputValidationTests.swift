import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10, part 4: bad input gets a clear error naming the field, and nothing stored is lost.
@Suite struct InputValidationTests {
    private func people(_ api: APIClient) async throws -> (client: String, sponsor: String, hr: String) {
        func id(_ json: String) async throws -> String {
            try #require(try APIClient.object(try await api.send(.POST, "/people", json: json))["id"] as? String)
        }
        return (try await id(#"{"name":"Zoë Client","email":"zoe.v@example.com","timeZone":"UTC"}"#),
                try await id(#"{"name":"Sam Sponsor","email":"sam.v@example.com","timeZone":"UTC"}"#),
                try await id(#"{"name":"Hana HR","email":"hana.v@example.com","timeZone":"UTC"}"#))
    }

    @Test func aMalformedOptionalReferenceIsRefusedNotDropped() async throws {
        try await withApp { t in
            let api = APIClient(app: t.app, token: try await t.token(for: try await t.makeUser("coach")))
            let p = try await people(api)
            let created = try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(p.client)","sponsorId":"\#(p.sponsor)","hrPartnerId":"\#(p.hr)","seniorExecutiveId":"not-a-uuid","presentingProblem":"P","objective":"O"}"#)
            #expect(created.status == .unprocessableEntity)
            let problem = try APIClient.object(created)
            #expect(problem["field"] as? String == "seniorExecutiveId")
            #expect(problem["code"] as? String == "invalid_id")
            #expect(try await Engagement.query(on: t.app.db).count() == 0)
            // A required reference that is not an id says so too, naming its field.
            let bad = try await api.send(.POST, "/engagements", json: #"{"clientId":"zoe","sponsorId":"\#(p.sponsor)","hrPartnerId":"\#(p.hr)","presentingProblem":"P","objective":"O"}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try APIClient.object(bad)["field"] as? String == "clientId")
        }
    }

    @Test func aMalformedReferenceInAWebFormIsNamedAndTheFormKeepsWhatWasTyped() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let client = try await t.makePerson(name: "Zoë Client", email: "zoe@example.com", by: coach)
            let sponsor = try await t.makePerson(name: "Sam Sponsor", email: "sam@example.com", by: coach)
            let hr = try await t.makePerson(name: "Hana HR", email: "hana@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.engagements)
            let page = try await browser.post(Paths.engagements, [
                "clientId": client.id!.uuidString, "sponsorId": sponsor.id!.uuidString, "hrPartnerId": hr.id!.uuidString,
                "seniorExecutiveId": "not-a-uuid", "presentingProblem": "Typed problem", "objective": "Typed objective"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("is not a valid id"))
            #expect(page.text.contains("Typed problem"))
            #expect(try await Engagement.query(on: t.app.db).count() == 0)
        }
    }

    @Test func malformedIdsInsideListsNameTheirPosition() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            let targets = try await f.api.send(.PUT, "/engagements/\(e)/target-competencies", json: #"{"targets":[{"competencyId":"nope","rationale":"R"}]}"#)
            #expect(targets.status == .unprocessableEntity)
            #expect(try APIClient.object(targets)["field"] as? String == "targets[0].competencyId")
            let interview = try await f.api.send(.POST, "/engagements/\(e)/interviews", json: #"{"heldOn":"2026-11-11","notes":"N","stakeholderId":"x"}"#)
            #expect(interview.status == .unprocessableEntity)
            #expect(try APIClient.object(interview)["field"] as? String == "stakeholderId")
        }
    }

    @Test func aRequiredBodyThatIsMissingIsRefused() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let before = try await api.send(.GET, "/settings").text
            for (method, path) in [(HTTPMethod.PUT, "/settings"), (.POST, "/people"), (.POST, "/engagements")] {
                let response = try await api.send(method, path)
                #expect(response.status == .unprocessableEntity, "\(method) \(path)")
                let problem = try APIClient.object(response)
                #expect(problem["field"] as? String == "body")
                #expect(problem["code"] as? String == "missing_body")
            }
            // Whitespace is no body either; settings are unchanged.
            #expect(try await api.send(.PUT, "/settings", json: "  \n").status == .unprocessableEntity)
            #expect(try await api.send(.GET, "/settings").text == before)
        }
    }

    @Test func outOfRangeNumbersNameTheirField() async throws {
        try await withApp { t in
            let admin = try await t.makeUser("admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let before = try await api.send(.GET, "/settings").text
            for (json, field) in [(#"{"ratingThreshold":99999999999999999999}"#, "ratingThreshold"),
                                  (#"{"commentThreshold":3,"reminderIntervalDays":1.5}"#, "reminderIntervalDays"),
                                  (#"{"meetingReminderHours":-1e30}"#, "meetingReminderHours"),
                                  (#"{"ratingThreshold":1000}"#, "ratingThreshold")] {
                let response = try await api.send(.PUT, "/settings", json: json)
                #expect(response.status == .unprocessableEntity, "\(json)")
                #expect(try APIClient.object(response)["field"] as? String == field, "\(json)")
            }
            #expect(try await api.send(.GET, "/settings").text == before)
            // Any operation: here a whole number of the agreement, named by its path.
            let coachAPI = APIClient(app: t.app, token: try await t.token(for: try await t.makeUser("coach")))
            let p = try await people(coachAPI)
            let e = try await coachAPI.send(.POST, "/engagements", json: #"{"clientId":"\#(p.client)","sponsorId":"\#(p.sponsor)","hrPartnerId":"\#(p.hr)","presentingProblem":"P","objective":"O"}"#)
            let id = try #require(try APIClient.object(e)["id"] as? String)
            let saved = try await coachAPI.send(.PUT, "/engagements/\(id)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":12345678901234567890123,"confidentialityTerms":"T","goals":[]}"#)
            #expect(saved.status == .unprocessableEntity)
            #expect(try APIClient.object(saved)["field"] as? String == "durationMonths")
        }
    }

    @Test func invalidUTF8InAWebFormIsRefusedAndNothingIsStored() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.people)
            let csrf = try #require(browser.csrf)
            let escaped = "_csrf=\(csrf)&name=Zo%FF&email=zoe%40example.com&organisation=Acme&timeZone=UTC"
            let page = try await browser.postRaw(Paths.people, Array(escaped.utf8))
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("name"))
            #expect(page.text.contains("not valid text"))
            // Nothing typed is lost: the other fields come back in a form to send again.
            #expect(page.text.contains(#"value="zoe@example.com""#) && page.text.contains(#"value="Acme""#))
            #expect(page.text.contains("Send again"))
            var raw = Array("_csrf=\(csrf)&email=zoe%40example.com&organisation=Acme&timeZone=UTC&name=Zo".utf8)
            raw.append(0xFF)
            let rawPage = try await browser.postRaw(Paths.people, raw)
            #expect(rawPage.status == .unprocessableEntity)
            #expect(try await Person.query(on: t.app.db).count() == 0)
            // The same form in UTF-8 is stored as typed.
            let fine = try await browser.postRaw(Paths.people, Array("_csrf=\(csrf)&name=Zo%C3%AB&email=zoe%40example.com&organisation=Acme&timeZone=UTC".utf8))
            #expect(fine.status == .seeOther)
            #expect(try await Person.query(on: t.app.db).first()?.name == "Zoë")
        }
    }

    /// Found by the third tester: the password page's fields must never come back, whatever their names,
    /// and a multipart form's text fields are checked like a urlencoded one's.
    @Test func invalidTextNeverEchoesPasswordsAndMultipartIsCheckedToo() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.password)
            let csrf = try #require(browser.csrf)
            let page = try await browser.postRaw(Paths.password, Array("_csrf=\(csrf)&current=OLD-SECRET-1&new=NEW%FFSECRET&confirm=CONFIRM-SECRET-2".utf8))
            #expect(page.status == .unprocessableEntity)
            #expect(!page.text.contains("OLD-SECRET-1") && !page.text.contains("CONFIRM-SECRET-2"))
            try await browser.get(Paths.people)
            let token = try #require(browser.csrf)
            var body = Array("--XB\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--XB\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nMu".utf8)
            body.append(0xFF)
            body += Array("l\r\n--XB\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nmu@example.com\r\n--XB\r\nContent-Disposition: form-data; name=\"timeZone\"\r\n\r\nUTC\r\n--XB--\r\n".utf8)
            let multipart = try await browser.postRaw(Paths.people, body, contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "XB"]))
            #expect(multipart.status == .unprocessableEntity)
            #expect(multipart.text.contains("name"))
            #expect(try await Person.query(on: t.app.db).count() == 0)
        }
    }

    @Test func invalidUTF8InJSONIsRefused() async throws {
        try await withApp { t in
            let api = APIClient(app: t.app, token: try await t.token(for: try await t.makeUser("coach")))
            let response = try await t.app.testing().sendRequest(.POST, "/api/v1/people", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: api.token!)
                req.headers.contentType = .json
                var body = ByteBuffer(string: #"{"name":"Zo"#)
                body.writeBytes([0xFF])
                body.writeString(#"","email":"zoe@example.com","timeZone":"UTC"}"#)
                req.body = body
            })
            #expect(response.status == .badRequest)
            #expect(try await Person.query(on: t.app.db).count() == 0)
        }
    }

    @Test func goalTargetDatesStayInASensibleRange() async throws {
        try await withApp { t in
            let api = APIClient(app: t.app, token: try await t.token(for: try await t.makeUser("coach")))
            let p = try await people(api)
            let created = try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(p.client)","sponsorId":"\#(p.sponsor)","hrPartnerId":"\#(p.hr)","presentingProblem":"P","objective":"O"}"#)
            let fresh = try #require(try APIClient.object(created)["id"] as? String)
            let before = try await api.send(.GET, "/engagements/\(fresh)/agreement").text
            for date in ["9999-12-31", "1999-12-31", "0202-05-01"] {
                let saved = try await api.send(.PUT, "/engagements/\(fresh)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"\#(date)"}]}"#)
                #expect(saved.status == .unprocessableEntity, "\(date)")
                #expect(try APIClient.object(saved)["field"] as? String == "goals[0].targetDate", "\(date)")
            }
            #expect(try await api.send(.GET, "/engagements/\(fresh)/agreement").text == before)
            #expect(try await api.send(.PUT, "/engagements/\(fresh)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2030-01-31"}]}"#).status == .ok)

            let f = try await EngagementFixture.build(t)
            let e = f.engagementID
            // An IDP due date ten years out and more is refused on the web too, keeping what was typed.
            let a = try #require(try APIClient.array(try await f.api.send(.GET, "/competencies")).first?["id"] as? String)
            _ = try await f.api.send(.PUT, "/engagements/\(e)/target-competencies", json: #"{"targets":[{"competencyId":"\#(a)","rationale":"R"}]}"#)
            let idp = try await f.api.send(.PUT, "/engagements/\(e)/idp", json: #"{"items":[{"competencyId":"\#(a)","action":"Act","dueDate":"2999-03-01","successMeasure":"M"}]}"#)
            #expect(idp.status == .unprocessableEntity)
            #expect(try APIClient.object(idp)["field"] as? String == "items[0].dueDate")
            try await f.coach.get("/engagements/\(e)")
            let interview = try await f.coach.post("/engagements/\(e)/interviews", ["heldOn": "1999-01-01", "notes": "Typed notes"])
            #expect(interview.status == .unprocessableEntity)
            #expect(interview.text.contains("Typed notes"))
            #expect(interview.text.contains("2000-01-01"))
        }
    }
}
