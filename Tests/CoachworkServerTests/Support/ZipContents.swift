import Foundation
import Testing
import ZIPFoundation

/// The files of a ZIP answer, read back with ZIPFoundation, and checked by Python's `zipfile`, `json` and `csv`
/// (`Tests/Scripts/check_zip.py`).
struct ZipContents {
    /// Path inside the archive → bytes.
    let files: [String: Data]
    /// What `check_zip.py` printed: `files`, `formats`, `csv`.
    let python: [String: Any]

    init(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = bytes
        }
        self.files = files
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).zip")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        python = try #require(try PythonChecks.run("check_zip.py", [file.path], sourceLocation: sourceLocation).first)
    }

    /// The text of a file ("" when absent).
    func text(_ path: String) -> String { files[path].map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// A JSON file as a dictionary.
    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: files[path] ?? Data()) as? [String: Any])
    }

    /// Every file's text together, for searching the whole archive for what must not be in it.
    var allText: String { files.keys.sorted().map(text).joined(separator: "\n") }
}
