import Foundation
import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Erasing an ended engagement (issue 12): everything it holds is deleted, in one transaction and
/// a bounded number of statements, and one ``ErasedEngagement`` row of anonymous aggregates stays.
/// Its parties (client, sponsor, HR partner, senior executive) are deleted too when no other
/// engagement names them. The audit trail keeps its entries (the accountability record: who did
/// what and when, never content), which the erasure itself joins.
enum EngagementErasure {
    /// What erasing would remove, for the page that asks first and the API's preview.
    struct Preview: Sendable {
        /// Label and number of each kind of record, in reading order (zeros left out).
        var records: [(label: String, count: Int)]
        /// Names of the parties deleted with it (nobody else's engagement names them).
        var peopleDeleted: [String]
    }

    /// Counts what erasing `engagement` would remove (two statements).
    static func preview(_ engagement: Engagement, on db: any Database) async throws -> Preview {
        let sql = db as! any SQLDatabase
        let id = try engagement.requireID()
        let row = try await sql.raw("""
            SELECT
             (SELECT COUNT(*) FROM coaching_agreements WHERE engagement_id = \(bind: id)) AS agreements,
             (SELECT COUNT(*) FROM meetings WHERE engagement_id = \(bind: id)) AS meetings,
             (SELECT COUNT(*) FROM stakeholders WHERE engagement_id = \(bind: id)) AS stakeholders,
             (SELECT COUNT(*) FROM interviews WHERE engagement_id = \(bind: id)) AS interviews,
             (SELECT COUNT(*) FROM assessment_raters r JOIN assessments a ON a.id = r.assessment_id WHERE a.engagement_id = \(bind: id) AND r.submitted_at IS NOT NULL) AS questionnaires,
             (SELECT COUNT(*) FROM survey_invitations i JOIN survey_rounds s ON s.id = i.round_id WHERE s.engagement_id = \(bind: id) AND i.submitted_at IS NOT NULL) AS survey_answers,
             (SELECT COUNT(*) FROM idp_revisions WHERE engagement_id = \(bind: id)) AS idp_revisions,
             (SELECT COUNT(*) FROM final_reports WHERE engagement_id = \(bind: id)) AS reports,
             (SELECT COUNT(*) FROM outbox_messages WHERE engagement_id = \(bind: id)) AS mails
            """).first()
        let labels = [("agreements", "coaching agreement versions"), ("meetings", "meetings with their notes"),
                      ("stakeholders", "stakeholders"), ("interviews", "stakeholder interviews"),
                      ("questionnaires", "answered 360 questionnaires"), ("survey_answers", "answered mini-surveys"),
                      ("idp_revisions", "IDP revisions"), ("reports", "final report"), ("mails", "emails in the outbox")]
        let records = try labels.compactMap { column, label -> (label: String, count: Int)? in
            let n = try row?.decode(column: column, as: Int.self) ?? 0
            return n == 0 ? nil : (label, n)
        }
        let people = try await orphanedParties(engagement, on: db).map(\.name).sorted()
        return Preview(records: records, peopleDeleted: people)
    }

    /// Erases `scope`'s engagement as its actor (the admin).
    /// - Throws: forbidden unless the policy allows deleting ``Resource/engagementErasure``;
    ///   409 `engagement_running` while it is active or paused.
    static func erase(_ scope: EngagementScope) async throws -> ErasedEngagement {
        try scope.authorize(.delete, .engagementErasure)
        return try await erase(scope.engagement, actor: AuditActor(scope), reason: "on request", now: scope.req.now, on: scope.req.db)
    }

    /// Erases `engagement` as `actor` (the admin, or the retention sweep), in one transaction.
    /// - Throws: 409 `engagement_running` while it is active or paused; 409 `engagement_changed` when
    ///   someone erased or reopened it at the same moment.
    static func erase(_ engagement: Engagement, actor: AuditActor, reason: String, now: Date, on db: any Database) async throws -> ErasedEngagement {
        try ErasureRules.canEraseEngagement(status: EngagementStatus(rawValue: engagement.status) ?? .active)
        let id = try engagement.requireID()
        let orphaned = try await orphanedParties(engagement, on: db)
        let orphans = orphaned.compactMap(\.id)
        // Their sign-in mails carry no engagement id: deleted by address, as the people are.
        let addresses = orphaned.map(\.email)
        return try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            // Only the transaction that still sees it ended erases it (a double click erases once).
            let still = try await sql.raw("SELECT id FROM engagements WHERE id = \(bind: id) AND status IN (\(bind: "closed"), \(bind: "cancelled"))").all()
            guard still.count == 1 else {
                throw DomainError(.conflict, code: "engagement_changed", message: "The engagement was erased or changed at the same moment. Reload the page.")
            }
            let kept = try await EngagementAggregates.compute(engagement, now: now, on: sql)
            try await kept.create(on: tx)
            for statement in deletions(id) { try await sql.raw(statement).run() }
            if !orphans.isEmpty {
                try await sql.delete(from: PersonalLink.schema).where("person_id", .in, SQLBind.group(orphans)).run()
                try await sql.delete(from: CalendarFeed.schema).where("person_id", .in, SQLBind.group(orphans)).run()
                try await sql.delete(from: Person.schema).where("id", .in, SQLBind.group(orphans)).run()
                try await sql.delete(from: OutboxMessage.schema).where("to_email", .in, SQLBind.group(addresses)).run()
                try await sql.delete(from: SignInRequest.schema).where("email", .in, SQLBind.group(addresses)).run()
            }
            try await AuditTrail.append(.init(actor, engagementID: id, action: "engagement_erased",
                                              object: "engagement:\(id.uuidString.lowercased())",
                                              detail: "Engagement erased (\(reason)); \(orphans.count) part\(orphans.count == 1 ? "y" : "ies") deleted with it; anonymous aggregates kept.",
                                              at: now), on: tx)
            return kept
        }
    }

    /// The parties of `engagement` that no other engagement names (deleted with it).
    static func orphanedParties(_ engagement: Engagement, on db: any Database) async throws -> [Person] {
        let id = try engagement.requireID()
        let parties = [engagement.$client.id, engagement.$sponsor.id, engagement.$hrPartner.id] + [engagement.$seniorExecutive.id].compactMap { $0 }
        let elsewhere = try await Engagement.query(on: db).filter(\.$id != id).group(.or) {
            $0.filter(\.$client.$id ~~ parties).filter(\.$sponsor.$id ~~ parties).filter(\.$hrPartner.$id ~~ parties)
                .filter(\.$seniorExecutive.$id ~~ parties)
        }.all()
        let named = Set(elsewhere.flatMap { [$0.$client.id, $0.$sponsor.id, $0.$hrPartner.id, $0.$seniorExecutive.id].compactMap { $0 } })
        return try await Person.query(on: db).filter(\.$id ~~ parties.filter { !named.contains($0) }).all()
    }

    /// The DELETE statements, children before parents (foreign keys hold at every step). Links
    /// go first: they point at raters, invitations, meetings and the engagement by id.
    private static func deletions(_ id: UUID) -> [SQLQueryString] {
        let rounds: SQLQueryString = "SELECT id FROM survey_rounds WHERE engagement_id = \(bind: id)"
        let assessments: SQLQueryString = "SELECT id FROM assessments WHERE engagement_id = \(bind: id)"
        let revisions: SQLQueryString = "SELECT id FROM idp_revisions WHERE engagement_id = \(bind: id)"
        let agreements: SQLQueryString = "SELECT id FROM coaching_agreements WHERE engagement_id = \(bind: id)"
        let invitations: SQLQueryString = "SELECT id FROM survey_invitations WHERE round_id IN (\(rounds))"
        let raters: SQLQueryString = "SELECT id FROM assessment_raters WHERE assessment_id IN (\(assessments))"
        let pattern = "%\(id.uuidString.lowercased())%"
        return [
            "DELETE FROM personal_links WHERE subject_id IN (\(invitations)) OR subject_id IN (\(raters)) OR subject_id IN (SELECT id FROM meetings WHERE engagement_id = \(bind: id)) OR subject_id IN (SELECT id FROM stakeholders WHERE engagement_id = \(bind: id)) OR subject_id = \(bind: id) OR next_path LIKE \(bind: pattern)",
            "DELETE FROM survey_answers WHERE invitation_id IN (\(invitations))",
            "DELETE FROM survey_invitations WHERE round_id IN (\(rounds))",
            "DELETE FROM assessment_ratings WHERE rater_id IN (\(raters))",
            "DELETE FROM assessment_raters WHERE assessment_id IN (\(assessments))",
            "DELETE FROM interview_themes WHERE engagement_id = \(bind: id)",
            "DELETE FROM interviews WHERE engagement_id = \(bind: id)",
            "DELETE FROM action_items WHERE engagement_id = \(bind: id)",
            "DELETE FROM idp_action_statuses WHERE idp_revision_id IN (\(revisions))",
            "DELETE FROM idp_acknowledgements WHERE idp_revision_id IN (\(revisions))",
            "DELETE FROM idp_revisions WHERE engagement_id = \(bind: id)",
            "DELETE FROM survey_rounds WHERE engagement_id = \(bind: id)",
            "DELETE FROM assessments WHERE engagement_id = \(bind: id)",
            "DELETE FROM target_competencies WHERE engagement_id = \(bind: id)",
            "DELETE FROM goals WHERE agreement_id IN (\(agreements))",
            "DELETE FROM agreement_acceptances WHERE agreement_id IN (\(agreements))",
            "DELETE FROM coaching_agreements WHERE engagement_id = \(bind: id)",
            "DELETE FROM meetings WHERE engagement_id = \(bind: id)",
            "DELETE FROM final_reports WHERE engagement_id = \(bind: id)",
            "DELETE FROM stakeholders WHERE engagement_id = \(bind: id)",
            "DELETE FROM outbox_messages WHERE engagement_id = \(bind: id)",
            "DELETE FROM engagements WHERE id = \(bind: id)",
        ]
    }
}
