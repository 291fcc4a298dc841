/// Decides whether an engagement may leave its phase (DOMAIN.md exit criteria).
///
/// Pure function of the facts and the practice settings: no storage, no clock.
public struct PhaseGate: Sendable {
    /// Fewest nominated stakeholders the awareness phase needs (DOMAIN.md default 3).
    public var minimumStakeholders: Int
    /// Most target competencies the analysis phase accepts (DOMAIN.md: 1 to 3).
    public var maximumTargetCompetencies: Int

    /// Creates a gate with the practice's settings; defaults are DOMAIN.md's.
    public init(minimumStakeholders: Int = 3, maximumTargetCompetencies: Int = 3) {
        self.minimumStakeholders = minimumStakeholders
        self.maximumTargetCompetencies = maximumTargetCompetencies
    }

    /// Every exit criterion of `phase` that `facts` do not meet, in declaration order.
    ///
    /// - Returns: an empty array when the engagement may advance; also empty for `closed`,
    ///   which has no exit (use ``advance(from:facts:)`` to learn that it cannot move on).
    public func unmetCriteria(leaving phase: Phase, facts: EngagementFacts) -> [ExitCriterion] {
        ExitCriterion.allCases.filter { $0.phase == phase && !isMet($0, facts) }
    }

    /// The phase after `phase` when every exit criterion holds.
    ///
    /// - Throws: ``PhaseGateError/criteriaUnmet(_:)`` listing every unmet criterion, or
    ///   ``PhaseGateError/alreadyClosed`` when `phase` is `closed`.
    public func advance(from phase: Phase, facts: EngagementFacts) throws(PhaseGateError) -> Phase {
        guard let next = phase.next else { throw .alreadyClosed }
        let unmet = unmetCriteria(leaving: phase, facts: facts)
        guard unmet.isEmpty else { throw .criteriaUnmet(unmet) }
        return next
    }

    private func isMet(_ criterion: ExitCriterion, _ f: EngagementFacts) -> Bool {
        switch criterion {
        case .agreementHasGoal: f.agreementGoalCount >= 1
        case .agreementAcceptedByClient: f.agreementAcceptedByClient
        case .agreementAcceptedBySponsor: f.agreementAcceptedBySponsor
        case .kickoffHeldWithNotes: f.kickoffHeldWithNotes
        case .enoughStakeholdersNominated: f.nominatedStakeholderCount >= minimumStakeholders
        case .assessmentClosedOrInterviewsRecorded: f.assessmentClosed || f.interviewCount > 0
        case .targetCompetenciesChosen:
            (1...maximumTargetCompetencies).contains(f.targetCompetencyCount)
        case .idpFinalised: f.idpFinalised
        case .idpShared: f.idpShared
        case .followUpHeld: f.followUpHeld
        case .finalReportIssued: f.finalReportIssued
        case .finalReportReleased: f.finalReportReleased
        }
    }
}

/// Why ``PhaseGate/advance(from:facts:)`` refused.
public enum PhaseGateError: Error, Sendable, Equatable {
    /// The listed exit criteria do not hold (never empty).
    case criteriaUnmet([ExitCriterion])
    /// A closed engagement has no next phase.
    case alreadyClosed
}
