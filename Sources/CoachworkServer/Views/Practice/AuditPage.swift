import Foundation
import Vapor
import Plot
import CoachworkCore

/// The audit trail page: filters (engagement, actor, action, period) and a page of entries, newest first.
enum AuditPage {
    /// The page for `entries` (already filtered and scoped to the reader) and the filter form keeping
    /// what was typed; `error` names a filter that could not be read.
    static func response(_ req: Request, entries: [AuditEvent], filter: AuditLog.Filter, typed: [String: String],
                         errors: [String: String] = [:], page: Int, per: Int, hasNext: Bool) -> Response {
        let zone = req.actor?.timeZone ?? "UTC"
        let rows: [[Node<HTML.BodyContext>]] = entries.map { entry in
            [Table.num(String(entry.sequence)), .text(LocalTime.format(entry.at, zone: zone)), .text(entry.actor),
             .code(.text(entry.action)),
             entry.engagementID.map { .a(.escapedAttribute("href", Paths.engagement($0)), .text("Engagement")) } ?? .text("Practice"),
             .text(entry.detail)]
        }
        let isAdmin = req.actor?.accountRole == .admin
        return req.page(
            "Audit trail",
            .p(.text(isAdmin
                ? "Every phase transition, acceptance, share, release, settings change and sign-in, with who and when. Entries are never changed: each carries a hash of the one before it, and `coachwork audit verify` checks the whole chain."
                : "What happened in your engagements, with who and when. Entries are never changed: each carries a hash of the one before it.")),
            .element(named: "form", nodes: [.class("form filters"), .attribute(named: "method", value: "get"), .escapedAttribute("action", Paths.audit),
                  Form.field(name: "engagement", label: "Engagement id", value: typed["engagement"], error: errors["engagement"]),
                  Form.field(name: "actor", label: "Actor id", value: typed["actor"], error: errors["actor"], hint: "An account's or person's id (as in their page's address), or system"),
                  Form.field(name: "action", label: "Action", value: typed["action"], error: errors["action"], hint: "e.g. agreement_accepted"),
                  Form.field(name: "from", label: "From", type: "date", value: typed["from"], error: errors["from"]),
                  Form.field(name: "to", label: "To", type: "date", value: typed["to"], error: errors["to"]),
                  .div(.class("form-actions"), .button(.type(.submit), .class("button button-secondary"), .text("Filter")))]),
            Table.render(caption: page == 1 ? "Latest entries" : "Entries, page \(page)",
                         headers: ["#", "When", "Who", "Action", "Where", "What"], rows: rows,
                         empty: filter == AuditLog.Filter() ? "No entries yet." : "No entries match these filters.", numericColumns: [0]),
            Pager.render(page: page, per: per, hasNext: hasNext, path: Paths.audit, query: filter.queryItems,
                         previous: "← Newer entries", next: "Older entries →"))
    }
}
