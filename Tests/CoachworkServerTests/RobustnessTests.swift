import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Bad input, races and stale pages: a clear answer, nothing lost, nothing stored twice.
@Suite struct RobustnessTests {
    typealias F = EngagementFixture

    @Test func longFormTextIsAcceptedNotMistakenForAMissingToken() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.people)
            let long = String(repeating: "Organisation name é ", count: 10)
            let notes = String(repeating: "A long note with accents é and emoji 🎉. ", count: 120) // ~5 KB
            let response = try await browser.post(Paths.people, ["name": "Zoë", "email": "zoe@example.com", "organisation": long, "timeZone": "UTC", "padding": notes])
            #expect(response.status == .seeOther)
            #expect(try await Person.query(on: t.app.db).count() == 1)
        }
    }

    @Test func aRecordedMeetingIsNotOverwritten() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let again = try await f.api.send(.POST, "/engagements/\(f.engagementID)/meetings/\(f.kickoffID)/record", json: #"{"sharedNotes":"overwritten"}"#)
            #expect(again.status == .conflict)
            #expect(try APIClient.object(again)["code"] as? String == "meeting_already_recorded")
            let meetings = try APIClient.array(try await f.api.send(.GET, "/engagements/\(f.engagementID)/meetings"))
            #expect(meetings.first?["privateNotes"] as? String == F.privateNote)
            #expect(meetings.first?["sharedNotes"] as? String == F.sharedNote)
        }
    }

    @Test func aFutureMeetingCannotBeRecordedAsHeld() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400))
            let meeting = try APIClient.object(try await f.api.send(.POST, "/engagements/\(f.engagementID)/meetings", json: #"{"kind":"coaching_session","startsAt":"\#(future)"}"#))
            let id = try #require(meeting["id"] as? String)
            let response = try await f.api.send(.POST, "/engagements/\(f.engagementID)/meetings/\(id)/record", json: #"{"sharedNotes":"x"}"#)
            #expect(response.status == .conflict)
            #expect(try APIClient.object(response)["code"] as? String == "meeting_in_future")
        }
    }

    @Test func onlyCoachAndClientSeeTheSelfRating() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let path = "/engagements/\(f.engagementID)/assessments/\(f.assessmentID)"
            for (role, browser) in f.parties where role != "other coach" {
                let page = try await browser.get(path)
                #expect(page.text.contains("<th>Self</th>") || page.text.contains(">Self<") == ["coach", "client"].contains(role), "\(role)")
            }
            // The admin reads no 360 results at all (the report is the client's).
            #expect(try await f.adminAPI.send(.GET, "\(path)/results").status == .forbidden)
            let coach = try APIClient.object(try await f.api.send(.GET, "\(path)/results"))
            #expect((coach["competencies"] as? [[String: Any]])?.first?["selfScore"] as? Int == 1)
        }
    }

    @Test func simultaneousAdvancesMoveThePhaseOnce() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true) // analysis, every exit criterion met
            let api = f.api
            let e = f.engagementID
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<4 { group.addTask { try await api.send(.POST, "/engagements/\(e)/advance").status.code } }
                var all: [UInt] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 3)
            let moves = try await AuditEvent.query(on: t.app.db).filter(\.$action == "phase_advanced").count()
            #expect(moves == 3) // contracting → awareness → analysis → achievement
            #expect(try APIClient.object(try await api.send(.GET, "/engagements/\(e)"))["phase"] as? String == "achievement")
        }
    }

    @Test func simultaneousDuplicatesGetAConflictNotAServerError() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await api.send(.POST, "/people", json: #"{"name":"Zoë","email":"zoe@example.com","timeZone":"UTC"}"#).status.code }
                }
                var all: [UInt] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.allSatisfy { [201, 409, 422].contains($0) })
            #expect(try await Person.query(on: t.app.db).count() == 1)
        }
    }

    @Test func acceptingAStaleVersionIsRefused() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
            let c = try id(try await api.send(.POST, "/people", json: #"{"name":"C","email":"c@example.com","timeZone":"UTC"}"#))
            let s = try id(try await api.send(.POST, "/people", json: #"{"name":"S","email":"s@example.com","timeZone":"UTC"}"#))
            let h = try id(try await api.send(.POST, "/people", json: #"{"name":"H","email":"h@example.com","timeZone":"UTC"}"#))
            let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(c)","sponsorId":"\#(s)","hrPartnerId":"\#(h)","presentingProblem":"P","objective":"O"}"#))
            let body = #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2027-06-30"}]}"#
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: body)
            _ = try await api.send(.POST, "/engagements/\(e)/agreement/proposal")
            let (client, _) = try await inbox.signInFromMail(to: "c@example.com")
            #expect(try await client.get("/engagements/\(e)/agreement").text.contains("I accept version 1"))
            // The coach changes the terms while the client reads version 1.
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: body.replacingOccurrences(of: #""T""#, with: #""Sponsor reads all notes""#))
            _ = try await api.send(.POST, "/engagements/\(e)/agreement/proposal")
            let stale = try await client.post("/engagements/\(e)/agreement/accept", ["version": "1"])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("version 2"))
            #expect(try await AgreementAcceptance.query(on: t.app.db).count() == 0)
        }
    }

    @Test func agreementFormErrorsLandOnTheRowThatWasTyped() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let c = try await t.makePerson(name: "C", email: "c@example.com", by: coach)
            let s = try await t.makePerson(name: "S", email: "s@example.com", by: coach)
            let h = try await t.makePerson(name: "H", email: "h@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.engagements)
            let opened = try await browser.post(Paths.engagements, ["clientId": c.id!.uuidString, "sponsorId": s.id!.uuidString,
                "hrPartnerId": h.id!.uuidString, "presentingProblem": "Line one\nLine two", "objective": "O"])
            let engagement = try #require(opened.location)
            try await browser.get(engagement + "/agreement")
            let response = try await browser.post(engagement + "/agreement", [
                "plannedSessions": "8", "cadenceWeeks": "2", "durationMonths": "6", "confidentialityTerms": "T",
                "goal_statement_1": "", "goal_measure_1": "Typed a measure only", "goal_date_1": "2027-02-30"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(#"id="field-goal-statement-1-error""#))
            #expect(response.text.contains(#"id="field-goal-date-1-error""#))
            #expect(!response.text.contains(#"id="field-goal-statement-0-error""#))
            #expect(response.text.contains("Typed a measure only"))
        }
    }

    @Test func optionalBodiesMayBeLeftOutAndDateTimesMayCarryFractions() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            #expect(try await f.api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let round = try await f.api.send(.POST, "/engagements/\(e)/survey-rounds")
            #expect(round.status == .created)
            let meeting = try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-02-10T15:00:00.500Z"}"#)
            #expect(meeting.status == .created)
            #expect(try APIClient.object(meeting)["startsAt"] as? String == "2026-02-10T15:00:00Z")
        }
    }

    @Test func clientAndCoachTickActionItemsSponsorCannot() async throws {
        try await withApp { t in
            let f = try await F.build(t, shareIDP: true)
            let e = f.engagementID
            #expect(try await f.api.send(.POST, "/engagements/\(e)/advance").status == .ok)
            let session = try APIClient.object(try await f.api.send(.POST, "/engagements/\(e)/meetings", json: #"{"kind":"coaching_session","startsAt":"2026-02-02T14:00:00Z"}"#))
            let meetingID = try #require(session["id"] as? String)
            #expect(try await f.api.send(.POST, "/engagements/\(e)/meetings/\(meetingID)/record", json: #"{"sharedNotes":"S","actionItems":[{"description":"Log decisions","owner":"client"}]}"#).status == .ok)
            let item = try #require(try await ActionItem.query(on: t.app.db).first())
            let page = try await f.client.get("/engagements/\(e)/meetings/\(meetingID)")
            #expect(page.text.contains("Mark done"))
            let done = try await f.client.post("/engagements/\(e)/action-items/\(item.id!)/done")
            #expect(done.location == "/engagements/\(e)/meetings/\(meetingID)")
            #expect(try await ActionItem.find(item.id, on: t.app.db)?.status == "done")
            try await f.sponsor.get("/engagements/\(e)")
            #expect(try await f.sponsor.post("/engagements/\(e)/action-items/\(item.id!)/reopen").status == .forbidden)
            #expect(try await ActionItem.find(item.id, on: t.app.db)?.status == "done")
            try await f.coach.get("/engagements/\(e)/meetings/\(meetingID)")
            #expect(try await f.coach.post("/engagements/\(e)/action-items/\(item.id!)/reopen").status == .seeOther)
            #expect(try await ActionItem.find(item.id, on: t.app.db)?.status == "open")
        }
    }

    @Test func aSeniorExecutiveReadsLikeTheSponsorButDoesNotAcceptForThem() async throws {
        try await withApp { t in
            var inbox = Inbox(t)
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            func id(_ r: TestingHTTPResponse) throws -> String { try #require(try APIClient.object(r)["id"] as? String) }
            let c = try id(try await api.send(.POST, "/people", json: #"{"name":"C","email":"c@example.com","timeZone":"UTC"}"#))
            let s = try id(try await api.send(.POST, "/people", json: #"{"name":"S","email":"s@example.com","timeZone":"UTC"}"#))
            let h = try id(try await api.send(.POST, "/people", json: #"{"name":"H","email":"h@example.com","timeZone":"UTC"}"#))
            let x = try id(try await api.send(.POST, "/people", json: #"{"name":"X","email":"x@example.com","timeZone":"UTC"}"#))
            let e = try id(try await api.send(.POST, "/engagements", json: #"{"clientId":"\#(c)","sponsorId":"\#(s)","hrPartnerId":"\#(h)","seniorExecutiveId":"\#(x)","presentingProblem":"P","objective":"O"}"#))
            _ = try await api.send(.PUT, "/engagements/\(e)/agreement", json: #"{"plannedSessions":6,"cadenceWeeks":2,"durationMonths":4,"confidentialityTerms":"T","goals":[{"statement":"G","successMeasure":"M","targetDate":"2027-06-30"}]}"#)
            _ = try await api.send(.POST, "/engagements/\(e)/agreement/proposal")
            let person = try #require(try await Person.find(UUID(uuidString: x), on: t.app.db))
            try await PersonalLinkService(req: Request(application: t.app, on: t.app.eventLoopGroup.next())).sendSignIn(to: person)
            let (senior, _) = try await inbox.signInFromMail(to: "x@example.com")
            let page = try await senior.get("/engagements/\(e)/agreement")
            #expect(page.status == .ok)
            #expect(!page.text.contains("I accept"))
            #expect(try await senior.post("/engagements/\(e)/agreement/accept").status == .forbidden)
            #expect(try await AgreementAcceptance.query(on: t.app.db).count() == 0)
        }
    }
}
