import Foundation

extension CompetencyModelImport {
    /// Reads a competency model from JSON (RFC 8259), validating everything.
    ///
    /// Format (UTF-8; `name`, `description` and `items` may be left out or `null`):
    /// ```json
    /// {"name": "Leadership",
    ///  "clusters": [{"name": "Leading People",
    ///                "competencies": [{"name": "Conflict Management",
    ///                                  "description": "Surfaces disagreements early.",
    ///                                  "items": ["Invites dissenting views before deciding"]}]}]}
    /// ```
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - fallbackName: the model name to use when the file has no `name` (or a blank one), e.g. the file name.
    /// - Returns: the draft, or an ``ImportFailure``:
    ///   - a syntax error gives one issue whose line (and column, in the message) comes from the parser's report
    ///     when it has one ("line N, column M", or a byte offset); otherwise the line is `nil`;
    ///   - otherwise every semantic issue, with the JSON path in `field` (e.g. `clusters[0].competencies[2].name`)
    ///     and line `nil`: wrong types, unknown keys, blank names, a cluster without competencies, blank or
    ///     repeated items, and the rules on names, lengths and uniqueness described in ``CompetencyModelImport``.
    ///     Clusters and competencies are never merged in JSON: a repeated name is an issue.
    ///
    /// Parsing uses Foundation's `JSONSerialization`: when an object repeats a key the last value wins, and some
    /// platforms accept a trailing comma.
    public static func fromJSON(_ data: Data, fallbackName: String) -> Result<CompetencyModelDraft, ImportFailure> {
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return .failure(ImportFailure(issues: [ImportIssue(line: nil, field: nil,
                message: "The file is empty. Upload a JSON file with the model's clusters and competencies.")]))
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return .failure(ImportFailure(issues: [jsonSyntaxIssue(error, data: data)]))
        }
        var reader = JSONModelReader()
        let draft = reader.read(root, fallbackName: fallbackName)
        return finish(draft, reader.issues)
    }

    /// One issue describing a JSON syntax error, located when the error's description allows it.
    static func jsonSyntaxIssue(_ error: Error, data: Data) -> ImportIssue {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        var detail = description
        for marker in [" around ", " starting from "] {
            if let range = detail.range(of: marker) { detail = String(detail[..<range.lowerBound]) }
        }
        detail = detail.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        let position: (line: Int, column: Int)?
        if let line = number(after: "line ", in: description), let column = number(after: "column ", in: description) {
            position = (line, column)
        } else if let offset = number(after: "character ", in: description) {
            position = lineAndColumn(ofByte: offset, in: data)
        } else {
            position = nil
        }
        let place = position.map { " at line \($0.line), column \($0.column)" } ?? ""
        return ImportIssue(line: position?.line, field: nil, message: "The file is not valid JSON (RFC 8259): \(detail)\(place). "
            + "Check for a missing or extra comma, quote, bracket or brace\(position == nil ? "" : " there or just before").")
    }

    /// The decimal number right after the first occurrence of `marker` in `text`.
    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(String(text[range.upperBound...].prefix(while: \.isASCII).prefix(while: \.isNumber)))
    }

    /// The 1-based line and column (in characters) of the 0-based byte `offset`; nil when out of range.
    static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int)? {
        guard offset >= 0, offset <= data.count else { return nil }
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
        return (line, String(decoding: before[lineStart...], as: UTF8.self).count + 1)
    }
}
