import Foundation

/// The text of a PDF, by poppler's `pdftotext` (an independent reader), for comparing a PDF
/// with the HTML it was printed from.
enum PDFText {
    /// poppler's pdftotext, when installed.
    static let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func extract(_ pdf: Data) throws -> String {
        guard let tool else { return "" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdftext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.pdf"), output = folder.appendingPathComponent("out.txt")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", input.path, output.path]
        try process.run()
        process.waitUntilExit()
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}
