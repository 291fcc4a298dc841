import Fluent
import Vapor

/// A meeting of the engagement: kickoff, coaching session, analysis meeting, results review,
/// follow-up, three-way check-in, observation.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case kickoff, coachingSession = "coaching_session", analysis, resultsReview = "results_review"
        case followUp = "follow_up", observation, threeWayCheckIn = "three_way_check_in"
        var title: String {
            switch self {
            case .kickoff: "Kickoff meeting"
            case .coachingSession: "Coaching session"
            case .analysis: "Analysis meeting"
            case .resultsReview: "Results review"
            case .followUp: "Follow-up session"
            case .observation: "Observation (shadow coaching)"
            case .threeWayCheckIn: "Three-way check-in"
            }
        }
    }

    enum Status: String, Codable, Sendable { case planned, held, cancelled }

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "kind") var kind: String
    /// UTC instant of the start.
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "objective") var objective: String
    /// Parties attending, comma-separated: client, sponsor, hr_partner, senior_executive, coach.
    @Field(key: "attendees") var attendees: String
    @Field(key: "shared_notes") var sharedNotes: String
    /// The coach's alone (DOMAIN.md); never served to anyone else.
    @Field(key: "private_notes") var privateNotes: String
    @Field(key: "status") var status: String
    @OptionalField(key: "held_at") var heldAt: Date?
    /// Follow-up session: the feedback the client obtained from stakeholders since the last round.
    @OptionalField(key: "feedback_obtained") var feedbackObtained: String?
    /// Follow-up session: the achievements recognised.
    @OptionalField(key: "achievements") var achievements: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// A room or address, free text.
    @OptionalField(key: "location") var location: String?
    /// The video call address (http or https).
    @OptionalField(key: "video_url") var videoURL: String?
    /// The organiser's IANA zone when scheduled; invitations and the series rule are written in it
    /// (NULL for meetings scheduled before migration 007: the coach's current zone).
    @OptionalField(key: "time_zone") var timeZone: String?
    /// Calendar revision (RFC 5545 SEQUENCE): 0 when first sent, +1 on every change attendees see.
    @OptionalField(key: "sequence") var sequenceValue: Int?
    /// When the meeting last changed (LAST-MODIFIED).
    @OptionalField(key: "updated_at") var updatedAt: Date?
    /// The series this session belongs to; its calendar UID is `series-<id>@coachwork`.
    @OptionalField(key: "series_id") var seriesID: UUID?
    /// The series' number of sessions and weeks between them, as first sent (its RRULE).
    @OptionalField(key: "series_count") var seriesCount: Int?
    @OptionalField(key: "series_weeks") var seriesWeeks: Int?
    /// The start this occurrence had in the series (its RECURRENCE-ID once moved).
    @OptionalField(key: "original_starts_at") var originalStartsAt: Date?
    /// When the attendees were first sent the invitation; nil for a proposal not sent yet (the
    /// follow-up session proposed automatically) and for meetings from before migration 007.
    @OptionalField(key: "invited_at") var invitedAt: Date?
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    /// `<engagement>:<kind>:<start>` while planned or held, nil once cancelled: a unique index, so a
    /// form sent twice at the same moment cannot make two meetings (the second insert fails).
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    /// Stamped by every change (``MeetingService/claim(_:on:)``): of two changes made at once to the
    /// same state, only one finds its own stamp and goes ahead; the other is refused.
    @OptionalField(key: "change_token") var changeToken: UUID?
    /// Set while the meeting is Coachwork's proposal (the follow-up session) that the coach has not
    /// sent: only the coach sees it until then.
    @OptionalField(key: "proposed_at") var proposedAt: Date?
    @OptionalField(key: "cancellation_reason") var cancellationReason: String?

    init() {}

    var sequence: Int { sequenceValue ?? 0 }
    var isPlanned: Bool { status == Status.planned.rawValue }
    var endsAt: Date { startsAt.addingTimeInterval(TimeInterval(durationMinutes) * 60) }

    var meetingKind: Meeting.Kind { Kind(rawValue: kind) ?? .coachingSession }
    var attendeeList: [String] { attendees.split(separator: ",").map(String.init) }

    /// Parties who may attend, with their labels.
    static let parties: [(value: String, label: String)] = [
        ("client", "Client"), ("sponsor", "Sponsor"), ("senior_executive", "Senior executive"), ("hr_partner", "HR partner"),
    ]
}

/// An action item agreed in a meeting.
final class ActionItem: Model, @unchecked Sendable {
    static let schema = "action_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    @Field(key: "description") var description: String
    /// `client` or `coach`.
    @Field(key: "owner") var owner: String
    /// `YYYY-MM-DD`, optional.
    @OptionalField(key: "due_date") var dueDate: String?
    /// `open` or `done`.
    @Field(key: "status") var status: String

    init() {}
}
