import Vapor
import CoachworkCore

/// The audit trail page (`GET /audit`): the admin reads the practice's, a coach their engagements'.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: index)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try req.authorize(.view, .auditTrail)
        let request = try req.pageRequest()
        let names = ["engagement", "actor", "action", "from", "to"]
        var typed: [String: String] = [:]
        for name in names { typed[name] = try? req.query.get(String.self, at: name) }
        let filter: AuditLog.Filter
        do {
            filter = try AuditLog.Filter.parse(engagement: typed["engagement"], actor: typed["actor"], action: typed["action"],
                                               from: typed["from"], to: typed["to"])
        } catch let error as DomainError {
            // Show the form again with what was typed and the reason beside its field.
            let response = AuditPage.response(req, entries: [], filter: AuditLog.Filter(), typed: typed,
                                              errors: [error.field ?? "engagement": error.message], page: 1, per: request.per, hasNext: false)
            response.status = .unprocessableEntity
            return response
        }
        let (entries, hasNext) = try await AuditLog.page(for: actor, filter, request, zone: actor.timeZone, on: req.db)
        return AuditPage.response(req, entries: entries, filter: filter, typed: typed, page: request.page, per: request.per, hasNext: hasNext)
    }
}
