import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Gathers the ``EngagementFacts`` the phase gate judges: one SQL statement of scalar subqueries,
/// for one engagement or a whole page of them, so a list costs the same as one engagement
/// (each subquery is an index lookup by engagement or agreement id, migration 010).
enum EngagementFactsLoader {
    /// The facts of one engagement.
    /// - Throws: the database's error.
    static func load(_ engagement: Engagement, on db: any Database) async throws -> EngagementFacts {
        let id = try engagement.requireID()
        return try await load([id], on: db)[id] ?? EngagementFacts()
    }

    /// The facts of each engagement in `ids` (missing ids are absent from the result).
    /// - Throws: the database's error.
    static func load(_ ids: [UUID], on db: any Database) async throws -> [UUID: EngagementFacts] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT e.id AS id,
              (SELECT COUNT(*) FROM goals g WHERE g.agreement_id = \(unsafeRaw: currentAgreement)) AS goals,
              (SELECT COUNT(*) FROM agreement_acceptances x WHERE x.agreement_id = \(unsafeRaw: currentAgreement) AND x.party = 'client') AS client_accepted,
              (SELECT COUNT(*) FROM agreement_acceptances x WHERE x.agreement_id = \(unsafeRaw: currentAgreement) AND x.party = 'sponsor') AS sponsor_accepted,
              (SELECT COUNT(*) FROM meetings m WHERE m.engagement_id = e.id AND m.kind = 'kickoff' AND m.status = 'held' AND m.shared_notes <> '') AS kickoffs,
              (SELECT COUNT(*) FROM stakeholders s WHERE s.engagement_id = e.id AND s.withdrawn_at IS NULL AND COALESCE(s.status, 'approved') = 'approved') AS stakeholders,
              (SELECT COUNT(*) FROM assessments a WHERE a.engagement_id = e.id AND a.status = 'closed') AS closed_assessments,
              (SELECT COUNT(*) FROM interviews i WHERE i.engagement_id = e.id) AS interviews,
              (SELECT COUNT(*) FROM target_competencies t WHERE t.engagement_id = e.id) AS targets,
              (SELECT COUNT(*) FROM idp_revisions r WHERE r.engagement_id = e.id AND r.status = 'finalised') AS idp_finalised,
              (SELECT COUNT(*) FROM idp_revisions r WHERE r.engagement_id = e.id AND r.status = 'finalised' AND r.shared_at IS NOT NULL) AS idp_shared,
              (SELECT COUNT(*) FROM meetings m WHERE m.engagement_id = e.id AND m.kind = 'follow_up' AND m.status = 'held') AS follow_ups,
              (SELECT COUNT(*) FROM final_reports f WHERE f.engagement_id = e.id) AS reports,
              (SELECT COUNT(*) FROM final_reports f WHERE f.engagement_id = e.id AND f.released_at IS NOT NULL) AS released_reports
            FROM engagements e WHERE e.id IN (\(binds: ids))
            """).all()
        var facts: [UUID: EngagementFacts] = [:]
        for row in rows {
            func n(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
            facts[try row.decode(column: "id", as: UUID.self)] = EngagementFacts(
                agreementGoalCount: try n("goals"), agreementAcceptedByClient: try n("client_accepted") > 0,
                agreementAcceptedBySponsor: try n("sponsor_accepted") > 0, kickoffHeldWithNotes: try n("kickoffs") > 0,
                nominatedStakeholderCount: try n("stakeholders"), assessmentClosed: try n("closed_assessments") > 0,
                interviewCount: try n("interviews"), targetCompetencyCount: try n("targets"),
                idpFinalised: try n("idp_finalised") > 0, idpShared: try n("idp_shared") > 0,
                followUpHeld: try n("follow_ups") > 0, finalReportIssued: try n("reports") > 0,
                finalReportReleased: try n("released_reports") > 0)
        }
        return facts
    }

    /// The latest agreement version of engagement `e` (as ``AgreementService/current(of:on:)``).
    private static let currentAgreement =
        "(SELECT c.id FROM coaching_agreements c WHERE c.engagement_id = e.id ORDER BY c.version DESC LIMIT 1)"
}
