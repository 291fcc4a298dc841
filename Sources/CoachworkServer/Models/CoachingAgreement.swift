import Fluent
import Vapor

/// One version of the coaching agreement. A version is edited while a draft; once proposed
/// it is frozen, and any change makes the next version, which needs acceptance again.
final class CoachingAgreement: Model, @unchecked Sendable {
    static let schema = "coaching_agreements"

    enum Status: String, Codable, Sendable { case draft, proposed, accepted }

    // Identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "version") var version: Int
    // Data
    @Field(key: "planned_sessions") var plannedSessions: Int
    /// Weeks between coaching sessions.
    @Field(key: "cadence_weeks") var cadenceWeeks: Int
    @Field(key: "duration_months") var durationMonths: Int
    @Field(key: "confidentiality_terms") var confidentialityTerms: String
    @Field(key: "status") var status: String
    @OptionalField(key: "proposed_at") var proposedAt: Date?
    @Children(for: \.$agreement) var goals: [Goal]
    @Children(for: \.$agreement) var acceptances: [AgreementAcceptance]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A concrete goal of a coaching agreement version.
final class Goal: Model, @unchecked Sendable {
    static let schema = "goals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: CoachingAgreement
    @Field(key: "position") var position: Int
    @Field(key: "statement") var statement: String
    @Field(key: "success_measure") var successMeasure: String
    /// Calendar date `YYYY-MM-DD` (a date, not an instant).
    @Field(key: "target_date") var targetDate: String

    init() {}
}

/// Who accepted which agreement version, and when.
final class AgreementAcceptance: Model, @unchecked Sendable {
    static let schema = "agreement_acceptances"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: CoachingAgreement
    @Parent(key: "person_id") var person: Person
    /// `client` or `sponsor`.
    @Field(key: "party") var party: String
    @Field(key: "accepted_at") var acceptedAt: Date

    init() {}
}
