import Foundation
import OpenAPIRuntime
import HTTPTypes
import CoachworkCore

/// Checks the list parameters of the query string before the generated code decodes them, so a
/// bad value is a problem naming its parameter: the generated decoder reports `per=abc` as a
/// type mismatch with no path, and an unknown `status` as a body error.
///
/// - `page` and `per` follow ``Pagination/request(page:per:)-(String?,String?)`` (the same rule as the pages);
/// - a repeated `page`, `per` or `status` is refused (pages and API would read different copies);
/// - `status` (the outbox list) must be one of ``OutboxMessage/Status``;
/// - `dryRun` (the CSV imports) must be `true` or `false`.
struct QueryParameterCheck: ServerMiddleware {
    /// The operations whose spec has these parameters (other operations ignore them, as any unknown one).
    static let listOperations: Set<String> = ["listEngagements", "listPeople", "listOutbox", "listAudit"]
    /// The operations with a `dryRun` flag (`true` or `false`, once).
    static let dryRunOperations: Set<String> = ["importPeople", "importStakeholders"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if Self.dryRunOperations.contains(operationID), let path = request.path {
            // The generated decoder reports `dryRun=yes` with no parameter name; name it here.
            let values = try Pagination.single(["dryRun"], in: path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init))
            if let dryRun = values["dryRun"], dryRun != "true", dryRun != "false" {
                throw DomainError.invalid("dryRun", "dryRun must be true or false.", code: "invalid_value")
            }
        }
        guard Self.listOperations.contains(operationID), let path = request.path else { return try await next(request, body, metadata) }
        let values = try Pagination.single(["page", "per", "status", "engagement", "actor", "action", "from", "to"], in: path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init))
        if values["page"] != nil || values["per"] != nil {
            _ = try Pagination.request(page: values["page"], per: values["per"])
        }
        if let status = values["status"], operationID == "listOutbox", OutboxMessage.Status(rawValue: status) == nil {
            let allowed = OutboxMessage.Status.allCases.map(\.rawValue).joined(separator: ", ")
            throw DomainError.invalid("status", "status must be one of \(allowed).", code: "invalid_status")
        }
        return try await next(request, body, metadata)
    }
}
