import Vapor
import Fluent
import CoachworkCore

/// 360-degree assessments: invitations by personal link, responses, closing, results.
struct AssessmentService {
    let req: Request

    /// Anonymity threshold for results (DOMAIN.md default 3).
    static let threshold = 3

    /// Starts an assessment on the chosen competencies: the client (self-rating) and every
    /// nominated stakeholder get a personal link.
    /// - Throws: ``FormErrors`` (no or unknown competencies); 409 outside analysis or with one open.
    func start(_ scope: EngagementScope, competencyIDs: [UUID], openQuestion: String?) async throws -> Assessment {
        try scope.authorize(.create, .aggregateResults)
        try scope.check(.runAssessment)
        var errors = FormErrors()
        let ids = Array(NSOrderedSet(array: competencyIDs)) as? [UUID] ?? competencyIDs
        let known = try await Competency.query(on: req.db).filter(\.$id ~~ ids).count()
        if ids.isEmpty { errors.add("competencyIds", "Choose at least one competency.") }
        else if known != ids.count { errors.add("competencyIds", "Some chosen competencies do not exist.") }
        let question = TextInput.optional(openQuestion) ?? "What should the client keep doing, start doing or stop doing?"
        if question.count > 500 { errors.add("openQuestion", "The open question must be at most 500 characters.") }
        try errors.throwIfAny()
        guard try await Assessment.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$status == "open").count() == 0 else {
            throw DomainError(.conflict, code: "assessment_open", message: "Close the open 360-degree assessment before starting another.")
        }
        let stakeholders = try await StakeholderService.active(scope.id, on: req.db)
        let engagement = scope.engagement
        try await engagement.$client.load(on: req.db)
        let assessment = Assessment()
        assessment.$engagement.id = scope.id
        assessment.status = "open"
        assessment.openQuestion = question
        assessment.threshold = Self.threshold
        assessment.competencyIDs = ids.map(\.uuidString).joined(separator: ",")
        assessment.openedAt = req.now
        try await req.db.transaction { db in
            try await assessment.create(on: db)
            let client = engagement.client
            try await invite(assessment, group: RaterGroup.self_.rawValue, stakeholder: nil,
                             name: client.name, email: client.email, zone: client.timeZone, clientName: client.name, on: db)
            for stakeholder in stakeholders {
                try await invite(assessment, group: stakeholder.relationship, stakeholder: stakeholder,
                                 name: stakeholder.name, email: stakeholder.email, zone: stakeholder.timeZone,
                                 clientName: client.name, on: db)
            }
            try await scope.audit("assessment_started", "360-degree assessment on \(ids.count) competencies sent to \(stakeholders.count) stakeholders and the client.", on: db)
        }
        return assessment
    }

    private func invite(_ assessment: Assessment, group: String, stakeholder: Stakeholder?, name: String, email: String,
                        zone: String, clientName: String, on db: any Database) async throws {
        let rater = AssessmentRater()
        rater.$assessment.id = try assessment.requireID()
        rater.$stakeholder.id = stakeholder?.id
        rater.group = group
        try await rater.create(on: db)
        let isSelf = stakeholder == nil
        try await FormLinks.send(
            req, purpose: .assessmentResponse, subjectID: try rater.requireID(), to: MailAddress(name: name, email: email), zone: zone,
            mailPurpose: "assessment_invitation", key: "\(rater.id!)",
            subject: isSelf ? "Your 360-degree self-assessment" : "Feedback for \(clientName): a short 360-degree questionnaire",
            intro: isSelf
                ? "Please rate yourself on the competencies of your development programme. Your coach compares your view with your stakeholders'."
                : "\(clientName) is working with an executive coach and values your view. Please rate them on a few competencies; your answers are only ever shown combined with at least two others, never on their own.",
            requestNewFromCoach: true, on: db)
    }

    /// Closes an open assessment; its results are frozen from then on.
    func close(_ scope: EngagementScope, assessmentID: UUID?) async throws -> Assessment {
        try scope.authorize(.update, .aggregateResults)
        let assessment = try await find(scope, assessmentID)
        guard assessment.status == "open" else {
            throw DomainError(.conflict, code: "assessment_closed", message: "This assessment is already closed.")
        }
        assessment.status = "closed"
        assessment.closedAt = req.now
        try await req.db.transaction { db in
            try await assessment.save(on: db)
            try await scope.audit("assessment_closed", "360-degree assessment closed.", on: db)
        }
        return assessment
    }

    /// An assessment of this engagement, or 404.
    func find(_ scope: EngagementScope, _ id: UUID?) async throws -> Assessment {
        guard let id, let assessment = try await Assessment.query(on: req.db).filter(\.$id == id)
                .filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "assessment_not_found", message: "There is no such assessment in this engagement.")
        }
        return assessment
    }

    /// Aggregated results under the anonymity threshold, with the response count per group
    /// suppressed the same way; raw answers never leave this function.
    static func results(_ assessment: Assessment, on db: any Database) async throws -> AssessmentSummary {
        let raters = try await AssessmentRater.query(on: db).filter(\.$assessment.$id == assessment.requireID())
            .filter(\.$submittedAt != nil).all()
        let groupOf = Dictionary(uniqueKeysWithValues: raters.map { ($0.id!, $0.group) })
        let rows = raters.isEmpty ? [] : try await AssessmentRating.query(on: db).filter(\.$rater.$id ~~ raters.map { $0.id! }).all()
        let ratings = rows.compactMap { row -> Rating? in
            guard let group = groupOf[row.$rater.id].flatMap(RaterGroup.init(rawValue:)) else { return nil }
            return Rating(raterID: row.$rater.id.uuidString, group: group, competencyID: row.competencyID.uuidString, score: row.score)
        }
        let ids = assessment.competencyIDList
        let competencies = try await Competency.query(on: db).filter(\.$id ~~ ids).all()
        let names = Dictionary(uniqueKeysWithValues: competencies.map { ($0.id!.uuidString, $0.name) })
        let results = AssessmentResults.aggregate(ratings, competencyIDs: ids.map(\.uuidString), threshold: assessment.threshold)
        let others = raters.filter { $0.group != RaterGroup.self_.rawValue }.count
        // Comments: unattributed, in an order unrelated to who wrote them or when.
        let comments = others >= assessment.threshold
            ? raters.filter { $0.group != RaterGroup.self_.rawValue }.compactMap(\.openAnswer).filter { !$0.isEmpty }.sorted()
            : []
        return AssessmentSummary(results: results, names: names, respondents: others,
                                 selfSubmitted: raters.contains { $0.group == RaterGroup.self_.rawValue },
                                 comments: comments, threshold: assessment.threshold)
    }
}

/// What any reader of 360 results may see: aggregates only.
struct AssessmentSummary: Sendable {
    /// The summary as `scope`'s reader may see it: the self-rating only for those the
    /// access policy lets see it (coach and client).
    func visible(to scope: EngagementScope) -> AssessmentSummary {
        guard !scope.can(.view, .selfRating) else { return self }
        var copy = self
        copy.results = results.map { var r = $0; r.selfScore = nil; return r }
        copy.selfSubmitted = false
        return copy
    }

    var results: [CompetencyResult]
    /// Competency id -> name.
    var names: [String: String]
    /// Stakeholders (not self) who responded.
    var respondents: Int
    var selfSubmitted: Bool
    /// Unattributed comments, sorted alphabetically; empty below the threshold.
    var comments: [String]
    var threshold: Int
}
