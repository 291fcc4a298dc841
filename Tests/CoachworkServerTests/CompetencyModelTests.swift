import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import CoachworkServer

/// Competency models: import with preview and line-numbered errors, versions, retiring.
@Suite struct CompetencyModelTests {
    static let csv = """
        cluster,competency,description,item
        Leading People,Listening,"Hears people out, then acts.",Lets others finish before answering.
        Leading People,Listening,,Summarises what was said before deciding.
        Results,Follow-through,Finishes what was started.,Closes open actions before taking new ones.
        """

    @Test func aModelIsPreviewedThenImportedAndEditingMakesANewVersion() async throws {
        try await withApp { (t: TestApp) in
            // Coaches use the practice's models; the admin curates them.
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let coachBrowser = Browser(t.app)
            try await coachBrowser.signIn(coach.email)
            let list = try await coachBrowser.get("/competency-models")
            #expect(list.text.contains("Leadership competencies (default)") && !list.text.contains("Import a model"))
            #expect(try await coachBrowser.post("/competency-models/import", ["name": "Pilot", "text": Self.csv]).status == .forbidden)
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            #expect(try await browser.get("/competency-models").text.contains("Import a model"))
            let bad = try await browser.post("/competency-models/import", ["name": "Pilot", "text": "cluster,competency\nA,\nB,Thing\n,Other"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Line 2"))
            #expect(bad.text.contains("Line 4"))
            #expect(bad.text.contains("B,Thing"))   // the text is kept for correction
            let preview = try await browser.post("/competency-models/import", ["name": "Pilot", "text": Self.csv, "intent": "preview"])
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Import as version 1"))
            #expect(preview.text.contains("2 competencies, 3 behaviour items"))
            #expect(try await CompetencyModel.query(on: t.app.db).filter(\.$name == "Pilot").count() == 0)
            let saved = try await browser.post("/competency-models/import", ["name": "Pilot", "text": Self.csv, "intent": "import"])
            #expect(saved.status == .seeOther)
            let modelPath = try #require(saved.location)
            let page = try await browser.get(modelPath)
            #expect(page.text.contains("Summarises what was said before deciding."))
            // Edit: the form starts from the model as CSV; importing it again saves version 2.
            let edit = try await browser.get(modelPath + "/edit")
            #expect(edit.text.contains("Lets others finish before answering."))
            let again = try await browser.post("/competency-models/import", ["name": "Pilot", "text": Self.csv + "\nResults,Pace,Moves fast.,Sets deadlines.", "intent": "import", "source": "edited"])
            #expect(again.status == .seeOther)
            let versions = try await CompetencyModel.query(on: t.app.db).filter(\.$name == "Pilot").sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2] && versions[1].source == "edited")
            // Retiring keeps the competency in its version but stops offering it.
            let listening = try #require(try await Competency.query(on: t.app.db).filter(\.$model.$id == versions[1].requireID())
                .filter(\.$name == "Listening").first())
            try await browser.get(Paths.competencyModel(versions[1].id!))
            #expect(try await browser.post("\(Paths.competencyModel(versions[1].id!))/competencies/\(listening.id!)/retire").status == .seeOther)
            let offered = try await CompetencyCatalog.offered(on: t.app.db).flatMap(\.competencies).map(\.name)
            #expect(!offered.contains("Listening") && offered.contains("Pace"))
            // An admin-less, coach-less visitor sees nothing.
            #expect(try await Browser(t.app).get("/competency-models").status == .seeOther)
        }
    }

    @Test func theAPIReportsEveryProblemWithItsLineAndImportsJSON() async throws {
        try await withApp { (t: TestApp) in
            let coach = try await t.makeUser("coach", email: "coach@example.com")
            let coachAPI = APIClient(app: t.app, token: try await t.token(for: coach))
            #expect(try await coachAPI.send(.POST, "/competency-models", json: #"{"name":"X","content":"cluster,competency\nA,B"}"#).status == .forbidden)
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let bad = try await api.send(.POST, "/competency-models", json: #"{"name":"Pilot","format":"csv","content":"cluster,competency\nA,\n,B"}"#)
            #expect(bad.status == .unprocessableEntity)
            let problem = try APIClient.object(bad)
            let details = try #require(problem["errors"] as? [[String: Any]] ?? problem["details"] as? [[String: Any]])
            #expect(details.count == 2)
            #expect((details.first?["message"] as? String)?.hasPrefix("Line 2:") == true)
            let json = #"{\"name\":\"Pilot JSON\",\"clusters\":[{\"name\":\"C\",\"competencies\":[{\"name\":\"Listening\",\"items\":[\"Lets others finish.\"]}]}]}"#
            let preview = try await api.send(.POST, "/competency-models", json: #"{"content":"\#(json)","preview":true}"#)
            #expect(preview.status == .ok)
            #expect(try APIClient.object(preview)["name"] as? String == "Pilot JSON")
            #expect(try await CompetencyModel.query(on: t.app.db).filter(\.$name == "Pilot JSON").count() == 0)
            let created = try APIClient.object(try await api.send(.POST, "/competency-models", json: #"{"content":"\#(json)"}"#))
            let competencies = try #require(created["competencies"] as? [[String: Any]])
            #expect(competencies.first?["items"] as? [String] == ["Lets others finish."])
            let adminAPI = api
            let modelID = try #require(created["id"] as? String)
            let competencyID = try #require(competencies.first?["id"] as? String)
            let retired = try await adminAPI.send(.PUT, "/competency-models/\(modelID)/competencies/\(competencyID)/retirement", json: #"{"retired":true}"#)
            #expect(try APIClient.object(retired)["retired"] as? Bool == true)
        }
    }
}

@Suite struct CompetencyModelImportSafetyTests {
    @Test func formulasAreDefusedOnExportAndRestoredOnImportAndBrokenQuotesAreRefused() async throws {
        try await withApp { (t: TestApp) in
            let admin = try await t.makeUser("admin", email: "admin@example.com")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            try await browser.get("/competency-models")
            let risky = "cluster,competency,description,item\n=Cluster,+Plus,-minus,@cmd\n"
            let saved = try await browser.post("/competency-models/import", ["name": "Risky", "text": risky, "intent": "import"])
            let path = try #require(saved.location)
            let export = try await browser.get(path + "/export.csv")
            #expect(export.text.contains("'=Cluster,'+Plus,'-minus,'@cmd"))
            // Re-importing the export gives back the original names, not apostrophes.
            let again = try await browser.post("/competency-models/import", ["name": "Risky", "text": export.text, "intent": "preview"])
            #expect(again.text.contains("<strong>+Plus</strong>"))   // the preview's table, not the raw text it carries
            // Importing the same model again makes no new version.
            let repeated = try await browser.post("/competency-models/import", ["name": "Risky", "text": risky, "intent": "import"])
            #expect(repeated.status == .conflict && repeated.text.contains("no new version was made"))
            #expect(try await CompetencyModel.query(on: t.app.db).filter(\.$name == "Risky").count() == 1)
            let broken = try await browser.post("/competency-models/import", ["name": "Broken", "text": "cluster,competency\nA,\"B\nC,D\n"])
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.text.contains("Line 2: a quoted field is never closed"))
            // The reader is the people import's: German Excel's semicolons work here too.
            let semicolons = try await browser.post("/competency-models/import", ["name": "Semi", "text": "cluster;competency\nFührung;Delegieren\n"])
            #expect(semicolons.status == .ok)
            #expect(semicolons.text.contains("<strong>Delegieren</strong>"))
        }
    }
}
