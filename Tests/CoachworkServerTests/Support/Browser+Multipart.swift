import Foundation
import Vapor
import VaporTesting
@testable import CoachworkServer

extension Browser {
    /// POSTs a `multipart/form-data` body as a browser's file upload form would (RFC 7578): the text
    /// `fields` (with the remembered `_csrf`), and `file` as the part named `file` with its raw bytes.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [String: String], file: [UInt8]? = nil) async throws -> TestingHTTPResponse {
        let boundary = "----coachwork-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        var all = fields
        if all["_csrf"] == nil, let csrf { all["_csrf"] = csrf }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8) + Array(value.utf8) + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            + (file ?? []) + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await postRaw(path, body, contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }
}

extension TestingHTTPResponse {
    /// The text of the preview's hidden `<textarea name="text">`, unescaped: what the confirm form sends back.
    var hiddenImportText: String? {
        guard let start = text.range(of: #"<textarea name="text" hidden="hidden">"#),
              let end = text.range(of: "</textarea>", range: start.upperBound..<text.endIndex) else { return nil }
        var value = String(text[start.upperBound..<end.lowerBound])
        if value.hasPrefix("\n") { value.removeFirst() } // the HTML parser drops one leading newline
        for (reference, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#13;", "\r"), ("&amp;", "&")] {
            value = value.replacingOccurrences(of: reference, with: character)
        }
        return value
    }
}
