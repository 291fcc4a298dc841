import Vapor
import Fluent
import CoachworkCore

/// Nominating stakeholders: colleagues who give feedback through personal links.
struct StakeholderService {
    let req: Request

    /// Relationships a stakeholder may have to the client.
    static let relationships = ["manager", "peer", "direct_report", "customer", "other"]

    /// A stakeholder as typed.
    struct Nomination: Sendable {
        var name: String?
        var email: String?
        var relationship: String?
        var timeZone: String?
    }

    /// Adds a stakeholder to the engagement: approved at once when the coach nominates, a proposal
    /// awaiting the sponsor's (or coach's) approval when the client does.
    /// - Throws: ``FormErrors`` (a duplicate email included); 409 in the contracting phase.
    func nominate(_ scope: EngagementScope, _ input: Nomination) async throws -> Stakeholder {
        try scope.authorize(.create, .stakeholderList)
        try scope.check(.nominateStakeholders)
        var errors = FormErrors()
        let name = errors.collect { try TextInput.required(input.name, field: "name", label: "Name") }
        let email = errors.collect { try TextInput.email(input.email) }
        let relationship = input.relationship ?? ""
        if !Self.relationships.contains(relationship) { errors.add("relationship", "Choose manager, peer, direct report, customer or other.") }
        let zone = errors.collect { try TextInput.timeZone(input.timeZone ?? "UTC") }
        if let email, try await Stakeholder.query(on: req.db).filter(\.$engagement.$id == scope.id)
            .filter(\.$email == email).filter(\.$withdrawnAt == nil).count() > 0 {
            errors.add("email", "This stakeholder is already nominated.")
        }
        if let email, try await scope.engagement.$client.get(on: req.db).email == email {
            errors.add("email", "The client rates themself in the self-assessment; a stakeholder is someone else.")
        }
        try errors.throwIfAny()
        let stakeholder = Stakeholder()
        stakeholder.$engagement.id = scope.id
        stakeholder.name = name!
        stakeholder.email = email!
        stakeholder.relationship = relationship
        stakeholder.timeZone = zone!
        let proposal = scope.role == .client
        stakeholder.proposedBy = proposal ? "client" : "coach"
        stakeholder.status = proposal ? "proposed" : "approved"
        if !proposal {
            stakeholder.decidedBy = scope.actor.displayName
            stakeholder.decidedAt = req.now
        }
        let words = relationship.replacingOccurrences(of: "_", with: " ")
        let sponsor = proposal ? try await scope.engagement.$sponsor.get(on: req.db) : nil
        let clientName = proposal ? try await scope.engagement.$client.get(on: req.db).name : ""
        try await req.db.writeTransaction { db in
            try await stakeholder.create(on: db)
            // The sponsor approves proposals: tell them one waits (one email per proposal).
            if let sponsor {
                try await EngagementService.mailLink(
                    req, to: sponsor, path: Paths.engagement(scope.id), purpose: "rater_proposed", key: "\(stakeholder.id!)",
                    subject: "\(clientName) proposed a rater for the 360-degree assessment",
                    intro: "\(clientName) proposed a \(words) as a rater. Please approve or decline the proposal on the engagement page; questionnaires go only to approved raters.",
                    engagementID: scope.id, on: db)
            }
            try await scope.audit(proposal ? "rater_proposed" : "stakeholder_nominated",
                                  proposal ? "The client proposed a \(words) as rater." : "A \(words) was nominated.", on: db)
        }
        return stakeholder
    }

    /// Approves or declines a rater the client proposed (sponsor or coach).
    /// - Throws: 404 for an unknown stakeholder; 409 when it was already decided; `forbidden` for other roles.
    func decide(_ scope: EngagementScope, stakeholderID: UUID?, approve: Bool) async throws -> Stakeholder {
        try scope.authorize(.update, .stakeholderList)
        if !scope.decidesRaters {
            throw DomainError(.forbidden, code: "forbidden", message: "Only the engagement's sponsor or coach approves or declines raters.")
        }
        guard let stakeholderID, let stakeholder = try await Stakeholder.query(on: req.db).filter(\.$id == stakeholderID)
                .filter(\.$engagement.$id == scope.id).filter(\.$withdrawnAt == nil).first() else {
            throw DomainError(.notFound, code: "stakeholder_not_found", message: "There is no such stakeholder in this engagement.")
        }
        // A proposal is decided once by the sponsor; the coach may still reinstate a declined rater.
        guard stakeholder.status == "proposed" || (stakeholder.status == "declined" && approve && scope.role == .coach) else {
            throw DomainError(.conflict, code: "rater_already_decided", message: "This rater was already \(stakeholder.isApproved ? "approved" : "declined").")
        }
        stakeholder.status = approve ? "approved" : "declined"
        stakeholder.decidedBy = scope.actor.displayName
        stakeholder.decidedAt = req.now
        try await req.db.writeTransaction { db in
            try await stakeholder.save(on: db)
            try await scope.audit(approve ? "rater_approved" : "rater_declined",
                                  "A proposed \(stakeholder.relationship.replacingOccurrences(of: "_", with: " ")) was \(approve ? "approved" : "declined").", on: db)
        }
        return stakeholder
    }

    /// The approved, not withdrawn stakeholders, by name: the raters assessments and surveys invite.
    static func active(_ engagementID: UUID, on db: any Database) async throws -> [Stakeholder] {
        try await nominated(engagementID, on: db).filter(\.isApproved)
    }

    /// Every stakeholder, withdrawn ones included, by name (the engagement page lists both).
    static func everyone(_ engagementID: UUID, on db: any Database) async throws -> [Stakeholder] {
        try await Stakeholder.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$name).all()
    }

    /// Every not withdrawn stakeholder, proposals and declined ones included, by name.
    static func nominated(_ engagementID: UUID, on db: any Database) async throws -> [Stakeholder] {
        try await Stakeholder.query(on: db).filter(\.$engagement.$id == engagementID).filter(\.$withdrawnAt == nil).sort(\.$name).all()
    }
}
