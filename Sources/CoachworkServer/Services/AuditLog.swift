import Foundation
import Fluent
import FluentSQL
import CoachworkCore

/// Reading the audit trail for the admin page, the coach's view and the API: newest first, filtered,
/// a page at a time (no total: the trail only grows; a next page is known by reading one row more).
enum AuditLog {
    /// Filters; every one optional. Dates are calendar days in the reader's zone, both included.
    struct Filter: Sendable, Equatable {
        var engagementID: UUID?
        /// An actor id as the trail stores it, e.g. `user:<uuid>` or `system`.
        var actorID: String?
        var action: String?
        /// `YYYY-MM-DD`.
        var from: String?
        /// `YYYY-MM-DD`.
        var to: String?

        /// Validates typed filters (blank = unset).
        /// - Throws: ``DomainError`` `invalid` naming `engagement`, `from` or `to`.
        static func parse(engagement: String?, actor: String?, action: String?, from: String?, to: String?) throws -> Filter {
            func blank(_ text: String?) -> String? { TextInput.optional(text ?? "") }
            var filter = Filter(actorID: blank(actor)?.lowercased(), action: blank(action)?.lowercased())
            if let text = blank(engagement) {
                guard let id = UUID(uuidString: text) else { throw DomainError.invalid("engagement", "The engagement must be an engagement's id (a UUID).", code: "invalid_id") }
                filter.engagementID = id
            }
            if let text = blank(from) { filter.from = try CalendarDate.parse(text, field: "from") }
            if let text = blank(to) { filter.to = try CalendarDate.parse(text, field: "to") }
            if let from = filter.from, let to = filter.to, from > to {
                throw DomainError.invalid("to", "The period ends (\(to)) before it starts (\(from)).", code: "invalid_period")
            }
            return filter
        }

        /// The filters as query items (for page links), in a fixed order.
        var queryItems: [(String, String)] {
            [("engagement", engagementID?.uuidString.lowercased()), ("actor", actorID), ("action", action), ("from", from), ("to", to)]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }

    /// One page of the entries `actor` may read, newest first: an admin reads the whole trail, a coach
    /// the entries of their own engagements; anyone else nothing (`forbidden`, from the policy).
    /// - Parameter zone: the reader's IANA zone, in which `from` and `to` are days.
    /// - Throws: `forbidden` from the access policy; the database's error.
    static func page(for actor: Actor, _ filter: Filter, _ request: PageRequest, zone: String,
                     on db: any Database) async throws -> (entries: [AuditEvent], hasNext: Bool) {
        if case .deny(let reason) = AccessPolicy().decide(actor.accountRole, .view, .auditTrail) {
            throw DomainError(.forbidden, code: "forbidden", message: reason)
        }
        var query = AuditEvent.query(on: db).sort(\.$sequence, .descending)
        if case .user(let user) = actor, user.accountRole != .admin {
            let coachID = try user.requireID()
            query = query.filter(.sql(embed: "\(ident: "engagement_id") IN (SELECT id FROM \(ident: Engagement.schema) WHERE coach_id = \(bind: coachID))"))
        }
        if let id = filter.engagementID { query = query.filter(\.$engagementID == id) }
        if let actorID = filter.actorID {
            // A bare id (as shown in a URL) is an account's or a person's.
            if UUID(uuidString: actorID) != nil { query = query.filter(\.$actorID ~~ ["user:\(actorID)", "person:\(actorID)"]) }
            else { query = query.filter(\.$actorID == actorID) }
        }
        if let action = filter.action { query = query.filter(\.$action == action) }
        // The hashed time, not `created_at`: a time changed by hand must not move an entry in or out.
        if let from = filter.from, let start = CalendarDate.start(of: from, zone: zone) {
            query = query.filter(\.$atMilliseconds >= AuditTrail.milliseconds(start))
        }
        if let to = filter.to, let end = CalendarDate.start(ofDayAfter: to, zone: zone) {
            query = query.filter(\.$atMilliseconds < AuditTrail.milliseconds(end))
        }
        let offset = (request.page - 1) * request.per
        let rows = try await query.range(offset..<(offset + request.per + 1)).all()
        return (Array(rows.prefix(request.per)), rows.count > request.per)
    }
}
