import Vapor
import Fluent
import CoachworkCore

/// Gathers the ``EngagementFacts`` the phase gate judges, with one count query per fact.
enum EngagementFactsLoader {
    static func load(_ engagement: Engagement, on db: any Database) async throws -> EngagementFacts {
        let id = try engagement.requireID()
        var facts = EngagementFacts()
        if let agreement = try await AgreementService.current(of: id, on: db) {
            facts.agreementGoalCount = try await agreement.$goals.query(on: db).count()
            let parties = try await agreement.$acceptances.query(on: db).all(\.$party)
            facts.agreementAcceptedByClient = parties.contains("client")
            facts.agreementAcceptedBySponsor = parties.contains("sponsor")
        }
        facts.kickoffHeldWithNotes = try await Meeting.query(on: db).filter(\.$engagement.$id == id)
            .filter(\.$kind == Meeting.Kind.kickoff.rawValue).filter(\.$status == Meeting.Status.held.rawValue)
            .filter(\.$sharedNotes != "").count() > 0
        facts.nominatedStakeholderCount = try await StakeholderService.active(id, on: db).count
        facts.assessmentClosed = try await Assessment.query(on: db).filter(\.$engagement.$id == id)
            .filter(\.$status == "closed").count() > 0
        facts.interviewCount = try await Interview.query(on: db).filter(\.$engagement.$id == id).count()
        facts.targetCompetencyCount = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == id).count()
        let finalised = IDPRevision.query(on: db).filter(\.$engagement.$id == id).filter(\.$status == "finalised")
        facts.idpFinalised = try await finalised.count() > 0
        facts.idpShared = try await finalised.copy().filter(\.$sharedAt != nil).count() > 0
        facts.followUpHeld = try await Meeting.query(on: db).filter(\.$engagement.$id == id)
            .filter(\.$kind == Meeting.Kind.followUp.rawValue).filter(\.$status == Meeting.Status.held.rawValue).count() > 0
        let report = try await FinalReport.query(on: db).filter(\.$engagement.$id == id).first()
        facts.finalReportIssued = report != nil
        facts.finalReportReleased = report?.releasedAt != nil
        return facts
    }
}
