import Vapor
import CoachworkCore

/// The files of an engagement's ZIP (docs/EXPORT.md): `README.txt`, `engagement.json`, `csv/<table>.csv`,
/// `meetings.ics` and `report.pdf`.
extension EngagementExport {
    /// Every file, built for the exporter; the PDF is printed by Chromium when the server has it.
    /// - Throws: 503 while the PDF slots are taken or when Chromium fails (as the report's own PDF route).
    func files(_ document: EngagementExportDocument) async throws -> [ExportArchive.File] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var files = [ExportArchive.File(path: "engagement.json", data: try encoder.encode(document))]
        files += document.csvTables().map { .init(path: "csv/\($0.name)", data: Data($0.text.utf8)) }
        var notes: [String] = []
        if document.meetings != nil {
            files.append(.init(path: "meetings.ics", data: Data(calendar().utf8)))
        }
        if document.finalReport != nil {
            if let pdf = try await ReportController.pdf(scope.req, scope) {
                files.append(.init(path: "report.pdf", data: pdf))
            } else {
                notes.append("report.pdf is missing: this server has no Chromium to print it. The report is in engagement.json (finalReport).")
            }
        }
        let readme = Self.readme(document, files: files.map(\.path), notes: notes)
        return [.init(path: "README.txt", data: Data(readme.utf8))] + files
    }

    /// Every meeting of the engagement as one RFC 5545 calendar (METHOD:PUBLISH): a series as its weekly rule plus
    /// its changed sessions, as the meeting downloads give it; objectives only, never notes.
    func calendar() -> String {
        let parties = MeetingCalendar.Parties(coach: rows.coach, byParty: [
            "client": rows.people[scope.engagement.$client.id], "sponsor": rows.people[scope.engagement.$sponsor.id],
            "hr_partner": rows.people[scope.engagement.$hrPartner.id],
            "senior_executive": scope.engagement.$seniorExecutive.id.flatMap { rows.people[$0] },
        ].compactMapValues { $0 })
        let series = Dictionary(grouping: rows.meetings.filter { $0.seriesID != nil }) { $0.seriesID! }
        let events = MeetingCalendar.events(for: rows.meetings, allOfSeries: series, parties: parties) {
            scope.req.config.baseURL + Paths.meeting(scope.id, $0.id!)
        }
        return ICalendarWriter.render(events, method: .publish, now: scope.req.now)
    }

    /// `README.txt`: what the archive is, for whom it was made, each file, and what was left out and why.
    static func readme(_ d: EngagementExportDocument, files: [String], notes: [String]) -> String {
        var lines = [
            "Coachwork engagement export (\(d.format))",
            "",
            "Coaching of \(d.engagement.client.name), coach \(d.engagement.coach.name).",
            "Exported \(EngagementExportDocument.time(d.exportedAt)) by \(d.exportedBy).",
            "",
            "This archive holds confidential coaching data. Keep it as safely as the engagement itself.",
            "It holds what the exporting role may read in Coachwork, nothing more: no individual rater's answers, no",
            "per-rater response times, and 360 and survey figures only as aggregates above the anonymity threshold.",
            "",
            "Files:",
        ]
        let about = [
            "engagement.json": "everything below in one JSON document; its fields are described in Coachwork's docs/EXPORT.md",
            "meetings.ics": "every meeting as an iCalendar file (RFC 5545): objectives, times and attendees, never notes",
            "report.pdf": "the final report as its page prints",
        ]
        for file in ["README.txt"] + files {
            lines.append("  \(file)" + (about[file].map { ": \($0)" } ?? (file.hasPrefix("csv/") ? ": one table of engagement.json (RFC 4180, UTF-8)" : "")))
        }
        if !d.omitted.isEmpty {
            lines += ["", "Left out for the \(d.exportedAs) role (by Coachwork's access policy):"]
            lines += d.omitted.map { "  \($0.part): \($0.reason)" }
        }
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
