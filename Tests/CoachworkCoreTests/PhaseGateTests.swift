import Testing
@testable import CoachworkCore

@Suite struct PhaseGateTests {
    let gate = PhaseGate()

    @Test func phasesRunInOrderThenClose() {
        #expect(Phase.contracting.next == .awareness)
        #expect(Phase.awareness.next == .analysis)
        #expect(Phase.analysis.next == .achievement)
        #expect(Phase.achievement.next == .closed)
        #expect(Phase.closed.next == nil)
        #expect(Phase.contracting < Phase.closed)
    }

    @Test func newEngagementHasEveryContractingCriterionUnmet() {
        let unmet = gate.unmetCriteria(leaving: .contracting, facts: EngagementFacts())
        #expect(unmet == [.agreementHasGoal, .agreementAcceptedByClient, .agreementAcceptedBySponsor])
    }

    @Test func contractingNeedsBothAcceptances() {
        var facts = EngagementFacts(agreementGoalCount: 2, agreementAcceptedByClient: true)
        #expect(gate.unmetCriteria(leaving: .contracting, facts: facts) == [.agreementAcceptedBySponsor])
        facts.agreementAcceptedBySponsor = true
        #expect(throws: Never.self) { try gate.advance(from: .contracting, facts: facts) }
        #expect((try? gate.advance(from: .contracting, facts: facts)) == .awareness)
    }

    @Test func awarenessCountsStakeholdersAgainstTheSetting() {
        let facts = EngagementFacts(kickoffHeldWithNotes: true, nominatedStakeholderCount: 2)
        #expect(gate.unmetCriteria(leaving: .awareness, facts: facts) == [.enoughStakeholdersNominated])
        #expect(PhaseGate(minimumStakeholders: 2).unmetCriteria(leaving: .awareness, facts: facts).isEmpty)
    }

    @Test func analysisAcceptsInterviewsInsteadOfAClosedAssessment() {
        var facts = EngagementFacts(interviewCount: 1, targetCompetencyCount: 2, idpFinalised: true, idpShared: true)
        #expect(gate.unmetCriteria(leaving: .analysis, facts: facts).isEmpty)
        facts.interviewCount = 0
        #expect(gate.unmetCriteria(leaving: .analysis, facts: facts) == [.assessmentClosedOrInterviewsRecorded])
        facts.assessmentClosed = true
        #expect(gate.unmetCriteria(leaving: .analysis, facts: facts).isEmpty)
    }

    @Test(arguments: [(0, false), (1, true), (3, true), (4, false)])
    func targetCompetenciesMustBeOneToThree(count: Int, met: Bool) {
        let facts = EngagementFacts(targetCompetencyCount: count)
        #expect(gate.unmetCriteria(leaving: .analysis, facts: facts).contains(.targetCompetenciesChosen) == !met)
    }

    @Test func refusalListsEveryUnmetCriterion() {
        let facts = EngagementFacts(followUpHeld: true)
        #expect(throws: PhaseGateError.criteriaUnmet([.finalReportIssued, .finalReportReleased])) {
            try gate.advance(from: .achievement, facts: facts)
        }
        // Issued is not enough: the client approves and the coach releases before the engagement closes.
        #expect(throws: PhaseGateError.criteriaUnmet([.finalReportReleased])) {
            try gate.advance(from: .achievement, facts: EngagementFacts(followUpHeld: true, finalReportIssued: true))
        }
        #expect(throws: Never.self) {
            try gate.advance(from: .achievement, facts: EngagementFacts(followUpHeld: true, finalReportIssued: true, finalReportReleased: true))
        }
        #expect(throws: PhaseGateError.alreadyClosed) { try gate.advance(from: .closed, facts: facts) }
    }

    @Test func domainErrorCarriesEachCriterionByCodeAndWords() {
        let error = DomainError.phaseGate(.criteriaUnmet([.kickoffHeldWithNotes, .enoughStakeholdersNominated]), from: .awareness)
        #expect(error.kind == .conflict)
        #expect(error.details.map(\.code) == ["kickoff_held_with_notes", "enough_stakeholders_nominated"])
        #expect(error.details[0].message == ExitCriterion.kickoffHeldWithNotes.message)
    }

    @Test func everyCriterionBelongsToAWorkingPhase() {
        for criterion in ExitCriterion.allCases {
            #expect(criterion.phase != .closed)
            #expect(!criterion.message.isEmpty)
        }
        #expect(Set(ExitCriterion.allCases.map(\.phase)) == [.contracting, .awareness, .analysis, .achievement])
    }
}

@Suite struct EngagementStepTests {
    @Test func stepsAreRefusedOutsideTheirPhases() {
        #expect(throws: Never.self) { try EngagementStep.runAssessment.check(phase: .analysis, active: true) }
        do {
            try EngagementStep.runSurvey.check(phase: .analysis, active: true)
            Issue.record("expected wrong_phase")
        } catch {
            #expect(error.code == "wrong_phase")
            #expect(error.kind == .conflict)
            #expect(error.message.contains("achievement phase"))
        }
    }

    @Test func inactiveEngagementsRefuseEveryStep() {
        for step in EngagementStep.allCases {
            let phase = step.phases.first!
            #expect(throws: DomainError.self) { try step.check(phase: phase, active: false) }
        }
    }

    @Test func everyWorkingPhaseHasSomethingToDo() {
        for phase in [Phase.contracting, .awareness, .analysis, .achievement] {
            #expect(EngagementStep.allCases.contains { $0.phases.contains(phase) })
        }
        #expect(!EngagementStep.allCases.contains { $0.phases.contains(.closed) })
    }
}
