import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// A browser against the test app: keeps cookies, fills in the CSRF token of the last
/// page it saw, and never follows redirects (tests assert them).
final class Browser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?

    /// The client address this browser claims in `X-Forwarded-For` (tests trust it; rate limits are per address).
    var address: String?

    init(_ app: Application, address: String? = nil) {
        self.app = app
        self.address = address
    }

    /// GETs `path`, remembering cookies and the page's CSRF token.
    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, form: nil)
    }

    /// POSTs a form (with the remembered `_csrf` unless `csrf: false`).
    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf includeCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if includeCSRF, fields["_csrf"] == nil, let csrf { fields["_csrf"] = csrf }
        return try await send(.POST, path, form: fields)
    }

    /// Signs in through the sign-in page with email and password.
    @discardableResult
    func signIn(_ email: String, password: String = TestApp.password) async throws -> TestingHTTPResponse {
        try await get(Paths.signIn)
        return try await post(Paths.signIn, ["email": email, "password": password])
    }

    /// Sends any method with an optional form body (for 405 checks and the like).
    func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws -> TestingHTTPResponse {
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let response = try await app.testing().sendRequest(method, path, beforeRequest: { req in
            if !cookieHeader.isEmpty { req.headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
            if let address = self.address { req.headers.replaceOrAdd(name: .xForwardedFor, value: address) }
            if let form { try req.content.encode(form, as: .urlEncodedForm) }
        })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if header.contains("Max-Age=0") || header.lowercased().contains("expires=thu, 01 jan 1970") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
        if let token = Self.csrfToken(in: response.body.string) { csrf = token }
        return response
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = String(html[range])
        return match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }
}

extension TestingHTTPResponse {
    /// The names of the 360 questionnaire's score fields (`score_<item key>`), once each, in page order:
    /// competency by competency, item by item.
    var scoreFields: [String] {
        var seen = Set<String>()
        return text.components(separatedBy: #"name="score_"#).dropFirst().compactMap { rest -> String? in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let name = "score_" + rest[..<end]
            return seen.insert(name).inserted ? name : nil
        }
    }

    /// A 360 form body giving `score` to every item of every competency, plus `extra` fields.
    func answering(_ score: String, _ extra: [String: String] = [:]) -> [String: String] {
        var form = extra
        for field in scoreFields { form[field] = score }
        return form
    }

    /// The `Location` header of a redirect.
    var location: String? { headers.first(name: .location) }
    /// The body as UTF-8 text.
    var text: String { body.string }
}

extension Browser {
    /// POSTs `body` as raw `application/x-www-form-urlencoded` bytes (the caller includes
    /// `_csrf`), with the browser's cookies: for bodies a real form encoder would never produce.
    @discardableResult
    func postRaw(_ path: String, _ body: [UInt8], contentType: HTTPMediaType = .urlEncodedForm) async throws -> TestingHTTPResponse {
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return try await app.testing().sendRequest(.POST, path, beforeRequest: { req in
            if !cookieHeader.isEmpty { req.headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
            req.headers.contentType = contentType
            var buffer = ByteBuffer()
            buffer.writeBytes(body)
            req.body = buffer
        })
    }
}
