import Foundation

/// An `.eml` file read back the way a mail client would: headers unfolded, the text/plain
/// part decoded from quoted-printable.
struct ReceivedMail {
    let file: URL
    let raw: String
    /// Unfolded header lines by lower-cased name (first occurrence).
    let headers: [String: String]
    /// The decoded text/plain body.
    let text: String

    var to: String { headers["to"] ?? "" }
    /// The subject with RFC 2047 encoded-words decoded (B encoding, as the writer uses).
    var subject: String { Self.decodeEncodedWords(headers["subject"] ?? "") }

    static func decodeEncodedWords(_ text: String) -> String {
        let regex = try! NSRegularExpression(pattern: #"=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?="#, options: [.caseInsensitive])
        var result = ""
        var last = text.startIndex
        var previousWasWord = false
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let range = Range(match.range, in: text)!
            let between = String(text[last..<range.lowerBound])
            // RFC 2047 §6.2: whitespace between adjacent encoded-words is ignored.
            if !(previousWasWord && between.trimmingCharacters(in: .whitespaces).isEmpty) { result += between }
            let payload = String(text[Range(match.range(at: 1), in: text)!])
            result += Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) } ?? ""
            last = range.upperBound
            previousWasWord = true
        }
        return result + text[last...]
    }

    /// Every http(s) URL in the text body.
    var links: [String] {
        let pattern = try! NSRegularExpression(pattern: #"https?://[^\s<>"]+"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// The path of the first personal link (`/link/...`), as a browser would request it.
    var personalLinkPath: String? {
        links.compactMap { URL(string: $0) }.first { $0.path.hasPrefix("/link/") }?.path
    }

    /// All messages in `directory`, sorted by file name (which starts with the send time).
    static func all(in directory: URL) throws -> [ReceivedMail] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try ReceivedMail(file: $0) }
    }

    init(file: URL) throws {
        self.file = file
        raw = try String(contentsOf: file, encoding: .utf8)
        let (head, body) = Self.split(raw)
        var headers: [String: String] = [:]
        for line in head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            if headers[name] == nil { headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        self.headers = headers
        text = Self.textPart(body, contentType: headers["content-type"] ?? "")
    }

    private static func split(_ message: String) -> (String, String) {
        guard let range = message.range(of: "\r\n\r\n") else { return (message, "") }
        return (String(message[..<range.lowerBound]), String(message[range.upperBound...]))
    }

    /// Finds the text/plain part (or the body itself) and decodes quoted-printable.
    private static func textPart(_ body: String, contentType: String) -> String {
        guard contentType.contains("multipart"),
              let boundary = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ;")) else {
            return decodeQuotedPrintable(body)
        }
        for part in body.components(separatedBy: "--\(boundary)") {
            let (head, content) = split(part.hasPrefix("\r\n") ? String(part.dropFirst(2)) : part)
            let type = head.replacingOccurrences(of: "\r\n ", with: " ")
            if type.lowercased().contains("multipart/") {   // multipart/mixed holds the alternative first
                let nested = textPart(content, contentType: type)
                if !nested.isEmpty { return nested }
            }
            if head.lowercased().contains("text/plain") { return decodeQuotedPrintable(content) }
        }
        return ""
    }

    /// RFC 2045 §6.7 decoding: soft line breaks removed, `=XX` bytes restored, UTF-8 decoded.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let joined = text.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        var utf8 = Array(joined.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "="), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
