import Fluent
import Vapor
import CoachworkCore

/// One executive coaching engagement: its parties, the problem it addresses, and where it
/// stands in the four phases (DOMAIN.md).
final class Engagement: Model, @unchecked Sendable {
    static let schema = "engagements"

    /// Whether work goes on: the core's ``EngagementStatus`` (its rules of pause, resume, cancel).
    typealias Status = EngagementStatus

    // Identity
    @ID(key: .id) var id: UUID?
    // References
    @Parent(key: "coach_id") var coach: User
    @Parent(key: "client_id") var client: Person
    @Parent(key: "sponsor_id") var sponsor: Person
    @Parent(key: "hr_partner_id") var hrPartner: Person
    @OptionalParent(key: "senior_executive_id") var seniorExecutive: Person?
    // Data
    @Field(key: "presenting_problem") var presentingProblem: String
    @Field(key: "objective") var objective: String
    /// Raw value of ``Phase``.
    @Field(key: "phase") var phase: String
    /// Raw value of ``Status``.
    @Field(key: "status") var status: String
    @OptionalField(key: "status_reason") var statusReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// When it closed or was cancelled: the start of its retention period (migration 016).
    @OptionalField(key: "ended_at") var endedAt: Date?

    init() {}

    var currentPhase: Phase { Phase(rawValue: phase) ?? .contracting }
    var isActive: Bool { status == Status.active.rawValue }
    /// Active or paused (``EngagementStatus/isOngoing``).
    var isOngoing: Bool { (Status(rawValue: status) ?? .active).isOngoing }

    /// Refuses a rater's or stakeholder's form while `engagement` is paused, saying so; the link
    /// stays valid for when it resumes (a cancelled engagement's 360s and rounds are closed instead).
    /// - Throws: 409 `engagement_paused`.
    static func refuseResponsesWhilePaused(_ engagement: Engagement) throws {
        guard engagement.status == Status.paused.rawValue else { return }
        throw DomainError(.conflict, code: "engagement_paused",
                          message: "This coaching engagement is paused for now, so no answers are collected. Your link stays valid: you will be able to answer with it once the engagement resumes.")
    }
}
