import Fluent

/// Creates `engagements` and their audit trail.
struct CreateEngagement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Engagement.schema)
            .id()
            .field("coach_id", .uuid, .required, .references(User.schema, .id))
            .field("client_id", .uuid, .required, .references(Person.schema, .id))
            .field("sponsor_id", .uuid, .required, .references(Person.schema, .id))
            .field("hr_partner_id", .uuid, .required, .references(Person.schema, .id))
            .field("senior_executive_id", .uuid, .references(Person.schema, .id))
            .field("presenting_problem", .string, .required)
            .field("objective", .string, .required)
            .field("phase", .string, .required)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("audit_events") // migration 012 replaces it with `audit_trail`
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
        try await database.schema(Engagement.schema).delete()
    }
}

/// Creates the coaching agreement versions, their goals and acceptances.
struct CreateCoachingAgreement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CoachingAgreement.schema)
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("version", .int, .required)
            .field("planned_sessions", .int, .required)
            .field("cadence_weeks", .int, .required)
            .field("duration_months", .int, .required)
            .field("confidentiality_terms", .string, .required)
            .field("status", .string, .required)
            .field("proposed_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "engagement_id", "version")
            .create()
        try await database.schema(Goal.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(CoachingAgreement.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("statement", .string, .required)
            .field("success_measure", .string, .required)
            .field("target_date", .string, .required)
            .create()
        try await database.schema(AgreementAcceptance.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(CoachingAgreement.schema, .id, onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("party", .string, .required)
            .field("accepted_at", .datetime, .required)
            .unique(on: "agreement_id", "party")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AgreementAcceptance.schema).delete()
        try await database.schema(Goal.schema).delete()
        try await database.schema(CoachingAgreement.schema).delete()
    }
}

/// Creates meetings, their action items, and stakeholders.
struct CreateMeetingAndStakeholder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("duration_minutes", .int, .required)
            .field("objective", .string, .required)
            .field("attendees", .string, .required)
            .field("shared_notes", .string, .required)
            .field("private_notes", .string, .required)
            .field("status", .string, .required)
            .field("held_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ActionItem.schema)
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("meeting_id", .uuid, .references(Meeting.schema, .id, onDelete: .setNull))
            .field("description", .string, .required)
            .field("owner", .string, .required)
            .field("due_date", .string)
            .field("status", .string, .required)
            .create()
        try await database.schema(Stakeholder.schema)
            .id()
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("relationship", .string, .required)
            .field("time_zone", .string, .required)
            .field("withdrawn_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "engagement_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Stakeholder.schema).delete()
        try await database.schema(ActionItem.schema).delete()
        try await database.schema(Meeting.schema).delete()
    }
}
