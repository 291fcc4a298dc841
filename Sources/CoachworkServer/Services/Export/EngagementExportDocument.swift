import Foundation
import CoachworkCore

/// `engagement.json` of an engagement export (format ``ExportFormat/engagement``; docs/EXPORT.md documents every
/// field). Times are RFC 3339 instants in UTC, dates `YYYY-MM-DD`. A part the exporting role may not read is
/// `null` (or absent from a row) and listed in ``omitted`` with the access policy's reason.
struct EngagementExportDocument: Codable, Sendable {
    var format = ExportFormat.engagement
    var exportedAt: Date
    /// Who exported, as `Name (role)`, and that role's code.
    var exportedBy: String
    var exportedAs: String
    var omitted: [ExportFormat.Omission]
    var engagement: EngagementPart
    var agreements: [Agreement]?
    var meetings: [MeetingRow]?
    var actionItems: [ActionItemRow]?
    var stakeholders: [StakeholderRow]?
    var interviews: [InterviewRow]?
    var assessments: [AssessmentPart]
    var targetCompetencies: [TargetRow]?
    var idpRevisions: [IDPRevisionPart]?
    var surveyRounds: [SurveyRoundPart]
    var finalReport: ReportPart?
    var audit: [AuditRow]?
    var mail: [MailRow]?

    struct PersonRef: Codable, Sendable { var name: String; var email: String }

    struct EngagementPart: Codable, Sendable {
        var id: UUID
        var phase: String
        var status: String
        var statusReason: String?
        var presentingProblem: String
        var objective: String
        var createdAt: Date?
        var coach: PersonRef
        var client: PersonRef
        var sponsor: PersonRef
        var hrPartner: PersonRef
        var seniorExecutive: PersonRef?
    }

    struct Agreement: Codable, Sendable {
        var version: Int
        var status: String
        var plannedSessions: Int
        var cadenceWeeks: Int
        var durationMonths: Int
        var confidentialityTerms: String
        var proposedAt: Date?
        var goals: [GoalRow]
        var acceptances: [Acceptance]
    }

    struct GoalRow: Codable, Sendable { var id: UUID; var position: Int; var statement: String; var successMeasure: String; var targetDate: String }
    struct Acceptance: Codable, Sendable { var party: String; var name: String; var acceptedAt: Date }

    struct MeetingRow: Codable, Sendable {
        var id: UUID
        var kind: String
        var status: String
        var startsAt: Date
        var durationMinutes: Int
        var timeZone: String?
        var objective: String
        var attendees: [String]
        var location: String?
        var videoUrl: String?
        var heldAt: Date?
        var cancelledAt: Date?
        var cancellationReason: String?
        /// With `shared_notes` view only.
        var sharedNotes: String?
        var feedbackObtained: String?
        var achievements: String?
        /// With `private_notes` view only (the coach of the engagement).
        var privateNotes: String?
    }

    struct ActionItemRow: Codable, Sendable { var id: UUID; var meetingId: UUID?; var description: String; var owner: String; var dueDate: String?; var status: String }

    /// A stakeholder as the stakeholder list shows them: never what they answered or when.
    struct StakeholderRow: Codable, Sendable {
        var name: String
        var email: String
        var relationship: String
        var status: String
        var proposedBy: String?
        var withdrawnAt: Date?
    }

    struct InterviewRow: Codable, Sendable {
        var heldOn: String
        var stakeholder: String?
        var notes: String
        var answers: [InterviewAnswer]
        var themes: [Theme]
        struct Theme: Codable, Sendable { var label: String; var kind: String; var competency: String? }
    }

    /// One 360: its progress (counts only) for every exporter; results only as the reader's 360 page shows them.
    struct AssessmentPart: Codable, Sendable {
        var id: UUID
        var status: String
        var openedAt: Date
        var closedAt: Date?
        var threshold: Int
        var competencies: [String]
        var invited: Int
        var responded: Int
        /// The summary the client approved (with `shared_assessment_summary` view).
        var sharedSummary: String?
        /// `full` (coach, client), `shared_figures` (competency-level "all others" once shared), or `none`.
        var resultsScope: String
        var results: [CompetencyRow]?
        /// Released comments per open question (full report only; unattributed, in their guarded order).
        var comments: [QuestionRow]?
    }

    struct CompetencyRow: Codable, Sendable {
        var competency: String
        /// The client's self-rating (with `self_rating` view only).
        var selfScore: Double?
        var groups: [GroupRow]
        var items: [ItemRow]?
    }

    struct ItemRow: Codable, Sendable { var item: String; var selfScore: Int?; var groups: [GroupRow] }

    /// One rater group's cell: `n` and `mean` only when shown (a hidden cell has neither, as on the page).
    struct GroupRow: Codable, Sendable { var group: String; var shown: Bool; var n: Int?; var mean: Double? }

    struct QuestionRow: Codable, Sendable { var question: String; var released: Bool; var comments: [String] }

    struct TargetRow: Codable, Sendable { var competency: String; var rationale: String; var position: Int }

    struct IDPRevisionPart: Codable, Sendable {
        var revision: Int
        var status: String
        var reason: String?
        var finalisedAt: Date?
        var sharedAt: Date?
        var items: [IDPItemRow]
        var acknowledgements: [Acceptance]
    }

    struct IDPItemRow: Codable, Sendable {
        var id: UUID?
        var competency: String
        var action: String
        var dueDate: String
        var successMeasure: String
        var supportNeeded: String
        var owner: String?
        var status: String
        var goalIds: [UUID]
    }

    /// One mini-survey round: dates and counts for every exporter; figures with `aggregate_results` view once closed.
    struct SurveyRoundPart: Codable, Sendable {
        var id: UUID
        var number: Int
        var status: String
        var openedAt: Date
        var closesAt: Date
        var closedAt: Date?
        var invited: Int
        var respondents: Int
        var items: [SurveyItemRow]?
        /// Released comments and suggestions per competency (with `survey_comments` view).
        var comments: [String: [String]]?
    }

    /// A competency's figures in a round; `mean` and the distribution are null when fewer than the threshold scored.
    struct SurveyItemRow: Codable, Sendable {
        var competency: String
        var n: Int
        var responseRate: Double
        var cantSay: Int?
        var mean: Double?
        var standardDeviation: Double?
        var shareImproved: Double?
        var distribution: [Int]?
    }

    struct ReportPart: Codable, Sendable {
        var issuedAt: Date
        var clientApprovedAt: Date?
        var releasedAt: Date?
        var clientReflection: String?
        /// The snapshot as the exporter's report page shows it.
        var snapshot: ReportSnapshot
    }

    struct AuditRow: Codable, Sendable {
        var sequence: Int64
        var at: Date
        var actor: String
        var actorRole: String
        var action: String
        var object: String?
        var detail: String
    }

    /// An email of the engagement: who, what, when, and its delivery state; never its body (it carries a personal link).
    struct MailRow: Codable, Sendable {
        var purpose: String
        var to: String
        var subject: String
        var status: String
        var createdAt: Date?
        var sentAt: Date?
    }
}
