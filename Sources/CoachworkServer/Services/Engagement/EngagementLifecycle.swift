import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Pausing, resuming and cancelling an engagement (the coach's; rules in ``EngagementStatus``).
///
/// - Paused: the phase stays; nothing is sent (reminders and planned rounds wait), rater and
///   stakeholder links say the engagement is paused and keep working once it resumes; the coach's
///   forms are closed until then.
/// - Cancelled (final): planned meetings are cancelled, invited attendees get `METHOD:CANCEL`; open
///   360s and mini-survey rounds close (their links stop working); planned rounds never open.
/// Each change is one transaction with its audit entry.
struct EngagementLifecycle {
    let req: Request

    /// Applies `change` with `reason` (typed text; blank = none).
    /// - Returns: the new status.
    /// - Throws: `forbidden` (policy), ``DomainError`` from ``EngagementStatus/applying(_:reason:)`` and, to
    ///   reopen, ``EngagementStatus/checkReopen(endedAt:now:graceDays:)`` with the practice's grace period;
    ///   409 `status_changed` when another request changed the status first.
    @discardableResult
    func change(_ scope: EngagementScope, _ change: EngagementStatus.Change, reason typed: String?) async throws -> EngagementStatus {
        try scope.authorize(.update, .engagement)
        let engagement = scope.engagement
        let current = EngagementStatus(rawValue: engagement.status) ?? .active
        let reason = TextInput.optional(typed)
        let next = try current.applying(change, reason: reason)
        let now = req.now
        if change == .reopen {
            let grace = try await PracticeSettings.current(on: req.db).reopenGraceDays
            try EngagementStatus.checkReopen(endedAt: engagement.endedAt, now: now, graceDays: grace)
        }
        let planned = change == .cancel
            ? try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$status == Meeting.Status.planned.rawValue).all()
            : []
        let parties = try await Person.query(on: req.db)
            .filter(\.$id ~~ [engagement.$client.id, engagement.$sponsor.id, engagement.$hrPartner.id]).all()
        try await req.db.writeTransaction { db in
            let sql = db as! any SQLDatabase
            // Only the request that still sees the old status changes it (two clicks, one change).
            let moved = try await sql.update(Engagement.schema)
                .set("status", to: SQLBind(next.rawValue)).set("status_reason", to: SQLBind(next == .active ? nil : reason))
                .set("ended_at", to: SQLBind(next.isOngoing ? nil : now))
                .where("id", .equal, SQLBind(scope.id)).where("status", .equal, SQLBind(current.rawValue))
                .returning("id").all()
            guard moved.count == 1 else {
                throw DomainError(.conflict, code: "status_changed", message: "The engagement's status changed at the same moment. Reload the page.")
            }
            if change == .cancel { try await cancelWork(scope, meetings: planned, reason: reason, now: now, on: db) }
            // The reason is free text (it may name people or hold an address), so the append-only trail
            // says that one was given; it stays on the engagement and in the parties' emails.
            let detail = switch change {
            case .pause: "Engagement paused (reason given to the parties)."
            case .resume: "Engagement resumed."
            case .reopen: "Engagement reopened (reason given to the parties)."
            case .cancel: "Engagement cancelled (reason given to the parties); \(planned.count) planned meeting\(planned.count == 1 ? "" : "s") cancelled."
            }
            try await scope.audit("engagement_\(change == .reopen ? "reopened" : next == .active ? "resumed" : next.rawValue)", detail, on: db)
            try await tell(parties, of: scope, change, reason: reason, now: now, on: db)
        }
        engagement.status = next.rawValue
        engagement.statusReason = next == .active ? nil : reason
        return next
    }

    /// Emails the client, sponsor and HR partner what changed and why, each with a sign-in link to
    /// the engagement (inside the change's transaction: told exactly when it happened).
    private func tell(_ parties: [Person], of scope: EngagementScope, _ change: EngagementStatus.Change, reason: String?,
                      now: Date, on db: any Database) async throws {
        let client = parties.first { $0.id == scope.engagement.$client.id }?.name ?? "the client"
        let (subject, intro): (String, String) = switch change {
        case .pause: ("\(client)'s coaching engagement is paused",
                      "The coach paused the engagement: \(Self.sentence(reason)) Reminders and surveys wait until it resumes; nothing is lost.")
        case .resume: ("\(client)'s coaching engagement has resumed", "The coach resumed the engagement; it continues where it stopped.")
        case .reopen: ("\(client)'s coaching engagement is reopened",
                       "The coach reopened the cancelled engagement: \(Self.sentence(reason)) Meetings and questionnaires that were cancelled stay cancelled; new ones will be sent.")
        case .cancel: ("\(client)'s coaching engagement was cancelled",
                       "The coach cancelled the engagement: \(Self.sentence(reason)) Planned meetings are cancelled and open questionnaires are closed.")
        }
        for person in parties {
            try await EngagementService.mailLink(req, to: person, path: Paths.engagement(scope.id), purpose: "engagement_\(change.rawValue)",
                                                 key: "\(scope.id):\(change.rawValue):\(Int64(now.timeIntervalSince1970 * 1000)):\(person.id!)",
                                                 subject: subject, intro: intro, engagementID: scope.id, on: db)
        }
    }

    /// `reason` as one sentence ending in a single full stop ("… in February." stays as it is, never "..").
    static func sentence(_ reason: String?) -> String {
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = text.last else { return "" }
        return ".!?…".contains(last) ? text : text + "."
    }

    /// What a cancellation stops, inside its transaction: planned meetings (attendees told), open
    /// 360s, open and planned rounds.
    private func cancelWork(_ scope: EngagementScope, meetings: [Meeting], reason: String?, now: Date, on db: any Database) async throws {
        try await Self.cancel(meetings, of: scope, reason: reason.map { "The engagement was cancelled: \($0)" } ?? "The engagement was cancelled.",
                              req: req, now: now, on: db)
        let sql = db as! any SQLDatabase
        try await sql.update(Assessment.schema).set("status", to: SQLBind("closed")).set("closed_at", to: SQLBind(now))
            .where("engagement_id", .equal, SQLBind(scope.id)).where("status", .equal, SQLBind("open")).run()
        try await sql.update(SurveyRound.schema).set("status", to: SQLBind("closed")).set("closed_at", to: SQLBind(now))
            .where("engagement_id", .equal, SQLBind(scope.id)).where("closed_at", .is, SQLLiteral.null).run()
    }

    /// Cancels planned `meetings` of `scope`'s engagement inside the caller's transaction `db`:
    /// each is claimed (a concurrent change gets 409), marked cancelled with `reason`, and its
    /// invited attendees get `METHOD:CANCEL`. Used by cancelling and by closing an engagement.
    static func cancel(_ meetings: [Meeting], of scope: EngagementScope, reason: String, req: Request, now: Date, on db: any Database) async throws {
        let service = MeetingService(req: req)
        for meeting in meetings {
            let sent = meeting.invitedAt != nil
            meeting.status = Meeting.Status.cancelled.rawValue
            meeting.cancelledAt = now
            meeting.cancellationReason = reason
            meeting.dedupeKey = nil
            meeting.updatedAt = now
            if sent { meeting.sequenceValue = meeting.sequence + 1 }
            try await service.claim(meeting, on: db)
            try await meeting.save(on: db)
            if sent { try await MeetingInvitations(req, engagement: scope.engagement, on: db).cancel(meeting, reason: reason, on: db) }
        }
    }
}
