import Foundation
import CoachworkCore

/// `person.json` of a person's data export (format ``ExportFormat/person``; docs/EXPORT.md): everything Coachwork
/// holds about one person across engagements, for a data subject's access request (GDPR Art. 15). Admin only.
/// It holds the person's own submitted 360 ratings and survey answers (they are the person's data), never anyone
/// else's, and never a link's token or hash.
struct PersonExportDocument: Codable, Sendable {
    var format = ExportFormat.person
    var exportedAt: Date
    var exportedBy: String
    var person: PersonPart
    /// Engagements where the person is a named party.
    var engagements: [EngagementRole]
    /// Engagements where the person's email is a nominated stakeholder.
    var stakeholderOf: [StakeholderRole]
    var links: [Link]
    var mail: [Mail]
    var meetings: [MeetingRow]
    var acceptances: [Acceptance]
    var acknowledgements: [Acknowledgement]
    var assessmentAnswers: [AssessmentAnswers]
    var surveyAnswers: [SurveyAnswers]
    var audit: [EngagementExportDocument.AuditRow]

    struct PersonPart: Codable, Sendable {
        var id: UUID; var name: String; var email: String; var organisation: String?; var jobTitle: String?; var timeZone: String
        var createdAt: Date?; var updatedAt: Date?
    }
    struct EngagementRole: Codable, Sendable { var engagementId: UUID; var role: String; var coach: String; var phase: String; var status: String; var createdAt: Date? }
    struct StakeholderRole: Codable, Sendable {
        var engagementId: UUID; var name: String; var relationship: String; var status: String; var withdrawnAt: Date?; var createdAt: Date?
    }
    /// A personal link issued to the person: purpose and times only.
    struct Link: Codable, Sendable { var purpose: String; var createdAt: Date?; var expiresAt: Date; var usedAt: Date? }
    struct Mail: Codable, Sendable { var purpose: String; var subject: String; var status: String; var createdAt: Date?; var sentAt: Date? }
    struct MeetingRow: Codable, Sendable {
        var engagementId: UUID; var kind: String; var status: String; var startsAt: Date; var durationMinutes: Int; var objective: String
    }
    struct Acceptance: Codable, Sendable { var engagementId: UUID; var agreementVersion: Int; var party: String; var acceptedAt: Date }
    struct Acknowledgement: Codable, Sendable { var engagementId: UUID; var idpRevision: Int; var party: String; var acknowledgedAt: Date }
    /// One 360 the person answered (as a stakeholder, or the client's self-rating): their own answers.
    struct AssessmentAnswers: Codable, Sendable {
        var engagementId: UUID; var assessmentId: UUID; var group: String; var submittedAt: Date?
        var ratings: [Rating]; var openAnswers: [OpenAnswer]
        /// `score` nil: "can't say".
        struct Rating: Codable, Sendable { var competency: String; var item: String; var score: Int? }
        struct OpenAnswer: Codable, Sendable { var question: String; var answer: String }
    }
    /// One mini-survey round the person answered: their own answers.
    struct SurveyAnswers: Codable, Sendable {
        var engagementId: UUID; var round: Int; var submittedAt: Date?; var followUpFrequency: String?; var answers: [Answer]
        /// `change` nil: "can't say".
        struct Answer: Codable, Sendable { var competency: String; var change: Int?; var comment: String?; var suggestion: String? }
    }
}
