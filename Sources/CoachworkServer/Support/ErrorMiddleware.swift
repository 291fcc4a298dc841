import Vapor
import Fluent
import OpenAPIRuntime
import CoachworkCore

/// The one error middleware: maps every error to a status, then renders an RFC 9457
/// problem+json body for `/api/` paths and an HTML page for everything else.
/// A 500 means a bug and is logged as critical; a storage failure is a 503 logged once per
/// episode (``StorageHealth``).
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: request)
            // A change that went through (2xx, 3xx) shows storage writes again.
            if ![.GET, .HEAD].contains(request.method), response.status.code < 400 {
                request.application.storageHealth.recordSuccess(logger: request.logger)
            }
            return response
        } catch {
            let response = render(error, request: request)
            // An error's own headers travel with it (Allow on a 405, Retry-After on a 429 or 503).
            if let abort = ((error as? ServerError)?.underlyingError ?? error) as? any AbortError {
                for (name, value) in abort.headers where name.lowercased() != "content-type" {
                    response.headers.replaceOrAdd(name: name, value: value)
                }
            }
            return response
        }
    }

    /// The page or problem+json for `error`, logging a bug or a storage failure.
    private func render(_ error: any Error, request: Request) -> Response {
        let problem = Self.problem(for: error, request: request)
        // Log the cause only: ServerError's description would include the request's
        // headers, bearer token among them. The route pattern, never the path: paths
        // such as /link/<token> carry secrets. Described only when logged (not for every 404).
        if problem.code == StorageFailure.code || problem.status >= 500 {
            let cause = (error as? ServerError).map { String(reflecting: $0.underlyingError) } ?? String(reflecting: error)
            let route = "\(request.method) \(RequestLogPath.describe(request))"
            if problem.code == StorageFailure.code {
                request.application.storageHealth.recordFailure(route, cause: cause, logger: request.logger)
            } else {
                request.logger.critical("Unhandled error on \(route): \(cause)")
            }
        }
        if request.url.path.hasPrefix("/api/") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = (try? encoder.encode(problem)) ?? Data(#"{"status":500}"#.utf8)
            let response = Response(status: HTTPResponseStatus(statusCode: problem.status), body: .init(data: body))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            if problem.status == 401 { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"coachwork\"") }
            if problem.code == StorageFailure.code {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(StorageFailure.retryAfterSeconds))
            }
            return response
        }
        if problem.status == 401, request.method == .GET {
            // Encoded as one query value: `&`, `=`, `+` and `#` in the path must not start new parameters.
            let next = request.url.path.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) ?? "/"
            return request.redirect(to: "\(Paths.signIn)?next=\(next)")
        }
        if problem.code == StorageFailure.code { return StorageFailurePage.response(for: problem, request: request) }
        return ErrorPage.response(for: problem, request: request)
    }

    /// Characters left as they are in a query value: RFC 3986 unreserved plus `/`.
    private static let queryValueAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    /// Classifies `error`. Errors thrown while the OpenAPI layer decoded the request are the
    /// client's fault (400); the same error from our own code later is a bug (500).
    static func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let error as DomainError:
            return Problem(status: error.kind.status, code: error.code, detail: error.message,
                           field: error.field, errors: error.details)
        case let error as FormErrors:
            return problem(for: error.asDomainError, request: request)
        case let error as ServerError:
            // Our own refusals raised before the operation (e.g. a missing body) keep their words.
            if error.operationInput == nil, !(error.underlyingError is DomainError) {
                return malformed(error.underlyingError, fallback: error.causeDescription)
            }
            return problem(for: error.underlyingError, request: request)
        case let error where StorageFailure.matches(error):
            return Problem(status: .serviceUnavailable, code: StorageFailure.code, detail: StorageFailure.detail)
        case let error as any DatabaseError where error.isConstraintFailure:
            // Two requests raced to create the same thing; the database kept one.
            return Problem(status: .conflict, code: "conflict",
                           detail: "Someone else just made the same change. Reload the page to see the current state.")
        case let error as DecodingError:
            return malformed(error, fallback: "The request body could not be read.")
        case let error as any AbortError:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            let detail = error.status == .payloadTooLarge ? "The request body is too large." : error.reason
            return Problem(status: error.status, code: code, detail: detail)
        default:
            return Problem(status: .internalServerError, code: "internal_error",
                           detail: "Something went wrong on our side. It has been logged.")
        }
    }

    /// A 400 for a body or parameter that does not match the expected shape.
    private static func malformed(_ error: any Error, fallback: String) -> Problem {
        guard let decoding = error as? DecodingError else {
            if let nested = error as? ServerError { return malformed(nested.underlyingError, fallback: nested.causeDescription) }
            return Problem(status: .badRequest, code: "malformed_request", detail: fallback)
        }
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? nil : joined.replacingOccurrences(of: ".[", with: "[")
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            let field = path(context, key) ?? key.stringValue
            return Problem(status: .badRequest, code: "missing_field", detail: "The field '\(field)' is required.", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context)
            return Problem(status: .badRequest, code: "wrong_type",
                           detail: "The field '\(field ?? "body")' must be \(Self.describe(type)).", field: field)
        case .dataCorrupted(let context):
            let field = path(context)
            // The date transcoder cannot know its field; its message names the value instead.
            if field == nil, context.debugDescription.hasPrefix("Expected an RFC 3339 date-time") {
                return Problem(status: .badRequest, code: "invalid_date_time", detail: context.debugDescription)
            }
            let detail = field.map { "The field '\($0)' has an invalid value." } ?? "The request body is not valid JSON."
            return Problem(status: .badRequest, code: field == nil ? "malformed_json" : "invalid_value", detail: detail, field: field)
        @unknown default:
            return Problem(status: .badRequest, code: "malformed_request", detail: fallback)
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String: Any].Type, is [String: (any Sendable)].Type: "an object"
        case is [Any].Type, is [any Sendable].Type: "a list"
        default: "of type \(type)"
        }
    }
}
