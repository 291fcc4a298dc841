import Vapor
import CoachworkCore

/// Downloads of data (issue 12): an engagement as a ZIP (its coach, any admin) and a person's data export (admins).
struct ExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("engagements", ":engagementID", "export.zip", use: engagement)
        routes.get("people", ":personID", "export.zip", use: person)
    }

    /// `GET /engagements/:id/export.zip`: 404 for outsiders (as every engagement route), 403 for the parties.
    @Sendable func engagement(req: Request) async throws -> Response {
        try await ExportDownload.engagement(try await req.engagementScope()).response
    }

    /// `GET /people/:id/export.zip`: admins only (403 for coaches and people).
    @Sendable func person(req: Request) async throws -> Response {
        try await ExportDownload.person(req, id: req.parameters.get("personID", as: UUID.self)).response
    }
}
