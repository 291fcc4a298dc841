import Fluent
import Vapor

/// A colleague who gives feedback on the client through personal links only; no account.
final class Stakeholder: Model, @unchecked Sendable {
    static let schema = "stakeholders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    /// Raw value of ``RaterGroup`` without `self`: manager, peer, direct_report, customer, other.
    @Field(key: "relationship") var relationship: String
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    /// `proposed`, `approved` or `declined`; NULL (nominated before approval existed) counts as approved.
    @OptionalField(key: "status") var status: String?
    /// Who nominated: `client` or `coach`.
    @OptionalField(key: "proposed_by") var proposedBy: String?
    /// Name of who approved or declined, and when.
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Approved raters are invited to assessments and surveys; proposals wait for the sponsor or coach.
    var isApproved: Bool { (status ?? "approved") == "approved" }
}
