/// A step of the engagement method that is only possible in certain phases.
///
/// Keeping this table in the core means the pages and the API refuse a step in the wrong
/// phase with the same 409 and the same words.
public enum EngagementStep: String, Sendable, CaseIterable {
    /// Draft or change the coaching agreement (a new version once one was proposed).
    case editAgreement = "edit_agreement"
    /// Send the agreement to client and sponsor for acceptance.
    case proposeAgreement = "propose_agreement"
    /// Schedule and hold the kickoff meeting with the executive team.
    case holdKickoff = "hold_kickoff"
    /// Nominate (or withdraw) stakeholders.
    case nominateStakeholders = "nominate_stakeholders"
    /// Run a 360-degree assessment.
    case runAssessment = "run_assessment"
    /// Record stakeholder interviews.
    case recordInterview = "record_interview"
    /// Choose target competencies.
    case chooseTargets = "choose_targets"
    /// Write, finalise and share the IDP.
    case writeIDP = "write_idp"
    /// Schedule and hold coaching sessions.
    case holdSession = "hold_session"
    /// Send and close progress mini-survey rounds.
    case runSurvey = "run_survey"
    /// Revise the shared IDP with a reason (a correction).
    case reviseIDP = "revise_idp"
    /// Tick the status of an action of the shared IDP (done, in progress, ...): progress, not a revision.
    case tickIDPAction = "tick_idp_action"
    /// Observe the client at work (shadow coaching), from contracting on.
    case observe
    /// Hold the results review and the follow-up session.
    case holdFollowUp = "hold_follow_up"
    /// Issue the final report.
    case issueReport = "issue_report"

    /// The phases in which the step may be taken.
    public var phases: Set<Phase> {
        switch self {
        case .editAgreement, .observe: [.contracting, .awareness, .analysis, .achievement]
        case .proposeAgreement: [.contracting, .awareness, .analysis, .achievement]
        case .holdKickoff: [.awareness]
        case .nominateStakeholders: [.awareness, .analysis, .achievement]
        case .runAssessment, .recordInterview, .chooseTargets, .writeIDP: [.analysis]
        case .holdSession: [.analysis, .achievement]
        // A finalised IDP may need a change before the sponsor acknowledges it, hence analysis too.
        case .reviseIDP: [.analysis, .achievement]
        // Actions are carried out from the moment the plan is shared, which may be before achievement begins.
        case .tickIDPAction: [.analysis, .achievement]
        case .runSurvey, .holdFollowUp, .issueReport: [.achievement]
        }
    }

    /// Plain words for messages, e.g. "run a 360-degree assessment".
    public var words: String {
        switch self {
        case .editAgreement: "change the coaching agreement"
        case .proposeAgreement: "propose the coaching agreement"
        case .holdKickoff: "hold the kickoff meeting"
        case .nominateStakeholders: "nominate stakeholders"
        case .runAssessment: "run a 360-degree assessment"
        case .recordInterview: "record stakeholder interviews"
        case .chooseTargets: "choose target competencies"
        case .writeIDP: "write and share the IDP"
        case .holdSession: "hold coaching sessions"
        case .runSurvey: "run progress mini-surveys"
        case .reviseIDP: "revise the IDP"
        case .tickIDPAction: "change the status of an IDP action"
        case .holdFollowUp: "hold the results review and follow-up"
        case .observe: "observe the client at work"
        case .issueReport: "issue the final report"
        }
    }

    /// Checks that the step fits the engagement's phase and status.
    /// - Throws: a `conflict` ``DomainError`` (`wrong_phase` or `engagement_inactive`).
    public func check(phase: Phase, active: Bool) throws(DomainError) {
        guard active else {
            throw DomainError(.conflict, code: "engagement_inactive",
                              message: "The engagement is paused, cancelled or closed: you cannot \(words) now.")
        }
        guard phases.contains(phase) else {
            let allowed = Phase.allCases.filter { phases.contains($0) }.map { $0.title.lowercased() }.joined(separator: " or ")
            throw DomainError(.conflict, code: "wrong_phase",
                              message: "You can \(words) in the \(allowed) phase; this engagement is in \(phase.title.lowercased()).")
        }
    }
}
