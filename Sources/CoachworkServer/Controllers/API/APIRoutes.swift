import Vapor
import OpenAPIRuntime
import OpenAPIVapor
import CoachworkAPI
import CoachworkCore

/// The Vapor request behind the OpenAPI operation being handled (the generated handlers
/// see only OpenAPI types; this task-local gives them the database, clock and actor).
enum APIRequestContext {
    @TaskLocal static var request: Request?

    /// The current request. A missing one is a wiring bug.
    static func current() throws -> Request {
        guard let request else { throw Abort(.internalServerError, reason: "API handler called outside a request") }
        return request
    }
}

/// Makes the Vapor request visible to the generated handlers through ``APIRequestContext``.
struct APIRequestInjectionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await APIRequestContext.$request.withValue(request) { try await next.respond(to: request) }
        // The generated code percent-encodes string headers (OpenAPI's `simple` style), which would
        // garble an RFC 8288 Link header: the handler leaves it here and it is set as written.
        if let link = request.storage[PageLinksKey.self] { response.headers.replaceOrAdd(name: "Link", value: link) }
        return response
    }
}

/// The `Link` header an API list response carries (see ``APIRequestInjectionMiddleware``).
struct PageLinksKey: StorageKey {
    typealias Value = String
}

/// Registers the spec-first JSON API under `/api/v1` and serves the spec itself.
func registerAPI(_ app: Application) throws {
    let api = app.grouped("api", "v1")
    api.get("openapi.yaml") { _ -> Response in
        guard let yaml = CoachworkAPISpec.yaml else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(string: yaml))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return response
    }
    let protected = app.grouped(
        BearerAuthenticator(openPaths: ["/api/v1/health", "/api/v1/account/password-reset"]), APIRequestInjectionMiddleware())
    let transport = VaporTransport(routesBuilder: protected)
    try APIHandler().registerHandlers(on: transport, serverURL: Servers.Server1.url(),
                                      configuration: .init(dateTranscoder: RFC3339DateTranscoder()),
                                      middlewares: [QueryParameterCheck(), RequestBodyCheck()])
}

/// Implements the generated ``APIProtocol``: each operation asks the access policy (through
/// the same services as the web pages) and maps models to the spec's schemas.
struct APIHandler: APIProtocol {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let req = try APIRequestContext.current()
        let database: String
        switch req.config.database {
        case .postgres: database = "postgresql"
        case .sqlite, .sqliteMemory: database = "sqlite"
        }
        _ = try await User.query(on: req.db).count()
        return .ok(.init(body: .json(.init(status: .ok, database: database))))
    }
}

/// RFC 3339 date-times in both forms clients send: with and without fractional seconds
/// (the runtime's default accepts only the latter). Dates are written without fractions.
struct RFC3339DateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        // A value-type format style: no formatter object built per date (an API read writes dozens).
        date.formatted(.iso8601)
    }

    func decode(_ text: String) throws -> Date {
        // ISO8601DateFormatter rolls 30 February over to March; refuse dates that do not exist.
        let fields = text.prefix(19).split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        // RFC 3339 time-numoffset: hours 00-23, minutes 00-59 (Foundation takes +99:99 and computes nonsense).
        if let sign = text.dropFirst(19).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = text[text.index(after: sign)...].split(separator: ":").map { Int($0) }
            guard offset.count == 2, let h = offset[0], let m = offset[1], (0...23).contains(h), (0...59).contains(m) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Expected an RFC 3339 date-time such as 2027-01-31T09:00:00Z, got \"\(text)\": the offset from UTC must be between -23:59 and +23:59."))
            }
        }
        if fields.count == 6 {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
            guard (1...12).contains(fields[1]), components.isValidDate(in: calendar) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Expected an RFC 3339 date-time such as 2027-01-31T09:00:00Z, got \"\(text)\": there is no such date or time."))
            }
        }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Expected an RFC 3339 date-time such as 2027-01-31T09:00:00Z, got \"\(text)\"."))
    }
}

/// Parses a path id; anything that is not a UUID is simply not found.
func parseID(_ raw: String, notFound code: String, _ message: String) throws -> UUID {
    guard let id = UUID(uuidString: raw) else { throw DomainError(.notFound, code: code, message: message) }
    return id
}

/// Parses an id given in a request body. Left out (or empty) is `nil`; anything else that is
/// not a UUID is a 422 `invalid_id` naming `field`, never silently dropped.
func bodyID(_ raw: String?, field: String) throws(DomainError) -> UUID? {
    guard let raw, !raw.isEmpty else { return nil }
    guard let id = UUID(uuidString: raw) else {
        throw .invalid(field, "'\(raw.prefix(60))' is not a valid id (expected a UUID such as 3F2504E0-4F89-41D3-9A0C-0305E82C3301).",
                       code: "invalid_id")
    }
    return id
}
