import Foundation
import Vapor

/// Prints an HTML page to PDF with headless Chromium (`--print-to-pdf`), so the PDF is the
/// print-stylesheet rendering of the very HTML the page shows, with the same figures.
struct PDFRenderer: Sendable {
    /// The Chromium executable.
    let executable: String
    /// The app's slots for concurrent renders (``Application/pdfSlots``).
    let slots: PDFSlots

    /// The first Chromium found on `path` (a `PATH`-style list), or nil.
    static func detect(path: String) -> String? {
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Renders `html` (a whole document; its stylesheet link is replaced by the sheet itself,
    /// because Chromium reads a local file and cannot fetch `/styles.css`).
    /// - Returns: the PDF bytes.
    /// - Throws: `Abort(.serviceUnavailable)` when Chromium fails or takes longer than 60 seconds.
    func render(html: String, css: String) async throws -> Data {
        // Each render is a whole Chromium: a few at a time, or any signed-in party could start
        // as many as they like. Past that, 503 with Retry-After rather than a queue.
        guard await slots.take() else { throw PDFBusy() }
        do {
            let data = try await renderNow(html: html, css: css)
            await slots.give()
            return data
        } catch {
            await slots.give()
            throw error
        }
    }

    private func renderNow(html: String, css: String) async throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coachwork-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let output = folder.appendingPathComponent("report.pdf")
        let inlined = html.replacingOccurrences(of: #"<link rel="stylesheet" href="/styles.css"/>"#, with: "<style>\(css)</style>")
        try Data(inlined.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--print-to-pdf=\(output.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Data("%PDF".utf8)) else {
            throw Abort(.serviceUnavailable, reason: "The PDF could not be made (Chromium exited with \(status)). Print the page instead.")
        }
        return data
    }
}

extension Application {
    private struct PDFSlotsKey: StorageKey { typealias Value = PDFSlots }

    /// The app's PDF slots: two Chromium processes at a time (set by `configure`).
    var pdfSlots: PDFSlots {
        get { storage[PDFSlotsKey.self] ?? PDFSlots(limit: 2) }
        set { storage[PDFSlotsKey.self] = newValue }
    }
}

/// Counts the Chromium processes running for PDFs in this app.
actor PDFSlots {
    private var free: Int
    init(limit: Int) { free = limit }

    /// Takes a slot if one is free; never waits.
    func take() -> Bool {
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    /// Gives a slot back.
    func give() { free += 1 }
}

/// 503 while the PDF slots are all taken, with when to try again.
struct PDFBusy: AbortError {
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String { "Other PDFs are being made right now. Try again in a few seconds, or print the page instead." }
    var headers: HTTPHeaders { ["Retry-After": "5"] }
}
