import Vapor
import MultipartKit
import CoachworkCore

/// Refuses a web form whose body is not UTF-8 text, before anything decodes it.
///
/// Vapor's form decoder turns raw non-UTF-8 bytes into U+FFFD (so a garbled name would be
/// stored) and fails on a percent-escaped one such as `%FF` (so the page could not say which
/// field). ``FormBody/parse(_:)`` checks every name and value; the first bad one is a 422
/// naming the field, and nothing is stored.
struct FormTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        if let type = request.headers.contentType, type.type == "multipart", type.subType == "form-data" {
            try await Self.checkMultipartText(request)
            return try await next.respond(to: request)
        }
        guard request.headers.contentType == .urlEncodedForm else { return try await next.respond(to: request) }
        // Collect the streamed body as CSRFMiddleware does (same limit), so both read the same bytes.
        let limit = request.application.routes.defaultMaxBodySize.value
        let body = try await request.body.collect(max: limit).get()
        let bytes = body.map { Array($0.readableBytesView) } ?? []
        do {
            // Parsed once here; handlers and the CSRF check read the fields from storage
            // (a 27-item questionnaire used to be decoded once per item).
            let fields = try FormBody.parse(bytes)
            request.storage[ParsedFormKey.self] = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        } catch {
            // Nothing is stored, but nothing typed is lost either: the readable fields come back
            // in a form to send again, the unreadable ones empty and named.
            guard request.url.path.hasPrefix("/"), !request.url.path.hasPrefix("/api/") else { throw error }
            let readable = FormBody.readable(bytes)
            // Shown back only to the session that sent it (its CSRF token matches), so a forged
            // cross-site post cannot dress up a form for someone else to send.
            let sent = readable.fields.first { $0.name == "_csrf" }?.value
            let ownToken = request.hasSession && sent != nil && sent == request.session.data[SessionAuthenticator.csrfKey]
            let page = request.page(
                "Some text could not be read", status: .unprocessableEntity,
                Form.errorSummary(Dictionary(readable.unreadable.map { ($0, "Type '\($0)' again: it held characters that are not valid text (UTF-8).") },
                                             uniquingKeysWith: { first, _ in first })),
                .p(.text(error.message)),
                StorageFailurePage.resubmitForm(request, fields: ownToken ? readable.fields : [],
                                                intro: "Everything else you typed is below. Check it and send it again.", label: "Send again"))
            return page
        }
        return try await next.respond(to: request)
    }
}

extension FormTextMiddleware {
    /// Refuses a multipart form whose text fields (parts without a file name) are not UTF-8:
    /// Vapor's decoder would store U+FFFD in their place. Files are checked by whoever reads them
    /// (the competency model import reports their encoding).
    /// - Throws: ``DomainError`` (422 `invalid_text`) naming the first such field.
    static func checkMultipartText(_ request: Request) async throws {
        guard let boundary = request.headers.contentType?.parameters["boundary"] else { return }
        let limit = request.application.routes.defaultMaxBodySize.value
        guard let body = try await request.body.collect(max: limit).get() else { return }
        let parser = MultipartParser(boundary: boundary)
        var disposition = "", bytes: [UInt8] = [], bad: String?
        parser.onHeader = { name, value in if name.lowercased() == "content-disposition" { disposition = value } }
        parser.onBody = { buffer in bytes += buffer.readableBytesView }
        parser.onPartComplete = {
            defer { disposition = ""; bytes = [] }
            guard bad == nil, !disposition.contains("filename=") else { return }
            if String(validating: bytes, as: UTF8.self) == nil {
                bad = disposition.split(separator: ";").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("name=") }
                    .map { $0.split(separator: "=", maxSplits: 1).last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? "body" } ?? "body"
            }
        }
        try? parser.execute(body)
        if let bad {
            throw DomainError.invalid(bad, "The field '\(bad)' contained characters that are not valid text (UTF-8). Nothing was saved; please type it again.",
                                      code: "invalid_text")
        }
    }
}

/// The urlencoded form fields of a request, parsed once by ``FormTextMiddleware``.
private struct ParsedFormKey: StorageKey {
    typealias Value = [String: String]
}

extension Request {
    /// Field `name` of this request's form: from the body ``FormTextMiddleware`` parsed once (the
    /// last value of a repeated name, as Vapor's decoder reads it), else through Vapor's decoder
    /// (multipart bodies, bracketed names like `ids[]`). `nil` when the field is absent.
    func formField(_ name: String) -> String? {
        if !name.contains("["), let fields = storage[ParsedFormKey.self] { return fields[name] }
        return try? content.get(String.self, at: name)
    }

    /// The fields of this request's form body, in the order sent (empty for other bodies).
    /// Read after ``FormTextMiddleware`` has collected the body.
    var formFields: [FormBody.Field] {
        guard headers.contentType == .urlEncodedForm, let data = body.data else { return [] }
        return (try? FormBody.parse(Array(data.readableBytesView))) ?? []
    }
}
