import Foundation
import Fluent
import SQLKit

/// The practice's anonymous aggregates of one engagement, computed in SQL before it is erased
/// (three statements whatever its size). See ``ErasedEngagement`` for what is kept and why.
enum EngagementAggregates {
    /// Builds the row that stays of `engagement` (not saved).
    static func compute(_ engagement: Engagement, now: Date, on sql: any SQLDatabase) async throws -> ErasedEngagement {
        let id = try engagement.requireID()
        let row = try await sql.raw("""
            SELECT
             (SELECT planned_sessions FROM coaching_agreements WHERE engagement_id = \(bind: id) ORDER BY version DESC LIMIT 1) AS planned_sessions,
             (SELECT COUNT(*) FROM meetings WHERE engagement_id = \(bind: id) AND kind = \(bind: "coaching_session") AND status = \(bind: "held")) AS sessions_held,
             (SELECT COUNT(*) FROM stakeholders WHERE engagement_id = \(bind: id) AND withdrawn_at IS NULL) AS stakeholders,
             (SELECT COUNT(*) FROM assessment_raters r JOIN assessments a ON a.id = r.assessment_id WHERE a.engagement_id = \(bind: id)) AS raters_invited,
             (SELECT COUNT(*) FROM assessment_raters r JOIN assessments a ON a.id = r.assessment_id WHERE a.engagement_id = \(bind: id) AND r.submitted_at IS NOT NULL) AS raters_answered,
             (SELECT COUNT(*) FROM survey_rounds WHERE engagement_id = \(bind: id) AND closed_at IS NOT NULL) AS survey_rounds,
             (SELECT COUNT(*) FROM survey_invitations i JOIN survey_rounds s ON s.id = i.round_id WHERE s.engagement_id = \(bind: id)) AS survey_invited,
             (SELECT COUNT(*) FROM survey_invitations i JOIN survey_rounds s ON s.id = i.round_id WHERE s.engagement_id = \(bind: id) AND i.submitted_at IS NOT NULL) AS survey_answered
            """).first()
        let targets = try await sql.raw("SELECT competency_id FROM target_competencies WHERE engagement_id = \(bind: id) ORDER BY position")
            .all().map { try $0.decode(column: "competency_id", as: UUID.self) }
        let erased = ErasedEngagement()
        erased.id = UUID()
        erased.coachID = engagement.$coach.id
        erased.phaseReached = engagement.phase
        erased.status = engagement.status
        erased.startedAt = engagement.createdAt ?? now
        erased.endedAt = engagement.endedAt
        erased.erasedAt = now
        erased.plannedSessions = try row?.decode(column: "planned_sessions", as: Int?.self) ?? nil
        func count(_ column: String) throws -> Int { try row?.decode(column: column, as: Int.self) ?? 0 }
        erased.sessionsHeld = try count("sessions_held")
        erased.stakeholders = try count("stakeholders")
        erased.ratersInvited = try count("raters_invited")
        erased.ratersAnswered = try count("raters_answered")
        erased.surveyRounds = try count("survey_rounds")
        erased.surveyInvited = try count("survey_invited")
        erased.surveyAnswered = try count("survey_answered")
        erased.targetCompetencyIDs = Self.json(targets.map { $0.uuidString.lowercased() })
        erased.surveyMeansJSON = Self.json(try await surveyMeans(id, on: sql))
        return erased
    }

    /// Per closed round and competency: the scored answers (can't-say excluded) and their mean
    /// change, only where their number reached the round's rating threshold (DOMAIN.md anonymity).
    static func surveyMeans(_ id: UUID, on sql: any SQLDatabase) async throws -> [ErasedEngagement.SurveyMean] {
        try await sql.raw("""
            SELECT s.number AS round, a.competency_id AS competency_id, COUNT(*) AS n,
                   AVG(CAST(a.change AS DOUBLE PRECISION)) AS mean
            FROM survey_answers a
            JOIN survey_invitations i ON i.id = a.invitation_id
            JOIN survey_rounds s ON s.id = i.round_id
            WHERE s.engagement_id = \(bind: id) AND s.closed_at IS NOT NULL AND i.submitted_at IS NOT NULL
              AND (a.cant_say IS NULL OR a.cant_say = \(bind: false))
            GROUP BY s.number, a.competency_id, s.rating_threshold
            HAVING COUNT(*) >= COALESCE(s.rating_threshold, 3)
            ORDER BY s.number
            """).all().map {
            .init(round: try $0.decode(column: "round", as: Int.self), competencyID: try $0.decode(column: "competency_id", as: UUID.self),
                  n: try $0.decode(column: "n", as: Int.self), mean: try $0.decode(column: "mean", as: Double.self))
        }
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
