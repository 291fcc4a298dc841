import Vapor
import Fluent
import CoachworkCore

/// The final report: an immutable snapshot of the engagement's outcome, taken when issued.
struct ReportService {
    let req: Request

    /// A goal's outcome as the coach judges it when issuing the report.
    struct GoalOutcome: Sendable {
        var goalID: UUID?
        /// `achieved`, `partly_achieved` or `not_achieved`.
        var outcome: String?
        var note: String?
    }

    static let outcomes = ["achieved", "partly_achieved", "not_achieved"]

    /// Plain words for an outcome code.
    static func outcomeTitle(_ code: String?) -> String {
        switch code {
        case "achieved": "Achieved"
        case "partly_achieved": "Partly achieved"
        case "not_achieved": "Not achieved"
        default: "Not assessed"
        }
    }

    /// Issues the final report: the snapshot is taken now and never changes. The client is asked
    /// to read it, add their reflection and approve it; sponsor and HR see it only once released.
    /// - Parameter outcomes: per goal of the current agreement; goals left out are "not assessed".
    /// - Throws: 409 when already issued, outside achievement or with a round open; ``FormErrors``
    ///   without a summary or with an unknown goal or outcome.
    func issue(_ scope: EngagementScope, coachSummary: String?, outcomes: [GoalOutcome] = []) async throws -> FinalReport {
        try scope.authorize(.create, .finalReport)
        try scope.check(.issueReport)
        var errors = FormErrors()
        let summary = errors.collect { try TextInput.required(coachSummary, field: "coachSummary", label: "Coach's summary", maxLength: 20_000) }
        let goals = try await AgreementService.acceptedGoals(of: scope.id, on: req.db)
        var judged: [UUID: (String, String?)] = [:]
        for (i, outcome) in outcomes.enumerated() {
            guard let id = outcome.goalID, goals.contains(where: { $0.id == id }) else {
                errors.add("goalOutcomes[\(i)].goalId", "This goal is not part of the accepted coaching agreement."); continue
            }
            guard let code = outcome.outcome, !code.isEmpty else { continue }
            guard Self.outcomes.contains(code) else {
                errors.add("goalOutcomes[\(i)].outcome", "Choose achieved, partly achieved or not achieved."); continue
            }
            judged[id] = (code, TextInput.optional(outcome.note).map { String($0.prefix(2000)) })
        }
        try errors.throwIfAny()
        guard try await FinalReport.query(on: req.db).filter(\.$engagement.$id == scope.id).count() == 0 else {
            throw DomainError(.conflict, code: "report_issued", message: "The final report was already issued; it cannot change.")
        }
        guard try await SurveyRound.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$closedAt == nil)
                .notPlanned().count() == 0 else {
            throw DomainError(.conflict, code: "survey_round_open", message: "Close the open mini-survey round first: the report shows final figures only.")
        }
        let snapshot = try await Self.snapshot(scope.engagement, coachSummary: summary!, outcomes: judged, at: req.now, on: req.db)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let report = FinalReport()
        report.$engagement.id = scope.id
        report.snapshotJSON = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        report.issuedAt = req.now
        let engagement = scope.engagement
        try await engagement.$client.load(on: req.db)
        try await req.db.writeTransaction { db in
            try await report.create(on: db)
            try await EngagementService.mailLink(
                req, to: engagement.client, path: Paths.report(scope.id), purpose: "final_report_review", key: "\(report.id!)",
                subject: "Your final report: please read, reflect and approve",
                intro: "Your coach issued the final report of your coaching engagement. Please read it, add your own reflection and approve it; your sponsor and HR partner see it only after that.",
                engagementID: scope.id, on: db)
            try await scope.audit("report_issued", "Final report issued; awaiting the client's approval.", on: db)
        }
        return report
    }

    /// The client approves the report with their reflection, which becomes part of it.
    /// - Throws: 403 for anyone but the client; 409 when already approved; `invalid` without a reflection.
    func approve(_ scope: EngagementScope, reflection: String?) async throws -> FinalReport {
        guard scope.party(among: [.client]) != nil, scope.can(.acknowledge, .finalReport) else {
            throw DomainError(.forbidden, code: "forbidden", message: "Only the client approves the final report.")
        }
        let text = try TextInput.required(reflection, field: "clientReflection", label: "Your reflection", maxLength: 20_000)
        let report = try await Self.find(scope, on: req.db)
        guard report.clientApprovedAt == nil else {
            throw DomainError(.conflict, code: "report_approved", message: "You already approved the final report.")
        }
        report.clientReflection = text
        report.clientApprovedAt = req.now
        try await req.db.writeTransaction { db in
            try await report.save(on: db)
            try await scope.audit("report_approved", "The client approved the final report with their reflection.", on: db)
        }
        return report
    }

    /// Releases the approved report to sponsor and HR partner (and the senior executive), who are emailed a link.
    /// - Throws: 403 for anyone but the coach; 409 before the client's approval or when already released.
    func release(_ scope: EngagementScope) async throws -> FinalReport {
        try scope.authorize(.update, .finalReport)
        let report = try await Self.find(scope, on: req.db)
        guard report.clientApprovedAt != nil else {
            throw DomainError(.conflict, code: "report_not_approved", message: "The client has not approved the final report yet.")
        }
        guard report.releasedAt == nil else {
            throw DomainError(.conflict, code: "report_released", message: "The final report was already released.")
        }
        report.releasedAt = req.now
        report.releasedBy = scope.actor.displayName
        let engagement = scope.engagement
        try await engagement.$client.load(on: req.db)
        try await engagement.$sponsor.load(on: req.db)
        try await engagement.$hrPartner.load(on: req.db)
        try await engagement.$seniorExecutive.load(on: req.db)
        let readers = [("sponsor", engagement.sponsor), ("hr_partner", engagement.hrPartner)]
            + (engagement.seniorExecutive.map { [("senior_executive", $0)] } ?? [])
        try await req.db.writeTransaction { db in
            try await report.save(on: db)
            for (party, person) in readers {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.report(scope.id), purpose: "final_report", key: "\(report.id!):\(party)",
                    subject: "Final report: coaching of \(engagement.client.name)",
                    intro: "The final report of the coaching engagement of \(engagement.client.name) is released. It shows the goals and their outcome, the target competencies, the 360-degree baseline, the progress measured by stakeholders, and the client's own reflection.",
                    engagementID: scope.id, on: db)
            }
            try await scope.audit("report_released", "Final report released to the sponsor and HR partner.", on: db)
        }
        return report
    }

    /// The engagement's report, or 404.
    static func find(_ scope: EngagementScope, on db: any Database) async throws -> FinalReport {
        guard let report = try await FinalReport.query(on: db).filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "report_not_issued", message: "The final report is not issued yet.")
        }
        return report
    }

    /// Decodes a stored report.
    static func decode(_ report: FinalReport) throws -> ReportSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ReportSnapshot.self, from: Data(report.snapshotJSON.utf8))
    }
}
