import Fluent
import Vapor

/// The final report: an immutable JSON snapshot taken when issued.
final class FinalReport: Model, @unchecked Sendable {
    static let schema = "final_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    /// JSON of ``ReportSnapshot``; never updated.
    @Field(key: "snapshot_json") var snapshotJSON: String
    @Field(key: "issued_at") var issuedAt: Date
    /// The client's own reflection, written when approving; part of the report from then on.
    @OptionalField(key: "client_reflection") var clientReflection: String?
    @OptionalField(key: "client_approved_at") var clientApprovedAt: Date?
    /// When and by whom the report was released to sponsor and HR partner (after the client's approval).
    @OptionalField(key: "released_at") var releasedAt: Date?
    @OptionalField(key: "released_by") var releasedBy: String?

    init() {}
}
