import Vapor
import Fluent
import CoachworkCore

/// Every row an engagement holds, loaded table by table with one query each (children by the ids of their
/// parents), so an export costs the same number of statements however many meetings, raters or rounds the
/// engagement has. Raw answers (ratings, survey answers) are loaded only to be aggregated; the export's
/// document never copies them.
struct EngagementExportRows {
    var coach: User
    /// The engagement's parties and anyone who accepted or acknowledged something, by id.
    var people: [UUID: Person]
    var agreements: [CoachingAgreement]
    var goals: [Goal]
    var acceptances: [AgreementAcceptance]
    var meetings: [Meeting]
    var actionItems: [ActionItem]
    var stakeholders: [Stakeholder]
    var interviews: [Interview]
    var themes: [InterviewTheme]
    var assessments: [Assessment]
    var raters: [AssessmentRater]
    var ratings: [AssessmentRating]
    /// The competencies of every assessment and round, with their items.
    var competencies: [AssessedCompetency]
    var targets: [TargetCompetency]
    var revisions: [IDPRevision]
    var acknowledgements: [IDPAcknowledgement]
    var ticks: [IDPActionStatus]
    var rounds: [SurveyRound]
    var invitations: [SurveyInvitation]
    var answers: [SurveyAnswer]
    /// The practice's current anonymity rules, for rounds opened before rounds pinned theirs.
    var practiceRules: AnonymityRules
    var report: FinalReport?
    var audit: [AuditEvent]
    var mail: [OutboxMessage]

    /// Loads engagement `e`'s rows: about 25 statements, none per row.
    static func load(_ e: Engagement, on db: any Database) async throws -> EngagementExportRows {
        let id = try e.requireID()
        let coach = try await e.$coach.get(on: db)
        let agreements = try await CoachingAgreement.query(on: db).filter(\.$engagement.$id == id).sort(\.$version).all()
        let agreementIDs = agreements.compactMap(\.id)
        let goals = agreementIDs.isEmpty ? [] : try await Goal.query(on: db).filter(\.$agreement.$id ~~ agreementIDs).sort(\.$position).all()
        let acceptances = agreementIDs.isEmpty ? [] : try await AgreementAcceptance.query(on: db).filter(\.$agreement.$id ~~ agreementIDs)
            .sort(\.$acceptedAt).all()
        let meetings = try await Meeting.query(on: db).filter(\.$engagement.$id == id).sort(\.$startsAt).sort(\.$id).all()
        let actionItems = try await ActionItem.query(on: db).filter(\.$engagement.$id == id).sort(\.$id).all()
        let stakeholders = try await Stakeholder.query(on: db).filter(\.$engagement.$id == id).sort(\.$createdAt).sort(\.$id).all()
        let interviews = try await Interview.query(on: db).filter(\.$engagement.$id == id).sort(\.$heldOn).sort(\.$id).all()
        let themes = try await InterviewTheme.query(on: db).filter(\.$engagementID == id).all()
        let assessments = try await Assessment.query(on: db).filter(\.$engagement.$id == id).sort(\.$openedAt).all()
        let raters = assessments.isEmpty ? [] : try await AssessmentRater.query(on: db).filter(\.$assessment.$id ~~ assessments.compactMap(\.id)).all()
        let submitted = raters.filter { $0.submittedAt != nil }.compactMap(\.id)
        let ratings = submitted.isEmpty ? [] : try await AssessmentRating.query(on: db).filter(\.$rater.$id ~~ submitted).all()
        let rounds = try await SurveyRound.query(on: db).filter(\.$engagement.$id == id).sort(\.$number).all()
        let invitations = rounds.isEmpty ? [] : try await SurveyInvitation.query(on: db).filter(\.$round.$id ~~ rounds.compactMap(\.id)).all()
        let done = invitations.filter { $0.submittedAt != nil }.compactMap(\.id)
        let answers = done.isEmpty ? [] : try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ done).all()
        let targets = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == id).sort(\.$position).all()
        var competencyIDs: [UUID] = []
        for list in assessments.map(\.competencyIDList) + rounds.map(\.competencyIDList) + [targets.map(\.$competency.id)] {
            for c in list where !competencyIDs.contains(c) { competencyIDs.append(c) }
        }
        let competencies = try await AssessmentItems.load(competencyIDs, on: db)
        let revisions = try await IDPRevision.query(on: db).filter(\.$engagement.$id == id).sort(\.$revision).all()
        let revisionIDs = revisions.compactMap(\.id)
        let acknowledgements = revisionIDs.isEmpty ? [] : try await IDPAcknowledgement.query(on: db).filter(\.$revision.$id ~~ revisionIDs)
            .sort(\.$acknowledgedAt).all()
        let ticks = revisionIDs.isEmpty ? [] : try await IDPActionStatus.query(on: db).filter(\.$revision.$id ~~ revisionIDs).all()
        let practiceRules = try await PracticeSettings.current(on: db).rules
        let report = try await FinalReport.query(on: db).filter(\.$engagement.$id == id).first()
        let audit = try await AuditEvent.query(on: db).filter(\.$engagementID == id).sort(\.$sequence).all()
        let mail = try await OutboxMessage.query(on: db).filter(\.$engagementID == id).sort(\.$createdAt).sort(\.$id).all()
        // One query for everyone named: the parties and whoever accepted or acknowledged (a former party too).
        var personIDs = [e.$client.id, e.$sponsor.id, e.$hrPartner.id] + [e.$seniorExecutive.id].compactMap { $0 }
        personIDs += acceptances.map(\.$person.id) + acknowledgements.map(\.$person.id)
        let people = try await Person.query(on: db).filter(\.$id ~~ Array(Set(personIDs))).all()
        return EngagementExportRows(
            coach: coach, people: Dictionary(people.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a }),
            agreements: agreements, goals: goals, acceptances: acceptances, meetings: meetings, actionItems: actionItems,
            stakeholders: stakeholders, interviews: interviews, themes: themes, assessments: assessments, raters: raters,
            ratings: ratings, competencies: competencies, targets: targets, revisions: revisions, acknowledgements: acknowledgements,
            ticks: ticks, rounds: rounds, invitations: invitations, answers: answers, practiceRules: practiceRules,
            report: report, audit: audit, mail: mail)
    }

    /// The name of competency `id` ("" when unknown).
    func competencyName(_ id: UUID) -> String {
        competencies.first { $0.competency.id == id }?.competency.name ?? ""
    }
}
