import Vapor
import Fluent
import CoachworkCore

/// Sponsor's and HR partner's acknowledgement of the shared IDP.
extension PlanService {
    /// The signed-in sponsor or HR partner acknowledges the latest shared revision.
    /// - Parameter revision: the revision the person read; a newer one is refused (409).
    func acknowledge(_ scope: EngagementScope, revision seen: Int?) async throws {
        try scope.authorize(.acknowledge, .idp)
        guard case .person(let person) = scope.actor, let party = scope.party(among: [.sponsor, .hrPartner])?.rawValue else {
            throw DomainError(.forbidden, code: "forbidden", message: "Only the named sponsor and the HR partner acknowledge the IDP.")
        }
        guard let revision = try await Self.latest(scope.id, on: req.db), revision.sharedAt != nil else {
            throw DomainError(.conflict, code: "idp_not_shared", message: "No IDP is shared yet.")
        }
        if let seen, seen != revision.revision {
            throw DomainError(.conflict, code: "idp_changed",
                              message: "The plan changed since you opened it: please read revision \(revision.revision) before acknowledging.")
        }
        guard try await IDPAcknowledgement.query(on: req.db).filter(\.$revision.$id == revision.requireID())
            .filter(\.$party == party).count() == 0 else {
            throw DomainError(.conflict, code: "already_acknowledged", message: "You already acknowledged revision \(revision.revision).")
        }
        try await req.db.writeTransaction { db in
            let ack = IDPAcknowledgement()
            ack.$revision.id = try revision.requireID()
            ack.$person.id = try person.requireID()
            ack.party = party
            ack.acknowledgedAt = req.now
            try await ack.create(on: db)
            try await scope.audit("idp_acknowledged", "IDP revision \(revision.revision) acknowledged by the \(party.replacingOccurrences(of: "_", with: " ")).", on: db)
        }
    }
}
