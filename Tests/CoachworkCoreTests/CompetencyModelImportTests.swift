import Foundation
import Testing
@testable import CoachworkCore

/// Splits RFC 4180 text into records, each with the physical line it starts on (a test stand-in for the server's
/// CSV library).
func splitCSV(_ text: String) -> [CSVRecord] {
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var (inQuotes, line, start) = (false, 1, 1)
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        if inQuotes {
            if scalar == "\"" && next == "\"" { field.append(scalar); index += 1 }
            else if scalar == "\"" { inQuotes = false }
            else { field.append(scalar); if scalar == "\n" { line += 1 } }
        } else if scalar == "\"" {
            inQuotes = true
        } else if scalar == "," {
            fields.append(String(field)); field = String.UnicodeScalarView()
        } else if scalar == "\r" || scalar == "\n" {
            if scalar == "\r" && next == "\n" { index += 1 }
            fields.append(String(field)); field = String.UnicodeScalarView()
            records.append(CSVRecord(line: start, fields: fields)); fields = []
            line += 1; start = line
        } else {
            field.append(scalar)
        }
        index += 1
    }
    if !field.isEmpty || !fields.isEmpty { records.append(CSVRecord(line: start, fields: fields + [String(field)])) }
    return records
}

@Suite struct CompetencyModelCSVImportTests {
    private func importing(_ text: String, name: String = "Leadership") -> Result<CompetencyModelDraft, ImportFailure> {
        CompetencyModelImport.fromCSV(records: splitCSV(text), name: name)
    }

    private func issues(_ text: String) -> [ImportIssue] {
        guard case .failure(let failure) = importing(text) else { return [] }
        return failure.issues
    }

    @Test func mergesRowsOfOneCompetencyAndKeepsFirstAppearanceOrder() throws {
        let csv = """
            cluster,competency,description,item
            Leading People,Conflict Management,Surfaces disagreements early.,Invites dissenting views before deciding
            leading people , conflict  management,,Names the conflict openly
            Leading People,Team Building,Builds commitment and trust.,
            Leading Change,Vision,"Creates a shared picture, and acts on it.",
            Leading People,Conflict Management,Surfaces disagreements early.,

            """
        let draft = try importing(csv).get()
        #expect(draft == CompetencyModelDraft(name: "Leadership", clusters: [
            .init(name: "Leading People", competencies: [
                CompetencyDraft(name: "Conflict Management", description: "Surfaces disagreements early.",
                                items: ["Invites dissenting views before deciding", "Names the conflict openly"]),
                CompetencyDraft(name: "Team Building", description: "Builds commitment and trust."),
            ]),
            .init(name: "Leading Change", competencies: [
                CompetencyDraft(name: "Vision", description: "Creates a shared picture, and acts on it."),
            ]),
        ]))
        #expect(draft.competencyCount == 3)
        #expect(draft.itemCount == 2)
        #expect(draft.clusters[0].competencies[1].ratedItems == ["Builds commitment and trust."])
        #expect(CompetencyDraft(name: "Vision").ratedItems == ["Vision"])
    }

    @Test func readsHeaderInAnyOrderAndCase() throws {
        let draft = try importing("\u{FEFF} Item ,COMPETENCY,Cluster\nAsks before telling,Coaching,Leading People\n").get()
        #expect(draft.clusters == [.init(name: "Leading People",
                                         competencies: [CompetencyDraft(name: "Coaching", items: ["Asks before telling"])])])
    }

    @Test func reportsMissingRequiredAndUnknownColumns() throws {
        let found = issues("cluster,description,Notes\nLeading People,Builds trust,x\n")
        try #require(found.count == 2)
        #expect(found.map(\.line) == [1, 1])
        #expect(found.map(\.field) == ["Notes", "competency"])
        #expect(found[1].message == "The header has no competency column. Add a column named competency.")
    }

    @Test func blankCompetencyIsReportedOnItsPhysicalLine() {
        // The quoted description spans lines 2-3, so the third record starts on line 4.
        let csv = "cluster,competency,description\nLeading People,Team Building,\"Builds trust.\nAnd commitment.\"\nLeading People,  ,Grows people\n"
        let found = issues(csv)
        #expect(found == [ImportIssue(line: 4, field: "competency",
                                      message: "Competency is blank. Enter the competency name or delete the row.")])
    }

    @Test func competencyNamesAreUniqueAcrossClusters() {
        let found = issues("cluster,competency\nLeading People,Vision\nLeading Change,vision\nLeading Change,Vision\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.field == "competency")
        #expect(found.first?.message.contains("already in the cluster \"Leading People\" (line 2)") == true)
    }

    @Test func collectsEveryIssueSortedByLine() throws {
        let long = String(repeating: "x", count: 121)
        let csv = """
            cluster,competency,description,item
            A,Listening,Hears people out.,Paraphrases before replying
            A,Listening,Talks less.,paraphrases  before replying
            A,\(long),,
            A,Candour,Says it, plainly, and kindly
            ,,,
            A,Focus,,,,

            """
        let found = issues(csv)
        try #require(found.count == 4)
        #expect(found.map(\.line) == [3, 3, 4, 5])
        #expect(found.map(\.field) == ["description", "item", "competency", nil])
        #expect(found[2].message == "The competency name is 121 characters long; shorten it to 120 or fewer.")
        #expect(found[3].message.hasPrefix("This row has 5 fields but the header has 4 columns."))
    }

    @Test func emptyFileOrHeaderOnlyHasNoCompetencies() {
        for text in ["", "cluster,competency\n", "cluster,competency\n,\n\n"] {
            let found = issues(text)
            #expect(found.count == 1)
            #expect(found.first?.message.hasPrefix("The file has no competencies.") == true)
        }
        // Issues without a line (found last here) sort before those with one.
        #expect(issues("cluster,competency,notes\n").map(\.line) == [nil, 1])
        let blankName = CompetencyModelImport.fromCSV(records: splitCSV("cluster,competency\nA,B\n"), name: " ")
        #expect(blankName == .failure(ImportFailure(issues: [
            ImportIssue(line: nil, field: "name", message: "The model has no name. Give it a name."),
        ])))
    }

    @Test func normalisesTextToNFCSoAccentsMatch() throws {
        let draft = try importing("cluster,competency,item\nCafe\u{301},Cafe\u{301} culture,x\nCaf\u{E9}, caf\u{E9} CULTURE ,y\n").get()
        let competency = try #require(draft.clusters.first?.competencies.first)
        #expect(draft.clusters.count == 1)
        #expect(draft.clusters[0].name == "Caf\u{E9}")
        #expect(draft.clusters[0].name.unicodeScalars.count == 4)
        #expect(competency.name.unicodeScalars.elementsEqual("Caf\u{E9} culture".unicodeScalars))
        #expect(competency.items == ["x", "y"])
    }

    @Test func exportIsRFC4180AndReimportsToTheSameDraft() throws {
        let draft = CompetencyModelDraft(name: "Leadership", clusters: [
            .init(name: "Leading People, Teams", competencies: [
                CompetencyDraft(name: "Candour", description: "Says \"no\" early.\nAnd kindly.",
                                items: ["Gives feedback, specific", "Asks \"what did I miss?\""]),
                CompetencyDraft(name: "Caf\u{E9} culture", description: "Keeps it informal."),
            ]),
            .init(name: "Results", competencies: [CompetencyDraft(name: "Focus")]),
        ])
        let csv = CompetencyModelImport.toCSV(draft)
        #expect(csv == "cluster,competency,description,item\r\n"
            + "\"Leading People, Teams\",Candour,\"Says \"\"no\"\" early.\nAnd kindly.\",\"Gives feedback, specific\"\r\n"
            + "\"Leading People, Teams\",Candour,\"Says \"\"no\"\" early.\nAnd kindly.\",\"Asks \"\"what did I miss?\"\"\"\r\n"
            + "\"Leading People, Teams\",Caf\u{E9} culture,Keeps it informal.,\r\n"
            + "Results,Focus,,\r\n")
        #expect(try CompetencyModelImport.fromCSV(records: splitCSV(csv), name: "Leadership").get() == draft)
    }
}
