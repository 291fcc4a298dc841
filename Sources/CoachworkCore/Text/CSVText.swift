import Foundation

/// Writing CSV (RFC 4180) for exports that people open in spreadsheets.
public enum CSVText {
    /// One field, enclosed in double quotes (inner quotes doubled) when it holds a comma, double
    /// quote, CR or LF, as RFC 4180 section 2 requires; returned unchanged otherwise.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        // Doubled per scalar: a `"` followed by a combining mark is another Character, and a
        // Character-based replacement would leave it single and end the field early.
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            out.append(scalar)
            if scalar == "\"" { out.append(scalar) }
        }
        return "\"" + String(out) + "\""
    }

    /// One record: the fields quoted as needed, joined by commas, ended by CRLF (RFC 4180).
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A text value made safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR
    /// would start a formula, so such a value gets a leading apostrophe (OWASP, "CSV Injection").
    /// Numbers are written by the caller and never pass through here.
    public static func spreadsheetSafe(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }
}
