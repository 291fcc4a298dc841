import Foundation

/// Value encoding and line folding for iCalendar content lines (RFC 5545 §3.1-§3.3). Pure functions.
enum ICalendarText {
    /// Maximum octets of one physical content line, CRLF excluded (RFC 5545 §3.1).
    static let maxLineOctets = 75

    /// Input clean-up shared by every text value: CRLF and lone CR become LF, control characters
    /// (Unicode Cc: U+0000-001F, U+007F-009F) other than tab and LF are removed, then NFC (UAX #15).
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\r": scalars.append("\n")
            case "\n": if !previousCR { scalars.append("\n") }
            case "\t": scalars.append(scalar)
            default: if !isControl(scalar) { scalars.append(scalar) }
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// A TEXT value (§3.3.11): ``clean(_:)``, then `\` `;` `,` escaped with a backslash and LF written as `\n`.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in clean(value).unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value (§3.2 `param-value`), or nil when nothing is left.
    ///
    /// NFC; control characters (tab and line breaks included) are removed, since `quoted-string` cannot
    /// hold them. A double quote is written as `^'` (RFC 6868 §3), so "O"Brien" survives in RFC 6868
    /// readers (Python's `icalendar`, Apple, Google) instead of being dropped. A `^` that a reader would
    /// otherwise decode (before `n`, `^`, `'` or a double quote) is written as `^^`; any other `^` stays
    /// single, so older readers show it unchanged. The result is quoted when it contains `:` `;` or `,`.
    static func parameter(_ value: String) -> String? {
        let kept = String(String.UnicodeScalarView(value.unicodeScalars.filter { !isControl($0) }))
        let scalars = Array(kept.precomposedStringWithCanonicalMapping.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"": out.append(contentsOf: "^'".unicodeScalars)
            case "^":
                out.append(scalar)
                if i + 1 < scalars.count, ["n", "^", "'", "\""].contains(scalars[i + 1]) { out.append("^") }
            default: out.append(scalar)
            }
        }
        let text = String(out)
        return text.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"\(text)\"" : text
    }

    /// A URI or `mailto:` address value (§3.3.13, §3.3.3): NFC, all whitespace and control characters removed;
    /// no escaping (these value types have none).
    static func uri(_ value: String) -> String {
        String(String.UnicodeScalarView(value.precomposedStringWithCanonicalMapping.unicodeScalars.filter {
            !isControl($0) && !$0.properties.isWhitespace
        }))
    }

    /// Folds one unfolded content line (§3.1): physical lines of at most 75 octets, continuation lines
    /// starting with one space, breaks only between Unicode scalars (never inside a UTF-8 sequence).
    /// - Returns: the physical lines, each terminated by CRLF.
    static func fold(_ line: String) -> String {
        var out = "", used = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if used + size > maxLineOctets {
                out += "\r\n "
                used = 1
            }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out + "\r\n"
    }

    /// Unicode general category Cc.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
