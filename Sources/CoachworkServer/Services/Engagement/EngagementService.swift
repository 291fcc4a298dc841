import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Creating engagements, moving them through the phases, and emailing the parties.
struct EngagementService {
    let req: Request

    /// What the coach types to open an engagement.
    struct NewEngagement: Sendable {
        var clientID: UUID?
        var sponsorID: UUID?
        var hrPartnerID: UUID?
        var seniorExecutiveID: UUID?
        var presentingProblem: String?
        var objective: String?
    }

    /// Opens an engagement in the contracting phase with a first agreement draft.
    /// - Throws: ``FormErrors`` naming each bad field; `forbidden` unless a coach.
    func create(_ input: NewEngagement) async throws -> Engagement {
        try req.authorize(.create, .engagement)
        let coach = try req.requireUser()
        var errors = FormErrors()
        let problem = errors.collect { try TextInput.required(input.presentingProblem, field: "presentingProblem", label: "Presenting problem", maxLength: 4000) }
        let objective = errors.collect { try TextInput.required(input.objective, field: "objective", label: "Objective", maxLength: 4000) }
        func person(_ id: UUID?, _ field: String, _ label: String, required: Bool = true) async throws -> UUID? {
            guard let id else { if required { errors.add(field, "Choose the \(label).") }; return nil }
            // A coach picks only people in their reach: another coach's client is "no such person", even by id.
            guard try await PeopleService(db: req.db).directory(for: coach).filter(\.$id == id).count() > 0 else {
                errors.add(field, "There is no such person."); return nil
            }
            return id
        }
        let client = try await person(input.clientID, "clientId", "client")
        let sponsor = try await person(input.sponsorID, "sponsorId", "sponsor")
        let hr = try await person(input.hrPartnerID, "hrPartnerId", "HR partner")
        let senior = try await person(input.seniorExecutiveID, "seniorExecutiveId", "senior executive", required: false)
        if let client, [sponsor, hr, senior].contains(client) {
            errors.add("clientId", "The client cannot also be the sponsor, HR partner or senior executive.")
        }
        try errors.throwIfAny()
        let engagement = Engagement()
        engagement.$coach.id = try coach.requireID()
        engagement.$client.id = client!
        engagement.$sponsor.id = sponsor!
        engagement.$hrPartner.id = hr!
        engagement.$seniorExecutive.id = senior
        engagement.presentingProblem = problem!
        engagement.objective = objective!
        engagement.phase = Phase.contracting.rawValue
        engagement.status = Engagement.Status.active.rawValue
        try await req.db.writeTransaction { db in
            try await engagement.create(on: db)
            try await AgreementService.createFirstDraft(for: engagement, on: db)
            let scope = EngagementScope(req: req, engagement: engagement, actor: .user(coach), role: .coach, context: AccessContext())
            try await scope.audit("engagement_created", "Engagement opened in the contracting phase.", on: db)
        }
        return engagement
    }

    /// Moves to the next phase when every exit criterion holds. Closing an engagement that still
    /// has planned meetings asks first: it is refused unless `cancelPlannedMeetings`, which cancels
    /// them in the same transaction (invited attendees get `METHOD:CANCEL`).
    /// - Throws: 409 `exit_criteria_unmet` listing every unmet criterion by code and words; 409
    ///   `planned_meetings_left` listing the meetings that would be cancelled.
    func advance(_ scope: EngagementScope, cancelPlannedMeetings: Bool = false) async throws -> Phase {
        try scope.authorize(.update, .phase)
        let engagement = scope.engagement
        guard engagement.isActive else {
            throw DomainError(.conflict, code: "engagement_inactive", message: "The engagement is \(engagement.status); it cannot move on.")
        }
        let facts = try await EngagementFactsLoader.load(engagement, on: req.db)
        let from = engagement.currentPhase
        let next: Phase
        do { next = try PhaseGate().advance(from: from, facts: facts) } catch {
            throw DomainError.phaseGate(error, from: from)
        }
        let status = next == .closed ? Engagement.Status.closed.rawValue : engagement.status
        let planned = next == .closed
            ? try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$status == Meeting.Status.planned.rawValue).sort(\.$startsAt).all()
            : []
        if !planned.isEmpty && !cancelPlannedMeetings {
            let zone = scope.actor.timeZone
            throw DomainError(.conflict, code: "planned_meetings_left",
                              message: "\(planned.count) planned meeting\(planned.count == 1 ? " is" : "s are") still on the calendar. Closing cancels \(planned.count == 1 ? "it" : "them") and sends invited attendees a cancellation; confirm to close.",
                              details: planned.map { .init(code: "planned_meeting", message: "\($0.meetingKind.title), \(LocalTime.format($0.startsAt, zone: zone))") })
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            if !planned.isEmpty {
                try await EngagementLifecycle.cancel(planned, of: scope, reason: "The engagement was closed.", req: req, now: now, on: db)
            }
            // Only the request that still sees the old phase moves it (two clicks, one move).
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database required") }
            let moved = try await sql.update(Engagement.schema)
                .set("phase", to: SQLBind(next.rawValue)).set("status", to: SQLBind(status))
                .set("ended_at", to: SQLBind(next == .closed ? now : nil))
                .where("id", .equal, SQLBind(scope.id)).where("phase", .equal, SQLBind(from.rawValue))
                .returning("id").all()
            guard moved.count == 1 else {
                throw DomainError(.conflict, code: "phase_changed", message: "The engagement already moved on. Reload the page.")
            }
            try await scope.audit("phase_advanced", "\(from.title) → \(next.title)"
                                  + (planned.isEmpty ? "" : "; \(planned.count) planned meeting\(planned.count == 1 ? "" : "s") cancelled."), on: db)
        }
        engagement.phase = next.rawValue
        engagement.status = status
        return next
    }

    /// Emails `person` a sign-in link that lands on `path` (within the caller's transaction);
    /// `stopURL` marks a reminder (List-Unsubscribe).
    static func mailLink(_ req: Request, to person: Person, path: String, purpose: String, key: String,
                         subject: String, intro: String, engagementID: UUID?, stopURL: String? = nil, on db: any Database) async throws {
        let token = Secret.generate()
        let expiresAt = req.now.addingTimeInterval(TimeInterval(req.config.personalLinkHours) * 3600)
        let link = PersonalLink(tokenHash: Secret.hash(token), personID: try person.requireID(), purpose: .signIn,
                                expiresAt: expiresAt, nextPath: path)
        try await link.create(on: db)
        let content = MailTemplates.actionLink(
            name: person.name, subject: subject, intro: intro, url: req.config.baseURL + Paths.link(token),
            expiresAt: expiresAt, zone: person.timeZone, requestLinkURL: req.config.baseURL + Paths.requestLink, stopURL: stopURL)
        try await req.enqueueMail(on: db, purpose: purpose, key: key, to: MailAddress(name: person.name, email: person.email),
                                  content: content, engagementID: engagementID)
    }
}
