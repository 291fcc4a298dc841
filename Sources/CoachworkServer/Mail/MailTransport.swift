import Vapor
import CoachworkCore

/// Hands a rendered RFC 5322 message to the world.
protocol MailTransport: Sendable {
    /// Delivers `rendered` (CRLF line endings). `message` carries its parsed parts.
    /// - Throws: any error: the outbox then retries later.
    func send(_ rendered: String, message: MailMessage) async throws
}

/// Writes each message as `<UTC time>-<message id>.eml` into a folder, atomically (write
/// to a temporary name, then rename) so a reader never sees half a file.
struct FolderMailTransport: MailTransport {
    /// The folder; created when missing.
    let directory: String

    func send(_ rendered: String, message: MailMessage) async throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: message.date).replacingOccurrences(of: ":", with: "")
        let safeID = message.messageID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        let name = "\(stamp)-\(String(safeID)).eml"
        let temporary = URL(fileURLWithPath: directory).appendingPathComponent(".\(name).tmp")
        try Data(rendered.utf8).write(to: temporary)
        let final = URL(fileURLWithPath: directory).appendingPathComponent(name)
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        try fm.moveItem(at: temporary, to: final)
    }
}

/// Pipes each message to a sendmail-compatible binary as `sendmail -i -t`
/// (recipients from the headers; a lone "." line does not end the message).
struct SendmailTransport: MailTransport {
    /// Path of the binary, e.g. `/usr/sbin/sendmail`.
    let path: String

    func send(_ rendered: String, message: MailMessage) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "-t"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(rendered.utf8))
        try input.fileHandleForWriting.close()
        let status: Int32 = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        guard status == 0 else {
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Abort(.badGateway, reason: "sendmail exited with \(status): \(stderr.prefix(300))")
        }
    }
}
