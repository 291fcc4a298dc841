import Foundation

/// Reads people or stakeholders from a CSV file people wrote in a spreadsheet into an ``ImportPlan``.
///
/// - Bytes: ``ImportTextDecoder`` (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 announced,
///   anything else refused by name); at most ``maxBytes`` of text.
/// - Delimiter: ``CSVParser/sniffDelimiter(_:)``; records: ``CSVParser/records(_:delimiter:)``.
/// - Header: the first non-blank record, names matched by ``ImportColumn/named(_:)``. Required: an
///   email column and a name (or first and last name; beside a first name, "Nom"/"Name" is the last
///   name, as in French "Prénom;Nom"); stakeholders also need a relationship. Unknown columns are
///   listed and ignored; a repeated column or a missing required one refuses the file.
/// - Rows: blank rows are ignored; each field is normalised (``TextInput/normalized(_:)``: NFC, trimmed),
///   one-line fields get whitespace runs (line breaks too) collapsed to one space. Name ≤ 200 characters,
///   email per ``TextInput/email(_:field:)``, time zone per ``TextInput/timeZone(_:field:)`` (blank: the
///   default), job title and organisation ≤ 200, relationship per ``RaterGroup``'s import names.
///   Each problem is an ``ImportIssue`` with the row's physical line and the column.
/// - Duplicates: a later row with the same email (ignoring case) is skipped as merged into the first.
public enum PeopleCSVImport {
    /// The most text an import reads: 512 KiB (524,288 bytes) of UTF-8. Kept to half the 1 MiB request
    /// limit so the preview's confirm form, which sends the text back, always fits.
    public static let maxBytes = 512 * 1024
    /// Maximum characters of a name, job title or organisation: 200, as the people form.
    public static let maxFieldLength = 200

    /// Plans an import of an uploaded file's bytes.
    public static func plan(bytes: [UInt8], kind: ImportPlan.Kind, defaultTimeZone: String) -> ImportPlan {
        guard bytes.count <= maxBytes else { return tooLarge(kind) }
        switch ImportTextDecoder.decode(bytes) {
        case .failure(let issue):
            var plan = ImportPlan(kind: kind)
            plan.issues = [issue]
            return plan
        case .success(let decoded):
            return plan(text: decoded.text, encoding: decoded.encoding, kind: kind, defaultTimeZone: defaultTimeZone)
        }
    }

    /// Plans an import of text already decoded (pasted, or sent back by the preview): `encoding` is
    /// what the preview reports (``ImportEncoding/utf8`` for pasted text).
    public static func plan(text raw: String, encoding: ImportEncoding = .utf8, kind: ImportPlan.Kind, defaultTimeZone: String) -> ImportPlan {
        guard raw.utf8.count <= maxBytes else { return tooLarge(kind) }
        let text = raw.hasPrefix("\u{FEFF}") ? String(raw.unicodeScalars.dropFirst()) : raw
        let delimiter = CSVParser.sniffDelimiter(text)
        var plan = ImportPlan(kind: kind, encoding: encoding, delimiter: delimiter)
        let records: [CSVRecord]
        switch CSVParser.records(text, delimiter: delimiter) {
        case .failure(let issue): plan.issues = [issue]; return plan
        case .success(let read): records = read
        }
        let nonBlank = records.filter { $0.fields.contains { !TextInput.normalized($0).isEmpty } }
        guard let header = nonBlank.first else {
            plan.issues = [ImportIssue(line: nil, field: "file", message: "The file is empty. Put a header row (name, email, …) and one row per person.")]
            return plan
        }
        guard let columns = readHeader(header, kind: kind, plan: &plan) else { return plan }
        var firstLine: [String: Int] = [:]
        for record in nonBlank.dropFirst() {
            readRow(record, columns: columns, defaultTimeZone: defaultTimeZone, firstLine: &firstLine, plan: &plan)
        }
        if nonBlank.count == 1 {
            plan.issues.append(ImportIssue(line: nil, field: "file", message: "The file has a header but no rows below it."))
        }
        plan.issues = plan.issues.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.line ?? 0, rhs.element.line ?? 0)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        return plan
    }

    /// The plan refusing text over ``maxBytes``.
    private static func tooLarge(_ kind: ImportPlan.Kind) -> ImportPlan {
        var plan = ImportPlan(kind: kind)
        plan.issues = [ImportIssue(line: nil, field: "file", message: "The file is larger than \(maxBytes / 1024) KiB. Split it into smaller files.")]
        return plan
    }

    /// The column of each header position (nil for ignored ones), or nil when the header refuses the file.
    static func readHeader(_ header: CSVRecord, kind: ImportPlan.Kind, plan: inout ImportPlan) -> [ImportColumn?]? {
        var columns: [ImportColumn?] = []
        var seen = Set<ImportColumn>()
        var fatal = false
        for cell in header.fields.map(TextInput.normalized) {
            let column = ImportColumn.named(cell)
            if let column, !seen.insert(column).inserted {
                plan.issues.append(ImportIssue(line: header.line, field: column.rawValue,
                    message: "The header has two \(cell) columns. Keep one of them."))
                fatal = true
            } else if column == nil, !cell.isEmpty {
                plan.ignoredColumns.append(cell)
            }
            columns.append(column)
        }
        var required: [(Bool, String)] = [
            (seen.contains(.email), "an email column (email, E-Mail or courriel)"),
            (seen.contains(.name) || seen.contains(.firstName) || seen.contains(.lastName), "a name column (name, Name or nom)"),
        ]
        if kind == .stakeholders { required.append((seen.contains(.relationship), "a relationship column (relationship, Beziehung or relation)")) }
        for (present, what) in required where !present {
            plan.issues.append(ImportIssue(line: header.line, field: nil, message: "The header row has no \(what). Name the columns in the first row."))
            fatal = true
        }
        return fatal ? nil : columns
    }

    /// Validates one non-blank record and adds it to the plan as a row, a skipped duplicate or issues.
    static func readRow(_ record: CSVRecord, columns: [ImportColumn?], defaultTimeZone: String,
                        firstLine: inout [String: Int], plan: inout ImportPlan) {
        let fields = record.fields.map(TextInput.normalized)
        let line = record.line
        if fields.count > columns.count, fields[columns.count...].contains(where: { !$0.isEmpty }) {
            plan.issues.append(ImportIssue(line: line, field: nil, message: "This row has \(fields.count) fields but the header has "
                + "\(columns.count) columns. Put text that contains the delimiter in double quotes."))
            return
        }
        var value: [ImportColumn: String] = [:]
        for (index, text) in fields.prefix(columns.count).enumerated() { if let column = columns[index] { value[column] = text } }
        var issues: [ImportIssue] = []
        func check<T>(_ column: ImportColumn, _ body: () throws(DomainError) -> T) -> T? {
            do { return try body() } catch { issues.append(ImportIssue(line: line, field: column.rawValue, message: error.message)); return nil }
        }
        let email = check(.email) { () throws(DomainError) in try TextInput.email(value[.email]) }
        if let email {
            if let first = firstLine[email] {
                plan.skipped.append(.init(line: line, email: email, reason: .duplicate(ofLine: first)))
                return
            }
            firstLine[email] = line
        }
        let name = check(.name) { () throws(DomainError) in try oneLine(fullName(value), column: .name, label: "Name", required: true) ?? "" }
        let typedZone = value[.timeZone] ?? ""
        let zone = typedZone.isEmpty ? defaultTimeZone : check(.timeZone) { () throws(DomainError) in try TextInput.timeZone(typedZone) }
        let jobTitle = check(.jobTitle) { () throws(DomainError) in try oneLine(value[.jobTitle], column: .jobTitle, label: "Job title", required: false) }
        let organisation = check(.organisation) { () throws(DomainError) in try oneLine(value[.organisation], column: .organisation, label: "Organisation", required: false) }
        var relationship: RaterGroup?
        if plan.kind == .stakeholders {
            relationship = RaterGroup.imported(value[.relationship] ?? "")
            if relationship == nil {
                let typed = value[.relationship] ?? ""
                issues.append(ImportIssue(line: line, field: ImportColumn.relationship.rawValue, message: (typed.isEmpty ? "The relationship is blank. "
                    : "“\(typed.prefix(40))” is not a relationship. ") + "Use manager, peer, direct report, customer or other."))
            }
        }
        guard issues.isEmpty, let email, let name, let zone else { plan.issues += issues; return }
        plan.rows.append(.init(line: line, name: name, email: email, timeZone: zone, jobTitle: jobTitle ?? nil,
                               organisation: organisation ?? nil, relationship: relationship))
    }

    /// The name from a name column, or first and last name joined; beside a first name, the name column is the last name.
    static func fullName(_ value: [ImportColumn: String]) -> String {
        let last = value[.lastName] ?? ""
        let name = value[.name] ?? ""
        let first = value[.firstName] ?? ""
        return [first, last.isEmpty ? name : (name.isEmpty ? last : name + " " + last)].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A one-line field: whitespace runs (line breaks included) collapsed to one space; nil when blank and optional.
    /// - Throws: ``DomainError`` `invalid` when required and blank, or over ``maxFieldLength`` characters.
    static func oneLine(_ text: String?, column: ImportColumn, label: String, required: Bool) throws(DomainError) -> String? {
        let collapsed = (text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if collapsed.isEmpty {
            if required { throw .invalid(column.rawValue, "\(label) is blank. Enter it or delete the row.", code: "required") }
            return nil
        }
        guard collapsed.count <= maxFieldLength else {
            throw .invalid(column.rawValue, "\(label) is \(collapsed.count) characters long; shorten it to \(maxFieldLength) or fewer.", code: "too_long")
        }
        return collapsed
    }
}
