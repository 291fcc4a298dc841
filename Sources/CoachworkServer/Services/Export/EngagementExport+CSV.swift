import Foundation
import CoachworkCore

/// The `csv/<table>.csv` files of an engagement export: one per part of ``EngagementExportDocument`` that the
/// exporter may read, RFC 4180 (CRLF, UTF-8, quoted as needed), every text cell made formula-safe
/// (``CSVText/spreadsheetSafe(_:)``); numbers and times are written as they are.
extension EngagementExportDocument {
    /// File name (without `csv/`) → CSV text, for the parts present.
    func csvTables() -> [(name: String, text: String)] {
        var tables: [(String, String)] = []
        func add(_ name: String, _ header: [String], _ rows: [[String]]) {
            tables.append((name, ([header] + rows).map(CSVText.record).joined()))
        }
        if let agreements {
            add("agreements.csv", ["version", "status", "planned_sessions", "cadence_weeks", "duration_months", "proposed_at", "accepted_by"],
                agreements.map { [String($0.version), $0.status, String($0.plannedSessions), String($0.cadenceWeeks), String($0.durationMonths),
                                  Self.time($0.proposedAt), t($0.acceptances.map { "\($0.party): \($0.name) \(Self.time($0.acceptedAt))" }.joined(separator: "; "))] })
            add("goals.csv", ["agreement_version", "position", "statement", "success_measure", "target_date"],
                agreements.flatMap { a in a.goals.map { [String(a.version), String($0.position), t($0.statement), t($0.successMeasure), $0.targetDate] } })
        }
        if let meetings {
            let notes = meetings.contains { $0.sharedNotes != nil }, secret = meetings.contains { $0.privateNotes != nil }
            add("meetings.csv", ["id", "kind", "status", "starts_at", "duration_minutes", "time_zone", "objective", "attendees", "location",
                                 "video_url", "held_at", "cancelled_at"] + (notes ? ["shared_notes"] : []) + (secret ? ["private_notes"] : []),
                meetings.map { m in
                    [m.id.uuidString, m.kind, m.status, Self.time(m.startsAt), String(m.durationMinutes), m.timeZone ?? "", t(m.objective),
                     m.attendees.joined(separator: " "), t(m.location ?? ""), t(m.videoUrl ?? ""), Self.time(m.heldAt), Self.time(m.cancelledAt)]
                    + (notes ? [t(m.sharedNotes ?? "")] : []) + (secret ? [t(m.privateNotes ?? "")] : [])
                })
        }
        if let actionItems {
            add("action_items.csv", ["id", "meeting_id", "description", "owner", "due_date", "status"],
                actionItems.map { [$0.id.uuidString, $0.meetingId?.uuidString ?? "", t($0.description), $0.owner, $0.dueDate ?? "", $0.status] })
        }
        if let stakeholders {
            add("stakeholders.csv", ["name", "email", "relationship", "status", "proposed_by", "withdrawn_at"],
                stakeholders.map { [t($0.name), t($0.email), $0.relationship, $0.status, $0.proposedBy ?? "", Self.time($0.withdrawnAt)] })
        }
        if let interviews {
            add("interviews.csv", ["held_on", "stakeholder", "notes", "themes"],
                interviews.map { [$0.heldOn, t($0.stakeholder ?? ""), t($0.notes), t($0.themes.map { "\($0.kind): \($0.label)" }.joined(separator: "; "))] })
        }
        add("assessments.csv", ["id", "status", "opened_at", "closed_at", "threshold", "invited", "responded", "results"],
            assessments.map { [$0.id.uuidString, $0.status, Self.time($0.openedAt), Self.time($0.closedAt), String($0.threshold),
                               String($0.invited), String($0.responded), $0.resultsScope] })
        add("assessment_results.csv", ["assessment_id", "competency", "item", "group", "n", "mean", "shown"], assessmentResultRows())
        if let targetCompetencies {
            add("target_competencies.csv", ["position", "competency", "rationale"],
                targetCompetencies.map { [String($0.position), t($0.competency), t($0.rationale)] })
        }
        if let idpRevisions {
            add("idp_actions.csv", ["revision", "revision_status", "action_id", "competency", "action", "due_date", "success_measure",
                                    "support_needed", "owner", "status"],
                idpRevisions.flatMap { r in r.items.map {
                    [String(r.revision), r.status, $0.id?.uuidString ?? "", t($0.competency), t($0.action), $0.dueDate, t($0.successMeasure),
                     t($0.supportNeeded), t($0.owner ?? ""), $0.status]
                } })
        }
        add("survey_rounds.csv", ["number", "status", "opened_at", "closes_at", "closed_at", "invited", "respondents"],
            surveyRounds.map { [String($0.number), $0.status, Self.time($0.openedAt), Self.time($0.closesAt), Self.time($0.closedAt),
                                String($0.invited), String($0.respondents)] })
        add("survey_results.csv", ["round", "competency", "n", "response_rate", "cant_say", "mean", "standard_deviation", "share_improved"],
            surveyRounds.flatMap { r in (r.items ?? []).map {
                [String(r.number), t($0.competency), String($0.n), Self.number($0.responseRate), $0.cantSay.map(String.init) ?? "",
                 Self.number($0.mean), Self.number($0.standardDeviation), Self.number($0.shareImproved)]
            } })
        if let audit {
            add("audit.csv", ["sequence", "at", "actor", "actor_role", "action", "object", "detail"],
                audit.map { [String($0.sequence), Self.time($0.at), t($0.actor), $0.actorRole, $0.action, $0.object ?? "", t($0.detail)] })
        }
        if let mail {
            add("mail.csv", ["purpose", "to", "subject", "status", "created_at", "sent_at"],
                mail.map { [$0.purpose, t($0.to), t($0.subject), $0.status, Self.time($0.createdAt), Self.time($0.sentAt)] })
        }
        return tables
    }

    /// The figures of every 360 the exporter may read, one row per shown or hidden cell, as the 360's own CSV.
    private func assessmentResultRows() -> [[String]] {
        assessments.flatMap { a in (a.results ?? []).flatMap { c -> [[String]] in
            func cells(_ item: String, _ selfScore: String?, _ groups: [GroupRow]) -> [[String]] {
                (selfScore.map { [[a.id.uuidString, t(c.competency), t(item), "Self", "1", $0, "yes"]] } ?? [])
                + groups.map { [a.id.uuidString, t(c.competency), t(item), AssessmentItemsSection.title($0.group),
                                $0.n.map(String.init) ?? "", Self.number($0.mean), $0.shown ? "yes" : "no"] }
            }
            return cells("", c.selfScore.map { Self.number($0) }, c.groups)
                + (c.items ?? []).flatMap { cells($0.item, $0.selfScore.map(String.init), $0.groups) }
        } }
    }

    /// A text cell: formula-safe.
    private func t(_ text: String) -> String { CSVText.spreadsheetSafe(text) }

    /// RFC 3339 in UTC, or "" for none.
    static func time(_ date: Date?) -> String {
        date.map { ISO8601DateFormatter.string(from: $0, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime]) } ?? ""
    }

    /// A figure with up to 3 decimals (as written by Swift), or "" for none.
    static func number(_ value: Double?) -> String {
        value.map { String(($0 * 1000).rounded() / 1000) } ?? ""
    }
}
