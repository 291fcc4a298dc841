import Vapor
import Fluent
import CoachworkCore

/// The final report: an immutable snapshot of the engagement's outcome, taken when issued.
struct ReportService {
    let req: Request

    /// Issues the final report with the coach's summary and shares it with sponsor and HR.
    /// - Throws: 409 when already issued or outside achievement; `invalid` without a summary.
    func issue(_ scope: EngagementScope, coachSummary: String?) async throws -> FinalReport {
        try scope.authorize(.create, .finalReport)
        try scope.check(.issueReport)
        let summary = try TextInput.required(coachSummary, field: "coachSummary", label: "Coach's summary", maxLength: 20_000)
        guard try await FinalReport.query(on: req.db).filter(\.$engagement.$id == scope.id).count() == 0 else {
            throw DomainError(.conflict, code: "report_issued", message: "The final report was already issued; it cannot change.")
        }
        guard try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$closedAt == nil).count() == 0 else {
            throw DomainError(.conflict, code: "survey_round_open", message: "Close the open mini-survey round first: the report shows final figures only.")
        }
        let snapshot = try await Self.snapshot(scope.engagement, coachSummary: summary, at: req.now, on: req.db)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let report = FinalReport()
        report.$engagement.id = scope.id
        report.snapshotJSON = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        report.issuedAt = req.now
        let engagement = scope.engagement
        try await req.db.transaction { db in
            try await report.create(on: db)
            for (party, person) in [("sponsor", engagement.sponsor), ("hr_partner", engagement.hrPartner), ("client", engagement.client)] {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.report(scope.id), purpose: "final_report", key: "\(report.id!):\(party)",
                    subject: "Final report: coaching of \(engagement.client.name)",
                    intro: "The final report of the coaching engagement of \(engagement.client.name) is issued. It shows the goals, the target competencies, the 360-degree baseline and the progress measured by stakeholders.",
                    on: db)
            }
            try await scope.audit("report_issued", "Final report issued.", on: db)
        }
        return report
    }

    /// Decodes a stored report.
    static func decode(_ report: FinalReport) throws -> ReportSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ReportSnapshot.self, from: Data(report.snapshotJSON.utf8))
    }

    /// Builds the snapshot from aggregates only: nothing in it identifies a rater.
    static func snapshot(_ engagement: Engagement, coachSummary: String, at now: Date, on db: any Database) async throws -> ReportSnapshot {
        let id = try engagement.requireID()
        try await engagement.$client.load(on: db)
        try await engagement.$sponsor.load(on: db)
        try await engagement.$hrPartner.load(on: db)
        try await engagement.$coach.load(on: db)
        let agreement = try await AgreementService.current(of: id, on: db)
        let goals = try await agreement?.$goals.query(on: db).sort(\.$position).all() ?? []
        let targets = try await TargetCompetency.query(on: db).filter(\.$engagement.$id == id).sort(\.$position).with(\.$competency).all()
        var baseline: ReportSnapshot.Baseline?
        if let assessment = try await Assessment.query(on: db).filter(\.$engagement.$id == id).filter(\.$status == "closed")
            .sort(\.$openedAt, .descending).first() {
            let summary = try await AssessmentService.results(assessment, on: db)
            baseline = .init(respondents: summary.respondents, threshold: summary.threshold, rows: summary.results.map {
                .init(competency: summary.names[$0.competencyID] ?? "", selfScore: $0.selfMean,
                      othersN: $0.others.n, othersMean: $0.others.suppressed ? nil : $0.others.mean)
            })
        }
        let names = Dictionary(uniqueKeysWithValues: targets.map { ($0.competency.id!.uuidString, $0.competency.name) })
        var rounds: [ReportSnapshot.Round] = []
        for round in try await SurveyRound.query(on: db).filter(\.$engagement.$id == id).sort(\.$number).all() {
            let items = try await SurveyService.results(round, on: db)
            rounds.append(.init(number: round.number, items: items.map {
                .init(competency: names[$0.competencyID] ?? "", n: $0.n, invited: $0.invited, responseRate: $0.responseRate,
                      mean: $0.mean, standardDeviation: $0.standardDeviation, shareImproved: $0.shareImproved,
                      distribution: $0.distribution.map { d in Dictionary(uniqueKeysWithValues: d.map { (String($0.key), $0.value) }) })
            }))
        }
        let corrections = try await IDPRevision.query(on: db).filter(\.$engagement.$id == id).filter(\.$reason != nil)
            .sort(\.$revision).all().map { ReportSnapshot.Correction(revision: $0.revision, reason: $0.reason ?? "", date: $0.finalisedAt ?? now) }
        return ReportSnapshot(
            clientName: engagement.client.name, coachName: engagement.coach.name, sponsorName: engagement.sponsor.name,
            presentingProblem: engagement.presentingProblem, objective: engagement.objective, issuedAt: now,
            goals: goals.map { .init(statement: $0.statement, successMeasure: $0.successMeasure, targetDate: $0.targetDate) },
            targets: targets.map { .init(competency: $0.competency.name, rationale: $0.rationale) },
            baseline: baseline, rounds: rounds, corrections: corrections, coachSummary: coachSummary)
    }
}

/// The frozen content of a final report (stored as JSON; never recomputed).
struct ReportSnapshot: Codable, Sendable {
    /// The report as `scope`'s reader may see it: the client's self-ratings only for those
    /// the access policy lets see them (coach and client).
    func visible(to scope: EngagementScope) -> ReportSnapshot {
        guard !scope.can(.view, .selfRating), var baseline else { return self }
        baseline.rows = baseline.rows.map { var row = $0; row.selfScore = nil; return row }
        var copy = self
        copy.baseline = baseline
        return copy
    }

    struct GoalLine: Codable, Sendable { var statement: String; var successMeasure: String; var targetDate: String }
    struct Target: Codable, Sendable { var competency: String; var rationale: String }
    struct BaselineRow: Codable, Sendable { var competency: String; var selfScore: Double?; var othersN: Int; var othersMean: Double? }
    struct Baseline: Codable, Sendable { var respondents: Int; var threshold: Int; var rows: [BaselineRow] }
    struct Item: Codable, Sendable {
        var competency: String; var n: Int; var invited: Int; var responseRate: Double
        var mean: Double?; var standardDeviation: Double?; var shareImproved: Double?; var distribution: [String: Int]?
    }
    struct Round: Codable, Sendable { var number: Int; var items: [Item] }
    struct Correction: Codable, Sendable { var revision: Int; var reason: String; var date: Date }

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
    var corrections: [Correction]
    var coachSummary: String
}
