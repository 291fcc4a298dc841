import Vapor
import OpenAPIRuntime
import CoachworkAPI
import CoachworkCore

/// The API's exports: the same ZIPs as the pages (``ExportDownload``).
extension APIHandler {
    func exportEngagement(_ input: Operations.ExportEngagement.Input) async throws -> Operations.ExportEngagement.Output {
        let req = try APIRequestContext.current()
        let download = try await ExportDownload.engagement(try await scope(input.path.engagementId, req))
        return .ok(.init(headers: .init(contentDisposition: download.contentDisposition), body: .applicationZip(HTTPBody(download.zip))))
    }

    func exportPerson(_ input: Operations.ExportPerson.Input) async throws -> Operations.ExportPerson.Output {
        let req = try APIRequestContext.current()
        // Malformed ids are simply not found, as everywhere in the API; the admin check comes first.
        try req.authorize(.view, .personalDataExport)
        let id = try parseID(input.path.personId, notFound: "person_not_found", "There is no such person.")
        let download = try await ExportDownload.person(req, id: id)
        return .ok(.init(headers: .init(contentDisposition: download.contentDisposition), body: .applicationZip(HTTPBody(download.zip))))
    }
}
