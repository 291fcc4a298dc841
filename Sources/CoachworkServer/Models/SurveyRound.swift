import Fluent
import Vapor

/// One round of the progress mini-survey sent to the stakeholders.
final class SurveyRound: Model, @unchecked Sendable {
    static let schema = "survey_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "number") var number: Int
    /// Target competency ids asked about, comma-separated.
    @Field(key: "competency_ids") var competencyIDs: String
    @Field(key: "opened_at") var openedAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// `planned` (opens on `opened_at`), `open` or `closed`; NULL for rounds before planning existed
    /// (then `closed_at` tells).
    @OptionalField(key: "status") var status: String?
    /// The anonymity rules the round started with (NULL: the practice's current ones).
    @OptionalField(key: "rating_threshold") var ratingThreshold: Int?
    @OptionalField(key: "comment_threshold") var commentThreshold: Int?

    init() {}

    var isPlanned: Bool { status == "planned" }
    var isOpen: Bool { closedAt == nil && status != "planned" }

    var competencyIDList: [UUID] { competencyIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

/// One stakeholder invited to a round; the raw answers hang off it.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: SurveyRound
    @Parent(key: "stakeholder_id") var stakeholder: Stakeholder
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    /// Code of ``FollowUpFrequency``: how often the client followed up with this stakeholder.
    @OptionalField(key: "follow_up_frequency") var followUpFrequency: String?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "reminders_sent") var remindersSent: Int?

    init() {}
}

/// One answer: perceived change -3...+3, or "can't say", for one target competency, optional comment.
final class SurveyAnswer: Model, @unchecked Sendable {
    static let schema = "survey_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "invitation_id") var invitation: SurveyInvitation
    @Field(key: "competency_id") var competencyID: UUID
    /// The stored column (NOT NULL since migration 002): 0 for a "can't say" row, which must never be read as a
    /// change. Read ``change`` instead.
    @Field(key: "change") var storedChange: Int
    /// `true`: the stakeholder had no chance to observe this (migration 014; NULL in older rows means `false`).
    @OptionalField(key: "cant_say") var cantSay: Bool?
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "suggestion") var suggestion: String?

    init() {}

    /// The perceived change -3...3, or `nil` for "can't say" (DOMAIN.md: not a change of 0). Typed optional so
    /// every reader must decide what "can't say" means for it; setting `nil` stores the flag and a 0 placeholder.
    var change: Int? {
        get { cantSay == true ? nil : storedChange }
        set {
            storedChange = newValue ?? 0
            cantSay = newValue == nil
        }
    }
}
