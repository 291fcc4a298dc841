import Foundation
import Testing

/// Independent computations for the mini-survey and the IDP editor tests (scripts in `Tests/Scripts`).
extension PythonChecks {
    /// One item's statistics from `answers` (nil: "can't say") with `survey_stats.py` (statistics, scipy's t).
    static func surveyItem(_ answers: [Int?], invited: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let spec: [String: Any] = ["answers": answers.map { $0.map { $0 as Any } ?? NSNull() }, "invited": invited]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("survey-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try #require(try run("survey_stats.py", [file.path], sourceLocation: sourceLocation).first, sourceLocation: sourceLocation)
    }

    /// The fields a browser submits for the form of `page` whose action is `action` (`form_fields.py`).
    static func formFields(_ page: String, action: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("form-\(UUID().uuidString).html")
        try Data(page.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fields = try #require(try run("form_fields.py", [file.path, action], sourceLocation: sourceLocation).first, sourceLocation: sourceLocation)
        return fields.compactMapValues { $0 as? String }
    }
}
