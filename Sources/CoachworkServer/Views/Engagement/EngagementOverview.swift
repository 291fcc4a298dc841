import Vapor
import Fluent
import CoachworkCore

/// Everything the engagement page shows, loaded once per request; what the actor may not
/// see is never loaded into it.
struct EngagementOverview {
    let scope: EngagementScope
    let client: Person
    let sponsor: Person
    let hrPartner: Person
    let coach: User
    let facts: EngagementFacts
    let agreement: CoachingAgreement?
    /// Goals of the current agreement, in order.
    let goals: [Goal]
    let acceptedParties: [String]
    let meetings: [Meeting]
    /// Nominated stakeholders, proposals and declined ones included (filter ``Stakeholder/isApproved`` for raters).
    let stakeholders: [Stakeholder]
    /// Withdrawn stakeholders (erased ones included), listed apart so nobody wonders where they went.
    var withdrawnStakeholders: [Stakeholder] = []
    let settings: PracticeSettings
    let assessments: [Assessment]
    let interviewCount: Int
    /// Raw interview notes, loaded only for the coach.
    let interviews: [Interview]
    /// Theme counts across interviews, loaded only for the coach.
    let themes: [ThemeCount]
    /// Results of the latest closed 360, for the coach choosing target competencies.
    let latestResults: AssessmentSummary?
    let targets: [TargetCompetency]
    let idp: IDPRevision?
    let rounds: [SurveyRound]
    /// Mini-survey trend and the follow-up relation over closed rounds (aggregates only).
    let trend: ProgressTrend?
    let followUp: FollowUpRelation?
    /// A final report exists (readers see it per the access policy: sponsor and HR only once released).
    let reportIssued: Bool
    let competencies: [Competency]
    /// Model id -> "name vN", filled only when more than one model is offered (so labels can tell them apart).
    let modelNames: [UUID: String]
    let auditTrail: [AuditEvent]
    /// The engagement's emails that failed or are being retried (coach and admin).
    let deliveryProblems: [OutboxMessage]

    /// Coaching sessions scheduled and not cancelled (a series form offers the rest of the agreement's).
    var sessionsScheduled: Int {
        meetings.filter { $0.meetingKind == .coachingSession && $0.status != Meeting.Status.cancelled.rawValue }.count
    }

    static func load(_ scope: EngagementScope) async throws -> EngagementOverview {
        let db = scope.req.db
        let e = scope.engagement
        let agreement = try await AgreementService.current(of: scope.id, on: db)
        let canSeeStakeholders = scope.can(.view, .stakeholderList)
        let progress = scope.can(.view, .aggregateResults) ? try await SurveyResults.progress(scope.id, on: db) : nil
        let offered = scope.role == .coach ? try await CompetencyCatalog.offered(on: db) : []
        let facts = try await EngagementFactsLoader.load(e, on: db)
        // Client, sponsor and HR partner in one query.
        let people = try await Person.query(on: db).filter(\.$id ~~ [e.$client.id, e.$sponsor.id, e.$hrPartner.id]).all()
        func person(_ id: UUID) throws -> Person {
            guard let found = people.first(where: { $0.id == id }) else { throw Abort(.internalServerError) }
            return found
        }
        let assessments = try await Assessment.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$openedAt).all()
        // One query for the list, withdrawn included; split here.
        let everyone = canSeeStakeholders ? try await StakeholderService.everyone(scope.id, on: db) : []
        return EngagementOverview(
            scope: scope,
            client: try person(e.$client.id), sponsor: try person(e.$sponsor.id),
            hrPartner: try person(e.$hrPartner.id), coach: try await e.$coach.get(on: db),
            facts: facts, agreement: agreement,
            // The accepted version's goals (judged in the final report), never those of a later draft.
            goals: try await AgreementService.acceptedGoals(of: scope.id, on: db),
            acceptedParties: try await agreement?.$acceptances.query(on: db).all(\.$party) ?? [],
            // Everyone sees the meetings they may open: all of them, or those they attend.
            meetings: try await Meeting.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$startsAt).all()
                .filter { (try? scope.authorizeDetails(of: $0)) != nil },
            stakeholders: everyone.filter { $0.withdrawnAt == nil },
            withdrawnStakeholders: everyone.filter { $0.withdrawnAt != nil },
            settings: try await PracticeSettings.current(on: db),
            assessments: assessments,
            interviewCount: facts.interviewCount,
            interviews: scope.can(.view, .interviewNotes)
                ? try await Interview.query(on: db).filter(\.$engagement.$id == scope.id).with(\.$stakeholder).sort(\.$heldOn).all() : [],
            themes: scope.can(.view, .interviewNotes) ? try await PlanService.themeSummary(scope.id, on: db) : [],
            latestResults: try await latestResults(scope, assessments),
            targets: try await TargetCompetency.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$position).with(\.$competency).all(),
            idp: try await PlanService.latest(scope.id, on: db),
            rounds: try await SurveyRound.query(on: db).filter(\.$engagement.$id == scope.id).sort(\.$number).all(),
            trend: progress?.trend,
            followUp: progress?.followUp,
            reportIssued: facts.finalReportIssued,
            competencies: offered.flatMap(\.competencies),
            modelNames: offered.count > 1 ? Dictionary(uniqueKeysWithValues: offered.map { ($0.model.id!, "\($0.model.name) v\($0.model.version)") }) : [:],
            auditTrail: scope.can(.view, .auditTrail)
                ? try await AuditEvent.query(on: db).filter(\.$engagementID == scope.id).sort(\.$sequence, .descending).limit(20).all() : [],
            deliveryProblems: scope.can(.view, .engagementMail) ? try await OutboxService(db: db).problems(engagementID: scope.id) : [])
    }

    /// The latest closed 360's results (final, so cached: ``AssessmentSummaryCache``).
    private static func latestResults(_ scope: EngagementScope, _ assessments: [Assessment]) async throws -> AssessmentSummary? {
        guard scope.role == .coach, let closed = assessments.filter({ $0.status == "closed" })
                .max(by: { ($0.closedAt ?? .distantPast) < ($1.closedAt ?? .distantPast) }) else { return nil }
        return try await AssessmentService.results(closed, on: scope.req.db)
    }

    var isCoach: Bool { scope.role == .coach }
    /// Whether the coach's forms are offered: only while the engagement is active (a paused,
    /// cancelled or closed one refuses every step, so its forms would only answer 409).
    var coachActs: Bool { isCoach && scope.engagement.isActive }
    var phase: Phase { scope.engagement.currentPhase }
    var zone: String { scope.actor.timeZone }
    var id: UUID { scope.id }
}
