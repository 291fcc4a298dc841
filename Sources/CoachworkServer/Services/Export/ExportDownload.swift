import Vapor
import CoachworkCore

/// A finished export: the ZIP's bytes and its download name. The pages and the API make it the same way, and the
/// making is audited (`engagement_exported`, `person_exported`: who and what, never the content).
struct ExportDownload: Sendable {
    var zip: Data
    /// A plain-ASCII name (``ExportFormat``), safe in `Content-Disposition`.
    var fileName: String

    /// The ZIP of `scope`'s engagement for its coach or an admin.
    /// - Throws: `forbidden` for other roles (the policy's `engagement_export`); 503 while the PDF slots are taken.
    static func engagement(_ scope: EngagementScope) async throws -> ExportDownload {
        let (export, document) = try await EngagementExport.build(scope)
        let zip = try ExportArchive.zip(try await export.files(document), modified: scope.req.now)
        try await scope.audit("engagement_exported", "Engagement exported as a ZIP by the \(scope.role.title.lowercased()).",
                              object: "engagement:\(scope.id.uuidString.lowercased())")
        return ExportDownload(zip: zip, fileName: ExportFormat.engagementFileName(clientName: document.engagement.client.name, date: scope.today))
    }

    /// The ZIP of everything held about person `id` (`person.json`, `README.txt`), for an admin.
    /// - Throws: `forbidden` unless the admin; 404 `person_not_found`.
    static func person(_ req: Request, id: UUID?) async throws -> ExportDownload {
        let document = try await PersonExport.build(req, personID: id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let readme = [
            "Coachwork data export of \(document.person.name) (\(document.format))",
            "Exported \(EngagementExportDocument.time(document.exportedAt)) by \(document.exportedBy), for an access request (GDPR Art. 15).",
            "",
            "person.json: everything Coachwork holds about this person: their record, their roles in engagements, the",
            "personal links issued to them (purpose and times; never the link itself), the emails sent to them (subject,",
            "date, status), the meetings they attend, what they accepted or acknowledged, their own submitted 360 ratings",
            "and survey answers (their data; nobody else's answers are included), and the audit entries about them.",
            "Its fields are described in Coachwork's docs/EXPORT.md.",
        ].joined(separator: "\r\n") + "\r\n"
        let zip = try ExportArchive.zip([.init(path: "README.txt", data: Data(readme.utf8)),
                                         .init(path: "person.json", data: try encoder.encode(document))], modified: req.now)
        let actor = try req.requireActor()
        try await AuditTrail.append(.init(AuditActor(actor), action: "person_exported", object: "person:\(document.person.id.uuidString.lowercased())",
                                          detail: "A person's data exported for an access request.", at: req.now), on: req.db)
        return ExportDownload(zip: zip, fileName: ExportFormat.personFileName(name: document.person.name,
                                                                              date: CalendarDate.of(req.now, zone: actor.timeZone)))
    }

    /// The page's response: `application/zip`, an attachment, never cached.
    var response: Response {
        let response = Response(status: .ok, body: .init(data: zip))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        response.headers.contentDisposition = .init(.attachment, filename: fileName)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `Content-Disposition` for the API (RFC 6266; the name is plain ASCII, so no `filename*`).
    var contentDisposition: String { "attachment; filename=\"\(fileName)\"" }
}
