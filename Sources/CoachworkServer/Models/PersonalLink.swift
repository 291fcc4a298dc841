import Fluent
import Vapor

/// A personal link emailed to a person: the token itself is never stored, only its
/// SHA-256 hash (hex), with an expiry and the moment it was used.
final class PersonalLink: Model, @unchecked Sendable {
    static let schema = "personal_links"

    /// What a link lets its holder do.
    enum Purpose: String, Codable, Sendable {
        /// Sign in as the person (a "magic link"), then go to ``PersonalLink/nextPath``.
        case signIn = "sign_in"
        /// A stakeholder's (or the client's self-) rating form of a 360-degree assessment;
        /// the subject is the ``AssessmentRater``.
        case assessmentResponse = "assessment_response"
        /// A stakeholder's progress mini-survey form; the subject is the ``SurveyInvitation``.
        case surveyResponse = "survey_response"
    }

    // Identity
    @ID(key: .id) var id: UUID?
    /// Hex SHA-256 of the 256-bit random token in the URL.
    @Field(key: "token_hash") var tokenHash: String
    // References
    /// The person a sign-in link is for.
    @OptionalParent(key: "person_id") var person: Person?
    /// The rater or invitation a form link answers.
    @OptionalField(key: "subject_id") var subjectID: UUID?
    /// Where a sign-in link lands, e.g. the agreement page to accept.
    @OptionalField(key: "next_path") var nextPath: String?
    // Data
    @Field(key: "purpose") var purpose: String
    var linkPurpose: Purpose? { Purpose(rawValue: purpose) }
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, personID: UUID?, purpose: Purpose, expiresAt: Date, subjectID: UUID? = nil, nextPath: String? = nil) {
        self.tokenHash = tokenHash
        self.$person.id = personID
        self.subjectID = subjectID
        self.nextPath = nextPath
        self.purpose = purpose.rawValue
        self.expiresAt = expiresAt
    }
}
