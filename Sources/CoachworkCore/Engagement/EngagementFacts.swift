/// The facts about one engagement that the phase gate judges.
///
/// The server gathers these from storage; the core never reads a database. Counts are
/// plain integers (number of items), flags mean the step is done.
public struct EngagementFacts: Sendable, Equatable {
    /// Goals in the current coaching agreement version.
    public var agreementGoalCount: Int
    /// The client accepted the current agreement version.
    public var agreementAcceptedByClient: Bool
    /// The sponsor accepted the current agreement version.
    public var agreementAcceptedBySponsor: Bool
    /// A kickoff meeting is marked held and has non-empty notes.
    public var kickoffHeldWithNotes: Bool
    /// Stakeholders currently nominated (not withdrawn).
    public var nominatedStakeholderCount: Int
    /// At least one 360-degree assessment is closed.
    public var assessmentClosed: Bool
    /// Stakeholder interviews recorded.
    public var interviewCount: Int
    /// Target competencies chosen.
    public var targetCompetencyCount: Int
    /// The IDP is finalised.
    public var idpFinalised: Bool
    /// The IDP is shared with both the sponsor and the HR partner.
    public var idpShared: Bool
    /// The follow-up session is held.
    public var followUpHeld: Bool
    /// The final report is issued.
    public var finalReportIssued: Bool
    /// The client approved the final report and it is released to sponsor and HR partner.
    public var finalReportReleased: Bool

    /// Creates facts; every default describes a brand-new engagement with nothing done.
    public init(
        agreementGoalCount: Int = 0, agreementAcceptedByClient: Bool = false,
        agreementAcceptedBySponsor: Bool = false, kickoffHeldWithNotes: Bool = false,
        nominatedStakeholderCount: Int = 0, assessmentClosed: Bool = false, interviewCount: Int = 0,
        targetCompetencyCount: Int = 0, idpFinalised: Bool = false, idpShared: Bool = false,
        followUpHeld: Bool = false, finalReportIssued: Bool = false, finalReportReleased: Bool = false
    ) {
        self.agreementGoalCount = agreementGoalCount
        self.agreementAcceptedByClient = agreementAcceptedByClient
        self.agreementAcceptedBySponsor = agreementAcceptedBySponsor
        self.kickoffHeldWithNotes = kickoffHeldWithNotes
        self.nominatedStakeholderCount = nominatedStakeholderCount
        self.assessmentClosed = assessmentClosed
        self.interviewCount = interviewCount
        self.targetCompetencyCount = targetCompetencyCount
        self.idpFinalised = idpFinalised
        self.idpShared = idpShared
        self.followUpHeld = followUpHeld
        self.finalReportIssued = finalReportIssued
        self.finalReportReleased = finalReportReleased
    }
}
