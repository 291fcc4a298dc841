import Foundation

/// The field separator of a CSV file: a comma (RFC 4180), a semicolon (what Excel writes where the
/// decimal separator is a comma, e.g. German or French settings) or a tab (Excel's "Unicode text").
public enum CSVDelimiter: String, Sendable, Equatable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"

    /// The separator as one scalar.
    public var scalar: Unicode.Scalar { rawValue.unicodeScalars.first! }

    /// Its name for previews: "comma", "semicolon", "tab".
    public var title: String {
        switch self {
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        }
    }
}

/// Reads CSV text (RFC 4180 with any of the ``CSVDelimiter``s) into records, each with the
/// physical line it starts on.
///
/// The core cannot use the server's CSV.swift (it imports Foundation only), and this reader needs
/// what CSV.swift does not give: the physical line of each record, counted while reading. Rules:
/// a line break is CRLF, LF or CR; a field that starts with `"` is quoted and may hold delimiters,
/// line breaks and doubled quotes (`""` for `"`); a quote inside an unquoted field is kept as
/// text (as spreadsheets read `O"Brien`). A blank line is a record with one empty field.
public enum CSVParser {
    /// The delimiter of `text`, sniffed from its first record (the header): the one of comma,
    /// semicolon and tab that occurs most often outside quotes; a comma when none occurs or on a tie
    /// with it, then semicolon before tab.
    public static func sniffDelimiter(_ text: String) -> CSVDelimiter {
        var counts: [CSVDelimiter: Int] = [:]
        var inQuotes = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { inQuotes.toggle(); continue }
            if !inQuotes, scalar == "\n" || scalar == "\r" { break }
            if !inQuotes, let delimiter = CSVDelimiter(rawValue: String(scalar)) { counts[delimiter, default: 0] += 1 }
        }
        // allCases order breaks ties: comma, semicolon, tab.
        return CSVDelimiter.allCases.reduce(CSVDelimiter.comma) { best, next in
            (counts[next] ?? 0) > (counts[best] ?? 0) ? next : best
        }
    }

    /// Splits `text` into records separated by `delimiter`.
    /// - Returns: the records in order (a final line break does not start another record), or an
    ///   ``ImportIssue`` (field `file`) naming the line where a quoted field opens and never closes,
    ///   or where text follows a closing quote.
    public static func records(_ text: String, delimiter: CSVDelimiter) -> Result<[CSVRecord], ImportIssue> {
        let separator = delimiter.scalar
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, quoteLine = 1
        var state = State.fieldStart
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(String(field)); field = .init()
            records.append(CSVRecord(line: recordLine, fields: fields)); fields = []
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            let isBreak = scalar == "\n" || scalar == "\r"
            if scalar == "\r" {
                // CRLF is one line break.
                if let next = iterator.next() { if next != "\n" { pending = next } }
            }
            switch state {
            case .fieldStart where scalar == "\"":
                state = .quoted; quoteLine = line
            case .fieldStart, .unquoted:
                if scalar == separator { fields.append(String(field)); field = .init(); state = .fieldStart }
                else if isBreak { endRecord(); state = .fieldStart }
                else { field.append(scalar); state = .unquoted }
            case .quoted:
                if scalar == "\"" { state = .quoteInQuoted }
                else if isBreak { field.append("\n") } // one LF per line break, whatever the file used
                else { field.append(scalar) }
            case .quoteInQuoted:
                if scalar == "\"" { field.append("\""); state = .quoted }
                else if scalar == separator { fields.append(String(field)); field = .init(); state = .fieldStart }
                else if isBreak { endRecord(); state = .fieldStart }
                else {
                    return .failure(ImportIssue(line: line, field: "file", message: "Line \(line): text follows the closing "
                        + "quote of a field. Put the whole field in double quotes and double any quote inside it (\"\")."))
                }
            }
            if isBreak { line += 1; if state == .fieldStart && fields.isEmpty && field.isEmpty { recordLine = line } }
        }
        if state == .quoted {
            return .failure(ImportIssue(line: quoteLine, field: "file", message: "Line \(quoteLine): a quoted field is "
                + "never closed. Check the double quotes from this line on."))
        }
        if state != .fieldStart || !fields.isEmpty { endRecord() }
        return .success(records)
    }

    /// Where the reader is within a field.
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
}
