import Fluent

/// Issue 5, achievement in depth: planned mini-survey rounds with their own anonymity rules,
/// follow-up frequency answers and reminders, corrections linked to a round, follow-up
/// outcomes, and the final report's client reflection, approval and release.
///
/// Nullable columns, one per `ALTER TABLE`, for the reasons given in ``DeepenAnalysis``.
struct DeepenAchievement: AsyncMigration {
    static let added: [(String, FieldKey, DatabaseSchema.DataType)] = [
        (PracticeSettings.schema, "survey_interval_weeks", .int),
        (PracticeSettings.schema, "follow_up_weeks", .int),
        (SurveyRound.schema, "status", .string),
        (SurveyRound.schema, "rating_threshold", .int),
        (SurveyRound.schema, "comment_threshold", .int),
        (SurveyInvitation.schema, "follow_up_frequency", .string),
        (SurveyInvitation.schema, "reminded_at", .datetime),
        (SurveyInvitation.schema, "reminders_sent", .int),
        (IDPRevision.schema, "survey_round_id", .uuid),
        (Meeting.schema, "feedback_obtained", .string),
        (Meeting.schema, "achievements", .string),
        (FinalReport.schema, "client_reflection", .string),
        (FinalReport.schema, "client_approved_at", .datetime),
        (FinalReport.schema, "released_at", .datetime),
        (FinalReport.schema, "released_by", .string),
    ]

    func prepare(on database: any Database) async throws {
        for (table, column, type) in Self.added {
            try await database.schema(table).field(column, type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (table, column, _) in Self.added.reversed() {
            try await database.schema(table).deleteField(column).update()
        }
    }
}
