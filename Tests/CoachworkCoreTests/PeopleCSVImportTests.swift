import Foundation
import Testing
@testable import CoachworkCore

/// Reading people and stakeholders from CSV as spreadsheets write it: encodings, delimiters, quoting,
/// line numbers, normalisation and duplicates.
@Suite struct PeopleCSVImportTests {
    private func plan(_ text: String, _ kind: ImportPlan.Kind = .people) -> ImportPlan {
        PeopleCSVImport.plan(bytes: Array(text.utf8), kind: kind, defaultTimeZone: "Europe/Berlin")
    }

    @Test func utf8WithByteOrderMarkAndCommas() {
        let p = PeopleCSVImport.plan(bytes: [0xEF, 0xBB, 0xBF] + Array("name,email\nAda Lovelace,Ada@Example.com\n".utf8),
                                     kind: .people, defaultTimeZone: "Europe/Berlin")
        #expect(p.encoding == .utf8BOM)
        #expect(p.delimiter == .comma)
        #expect(p.issues.isEmpty)
        #expect(p.rows == [.init(line: 2, name: "Ada Lovelace", email: "ada@example.com", timeZone: "Europe/Berlin")])
    }

    @Test func semicolonsWithGermanHeaders() {
        let p = plan("Vorname;Nachname;E-Mail;Zeitzone;Firma\r\nJürgen;Groß;j.gross@example.de;Europe/Vienna;Müller, Meier & Co\r\n")
        #expect(p.delimiter == .semicolon)
        #expect(p.issues.isEmpty)
        #expect(p.rows.first?.name == "Jürgen Groß")
        #expect(p.rows.first?.organisation == "Müller, Meier & Co")
        #expect(p.rows.first?.timeZone == "Europe/Vienna")
    }

    @Test func tabsWithFrenchHeaders() {
        let p = plan("Prénom\tNom\tCourriel\tPoste\nÉlise\tDurand\telise@example.fr\tDirectrice financière\n")
        #expect(p.delimiter == .tab)
        #expect(p.rows.first?.name == "Élise Durand")
        #expect(p.rows.first?.jobTitle == "Directrice financière")
    }

    @Test func delimiterIsSniffedOutsideQuotes() {
        #expect(CSVParser.sniffDelimiter("\"name;with;semicolons\",email\n") == .comma)
        #expect(CSVParser.sniffDelimiter("name\n") == .comma)
    }

    @Test func quotedLineBreaksAndDoubledQuotesKeepPhysicalLineNumbers() {
        let text = "name,email,organisation\n\"Ann \"\"Nan\"\" Lee\",ann@example.com,\"North\nwind\r\nLogistics\"\nBob,not-an-email,\n"
        let p = plan(text)
        #expect(p.rows.first?.name == "Ann \"Nan\" Lee")
        // One-line fields get their line breaks collapsed to spaces.
        #expect(p.rows.first?.organisation == "North wind Logistics")
        // Bob's record starts on physical line 5, after the three-line record of lines 2 to 4.
        #expect(p.issues.map(\.line) == [5])
        #expect(p.issues.first?.field == "email")
    }

    @Test func unclosedQuoteIsRefusedWithItsLine() {
        let p = plan("name,email\nA,a@example.com\n\"B,b@example.com\nC,c@example.com\n")
        #expect(p.rows.isEmpty)
        #expect(p.issues.first?.line == 3)
        #expect(!p.isImportable)
    }

    @Test func windows1252IsDecodedAndAnnounced() {
        // "Zoë Müller;zoe@example.com;Café €" in Windows-1252: ë = EB, ü = FC, é = E9, € = 80.
        var bytes = Array("name;email;organisation\n".utf8)
        bytes += [0x5A, 0x6F, 0xEB, 0x20, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72] + Array(";zoe@example.com;Caf".utf8) + [0xE9, 0x20, 0x80, 0x0A]
        let p = PeopleCSVImport.plan(bytes: bytes, kind: .people, defaultTimeZone: "UTC")
        #expect(p.encoding == .windows1252)
        #expect(p.encoding?.title == "Windows-1252")
        #expect(p.rows.first?.name == "Zoë Müller")
        #expect(p.rows.first?.organisation == "Café €")
        let replacement: Unicode.Scalar = "\u{FFFD}"
        let name = p.rows.first?.name ?? ""
        #expect(!name.unicodeScalars.contains(replacement))
    }

    @Test func undecodableBytesAreRefusedNamingTheEncoding() {
        let bytes = Array("name,email\nA".utf8) + [0xE9, 0x81] + Array(",a@example.com\n".utf8)
        let p = PeopleCSVImport.plan(bytes: bytes, kind: .people, defaultTimeZone: "UTC")
        #expect(p.rows.isEmpty)
        #expect(p.encoding == nil)
        let message = p.issues.first?.message ?? ""
        #expect(message.contains("neither UTF-8 nor Windows-1252"))
        #expect(message.contains("0x81"))
        #expect(p.issues.first?.line == 2)
    }

    @Test func utf16WithByteOrderMarkIsReadAndWithoutOneRefused() {
        let text = "name\temail\nÅsa\tasa@example.se\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let p = PeopleCSVImport.plan(bytes: le, kind: .people, defaultTimeZone: "UTC")
        #expect(p.encoding == .utf16LE)
        #expect(p.rows.first?.name == "Åsa")
        let bare = PeopleCSVImport.plan(bytes: Array(le.dropFirst(2)), kind: .people, defaultTimeZone: "UTC")
        #expect(bare.rows.isEmpty)
        #expect(bare.issues.first?.message.contains("UTF-16") == true)
    }

    @Test func decomposedInputIsNormalisedToNFC() {
        let decomposed = "Jose\u{301} Nun\u{303}ez"
        let p = plan("name,email\n\(decomposed),jose@example.com\n")
        let expected = "Jos\u{E9} Nu\u{F1}ez"
        #expect(p.rows.first.map { Array($0.name.unicodeScalars) } == Array(expected.unicodeScalars))
    }

    @Test func emailsAreDeduplicatedIgnoringCaseWithAReport() {
        let p = plan("name,email\nAda,ada@example.com\nBob,bob@example.com\nADA again,ADA@EXAMPLE.COM\n")
        #expect(p.rows.map(\.line) == [2, 3])
        #expect(p.skipped == [.init(line: 4, email: "ada@example.com", reason: .duplicate(ofLine: 2))])
        #expect(p.skipped.first?.reason.message.contains("line 2") == true)
    }

    @Test func knownEmailsAreSkippedByTheCaller() {
        var p = plan("name,email\nAda,ada@example.com\nBob,bob@example.com\n")
        p.skip { $0.email == "bob@example.com" ? .knownPerson : nil }
        #expect(p.rows.map(\.email) == ["ada@example.com"])
        #expect(p.skipped.map(\.line) == [3])
    }

    @Test func rowErrorsCarryLineAndColumnAndBlankTimeZoneTakesTheDefault() {
        let p = plan("name,email,time zone\n,a@example.com,\nBea,b@example.com,Mars/Olympus\nCy,c@example.com,\n")
        #expect(p.issues.map(\.line) == [2, 3])
        #expect(p.issues.map(\.field) == ["name", "timeZone"])
        #expect(p.rows.map(\.timeZone) == ["Europe/Berlin"])
    }

    @Test func missingColumnsRefuseTheFileAndUnknownOnesAreListed() {
        let p = plan("name,phone\nAda,123\n")
        #expect(p.rows.isEmpty)
        #expect(p.issues.first?.line == 1)
        let ignored = plan("name,email,phone\nAda,ada@example.com,123\n")
        #expect(ignored.ignoredColumns == ["phone"])
        #expect(ignored.rows.count == 1)
    }

    @Test func nothingImportableIsNotImportable() {
        #expect(!plan("").isImportable)
        #expect(!plan("name,email\n").isImportable)
        #expect(!plan("name,email\n\n\n").isImportable)
    }

    @Test func stakeholdersNeedARelationshipInAnyOfThreeLanguages() {
        let p = plan("Name;E-Mail;Beziehung\nA;a@example.com;Kollegin\nB;b@example.com;Vorgesetzter\nC;c@example.com;collaborateur\nD;d@example.com;friend\n", .stakeholders)
        #expect(p.rows.map(\.relationship) == [.peer, .manager, .directReport])
        #expect(p.issues.map(\.line) == [5])
        let none = plan("name,email\nA,a@example.com\n", .stakeholders)
        #expect(none.rows.isEmpty && !none.issues.isEmpty)
    }

    @Test func extraFieldsAreAnErrorOfTheirRow() {
        let p = plan("name,email\nSmith, John,john@example.com\n")
        #expect(p.rows.isEmpty)
        #expect(p.issues.first?.line == 2)
    }

    @Test func oversizedTextIsRefused() {
        let p = plan(String(repeating: "x", count: PeopleCSVImport.maxBytes + 1))
        #expect(p.issues.first?.message.contains("512 KiB") == true)
    }
}
