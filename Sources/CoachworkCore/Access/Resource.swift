/// Everything the access policy guards.
///
/// Practice-level resources are judged by the actor's account role; engagement resources
/// by the actor's role in that engagement (see ``Role``).
public enum Resource: String, Sendable, Codable, CaseIterable {
    // Practice level
    /// Password accounts (admins and coaches).
    case userAccount = "user_account"
    /// The actor's own password, time zone and profile.
    case ownAccount = "own_account"
    /// The actor's own API bearer tokens.
    case apiToken = "api_token"
    /// The directory of people (clients, sponsors, HR partners) and their personal links.
    case person
    /// The email outbox and its delivery status.
    case outbox
    /// The practice's settings: anonymity thresholds, manager column, reminders, interview questions.
    case practiceSettings = "practice_settings"
    /// Competency models and their versions.
    case competencyModel = "competency_model"
    // Engagement level
    /// An engagement's metadata: parties, phase, status.
    case engagement
    /// The coaching agreement and its goals.
    case agreement
    /// Kickoff and other meeting notes shared with the parties.
    case sharedNotes = "shared_notes"
    /// The coach's private session and observation notes.
    case privateNotes = "private_notes"
    /// Raw stakeholder interview notes.
    case interviewNotes = "interview_notes"
    /// The list of nominated stakeholders (names, relationships).
    case stakeholderList = "stakeholder_list"
    /// Individual ratings, comments and responses, attributed to a rater.
    case individualResponses = "individual_responses"
    /// The client's own self-rating.
    case selfRating = "self_rating"
    /// Aggregated mini-survey progress results obeying the anonymity threshold (and, for the coach's writes,
    /// starting and closing assessments and survey rounds).
    case aggregateResults = "aggregate_results"
    /// The full 360 report: every aggregate above the threshold, item level, distributions, gap report and the
    /// unattributed comments. It belongs to the client: coach and client read it, nobody else.
    case assessmentReport = "assessment_report"
    /// What the client shares of a 360 with sponsor and HR partner: the target competencies, the summary the client
    /// approved and, if the client chose, the competency-level "all others" figures. The coach may draft the
    /// summary; only the client approves and shares it.
    case sharedAssessmentSummary = "shared_assessment_summary"
    /// The competency-level "all others" figures of a 360, once the client chose to share them
    /// (``AccessContext/assessmentFiguresShared``). Never item-level detail, distributions or comments.
    case sharedAssessmentFigures = "shared_assessment_figures"
    /// Action items of sessions.
    case actionItems = "action_items"
    /// The individual development plan.
    case idp
    /// The status of one IDP action (planned, in progress, done, dropped), ticked as the plan is carried out. Not
    /// part of a revision, so a tick asks nobody to acknowledge the plan again. The coach ticks any action; the
    /// client ticks the actions they own (``AccessContext/ownsIDPAction``).
    case idpActionStatus = "idp_action_status"
    /// The comments and suggestions stakeholders wrote in mini-survey rounds (unattributed):
    /// individual feedback, so the coach's and the client's only.
    case surveyComments = "survey_comments"
    /// The final report snapshot.
    case finalReport = "final_report"
    /// Phase transitions of the engagement.
    case phase
    /// The audit trail of who did what and when.
    case auditTrail = "audit_trail"
    /// Delivery of the engagement's emails: recipient, subject, status, last error (never bodies,
    /// which hold personal links).
    case engagementMail = "engagement_mail"
    /// A meeting's time, place, video link, objective and attendees (not its notes); parties see
    /// the meetings they attend.
    case meetingDetails = "meeting_details"
    /// Which coach runs the engagement: handing it over to another coach of the practice (the
    /// coach leaves or is ill). The admin may do it for any engagement, the coach for their own.
    case coachAssignment = "coach_assignment"
    /// Erasing a person (GDPR right to erasure) and previewing what it would change. The admin's
    /// alone: it is irreversible and spans every engagement the person has a part in.
    case personErasure = "person_erasure"
    /// Erasing an ended engagement (keeping only the practice's anonymous aggregates), previewing
    /// it, and the retention dry-run listing. The admin's alone, like every irreversible deletion.
    case engagementErasure = "engagement_erasure"
    /// A download of the whole engagement (one ZIP of JSON, CSV, the report PDF and the calendar). Who may take
    /// one is decided here; what goes in is decided part by part by the resources above, for the exporter's role.
    case engagementExport = "engagement_export"
    // Practice level, for one person
    /// Everything held about one person across engagements (a GDPR access request, Art. 15), their own submitted
    /// answers included: the admin's alone, as the practice answers such requests.
    case personalDataExport = "personal_data_export"
}
