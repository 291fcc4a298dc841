import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Handing an engagement over to another coach of the practice (the coach leaves or is ill).
///
/// One transaction: the engagement's coach changes, so the new coach reads and writes everything
/// the old one did, private notes included, and the old coach loses access at once (access follows
/// `engagements.coach_id`). The client, sponsor and HR partner each get an email naming the new
/// coach with a sign-in link to the engagement; the change is in the audit trail.
struct EngagementHandover {
    let req: Request

    /// The active coach accounts `engagement` could go to (not its coach), by name; at most 500.
    static func candidates(for engagement: Engagement, on db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$role == Role.coach.rawValue).filter(\.$disabledAt == nil)
            .filter(\.$id != engagement.$coach.id).sort(\.$name).limit(500).all()
    }

    /// Hands `scope`'s engagement to coach account `newCoachID`.
    /// - Returns: the new coach.
    /// - Throws: `forbidden` (policy); `invalid` naming `coachId` for an unknown, deactivated or
    ///   non-coach account, or the current coach; 409 `engagement_ended` for a closed or cancelled one.
    @discardableResult
    func handOver(_ scope: EngagementScope, to newCoachID: UUID?, note typed: String?) async throws -> User {
        try scope.authorize(.update, .coachAssignment)
        let engagement = scope.engagement
        guard engagement.isOngoing else {
            throw DomainError(.conflict, code: "engagement_ended", message: "The engagement is \(engagement.status); there is nothing to hand over.")
        }
        guard let newCoachID, let coach = try await User.find(newCoachID, on: req.db), coach.accountRole == .coach, coach.disabledAt == nil else {
            throw DomainError.invalid("coachId", "Choose an active coach account of the practice.", code: "invalid_coach")
        }
        guard newCoachID != engagement.$coach.id else {
            throw DomainError.invalid("coachId", "\(coach.name) already coaches this engagement.", code: "same_coach")
        }
        let note = TextInput.optional(typed)
        if (note?.count ?? 0) > 1000 { throw DomainError.invalid("note", "Keep the note under 1000 characters.", code: "too_long") }
        let parties = try await Person.query(on: req.db)
            .filter(\.$id ~~ [engagement.$client.id, engagement.$sponsor.id, engagement.$hrPartner.id]).all()
        let client = parties.first { $0.id == engagement.$client.id }?.name ?? "the client"
        let previous = engagement.$coach.id
        let previousName = try await User.find(previous, on: req.db)?.name ?? "a former coach"
        try await req.db.writeTransaction { db in
            let sql = db as! any SQLDatabase
            let moved = try await sql.update(Engagement.schema).set("coach_id", to: SQLBind(newCoachID))
                .where("id", .equal, SQLBind(scope.id)).where("coach_id", .equal, SQLBind(previous)).returning("id").all()
            guard moved.count == 1 else {
                throw DomainError(.conflict, code: "coach_changed", message: "The engagement was handed over at the same moment. Reload the page.")
            }
            for person in parties {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.engagement(scope.id), purpose: "coach_handover",
                    key: "\(scope.id):\(newCoachID):\(person.id!)",
                    subject: "\(coach.name) is now the coach of \(client)'s engagement",
                    intro: "\(coach.name) (\(coach.email)) now coaches this engagement and has everything it holds so far; the agreement, plan and schedule stay as they are."
                        + (note.map { " \($0)" } ?? ""),
                    engagementID: scope.id, on: db)
            }
            try await scope.audit("engagement_handed_over",
                                  "Engagement handed over from \(previousName) (user:\(previous.uuidString.lowercased())) to \(coach.name) (user:\(newCoachID.uuidString.lowercased())).",
                                  object: "user:\(newCoachID.uuidString.lowercased())", on: db)
        }
        engagement.$coach.id = newCoachID
        return coach
    }
}
