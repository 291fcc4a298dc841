import Vapor
import Fluent
import CoachworkCore

/// An engagement as seen by the signed-in actor: the actor's role in it and the state
/// the access policy needs. Every engagement read and write goes through ``authorize(_:_:)``.
struct EngagementScope {
    let req: Request
    let engagement: Engagement
    let actor: Actor
    /// The actor's role in this engagement (nil: none, which is never the case once loaded).
    let role: Role
    let context: AccessContext

    /// The engagement's id.
    var id: UUID { engagement.id! }

    /// Today in the actor's time zone (`YYYY-MM-DD`): the reference for typed dates.
    var today: String { CalendarDate.of(req.now, zone: actor.timeZone) }

    /// A named party of the engagement; raw values are the stored `party` codes.
    enum Party: String { case client, sponsor, seniorExecutive = "senior_executive", hrPartner = "hr_partner" }

    /// Which named party the signed-in person is (nil for account users and strangers).
    /// Unlike ``role``, a senior executive is not the sponsor here: only named parties
    /// accept agreements or acknowledge plans.
    var party: Party? {
        guard case .person(let person) = actor else { return nil }
        switch person.id {
        case engagement.$client.id: return .client
        case engagement.$sponsor.id: return .sponsor
        case engagement.$hrPartner.id: return .hrPartner
        case engagement.$seniorExecutive.id: return .seniorExecutive
        default: return nil
        }
    }

    /// ``party`` when it is one of `allowed`, else nil.
    func party(among allowed: Set<Party>) -> Party? {
        party.flatMap { allowed.contains($0) ? $0 : nil }
    }

    /// Asks the one access policy.
    /// - Throws: `forbidden` with the policy's reason.
    func authorize(_ action: Action, _ resource: Resource) throws {
        if case .deny(let reason) = AccessPolicy().decide(role, action, resource, context: context) {
            throw DomainError(.forbidden, code: "forbidden", message: reason)
        }
    }

    /// Whether the signed-in party is listed on `meeting` (the client attends every meeting) and was
    /// told of it (not a proposal the coach has yet to send).
    func attends(_ meeting: Meeting) -> Bool {
        // A proposal the coach has not sent is nobody else's yet.
        guard let party, meeting.proposedAt == nil else { return false }
        return party == .client || meeting.attendeeList.contains(party.rawValue)
    }

    /// Asks the policy whether the actor may see `meeting`'s details (time, place, objective).
    /// - Throws: `forbidden` with the policy's reason.
    func authorizeDetails(of meeting: Meeting) throws {
        var context = self.context
        context.attendsMeeting = attends(meeting)
        if case .deny(let reason) = AccessPolicy().decide(role, .view, .meetingDetails, context: context) {
            throw DomainError(.forbidden, code: "forbidden", message: reason)
        }
    }

    /// Whether the actor decides on proposed raters: the policy's sponsor role, which a senior
    /// executive shares for reading, narrowed to the named sponsor (as accepting the agreement
    /// is); the coach always. One rule for the buttons and the writes.
    var decidesRaters: Bool {
        can(.update, .stakeholderList) && (role != .sponsor || party(among: [.sponsor]) != nil)
    }

    /// `true` when the policy allows it (for showing or hiding parts of a page).
    func can(_ action: Action, _ resource: Resource) -> Bool {
        AccessPolicy().allows(role, action, resource, context: context)
    }

    /// Checks that `step` fits the phase and status, for the coach's writes.
    func check(_ step: EngagementStep) throws {
        try step.check(phase: engagement.currentPhase, active: engagement.isActive)
    }

    /// Records an entry of the audit trail in `db` (pass the transaction of the change, so the entry
    /// commits with it). `object` is `<type>:<uuid>` of what was acted on, when there is one.
    func audit(_ action: String, _ detail: String, object: String? = nil, on db: (any Database)? = nil) async throws {
        try await AuditTrail.append(.init(AuditActor(self), engagementID: id, action: action, object: object, detail: detail, at: req.now),
                                    on: db ?? req.db)
    }
}

extension Request {
    /// Loads engagement `id` for the signed-in actor.
    ///
    /// - Throws: `notFound` when it does not exist *or* the actor has no part in it (so
    ///   outsiders cannot probe which engagements exist); `unauthenticated` when signed out.
    func engagementScope(_ id: UUID?) async throws -> EngagementScope {
        let actor = try requireActor()
        guard let id, let engagement = try await Engagement.find(id, on: db),
              let role = Self.role(of: actor, in: engagement) else {
            throw DomainError(.notFound, code: "engagement_not_found", message: "There is no such engagement.")
        }
        let idpShared = try await IDPRevision.query(on: db).filter(\.$engagement.$id == id)
            .filter(\.$sharedAt != nil).count() > 0
        let released = try await FinalReport.query(on: db).filter(\.$engagement.$id == id).filter(\.$releasedAt != nil).count() > 0
        return EngagementScope(req: self, engagement: engagement, actor: actor, role: role,
                               context: AccessContext(idpShared: idpShared, finalReportReleased: released))
    }

    /// `engagementScope` for the `engagementID` route parameter.
    func engagementScope() async throws -> EngagementScope {
        try await engagementScope(parameters.get("engagementID", as: UUID.self))
    }

    /// The role `actor` plays in `engagement`, or nil for none. A senior executive sees
    /// what a sponsor sees; only the named sponsor accepts the agreement.
    static func role(of actor: Actor, in engagement: Engagement) -> Role? {
        switch actor {
        case .user(let user):
            if user.id == engagement.$coach.id { return .coach }
            return user.accountRole == .admin ? .admin : nil
        case .person(let person):
            switch person.id {
            case engagement.$client.id: return .client
            case engagement.$sponsor.id, engagement.$seniorExecutive.id: return .sponsor
            case engagement.$hrPartner.id: return .hrPartner
            default: return nil
            }
        }
    }
}
