import Foundation

/// One record of a CSV file (RFC 4180), already split into fields by the caller's CSV parser.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line the record starts on (a quoted field may span several lines).
    public var line: Int
    /// The fields, unquoted, in column order.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

extension CompetencyModelImport {
    /// The columns a competency CSV may have.
    enum Column: String, CaseIterable {
        case cluster, competency, description, item
    }

    /// What a header cell says about its column.
    enum HeaderCell: Equatable {
        /// A known column.
        case column(Column)
        /// An unknown column (already reported with the header); its fields are ignored.
        case unknown
        /// A blank header cell: its fields must be empty.
        case unnamed
    }

    /// Reads a competency model from CSV records (RFC 4180), validating everything.
    ///
    /// - Parameters:
    ///   - records: the file's records in order, each with the line it starts on; record 0 is the header.
    ///   - name: the model name (CSV has no place for it), e.g. from the upload form.
    /// - Header: column names matched ignoring case and surrounding whitespace (and a leading byte order mark), in
    ///   any order. `cluster` and `competency` are required; `description` and `item` are optional. Unknown or
    ///   repeated columns are issues. A column with a blank header is allowed only if every row leaves it empty.
    /// - Rows: one per competency or per item. Rows with the same cluster and competency (compared ignoring case and
    ///   whitespace runs) are merged: the first non-empty description wins and a later, different one is an issue;
    ///   each non-empty item is appended (a repeated item is an issue). Blank rows are skipped. Missing trailing
    ///   fields count as empty; extra non-empty fields beyond the header are an issue (usually an unquoted comma),
    ///   and such a row is not read further. Order is first appearance. See ``CompetencyModelImport`` for the rules
    ///   on names, lengths and uniqueness.
    /// - Returns: the draft, or an ``ImportFailure`` with every issue (line = the record's line; field = the column).
    public static func fromCSV(records: [CSVRecord], name: String) -> Result<CompetencyModelDraft, ImportFailure> {
        var issues: [ImportIssue] = []
        let modelName = modelName(name, field: "name", issues: &issues)
        let hint = "Add one row per competency (or per item) below the header."
        guard let header = records.first else {
            return finish(CompetencyModelDraft(name: modelName, clusters: []), issues + [noCompetencies(field: nil, hint: hint)])
        }
        let columns = readHeader(header, issues: &issues)
        var builder = CSVModelBuilder()
        var sawRow = false
        for record in records.dropFirst() {
            let fields = record.fields.map(TextInput.normalized)
            guard fields.contains(where: { !$0.isEmpty }) else { continue }
            sawRow = true
            guard let columns, let row = readRow(fields, line: record.line, columns: columns, issues: &issues) else { continue }
            builder.add(row, issues: &issues)
        }
        if !sawRow { issues.append(noCompetencies(field: nil, hint: hint)) }
        return finish(CompetencyModelDraft(name: modelName, clusters: builder.clusters()), issues)
    }

    /// What each header position holds; nil when a required column is missing (its issue is appended).
    static func readHeader(_ header: CSVRecord, issues: inout [ImportIssue]) -> [HeaderCell]? {
        var cells: [HeaderCell] = []
        var seen = Set<Column>()
        let known = Column.allCases.map(\.rawValue).joined(separator: ", ")
        for (index, raw) in header.fields.enumerated() {
            var text = raw
            if index == 0, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let title = TextInput.normalized(text)
            let column = Column(rawValue: title.lowercased())
            if let column, !seen.insert(column).inserted {
                issues.append(ImportIssue(line: header.line, field: column.rawValue,
                    message: "The header has the column \(column.rawValue) twice. Keep one of them."))
            } else if column == nil, !title.isEmpty {
                issues.append(ImportIssue(line: header.line, field: title,
                    message: "Unknown column \(quoted(title)). Use only the columns \(known), or remove it."))
            }
            cells.append(column.map(HeaderCell.column) ?? (title.isEmpty ? .unnamed : .unknown))
        }
        for required in [Column.cluster, .competency] where !seen.contains(required) {
            issues.append(ImportIssue(line: header.line, field: required.rawValue,
                message: "The header has no \(required.rawValue) column. Add a column named \(required.rawValue)."))
        }
        return seen.contains(.cluster) && seen.contains(.competency) ? cells : nil
    }

    /// The fields of one non-blank data row by column, or nil (with issues) when the row cannot be used.
    static func readRow(_ fields: [String], line: Int, columns: [HeaderCell], issues: inout [ImportIssue]) -> CSVRow? {
        let before = issues.count
        if fields.count > columns.count, fields[columns.count...].contains(where: { !$0.isEmpty }) {
            issues.append(ImportIssue(line: line, field: nil, message: "This row has \(fields.count) fields but the header has "
                + "\(columns.count) columns. Put text that contains a comma in double quotes, or remove the extra fields."))
            return nil
        }
        var values: [Column: String] = [:]
        for (index, value) in fields.prefix(columns.count).enumerated() where !value.isEmpty {
            switch columns[index] {
            case .column(let column): values[column] = value
            case .unknown: continue
            case .unnamed:
                issues.append(ImportIssue(line: line, field: nil, message: "Field \(index + 1) of this row is under a column "
                    + "with no name in the header. Name the column or clear the field."))
            }
        }
        let row = CSVRow(line: line, cluster: values[.cluster] ?? "", competency: values[.competency] ?? "",
                         description: values[.description] ?? "", item: values[.item] ?? "")
        for (column, label) in [(Column.cluster, "Cluster"), (.competency, "Competency")] where values[column] == nil {
            issues.append(ImportIssue(line: line, field: column.rawValue,
                message: "\(label) is blank. Enter the \(column.rawValue) name or delete the row."))
        }
        let limits: [(Column, String, Int, String)] = [
            (.cluster, row.cluster, maxNameLength, "The cluster name"),
            (.competency, row.competency, maxNameLength, "The competency name"),
            (.description, row.description, maxTextLength, "The description"),
            (.item, row.item, maxTextLength, "The item"),
        ]
        for (column, value, limit, label) in limits {
            if let issue = lengthIssue(value, limit: limit, label: label, line: line, field: column.rawValue) { issues.append(issue) }
        }
        return issues.count == before ? row : nil
    }
}

/// One usable data row, normalised.
struct CSVRow {
    var line: Int
    var cluster: String
    var competency: String
    var description: String
    var item: String
}
