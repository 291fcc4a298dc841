/// One condition that must hold before an engagement may leave a phase (DOMAIN.md exit criteria).
///
/// `rawValue` is the stable machine code reported in 409 problem responses; `message`
/// says the same in plain words for people.
public enum ExitCriterion: String, Sendable, Codable, CaseIterable {
    // Contracting
    /// The coaching agreement holds at least one goal.
    case agreementHasGoal = "agreement_has_goal"
    /// The current agreement version is accepted by the client.
    case agreementAcceptedByClient = "agreement_accepted_by_client"
    /// The current agreement version is accepted by the sponsor.
    case agreementAcceptedBySponsor = "agreement_accepted_by_sponsor"
    // Awareness
    /// A kickoff meeting took place and its notes are recorded.
    case kickoffHeldWithNotes = "kickoff_held_with_notes"
    /// At least the minimum number of stakeholders is nominated.
    case enoughStakeholdersNominated = "enough_stakeholders_nominated"
    // Analysis
    /// A 360-degree assessment is closed or stakeholder interviews are recorded.
    case assessmentClosedOrInterviewsRecorded = "assessment_closed_or_interviews_recorded"
    /// One to three target competencies are chosen.
    case targetCompetenciesChosen = "target_competencies_chosen"
    /// The IDP is finalised.
    case idpFinalised = "idp_finalised"
    /// The finalised IDP is shared with the sponsor and the HR partner.
    case idpShared = "idp_shared"
    // Achievement
    /// The follow-up session was held.
    case followUpHeld = "follow_up_held"
    /// The final report is issued.
    case finalReportIssued = "final_report_issued"
    /// The client approved the final report and it was released to sponsor and HR partner.
    case finalReportReleased = "final_report_released"

    /// The phase whose exit this criterion guards.
    public var phase: Phase {
        switch self {
        case .agreementHasGoal, .agreementAcceptedByClient, .agreementAcceptedBySponsor: .contracting
        case .kickoffHeldWithNotes, .enoughStakeholdersNominated: .awareness
        case .assessmentClosedOrInterviewsRecorded, .targetCompetenciesChosen, .idpFinalised, .idpShared: .analysis
        case .followUpHeld, .finalReportIssued, .finalReportReleased: .achievement
        }
    }

    /// Short name of the step, true whether it is done or not (for checklists).
    public var label: String {
        switch self {
        case .agreementHasGoal: "The coaching agreement has at least one goal"
        case .agreementAcceptedByClient: "The client accepted the agreement"
        case .agreementAcceptedBySponsor: "The sponsor accepted the agreement"
        case .kickoffHeldWithNotes: "Kickoff meeting held, notes recorded"
        case .enoughStakeholdersNominated: "Enough stakeholders nominated"
        case .assessmentClosedOrInterviewsRecorded: "360 closed or interviews recorded"
        case .targetCompetenciesChosen: "One to three target competencies chosen"
        case .idpFinalised: "IDP finalised"
        case .idpShared: "IDP shared with sponsor and HR partner"
        case .followUpHeld: "Follow-up session held"
        case .finalReportIssued: "Final report issued"
        case .finalReportReleased: "Final report approved by the client and released"
        }
    }

    /// Plain-words statement of what must be true, for pages and problem details.
    public var message: String {
        switch self {
        case .agreementHasGoal: "The coaching agreement needs at least one goal."
        case .agreementAcceptedByClient: "The client has not accepted the current coaching agreement."
        case .agreementAcceptedBySponsor: "The sponsor has not accepted the current coaching agreement."
        case .kickoffHeldWithNotes: "The kickoff meeting must be held and its notes recorded."
        case .enoughStakeholdersNominated: "Not enough stakeholders are nominated yet."
        case .assessmentClosedOrInterviewsRecorded: "Close a 360-degree assessment or record stakeholder interviews."
        case .targetCompetenciesChosen: "Choose one to three target competencies."
        case .idpFinalised: "The individual development plan (IDP) must be finalised."
        case .idpShared: "The IDP must be shared with the sponsor and the HR partner."
        case .followUpHeld: "The follow-up session must be held."
        case .finalReportIssued: "The final report must be issued."
        case .finalReportReleased: "The client must approve the final report, and it must be released to the sponsor and HR partner."
        }
    }
}
