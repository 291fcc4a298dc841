import Fluent

/// Issue 11, first step: an index for every lookup by reference, so one engagement's page reads its
/// children by index instead of scanning tables that grow with the practice. Earlier migrations
/// created only unique indexes; where a unique index already leads with the column (for example
/// `stakeholders (engagement_id, email)`), none is added here.
struct AddLookupIndexes: AsyncMigration {
    /// (index name, table, columns), the first column being the one looked up.
    static let indexes: [IndexList.Index] = [
        ("assessments_engagement", "assessments", ["engagement_id"]),
        ("assessment_raters_assessment", "assessment_raters", ["assessment_id"]),
        ("assessment_raters_stakeholder", "assessment_raters", ["stakeholder_id"]),
        ("interviews_engagement", "interviews", ["engagement_id"]),
        ("interviews_stakeholder", "interviews", ["stakeholder_id"]),
        ("interview_themes_interview", "interview_themes", ["interview_id"]),
        ("interview_themes_engagement", "interview_themes", ["engagement_id"]),
        ("interview_themes_competency", "interview_themes", ["competency_id"]),
        ("target_competencies_engagement", "target_competencies", ["engagement_id"]),
        ("target_competencies_competency", "target_competencies", ["competency_id"]),
        ("calendar_feeds_user", "calendar_feeds", ["user_id"]),
        ("calendar_feeds_person", "calendar_feeds", ["person_id"]),
        ("goals_agreement", "goals", ["agreement_id"]),
        ("agreement_acceptances_person", "agreement_acceptances", ["person_id"]),
        ("competencies_model", "competencies", ["model_id"]),
        ("competency_items_competency", "competency_items", ["competency_id"]),
        ("engagements_coach", "engagements", ["coach_id"]),
        ("engagements_client", "engagements", ["client_id"]),
        ("engagements_sponsor", "engagements", ["sponsor_id"]),
        ("engagements_hr_partner", "engagements", ["hr_partner_id"]),
        ("engagements_senior_executive", "engagements", ["senior_executive_id"]),
        ("audit_events_engagement", "audit_events", ["engagement_id"]),
        ("idp_acknowledgements_person", "idp_acknowledgements", ["person_id"]),
        ("meetings_engagement", "meetings", ["engagement_id"]),
        ("meetings_series", "meetings", ["series_id"]),
        ("action_items_engagement", "action_items", ["engagement_id"]),
        ("action_items_meeting", "action_items", ["meeting_id"]),
        ("outbox_messages_due", "outbox_messages", ["status", "next_attempt_at"]),
        ("outbox_messages_engagement", "outbox_messages", ["engagement_id"]),
        ("outbox_messages_claim", "outbox_messages", ["claim_token"]),
        ("people_created_by", "people", ["created_by_id"]),
        ("personal_links_person", "personal_links", ["person_id"]),
        ("personal_links_subject", "personal_links", ["subject_id"]),
        ("survey_invitations_stakeholder", "survey_invitations", ["stakeholder_id"]),
        ("api_tokens_user", "api_tokens", ["user_id"]),
    ]

    func prepare(on database: any Database) async throws {
        try await IndexList.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await IndexList.drop(Self.indexes, on: database)
    }
}
