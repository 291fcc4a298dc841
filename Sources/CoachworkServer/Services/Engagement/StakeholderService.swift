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

    /// Adds a stakeholder to the engagement.
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
        try await req.db.transaction { db in
            try await stakeholder.create(on: db)
            try await scope.audit("stakeholder_nominated", "A \(relationship.replacingOccurrences(of: "_", with: " ")) was nominated.", on: db)
        }
        return stakeholder
    }

    /// The nominated (not withdrawn) stakeholders, by name.
    static func active(_ engagementID: UUID, on db: any Database) async throws -> [Stakeholder] {
        try await Stakeholder.query(on: db).filter(\.$engagement.$id == engagementID).filter(\.$withdrawnAt == nil).sort(\.$name).all()
    }
}
