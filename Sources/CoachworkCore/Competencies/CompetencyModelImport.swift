import Foundation

/// One problem found in an import file, phrased for the person who wrote the file.
public struct ImportIssue: Sendable, Equatable {
    /// 1-based line of the source where the problem is (for CSV, the line the record starts on); `nil` when it
    /// cannot be located, e.g. a missing model name or a JSON type error.
    public var line: Int?
    /// Where in the record: the CSV column name (lower case, e.g. `"competency"`) or the JSON path
    /// (e.g. `"clusters[0].competencies[2].name"`); `nil` for problems with the whole row or file.
    public var field: String?
    /// Plain English saying what is wrong and what to do about it.
    public var message: String

    /// Creates an issue.
    public init(line: Int?, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }
}

/// Why an import was refused: every problem found, not just the first. From an import the list is never empty and
/// is sorted by ``ImportIssue/line``: issues without a line first, then ascending, ties in the order found.
public struct ImportFailure: Error, Sendable, Equatable {
    /// The problems, sorted as described above.
    public var issues: [ImportIssue]

    /// Creates a failure with the issues as given (not re-sorted).
    public init(issues: [ImportIssue]) {
        self.issues = issues
    }
}

/// Reading a competency model from a file people wrote (CSV or JSON) into a validated ``CompetencyModelDraft``,
/// and writing one back as CSV.
///
/// Rules shared by both formats:
/// - Every text is normalised with ``TextInput/normalized(_:)`` (Unicode NFC, trimmed, control characters dropped).
/// - The model, every cluster and every competency need a name of at most ``maxNameLength`` characters;
///   descriptions and items hold at most ``maxTextLength`` characters.
/// - Cluster names are unique within the model, competency names are unique within the whole model (not just
///   their cluster) and items are unique within their competency. Names and items are compared ignoring case
///   and runs of whitespace ("Team  building" equals "Team Building"); the first spelling is kept.
/// - At least one competency.
///
/// Every problem is collected and returned as an ``ImportFailure``; the draft is returned only when there are none.
public enum CompetencyModelImport {
    /// Maximum characters (grapheme clusters) in a model, cluster or competency name: 120.
    public static let maxNameLength = 120
    /// Maximum characters (grapheme clusters) in a description or an item: 500.
    public static let maxTextLength = 500

    // MARK: Shared rules

    /// The comparison key of a name or item: lower-cased, with whitespace runs collapsed to one space.
    static func key(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `text` in double quotes for a message, shortened to 50 characters.
    static func quoted(_ text: String) -> String {
        text.count > 50 ? "\"\(text.prefix(49))…\"" : "\"\(text)\""
    }

    /// An issue when `value` is longer than `limit`, e.g. "Competency name is 131 characters long; shorten it to 120 or fewer."
    static func lengthIssue(_ value: String, limit: Int, label: String, line: Int?, field: String?) -> ImportIssue? {
        guard value.count > limit else { return nil }
        return ImportIssue(
            line: line, field: field,
            message: "\(label) is \(value.count) characters long; shorten it to \(limit) or fewer.")
    }

    /// The model name, normalised, or an issue (field `field`, no line) when blank or too long.
    static func modelName(_ raw: String, field: String?, issues: inout [ImportIssue]) -> String {
        let name = TextInput.normalized(raw)
        if name.isEmpty {
            issues.append(ImportIssue(line: nil, field: field, message: "The model has no name. Give it a name."))
        } else if let issue = lengthIssue(name, limit: maxNameLength, label: "The model name", line: nil, field: field) {
            issues.append(issue)
        }
        return name
    }

    /// The issue for a file without a single competency.
    static func noCompetencies(field: String?, hint: String) -> ImportIssue {
        ImportIssue(line: nil, field: field, message: "The file has no competencies. \(hint)")
    }

    /// `.success(draft)` when there are no issues, otherwise the issues sorted by line (nil first, stable).
    static func finish(_ draft: CompetencyModelDraft, _ issues: [ImportIssue]) -> Result<CompetencyModelDraft, ImportFailure> {
        guard !issues.isEmpty else { return .success(draft) }
        let sorted = issues.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.line ?? 0, rhs.element.line ?? 0)
            return left != right ? left < right : lhs.offset < rhs.offset
        }
        return .failure(ImportFailure(issues: sorted.map(\.element)))
    }

    // MARK: Export

    /// Writes `draft` as CSV (RFC 4180) that ``fromCSV(records:name:)`` reads back to an equal draft (given the
    /// same model name, which CSV does not carry).
    ///
    /// Format: the header `cluster,competency,description,item`, then one record per item, or a single record with
    /// an empty item for a competency without items. The description is repeated on every record of its
    /// competency, so each row stands alone when sorted or filtered in a spreadsheet. Records end with CRLF
    /// (including the last); fields containing a comma, double quote, CR or LF are enclosed in double quotes,
    /// with inner double quotes doubled. No byte order mark. A value a spreadsheet would run as a formula
    /// gets a leading apostrophe (``CSVText/spreadsheetSafe(_:)``), which the server's CSV reader removes again.
    public static func toCSV(_ draft: CompetencyModelDraft) -> String {
        var lines = ["cluster,competency,description,item"]
        for cluster in draft.clusters {
            for competency in cluster.competencies {
                for item in competency.items.isEmpty ? [""] : competency.items {
                    let fields = [cluster.name, competency.name, competency.description, item]
                    lines.append(fields.map { csvField(CSVText.spreadsheetSafe($0)) }.joined(separator: ","))
                }
            }
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// One CSV field, quoted when RFC 4180 requires it (``CSVText/field(_:)``).
    static func csvField(_ value: String) -> String { CSVText.field(value) }
}
