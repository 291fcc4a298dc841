import Vapor
import Fluent
import CoachworkCore

extension ReportService {
    /// Builds the snapshot from aggregates only: nothing in it identifies a rater.
    /// - Parameter outcomes: goal id -> (outcome code, note) as the coach judged them.
    static func snapshot(_ engagement: Engagement, coachSummary: String, outcomes: [UUID: (String, String?)] = [:],
                         at now: Date, on db: any Database) async throws -> ReportSnapshot {
        let id = try engagement.requireID()
        try await engagement.$client.load(on: db)
        try await engagement.$sponsor.load(on: db)
        try await engagement.$hrPartner.load(on: db)
        try await engagement.$coach.load(on: db)
        // The goals of the accepted version only: a later draft or proposal was never agreed.
        let goals = try await AgreementService.acceptedGoals(of: id, on: db)
        let targets = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == id).sort(\.$position).with(\.$competency).all()
        var baseline: ReportSnapshot.Baseline?
        // The baseline is the first closed 360: the picture before the coaching worked on it.
        if let assessment = try await Assessment.query(on: db).filter(\.$engagement.$id == id).filter(\.$status == "closed")
            .sort(\.$openedAt, .ascending).first() {
            let summary = try await AssessmentService.results(assessment, on: db)
            baseline = .init(respondents: summary.respondents, threshold: summary.threshold, rows: summary.results.map {
                .init(competency: summary.names[$0.competencyID] ?? "", selfScore: $0.selfMean,
                      othersN: $0.others.n, othersMean: $0.others.suppressed ? nil : $0.others.mean)
            })
        }
        let names = Dictionary(uniqueKeysWithValues: targets.map { ($0.competency.id!.uuidString, $0.competency.name) })
        var rounds: [ReportSnapshot.Round] = []
        for round in try await SurveyRound.query(on: db).filter(\.$engagement.$id == id).filter(\.$closedAt != nil).sort(\.$number).all() {
            let summary = try await SurveyResults.round(round, on: db)
            rounds.append(.init(number: round.number, items: summary.items.map { ReportSnapshot.Item($0, name: names[$0.competencyID] ?? "") }))
        }
        let (trend, relation) = try await SurveyResults.progress(id, on: db)
        let steps: [ReportSnapshot.Step] = trend.items.flatMap { item in
            item.steps.map { ReportSnapshot.Step(competency: names[item.competencyID] ?? "", fromRound: $0.fromRound, toRound: $0.toRound,
                                                 raterSetChanged: $0.raterSetChanged, delta: $0.delta) }
        }
        let roundNumbers = Dictionary(uniqueKeysWithValues: try await SurveyRound.query(on: db).filter(\.$engagement.$id == id).all()
            .map { ($0.id!, $0.number) })
        let corrections = try await IDPRevision.query(on: db).filter(\.$engagement.$id == id).filter(\.$reason != nil)
            .sort(\.$revision).all().map {
                ReportSnapshot.Correction(revision: $0.revision, reason: $0.reason ?? "", date: $0.finalisedAt ?? now,
                                          round: $0.surveyRoundID.flatMap { roundNumbers[$0] })
            }
        let followUp = try await Meeting.query(on: db).filter(\.$engagement.$id == id).filter(\.$kind == Meeting.Kind.followUp.rawValue)
            .filter(\.$status == Meeting.Status.held.rawValue).sort(\.$startsAt, .descending).first()
        return ReportSnapshot(
            clientName: engagement.client.name, coachName: engagement.coach.name, sponsorName: engagement.sponsor.name,
            presentingProblem: engagement.presentingProblem, objective: engagement.objective, issuedAt: now,
            goals: goals.map {
                .init(statement: $0.statement, successMeasure: $0.successMeasure, targetDate: $0.targetDate,
                      outcome: $0.id.flatMap { outcomes[$0]?.0 }, outcomeNote: $0.id.flatMap { outcomes[$0]?.1 })
            },
            targets: targets.map { .init(competency: $0.competency.name, rationale: $0.rationale) },
            baseline: baseline, rounds: rounds,
            steps: steps,
            followUpLevels: relation.levels.map { .init(frequency: $0.frequency.title, n: $0.n, meanChange: $0.suppressed ? nil : $0.meanChange) },
            followUpCorrelation: relation.spearman,
            corrections: corrections,
            followUp: followUp.map {
                .init(heldOn: $0.heldAt ?? $0.startsAt, feedbackObtained: $0.feedbackObtained ?? "", achievements: $0.achievements ?? "",
                      notes: $0.sharedNotes)
            },
            coachSummary: coachSummary)
    }
}

/// The frozen content of a final report (stored as JSON; never recomputed).
struct ReportSnapshot: Codable, Sendable {
    /// The report as `scope`'s reader may see it: the client's self-ratings only for those
    /// the access policy lets see them (coach and client).
    func visible(to scope: EngagementScope) -> ReportSnapshot {
        // The 360 is the client's: its figures reach sponsor and HR partner only while the client
        // shares them (pass a scope from ``AssessmentSharing/scope(_:on:)``).
        guard scope.can(.view, .assessmentReport) || scope.can(.view, .sharedAssessmentFigures) else {
            var copy = self
            copy.baseline = nil
            return copy
        }
        guard !scope.can(.view, .selfRating), var baseline else { return self }
        baseline.rows = baseline.rows.map { var row = $0; row.selfScore = nil; return row }
        var copy = self
        copy.baseline = baseline
        return copy
    }

    struct GoalLine: Codable, Sendable {
        var statement: String; var successMeasure: String; var targetDate: String
        /// ``ReportService/outcomes`` code, nil when not assessed (and in reports issued before outcomes existed).
        var outcome: String?; var outcomeNote: String?
    }
    /// The held follow-up session: what the client heard back and which achievements were recognised.
    struct FollowUp: Codable, Sendable { var heldOn: Date; var feedbackObtained: String; var achievements: String; var notes: String }
    struct Target: Codable, Sendable { var competency: String; var rationale: String }
    struct BaselineRow: Codable, Sendable { var competency: String; var selfScore: Double?; var othersN: Int; var othersMean: Double? }
    struct Baseline: Codable, Sendable { var respondents: Int; var threshold: Int; var rows: [BaselineRow] }
    struct Item: Codable, Sendable {
        var competency: String; var n: Int; var invited: Int; var responseRate: Double
        var mean: Double?; var standardDeviation: Double?; var shareImproved: Double?; var distribution: [String: Int]?
        /// Added with issue 5 (nil in reports issued before).
        var ciLower: Double?; var ciUpper: Double?; var netScore: Double?; var benchmark: String?
        /// Stakeholders who answered "can't say" (not in n); nil when withheld (too few respondents) and in
        /// reports issued before "can't say" existed (issue 12).
        var cantSay: Int?

        init(_ i: ProgressItemStatistics, name: String) {
            competency = name; n = i.n; invited = i.invited; responseRate = i.responseRate
            mean = i.mean; standardDeviation = i.standardDeviation; shareImproved = i.shareImproved
            distribution = i.distribution.map { d in Dictionary(uniqueKeysWithValues: d.map { (String($0.key), $0.value) }) }
            ciLower = i.confidenceInterval?.lower; ciUpper = i.confidenceInterval?.upper
            netScore = i.netScore; benchmark = i.benchmark?.rawValue; cantSay = i.cantSay
        }
    }
    struct Round: Codable, Sendable { var number: Int; var items: [Item] }
    /// Between two consecutive rounds, per competency: whether the respondents changed, and the
    /// change in mean when it may be shown (nil when it could expose who joined or left).
    struct Step: Codable, Sendable { var competency: String; var fromRound: Int; var toRound: Int; var raterSetChanged: Bool; var delta: Double? }
    /// Mean perceived change by follow-up frequency (nil mean: fewer people than the threshold).
    struct FollowUpLevel: Codable, Sendable { var frequency: String; var n: Int; var meanChange: Double? }
    struct Correction: Codable, Sendable {
        var revision: Int; var reason: String; var date: Date
        /// The number of the mini-survey round that prompted it, if linked.
        var round: Int?
    }

    var clientName: String
    var coachName: String
    var sponsorName: String
    var presentingProblem: String
    var objective: String
    var issuedAt: Date
    var goals: [GoalLine]
    var targets: [Target]
    var baseline: Baseline?
    var rounds: [Round]
    var steps: [Step]?
    var followUpLevels: [FollowUpLevel]?
    var followUpCorrelation: Double?
    var corrections: [Correction]
    var followUp: FollowUp?
    var coachSummary: String
}
