/// Escaping for HTML text and attribute values, decided per Unicode scalar.
///
/// Why scalars and not `Character`s: Swift compares grapheme clusters, so `"` followed by a
/// combining mark (U+0301), or `<` preceded by a prepended concatenation mark (U+0600), is a
/// different `Character` from `"` or `<`, and an escaper that switches on `Character` writes it
/// raw. An HTML parser reads code points (WHATWG HTML, 13.2.5 "Tokenization"), so the markup
/// characters must be found as code points too.
public enum HTMLEscaping {
    /// `text` made safe for a single- or double-quoted attribute value (and for text content).
    ///
    /// Replaces `&` `<` `>` `"` `'` with character references, and CR with `&#13;` (the HTML
    /// input stream would otherwise turn CR LF into LF, losing what was typed). Every other scalar
    /// is copied unchanged, so parsing the result gives back exactly `text`.
    ///
    /// - Parameter text: any string, including unpaired combining marks, emoji sequences and
    ///   bidirectional controls.
    /// - Returns: the escaped string; pure ASCII markup never appears in it unescaped.
    public static func escape(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// `text` made safe for HTML text content (between tags, also inside `<textarea>` and
    /// `<title>`): like ``escape(_:)`` but quotes stay as typed, since they end nothing there.
    public static func escapeText(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where quotes: out.append(contentsOf: "&quot;".unicodeScalars)
            case "'" where quotes: out.append(contentsOf: "&#39;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// `true` when `html` contains none of the five markup scalars except as the start of the
    /// references ``escape(_:)`` writes: the invariant every escaped value keeps.
    public static func isInert(_ html: String) -> Bool {
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "<", ">", "\"", "'":
                return false
            case "&":
                // Compared as scalars: `String.hasPrefix` would compare Characters, and `;` followed
                // by a combining mark is not the Character `;`.
                let rest = scalars[index...].prefix(6)
                guard let entity = Self.references.first(where: { rest.starts(with: $0.unicodeScalars) }) else { return false }
                index += entity.unicodeScalars.count
                continue
            default:
                break
            }
            index += 1
        }
        return true
    }

    private static let references = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#13;"]
}
