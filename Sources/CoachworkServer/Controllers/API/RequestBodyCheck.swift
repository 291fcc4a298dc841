import Foundation
import OpenAPIRuntime
import HTTPTypes
import CoachworkAPI
import CoachworkCore

/// Checks JSON request bodies before the generated code decodes them, by what the spec says
/// of each operation's `requestBody`:
///
/// - a required body that is missing or empty is a 422 `missing_body` naming `body`;
/// - an optional one that is left out is read as `{}`;
/// - a number the generated decoder cannot hold (`99999999999999999999`, `1.5` for a whole
///   number) is a 422 `invalid_number` naming its field: Foundation's decoder reports these as
///   "not valid JSON" with no path, so the path is found here.
struct RequestBodyCheck: ServerMiddleware {
    /// Operation id -> whether its body is required, for every operation that has a body.
    let bodies: [String: Bool]
    /// The operations whose body is a CSV file (`text/csv`), not JSON: only the missing-body message differs.
    static let csvBodies: Set<String> = ["importPeople", "importStakeholders"]

    /// Reads the body requirements from the bundled spec.
    init(spec: String? = CoachworkAPISpec.yaml) {
        bodies = Self.requestBodies(inSpec: spec ?? "")
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let required = bodies[operationID] else { return try await next(request, body, metadata) }
        // The generated code collects the whole body too; the size limit sits in front of both.
        var data = Data()
        if let body { data = try await Data(collecting: body, upTo: .max) }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            if required {
                let kind = Self.csvBodies.contains(operationID) ? "CSV" : "JSON"
                throw DomainError.invalid("body", "This request needs a \(kind) body; none was sent.", code: "missing_body")
            }
            var request = request
            request.headerFields[.contentType] = "application/json"
            return try await next(request, HTTPBody("{}"), metadata)
        }
        do {
            return try await next(request, HTTPBody(data), metadata)
        } catch let error as ServerError where error.operationInput == nil {
            if let field = JSONNumberCheck.firstUnrepresentable(in: data) {
                throw DomainError.invalid(field, "The field '\(field)' must be a whole number in its documented range.",
                                          code: "invalid_number")
            }
            throw error
        }
    }

    /// `operationId -> requestBody.required` for each operation of `spec` that declares a body.
    /// The spec is ours and regular: `operationId:` comes before `requestBody:`, whose
    /// `required:` is the next line.
    static func requestBodies(inSpec spec: String) -> [String: Bool] {
        var result: [String: Bool] = [:]
        var operation: String?
        var expectRequired = false
        for raw in spec.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("operationId:") {
                operation = line.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces)
            } else if line == "requestBody:" {
                expectRequired = true
                if let operation { result[operation] = false }
            } else if expectRequired {
                expectRequired = false
                if let operation, line == "required: true" { result[operation] = true }
            }
        }
        return result
    }
}

/// Finds a JSON number that no whole-number field can hold (every number in our request
/// bodies is whole).
enum JSONNumberCheck {
    private indirect enum Shape: Decodable {
        case object([String: Shape]), array([Shape]), unrepresentable, other

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if (try? value.decode(Int.self)) != nil { self = .other }
            else if (try? value.decode(Double.self)) != nil { self = .unrepresentable }
            else if let object = try? value.decode([String: Shape].self) { self = .object(object) }
            else if let array = try? value.decode([Shape].self) { self = .array(array) }
            else { self = .other }
        }
    }

    /// The JSON path (`items[2].count`) of the first such number, or `nil`.
    static func firstUnrepresentable(in data: Data) -> String? {
        guard let shape = try? JSONDecoder().decode(Shape.self, from: data) else { return nil }
        return find(shape, path: "")
    }

    private static func find(_ shape: Shape, path: String) -> String? {
        switch shape {
        case .unrepresentable:
            return path.isEmpty ? "body" : path
        case .object(let members):
            for key in members.keys.sorted() {
                if let found = find(members[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = find(item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .other:
            return nil
        }
    }
}
