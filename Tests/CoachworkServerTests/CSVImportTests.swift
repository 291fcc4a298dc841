import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Importing people and stakeholders from CSV over HTTP: upload, preview, import, result; nothing
/// importable is never a success; each role gets what the access policy says.
@Suite struct CSVImportTests {
    typealias F = EngagementFixture

    /// A German Excel file in Windows-1252 with semicolons: two new people, a repeated email, a
    /// person already known, a row with a bad time zone, and a quoted field with a line break.
    static var germanFile: [UInt8] {
        let text = "Vorname;Nachname;E-Mail;Zeitzone;Firma\r\n"
            + "J\u{FC}rgen;Gro\u{DF};juergen@example.de;Europe/Berlin;\"M\u{FC}ller\r\n& Co \u{20AC}\"\r\n"   // lines 2-3
            + "Zo\u{EB};Known;ZOE@example.com;;\r\n"                                                   // line 4: known person
            + "Ren\u{E9}e;Roth;renee@example.de;;\r\n"                                               // line 5
            + "J\u{FC}rgen;Again;Juergen@Example.DE;;\r\n"                                           // line 6: duplicate of line 2
            + "Max;Muster;max@example.de;Mars/Base;\r\n"                                             // line 7: bad zone
        // Windows-1252 for these characters: Latin-1 code points, and € = 0x80.
        return text.unicodeScalars.map { $0 == "\u{20AC}" ? 0x80 : UInt8($0.value) }
    }

    @Test func aCoachPreviewsAWindows1252FileThenImportsItAndSeesTheCounts() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com", name: "Ana Coach")
            _ = try await t.makePerson(name: "Zoë Client", email: "zoe@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.signIn("coach@example.com")
            let form = try await browser.get(Paths.importPeople)
            #expect(form.status == .ok)
            #expect(form.text.contains("512 KiB"))

            let preview = try await browser.postMultipart(Paths.importPeople, ["intent": "preview"], file: Self.germanFile)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Read as Windows-1252, fields separated by semicolons."))
            #expect(preview.text.contains("Jürgen Groß"))
            #expect(preview.text.contains("Müller &amp; Co €"))
            #expect(preview.text.contains("Merged: the same email address as line 2"))
            #expect(preview.text.contains("Already known"))
            #expect(preview.text.contains("Line 7, “timeZone”"))
            #expect(preview.text.contains("Import 2 people"))
            #expect(!preview.text.contains("\u{FFFD}"))
            #expect(try await Person.query(on: t.app.db).count() == 1, "a preview stores nothing")

            // The confirm form sends the decoded text back (UTF-8 now), with the encoding it was read in.
            let text = try #require(preview.hiddenImportText)
            let imported = try await browser.postMultipart(Paths.importPeople, ["intent": "import", "text": text, "encoding": "windows1252"])
            #expect(imported.status == .seeOther)
            #expect(imported.location == Paths.people)
            let list = try await browser.get(Paths.people)
            #expect(list.text.contains("2 people imported; 2 rows skipped, 1 row with errors left out."))
            let juergen = try #require(try await Person.query(on: t.app.db).filter(\.$email == "juergen@example.de").first())
            #expect(juergen.name == "Jürgen Groß" && juergen.organisation == "Müller & Co €" && juergen.timeZone == "Europe/Berlin")
            let renee = try #require(try await Person.query(on: t.app.db).filter(\.$email == "renee@example.de").first())
            #expect(renee.timeZone == "Europe/Berlin", "a blank zone is the importer's")
            #expect(renee.$createdBy.id == coach.id)
            let zoe = try #require(try await Person.query(on: t.app.db).filter(\.$email == "zoe@example.com").first())
            #expect(zoe.name == "Zoë Client", "a known person is never overwritten")

            // One audit entry, counts only.
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "people_imported").all()
            #expect(audit.count == 1)
            #expect(audit.first?.detail.contains("2 people imported") == true)
            #expect(audit.first.map { !$0.detail.contains("example.de") && !$0.detail.contains("Jürgen") } == true)
        }
    }

    @Test func nothingImportableGetsNoButtonAndIsNeverASuccess() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            _ = try await t.makePerson(name: "Zoë Client", email: "zoe@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.signIn("coach@example.com")
            try await browser.get(Paths.importPeople)
            let text = "name,email\nZoë,Zoe@Example.com\nBad,not-an-email\n"
            let preview = try await browser.postMultipart(Paths.importPeople, ["intent": "preview", "text": text])
            #expect(preview.status == .unprocessableEntity)
            #expect(preview.text.contains("Nothing can be imported"))
            #expect(!preview.text.contains(#"value="import""#))
            #expect(preview.text.contains("Line 3, “email”"))
            let forced = try await browser.postMultipart(Paths.importPeople, ["intent": "import", "text": text])
            #expect(forced.status == .unprocessableEntity)
            #expect(!forced.text.contains("imported;") && !forced.text.contains("0 people imported"))
            let empty = try await browser.postMultipart(Paths.importPeople, ["intent": "import", "text": "  "])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await Person.query(on: t.app.db).count() == 1)
            #expect(try await AuditEvent.query(on: t.app.db).filter(\.$action == "people_imported").count() == 0)
        }
    }

    @Test func anUndecodableFileIsRefusedNamingTheEncoding() async throws {
        try await withApp { t in
            _ = try await t.makeUser("coach", email: "coach@example.com")
            let browser = Browser(t.app)
            try await browser.signIn("coach@example.com")
            try await browser.get(Paths.importPeople)
            let bytes = Array("name,email\nA".utf8) + [0x8D] + Array(",a@example.com\n".utf8)
            let refused = try await browser.postMultipart(Paths.importPeople, ["intent": "preview"], file: bytes)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("neither UTF-8 nor Windows-1252"))
            #expect(!refused.text.contains("\u{FFFD}"))
        }
    }

    @Test func onlyCoachesAndAdminsImportPeople() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            #expect(try await f.coach.get(Paths.importPeople).status == .ok)
            #expect(try await f.admin.get(Paths.importPeople).status == .ok)
            for browser in [f.client, f.sponsor, f.hrPartner] {
                #expect(try await browser.get(Paths.importPeople).status == .forbidden)
                try await browser.get(Paths.engagement(UUID(uuidString: f.engagementID)!))
                let posted = try await browser.postMultipart(Paths.importPeople, ["text": "name,email\nX,x@example.com\n"])
                #expect(posted.status == .forbidden)
                #expect(!posted.text.contains("This form has expired"))
            }
            let anonymous = try await f.anonymous.get(Paths.importPeople)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix(Paths.signIn) == true)
            #expect(try await APIClient(app: t.app, token: nil).send(.POST, "/people/import", headers: [("Content-Type", "text/csv")]).status == .unauthorized)
        }
    }

    @Test func theAPIDryRunWritesNothingAndTheImportReportsWhatItDid() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let token = try await t.token(for: coach)
            let csv = "Prénom\tNom\tCourriel\tFonction\nÉlise\tDurand\telise@example.fr\tDAF\nÉlise\tDurand\tELISE@example.fr\t\n"
            func post(_ query: String, _ body: [UInt8]) async throws -> TestingHTTPResponse {
                try await t.app.testing().sendRequest(.POST, "/api/v1/people/import\(query)", beforeRequest: { req in
                    req.headers.bearerAuthorization = .init(token: token)
                    req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                    req.body = ByteBuffer(bytes: body)
                })
            }
            let dry = try await post("?dryRun=true", Array(csv.utf8))
            #expect(dry.status == .ok)
            let plan = try APIClient.object(dry)
            #expect(plan["delimiter"] as? String == "tab")
            #expect(plan["encoding"] as? String == "utf8")
            #expect(plan["imported"] as? Int == 0)
            #expect((plan["toCreate"] as? [[String: Any]])?.first?["name"] as? String == "Élise Durand")
            #expect((plan["skipped"] as? [[String: Any]])?.first?["code"] as? String == "duplicate_in_file")
            #expect(try await Person.query(on: t.app.db).count() == 0)

            let done = try await post("", Array(csv.utf8))
            #expect(done.status == .created)
            #expect(try APIClient.object(done)["imported"] as? Int == 1)
            #expect(try await Person.query(on: t.app.db).count() == 1)

            // The same file again: nothing new, so 422 with every skip listed, never "0 imported".
            let again = try await post("", Array(csv.utf8))
            #expect(again.status == .unprocessableEntity)
            let problem = try APIClient.object(again)
            #expect(problem["code"] as? String == "nothing_to_import")
            #expect((problem["errors"] as? [[String: Any]])?.count == 2)

            let missing = try await post("?dryRun=true", [])
            #expect(missing.status == .unprocessableEntity)
            #expect((try APIClient.object(missing)["detail"] as? String)?.contains("CSV body") == true)
            let badFlag = try await post("?dryRun=yes", Array(csv.utf8))
            #expect(badFlag.status == .unprocessableEntity)
            #expect(try APIClient.object(badFlag)["field"] as? String == "dryRun")
            let refused = try await post("?dryRun=true", [0x61, 0x81, 0x0A])
            #expect(refused.status == .ok)
            let refusal = try APIClient.object(refused)
            #expect(refusal["importable"] as? Bool == false)
            #expect(((refusal["errors"] as? [[String: Any]])?.first?["message"] as? String)?.contains("Windows-1252") == true)
        }
    }

    @Test func theCoachImportsStakeholdersSkippingTheClientAndThoseNominated() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let e = UUID(uuidString: f.engagementID)!
            let csv = "Name;E-Mail;Beziehung;Zeitzone\n"
                + "Kim Kollegin;kim@example.com;Kollegin;\n"           // line 2: new peer, client's zone
                + "Zoë Client;ZOE@example.com;peer;\n"                 // line 3: the client
                + "Pia Peer;s0@example.com;peer;\n"                    // line 4: already nominated
                + "Mo Manager;mo@example.com;Vorgesetzter;Europe/Paris\n" // line 5
                + "Fay Friend;fay@example.com;friend;\n"               // line 6: unknown relationship
            let page = try await f.coach.get(Paths.importStakeholders(e))
            #expect(page.status == .ok)
            let preview = try await f.coach.postMultipart(Paths.importStakeholders(e), ["intent": "preview", "text": csv])
            #expect(preview.status == .ok)
            #expect(preview.text.contains("This is the client"))
            #expect(preview.text.contains("Already a stakeholder"))
            #expect(preview.text.contains("Line 6, “relationship”"))
            #expect(preview.text.contains("Import 2 stakeholders"))
            let before = try await Stakeholder.query(on: t.app.db).count()
            let done = try await f.coach.postMultipart(Paths.importStakeholders(e), ["intent": "import", "text": try #require(preview.hiddenImportText)])
            #expect(done.status == .seeOther)
            #expect(try await Stakeholder.query(on: t.app.db).count() == before + 2)
            let kim = try #require(try await Stakeholder.query(on: t.app.db).filter(\.$email == "kim@example.com").first())
            #expect(kim.relationship == "peer" && kim.timeZone == "America/New_York" && kim.isApproved)
            let audit = try await AuditEvent.query(on: t.app.db).filter(\.$action == "stakeholders_imported").all()
            #expect(audit.count == 1 && audit.first?.engagementID == e)

            // The API dry run writes nothing.
            let dry = try await t.app.testing().sendRequest(.POST, "/api/v1/engagements/\(e)/stakeholders/import?dryRun=true", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: f.api.token!)
                req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                req.body = ByteBuffer(string: "name,email,relationship\nNew One,new@example.com,customer\n")
            })
            #expect(dry.status == .ok)
            #expect(try await Stakeholder.query(on: t.app.db).count() == before + 2)
        }
    }

    @Test func onlyTheEngagementsCoachImportsStakeholders() async throws {
        try await withApp { t in
            let f = try await F.build(t)
            let path = Paths.importStakeholders(UUID(uuidString: f.engagementID)!)
            let csv = "name,email,relationship\nNew One,new@example.com,peer\n"
            let expected: [(String, Browser, HTTPStatus)] = [
                ("client", f.client, .forbidden), ("sponsor", f.sponsor, .forbidden), ("hr_partner", f.hrPartner, .forbidden),
                ("admin", f.admin, .forbidden), ("other coach", f.otherCoach, .notFound),
            ]
            for (role, browser, status) in expected {
                #expect(try await browser.get(path).status == status, "GET as \(role)")
                try await browser.get("/")
                let posted = try await browser.postMultipart(path, ["intent": "import", "text": csv])
                #expect(posted.status == status, "POST as \(role)")
                #expect(!posted.text.contains("This form has expired"), "refused by the policy, not by a stale CSRF token")
            }
            #expect(try await f.anonymous.get(path).status == .seeOther)
            let before = try await Stakeholder.query(on: t.app.db).count()
            let api = try await t.app.testing().sendRequest(.POST, "/api/v1/engagements/\(f.engagementID)/stakeholders/import", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: f.adminAPI.token!)
                req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                req.body = ByteBuffer(string: csv)
            })
            #expect(api.status == .forbidden)
            #expect(try await Stakeholder.query(on: t.app.db).count() == before)
        }
    }
    @Test func previewAndImportQueryTheDatabaseInBatchesNotPerRow() async throws {
        try await withApp { t in
            _ = try await t.makeUser("coach", email: "coach@example.com")
            let browser = Browser(t.app)
            try await browser.signIn("coach@example.com")
            try await browser.get(Paths.importPeople)
            func csv(_ n: Int) -> String { "name,email\n" + (0..<n).map { "Person \($0),p\($0)@example.com\n" }.joined() }
            try await browser.postMultipart(Paths.importPeople, ["text": csv(1)]) // warm-up: the session exists
            let small = try await t.queries.during { _ = try await browser.postMultipart(Paths.importPeople, ["text": csv(5)]) }.count
            let large = try await t.queries.during { _ = try await browser.postMultipart(Paths.importPeople, ["text": csv(450)]) }.count
            // 450 emails are looked up in 3 batches of at most 200, 5 in one.
            #expect(large - small <= 2)
            var status = HTTPStatus.ok
            let imported = try await t.queries.during {
                status = try await browser.postMultipart(Paths.importPeople, ["intent": "import", "text": csv(450)]).status
            }
            #expect(status == .seeOther)
            // Lookups, 3 batched inserts, the audit entry and the session: never one statement per row.
            #expect(imported.count < 25)
            #expect(try await Person.query(on: t.app.db).count() == 450)
        }
    }
}
