import Foundation
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Calls `/api/v1` as a script would: bearer token, JSON in and out.
struct APIClient {
    let app: Application
    let token: String?

    /// Sends `method path` with an optional raw JSON body; returns the response.
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(method, "/api/v1" + path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = .init(token: token) }
            if let json {
                req.headers.contentType = .json
                req.body = ByteBuffer(string: json)
            }
            for (name, value) in extra { req.headers.replaceOrAdd(name: name, value: value) }
        })
    }

    /// Decodes a JSON object body into a dictionary (for assertions by key).
    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any] ?? [:]
    }

    /// Decodes a JSON array body.
    static func array(_ response: TestingHTTPResponse) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [[String: Any]] ?? []
    }
}
