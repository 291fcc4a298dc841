import Fluent
import Vapor

/// Every migration, in the order it must run. Append only: a released migration never changes.
enum Migrations {
    static let all: [any Migration] = [
        // 001: accounts, people, links, API tokens, outbox
        CreateUser(), CreatePerson(), CreatePersonalLink(), CreateAPIToken(), CreateOutboxMessage(),
        SessionRecord.migration,
        // 002: the engagement and its four phases
        CreateEngagement(), CreateCoachingAgreement(), CreateMeetingAndStakeholder(), CreateAnalysis(),
        CreateAchievement(), SeedDefaultCompetencyModel(),
        // 003: analysis in depth (issue 4)
        DeepenAnalysis(),
        // 004: behaviour items for the default competency model (its version 2)
        SeedDefaultModelItems(),
        // 005: achievement in depth (issue 5)
        DeepenAchievement(),
        // 006: calendars (issue 6)
        CreateCalendarFeed(),
        // 007: meetings, invitations, reminders and delivery (issue 6)
        DeepenMeetingsAndMail(),
        // 008: rate limits and queued sign-in link requests (issue 10)
        CreateRateLimitsAndSignInRequests(),
        // 009: what the client shares of a 360 (issue 10)
        AddAssessmentSharing(),
        // 010: an index for every lookup by reference (issue 11)
        AddLookupIndexes(),
        // 011: an index for every list's order (issue 11)
        AddListIndexes(),
        // 012: the practice-wide, hash-chained audit trail (issue 12)
        CreateAuditChain(),
        // 013: a person's job title (issue 12)
        AddPersonJobTitle(),
        // 014: mini-survey "can't say"; IDP status ticks outside revisions (issue 12)
        AddSurveyCantSay(), CreateIDPActionStatus(),
        // 015: invitations and password resets by email (issue 12)
        CreateAccountTokens(),
        // 016: erasure and retention (issue 12)
        AddRetentionAndErasure(),
    ]
}
