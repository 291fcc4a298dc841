import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Withdrawing a stakeholder (left the company, declined to rate): the coach's decision (issue 12).
///
/// In one transaction: the stakeholder is marked withdrawn (never invited again); their personal
/// links that are still unused expire; their *unanswered* invitations to open 360s and open rounds
/// are removed (with any saved draft), so response rates count only the stakeholders still invited.
/// What they already submitted stays, and so do closed results (final by construction). The survey
/// trend sees the change as a change of the rater set, since that set is made of who answered.
struct StakeholderWithdrawal {
    let req: Request

    /// Withdraws stakeholder `stakeholderID` of `scope`'s engagement, with an optional `reason`.
    /// - Returns: how many open invitations were removed.
    /// - Throws: `forbidden` (only the coach); 404 `stakeholder_not_found` (unknown or already
    ///   withdrawn); `invalid` naming `reason` when it is over 1000 characters.
    @discardableResult
    func withdraw(_ scope: EngagementScope, stakeholderID: UUID?, reason typed: String?) async throws -> Int {
        try scope.authorize(.delete, .stakeholderList)
        guard scope.engagement.isOngoing else {
            throw DomainError(.conflict, code: "engagement_ended", message: "The engagement is \(scope.engagement.status); its stakeholders no longer change.")
        }
        guard let stakeholderID, let stakeholder = try await Stakeholder.query(on: req.db).filter(\.$id == stakeholderID)
                .filter(\.$engagement.$id == scope.id).filter(\.$withdrawnAt == nil).first() else {
            throw DomainError(.notFound, code: "stakeholder_not_found", message: "There is no such stakeholder in this engagement.")
        }
        let reason = TextInput.optional(typed)
        if (reason?.count ?? 0) > 1000 { throw DomainError.invalid("reason", "Keep the reason under 1000 characters.", code: "too_long") }
        let now = req.now
        return try await req.db.writeTransaction { db in
            stakeholder.withdrawnAt = now
            try await stakeholder.save(on: db)
            let subjects = try await Self.removeOpenInvitations(of: [stakeholderID], now: now, on: db)
            let words = Labels.relationship(stakeholder.relationship).lowercased()
            try await scope.audit("stakeholder_withdrawn",
                                  "A \(words) was withdrawn\(reason == nil ? "" : " (with a reason, not kept here: free text may name people)"); \(subjects.count) open invitation\(subjects.count == 1 ? "" : "s") removed.",
                                  object: "stakeholder:\(stakeholderID.uuidString.lowercased())", on: db)
            return subjects.count
        }
    }

    /// Within the caller's transaction: the stakeholders' *unanswered* invitations to open 360s and open
    /// rounds are removed (with any saved draft) and their still-unused personal links expire. Shared with
    /// erasure, which withdraws a stakeholder the same way.
    /// - Returns: the ids of the removed raters and invitations.
    static func removeOpenInvitations(of stakeholderIDs: [UUID], now: Date, on db: any Database) async throws -> [UUID] {
        guard !stakeholderIDs.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        let raters = try await AssessmentRater.query(on: db).filter(\.$stakeholder.$id ~~ stakeholderIDs).filter(\.$submittedAt == nil)
            .join(Assessment.self, on: \AssessmentRater.$assessment.$id == \Assessment.$id).filter(Assessment.self, \.$status == "open")
            .all(\.$id)
        let invitations = try await SurveyInvitation.query(on: db).filter(\.$stakeholder.$id ~~ stakeholderIDs).filter(\.$submittedAt == nil)
            .join(SurveyRound.self, on: \SurveyInvitation.$round.$id == \SurveyRound.$id).filter(SurveyRound.self, \.$closedAt == nil)
            .all(\.$id)
        let subjects = raters + invitations
        guard !subjects.isEmpty else { return [] }
        try await sql.update(PersonalLink.schema).set("expires_at", to: SQLBind(now))
            .where("subject_id", .in, SQLBind.group(subjects)).where("used_at", .is, SQLLiteral.null).run()
        if !raters.isEmpty {
            try await AssessmentRating.query(on: db).filter(\.$rater.$id ~~ raters).delete()
            try await AssessmentRater.query(on: db).filter(\.$id ~~ raters).delete()
        }
        if !invitations.isEmpty {
            try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ invitations).delete()
            try await SurveyInvitation.query(on: db).filter(\.$id ~~ invitations).delete()
        }
        return subjects
    }
}
