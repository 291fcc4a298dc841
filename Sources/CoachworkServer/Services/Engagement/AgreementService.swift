import Vapor
import Fluent
import CoachworkCore

/// The coaching agreement: drafts, versions, proposal and acceptance by client and sponsor.
struct AgreementService {
    let req: Request

    /// The agreement fields as typed.
    struct Draft: Sendable {
        var plannedSessions: Int?
        var cadenceWeeks: Int?
        var durationMonths: Int?
        var confidentialityTerms: String?
        var goals: [GoalInput]
    }

    /// One goal as typed.
    struct GoalInput: Sendable {
        var statement: String?
        var successMeasure: String?
        /// `YYYY-MM-DD`.
        var targetDate: String?
    }

    static let defaultConfidentiality = "What the client says in coaching sessions stays between client and coach. The 360 report belongs to the client: coach and client read it in full. Sponsor and HR partner receive the agreed goals, the stakeholder list, the target competencies and what the client chooses to share of the 360 (a summary the client approves and, if the client wishes, the average rating per competency), the shared development plan, aggregated progress results and the final report the client approved; never session notes, interview notes, individual ratings or 360 comments."

    /// The highest version of the engagement's agreement.
    static func current(of engagementID: UUID, on db: any Database) async throws -> CoachingAgreement? {
        try await CoachingAgreement.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$version, .descending).first()
    }

    /// The latest version accepted by client and sponsor: its goals are the ones the IDP, the sponsor's
    /// pages, exports and the final report use (a later draft or proposal is not agreed yet).
    static func accepted(of engagementID: UUID, on db: any Database) async throws -> CoachingAgreement? {
        try await CoachingAgreement.query(on: db).filter(\.$engagement.$id == engagementID)
            .filter(\.$status == CoachingAgreement.Status.accepted.rawValue).sort(\.$version, .descending).first()
    }

    /// The goals of the accepted version (none before the first acceptance), in order.
    static func acceptedGoals(of engagementID: UUID, on db: any Database) async throws -> [Goal] {
        try await accepted(of: engagementID, on: db)?.$goals.query(on: db).sort(\.$position).all() ?? []
    }

    /// One version with its goals and acceptances (with the person who accepted).
    struct Version: Sendable {
        var agreement: CoachingAgreement
        var goals: [Goal]
        var acceptances: [AgreementAcceptance]
    }

    /// Every version, oldest first: versions are kept, never overwritten, and each keeps its acceptances.
    static func versions(of engagementID: UUID, on db: any Database) async throws -> [Version] {
        var result: [Version] = []
        for a in try await CoachingAgreement.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$version).all() {
            result.append(.init(agreement: a, goals: try await a.$goals.query(on: db).sort(\.$position).all(),
                                acceptances: try await a.$acceptances.query(on: db).with(\.$person).sort(\.$acceptedAt).all()))
        }
        return result
    }

    static func createFirstDraft(for engagement: Engagement, on db: any Database) async throws {
        let agreement = CoachingAgreement()
        agreement.$engagement.id = try engagement.requireID()
        agreement.version = 1
        agreement.plannedSessions = 8
        agreement.cadenceWeeks = 2
        agreement.durationMonths = 6
        agreement.confidentialityTerms = defaultConfidentiality
        agreement.status = CoachingAgreement.Status.draft.rawValue
        try await agreement.create(on: db)
    }

    /// Saves the draft; once the current version was proposed or accepted, creates the next
    /// version (which needs acceptance again).
    /// - Throws: ``FormErrors`` naming each field (goals as `goals[i].statement`).
    @discardableResult
    func save(_ scope: EngagementScope, _ draft: Draft) async throws -> CoachingAgreement {
        try scope.authorize(.update, .agreement)
        try scope.check(.editAgreement)
        var errors = FormErrors()
        func whole(_ value: Int?, _ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value, range.contains(value) else {
                errors.add(field, "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound)."); return nil
            }
            return value
        }
        let sessions = whole(draft.plannedSessions, "plannedSessions", "Planned sessions", 1...100)
        let cadence = whole(draft.cadenceWeeks, "cadenceWeeks", "Weeks between sessions", 1...12)
        let months = whole(draft.durationMonths, "durationMonths", "Duration in months", 1...36)
        let terms = errors.collect { try TextInput.required(draft.confidentialityTerms, field: "confidentialityTerms", label: "Confidentiality terms", maxLength: 4000) }
        if draft.goals.count > 20 { errors.add("goals", "An agreement has at most 20 goals; concrete and few is better.") }
        var goals: [(String, String, String)] = []
        for (i, goal) in draft.goals.enumerated() {
            let statement = errors.collect { try TextInput.required(goal.statement, field: "goals[\(i)].statement", label: "Goal \(i + 1)", maxLength: 1000) }
            let measure = errors.collect { try TextInput.required(goal.successMeasure, field: "goals[\(i)].successMeasure", label: "Success measure of goal \(i + 1)", maxLength: 1000) }
            let date = errors.collect { try CalendarDate.parse(goal.targetDate, field: "goals[\(i)].targetDate", within: .plannedDay, today: scope.today) }
            if let statement, let measure, let date { goals.append((statement, measure, date)) }
        }
        try errors.throwIfAny()
        let engagementID = scope.id
        let validGoals = goals
        return try await req.db.writeTransaction { db in
            var agreement = try await Self.current(of: engagementID, on: db)!
            if agreement.status != CoachingAgreement.Status.draft.rawValue {
                let next = CoachingAgreement()
                next.$engagement.id = engagementID
                next.version = agreement.version + 1
                next.status = CoachingAgreement.Status.draft.rawValue
                agreement = next
            }
            agreement.plannedSessions = sessions!
            agreement.cadenceWeeks = cadence!
            agreement.durationMonths = months!
            agreement.confidentialityTerms = terms!
            try await agreement.save(on: db)
            try await agreement.$goals.query(on: db).delete()
            for (position, goal) in validGoals.enumerated() {
                let row = Goal()
                row.$agreement.id = try agreement.requireID()
                row.position = position + 1
                (row.statement, row.successMeasure, row.targetDate) = goal
                try await row.create(on: db)
            }
            try await scope.audit("agreement_saved", "Agreement version \(agreement.version) saved with \(validGoals.count) goals.", on: db)
            return agreement
        }
    }

    /// Proposes the current draft: client and sponsor each get a personal link to accept it.
    /// - Throws: 409 when there is no draft to propose or it has no goal.
    func propose(_ scope: EngagementScope) async throws {
        try scope.authorize(.update, .agreement)
        try scope.check(.proposeAgreement)
        guard let agreement = try await Self.current(of: scope.id, on: req.db),
              agreement.status == CoachingAgreement.Status.draft.rawValue else {
            throw DomainError(.conflict, code: "agreement_not_draft", message: "The current agreement version was already proposed. Change it to make a new version.")
        }
        guard try await agreement.$goals.query(on: req.db).count() > 0 else {
            throw DomainError(.conflict, code: "agreement_has_no_goal", message: ExitCriterion.agreementHasGoal.message)
        }
        let engagement = scope.engagement
        try await engagement.$client.load(on: req.db)
        try await engagement.$sponsor.load(on: req.db)
        let agreementID = try agreement.requireID()
        try await req.db.writeTransaction { db in
            agreement.status = CoachingAgreement.Status.proposed.rawValue
            agreement.proposedAt = req.now
            try await agreement.save(on: db)
            for (party, person) in [("client", engagement.client), ("sponsor", engagement.sponsor)] {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.agreement(scope.id), purpose: "agreement_acceptance",
                    key: "\(agreementID):\(party)",
                    subject: party == "client" ? "Please review your coaching agreement" : "Please review the coaching agreement for \(engagement.client.name)",
                    // The coach is the client's; the sponsor is told whose agreement it is.
                    intro: (party == "client" ? "Your coach" : "\(engagement.client.name)'s coach")
                        + " has proposed version \(agreement.version) of the coaching agreement for \(engagement.client.name). Please read it and accept it if it reflects what you agreed.",
                    engagementID: scope.id, on: db)
            }
            try await scope.audit("agreement_proposed", "Version \(agreement.version) proposed to client and sponsor.", on: db)
        }
    }

    /// Records the signed-in client's or sponsor's acceptance of the current version.
    /// - Throws: 409 when nothing is proposed or this party already accepted this version.
    /// - Parameter version: the version the person read; a newer one is refused (409), so
    ///   nobody accepts terms they have not seen. Nil skips the check.
    func accept(_ scope: EngagementScope, version: Int?) async throws {
        try scope.authorize(.acknowledge, .agreement)
        guard case .person(let person) = scope.actor, let party = scope.party(among: [.client, .sponsor])?.rawValue else {
            throw DomainError(.forbidden, code: "forbidden", message: "Only the client and the named sponsor accept the agreement.")
        }
        guard let agreement = try await Self.current(of: scope.id, on: req.db),
              agreement.status != CoachingAgreement.Status.draft.rawValue else {
            throw DomainError(.conflict, code: "agreement_not_proposed", message: "There is no proposed agreement to accept yet.")
        }
        if let version, version != agreement.version {
            throw DomainError(.conflict, code: "agreement_changed",
                              message: "The agreement changed since you opened it: please read version \(agreement.version) before accepting.")
        }
        let parties = try await agreement.$acceptances.query(on: req.db).all(\.$party)
        guard !parties.contains(party) else {
            throw DomainError(.conflict, code: "already_accepted", message: "You already accepted version \(agreement.version).")
        }
        try await req.db.writeTransaction { db in
            let acceptance = AgreementAcceptance()
            acceptance.$agreement.id = try agreement.requireID()
            acceptance.$person.id = try person.requireID()
            acceptance.party = party
            acceptance.acceptedAt = req.now
            try await acceptance.create(on: db)
            if Set(parties + [party]) == ["client", "sponsor"] {
                agreement.status = CoachingAgreement.Status.accepted.rawValue
                try await agreement.save(on: db)
            }
            try await scope.audit("agreement_accepted", "Version \(agreement.version) accepted by the \(party).", on: db)
        }
    }
}
