import Foundation
import Testing
@testable import CoachworkCore

@Suite struct CompetencyModelJSONImportTests {
    private func importing(_ json: String, fallbackName: String = "Uploaded model") -> Result<CompetencyModelDraft, ImportFailure> {
        CompetencyModelImport.fromJSON(Data(json.utf8), fallbackName: fallbackName)
    }

    private func issues(_ json: String) -> [ImportIssue] {
        guard case .failure(let failure) = importing(json) else { return [] }
        return failure.issues
    }

    @Test func readsValidJSONWithOptionalFieldsLeftOut() throws {
        let json = """
            {"clusters": [
              {"name": " Leading People ", "competencies": [
                {"name": "Conflict Management", "description": "Surfaces disagreements early.",
                 "items": ["Invites dissenting views before deciding", "Names the conflict openly"]},
                {"name": "Team Building", "description": null}
              ]},
              {"name": "Leading Change", "competencies": [{"name": "Vision", "items": []}]}
            ]}
            """
        let draft = try importing(json).get()
        #expect(draft == CompetencyModelDraft(name: "Uploaded model", clusters: [
            .init(name: "Leading People", competencies: [
                CompetencyDraft(name: "Conflict Management", description: "Surfaces disagreements early.",
                                items: ["Invites dissenting views before deciding", "Names the conflict openly"]),
                CompetencyDraft(name: "Team Building"),
            ]),
            .init(name: "Leading Change", competencies: [CompetencyDraft(name: "Vision")]),
        ]))
        #expect(try importing(#"{"name": "Mine", "clusters": [{"name": "A", "competencies": [{"name": "B"}]}]}"#).get().name == "Mine")
    }

    @Test func syntaxErrorIsOneIssueWithItsLine() throws {
        let json = "{\n  \"name\": \"Leadership\",\n  \"clusters\": [\n    {\"name\": \"A\" \"competencies\": []}\n  ]\n}"
        let found = issues(json)
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.field == nil)
        #expect(found.first?.message.hasPrefix("The file is not valid JSON (RFC 8259): ") == true)
        #expect(found.first?.message.contains("at line 4, column") == true)
    }

    @Test func syntaxErrorPositionIsReadFromEitherReportStyle() {
        let data = Data("{\n\"é\": 1 2}".utf8)
        let darwinStyle = NSError(domain: NSCocoaErrorDomain, code: 3840, userInfo: [
            NSDebugDescriptionErrorKey: "Unexpected character '2' around line 2, column 9.",
        ])
        #expect(CompetencyModelImport.jsonSyntaxIssue(darwinStyle, data: data) == ImportIssue(line: 2, field: nil,
            message: "The file is not valid JSON (RFC 8259): Unexpected character '2' at line 2, column 9. "
                + "Check for a missing or extra comma, quote, bracket or brace there or just before."))
        let offsetStyle = NSError(domain: NSCocoaErrorDomain, code: 3840, userInfo: [
            NSDebugDescriptionErrorKey: "Invalid value around character 10.",   // 0-based byte offset of "2"
        ])
        let located = CompetencyModelImport.jsonSyntaxIssue(offsetStyle, data: data)
        #expect(located.line == 2)
        #expect(located.message.contains("Invalid value at line 2, column 8."))
        let unplaced = NSError(domain: NSCocoaErrorDomain, code: 3840, userInfo: [
            NSDebugDescriptionErrorKey: "Unexpected end of file during JSON parse.",
        ])
        #expect(CompetencyModelImport.jsonSyntaxIssue(unplaced, data: data).line == nil)
    }

    @Test func semanticErrorsNameTheirJSONPath() throws {
        let json = """
            {"name": 7, "clusters": [
              {"name": "Leading People", "competencies": [
                {"name": "Vision", "items": "Paints the picture"},
                {"name": "  ", "descripton": "typo"},
                {"name": "Candour", "items": ["Says it", "says  IT", ""]}
              ]},
              {"name": "leading people", "competencies": [{"name": "VISION"}]},
              {"name": "Results", "competencies": []}
            ]}
            """
        let found = issues(json)
        try #require(found.count == 9)
        #expect(found.allSatisfy { $0.line == nil })
        #expect(found.map(\.field) == [
            "name",
            "clusters[0].competencies[0].items",
            "clusters[0].competencies[1].descripton",
            "clusters[0].competencies[1].name",
            "clusters[0].competencies[2].items[1]",
            "clusters[0].competencies[2].items[2]",
            "clusters[1].name",
            "clusters[1].competencies[0].name",
            "clusters[2].competencies",
        ])
        #expect(found[6].message == "The cluster name \"leading people\" is already used at clusters[0].name. "
            + "Cluster names must be unique within a model: rename or remove one.")
    }

    @Test func rejectsEmptyFilesAndNonObjects() {
        #expect(issues("  \n").map(\.message) == ["The file is empty. Upload a JSON file with the model's clusters and competencies."])
        #expect(issues("[]").map(\.message) == ["The file must hold one JSON object: {\"name\": \"…\", \"clusters\": […]}."])
        #expect(issues(#"{"name": "X"}"#).map(\.field) == ["clusters"])
        #expect(issues(#"{"clusters": {"name": "A"}}"#).map(\.message) == ["This must be a list in square brackets: [ … ]."])
    }

    @Test func normalisesTextToNFC() throws {
        let draft = try importing(#"{"clusters": [{"name": "Cafe\u0301", "competencies": [{"name": "Cafe\u0301 culture"}]}]}"#).get()
        #expect(draft.clusters[0].name.unicodeScalars.elementsEqual("Caf\u{E9}".unicodeScalars))
        #expect(draft.clusters[0].competencies[0].name.unicodeScalars.elementsEqual("Caf\u{E9} culture".unicodeScalars))
    }
}
