import Foundation
import Testing

/// Runs the independent Python checkers in `Tests/Scripts` (the stdlib `email` package and
/// `icalendar`) and returns what they parsed, one JSON object per message or per VEVENT.
enum PythonChecks {
    /// Parses each `.eml` file with `check_eml.py`; fails the test when any file has a defect.
    static func emails(_ files: [URL], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try run("check_eml.py", files.map(\.path), sourceLocation: sourceLocation)
    }

    /// Parses one iCalendar text with `check_ics.py`; fails the test when it has a defect.
    static func calendar(_ ics: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("calendar.ics")
        try Data(ics.utf8).write(to: file)
        return try run("check_ics.py", [file.path], sourceLocation: sourceLocation)
    }

    /// Parses each HTML document with `check_html.py` (Python's `html.parser`): per document, every
    /// start tag with its attributes and the decoded text of each element that has an `id`.
    static func html(_ documents: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: documents).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("check_html.py", [file.path], sourceLocation: sourceLocation)
    }

    /// Runs a script of `Tests/Scripts` and returns the JSON object on each line it printed.
    static func run(_ script: String, _ arguments: [String], sourceLocation: SourceLocation) throws -> [[String: Any]] {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/\(script)")
        let process = Process(), output = Pipe(), errors = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path] + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(script) exited \(process.terminationStatus): \(err)", sourceLocation: sourceLocation)
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
