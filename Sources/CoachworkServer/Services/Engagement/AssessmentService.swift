import Vapor
import Fluent
import CoachworkCore

/// 360-degree assessments: invitations by personal link, responses, closing, results.
struct AssessmentService {
    let req: Request

    /// Starts an assessment on the chosen competencies: the client (self-rating) and every
    /// approved stakeholder get a personal link. The practice's thresholds, manager setting and
    /// reminder interval are copied into the assessment, so later changes never alter its results.
    ///
    /// - Parameters:
    ///   - competencyIDs: competencies of one model version, none retired; the assessment pins that version.
    ///   - openQuestion: the first open question (a default when blank); `moreQuestions` adds up to four more.
    ///   - closesOn: `YYYY-MM-DD`, today or later; reminders stop after it. `nil` means no reminders.
    /// - Throws: ``FormErrors`` (no, unknown, retired or mixed-version competencies; bad date; over-long
    ///   questions); 409 outside analysis or with one open.
    func start(_ scope: EngagementScope, competencyIDs: [UUID], openQuestion: String?,
               moreQuestions: [String] = [], closesOn: String? = nil) async throws -> Assessment {
        try scope.authorize(.create, .aggregateResults)
        try scope.check(.runAssessment)
        var errors = FormErrors()
        let ids = Array(NSOrderedSet(array: competencyIDs)) as? [UUID] ?? competencyIDs
        let known = try await Competency.query(on: req.db).filter(\.$id ~~ ids).all()
        if ids.isEmpty { errors.add("competencyIds", "Choose at least one competency.") }
        else if known.count != ids.count { errors.add("competencyIds", "Some chosen competencies do not exist.") }
        else if Set(known.map { $0.$model.id }).count > 1 { errors.add("competencyIds", "Choose competencies of one model version.") }
        else if known.contains(where: { $0.retiredAt != nil }) { errors.add("competencyIds", "Retired competencies cannot be assessed.") }
        else if let model = known.first.map({ $0.$model.id }), let pinned = try await CompetencyModel.find(model, on: req.db),
                try await CompetencyModel.query(on: req.db).filter(\.$name == pinned.name).filter(\.$version > pinned.version).count() > 0 {
            errors.add("competencyIds", "These competencies belong to an earlier version of \(pinned.name); new assessments use its latest version.")
        }
        let question = TextInput.optional(openQuestion) ?? "What should the client keep doing, start doing or stop doing?"
        if question.count > 500 { errors.add("openQuestion", "The open question must be at most 500 characters.") }
        let extra = moreQuestions.compactMap(TextInput.optional)
        if extra.count > 4 { errors.add("moreQuestions", "Ask at most five open questions.") }
        if extra.contains(where: { $0.count > 500 }) { errors.add("moreQuestions", "Each question must be at most 500 characters.") }
        var closeDay: String?
        if TextInput.optional(closesOn) != nil {
            closeDay = errors.collect { try CalendarDate.parse(closesOn, field: "closesOn", within: .plannedDay, today: scope.today) }
            if let day = closeDay, day < CalendarDate.of(req.now, zone: scope.actor.timeZone) {
                errors.add("closesOn", "The close date is in the past.")
            }
        }
        try errors.throwIfAny()
        let settings = try await PracticeSettings.current(on: req.db)
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
        assessment.threshold = settings.ratingThreshold
        assessment.commentThreshold = max(settings.commentThreshold, settings.ratingThreshold)
        assessment.showManagerSeparately = settings.showManagerSeparately
        assessment.reminderIntervalDays = settings.reminderIntervalDays
        assessment.modelID = known.first?.$model.id
        assessment.closesOn = closeDay
        if !extra.isEmpty { assessment.questionsJSON = PracticeSettings.encode([question] + extra) }
        assessment.competencyIDs = ids.map(\.uuidString).joined(separator: ",")
        assessment.openedAt = req.now
        try await req.db.writeTransaction { db in
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

    /// What a rater is promised about their answers, true to the assessment's rules.
    static func promise(_ assessment: Assessment, group: String) -> String {
        if group == RaterGroup.manager.rawValue && assessment.rules.showManagerSeparately {
            return "As the manager, your ratings are shown to the client, labelled as the manager's; your comments are only shown among at least \(assessment.rules.commentThreshold - 1) others, unattributed."
        }
        return "Your answers are only ever shown combined with at least \(assessment.threshold - 1) other people's, never on their own."
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
                : "\(clientName) is working with an executive coach and values your view. Please rate them on a few competencies. " + Self.promise(assessment, group: group),
            requestNewFromCoach: true, engagementID: assessment.$engagement.id, on: db)
    }

    /// Invites to an open assessment the approved stakeholders who have no questionnaire yet
    /// (e.g. approved after it started); nobody already invited is mailed again.
    /// - Returns: how many were invited.
    func inviteNewcomers(_ scope: EngagementScope, assessmentID: UUID?) async throws -> Int {
        try scope.authorize(.update, .aggregateResults)
        let assessment = try await find(scope, assessmentID)
        guard assessment.status == "open" else {
            throw DomainError(.conflict, code: "assessment_closed", message: "This assessment is closed.")
        }
        let invited = Set(try await AssessmentRater.query(on: req.db).filter(\.$assessment.$id == assessment.requireID())
            .all(\.$stakeholder.$id).compactMap { $0 })
        let newcomers = try await StakeholderService.active(scope.id, on: req.db).filter { !invited.contains($0.id!) }
        let client = try await scope.engagement.$client.get(on: req.db)
        try await req.db.writeTransaction { db in
            for stakeholder in newcomers {
                try await invite(assessment, group: stakeholder.relationship, stakeholder: stakeholder, name: stakeholder.name,
                                 email: stakeholder.email, zone: stakeholder.timeZone, clientName: client.name, on: db)
            }
            if !newcomers.isEmpty {
                try await scope.audit("assessment_invited", "360-degree assessment sent to \(newcomers.count) newly approved stakeholder\(newcomers.count == 1 ? "" : "s").", on: db)
            }
        }
        return newcomers.count
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
        try await req.db.writeTransaction { db in
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

    /// Aggregated results under the assessment's anonymity rules (per competency and item), with the
    /// response count and the comments per open question released by ``CommentRelease``; raw answers
    /// never leave this function.
    /// A closed assessment's summary is final and comes from ``AssessmentSummaryCache``.
    static func results(_ assessment: Assessment, on db: any Database) async throws -> AssessmentSummary {
        guard assessment.status == "closed", let closedAt = assessment.closedAt else { return try await aggregate(assessment, on: db) }
        let key = "\(try assessment.requireID()) \(closedAt.timeIntervalSince1970)"
        return try await AssessmentSummaryCache.shared.summary(for: key) { try await aggregate(assessment, on: db) }
    }

    private static func aggregate(_ assessment: Assessment, on db: any Database) async throws -> AssessmentSummary {
        let raters = try await AssessmentRater.query(on: db).filter(\.$assessment.$id == assessment.requireID())
            .filter(\.$submittedAt != nil).all()
        let rows = raters.isEmpty ? [] : try await AssessmentRating.query(on: db).filter(\.$rater.$id ~~ raters.map { $0.id! }).all()
        let assessed = try await AssessmentItems.load(assessment.competencyIDList, on: db)
        return summarize(assessment, submitted: raters, ratings: rows, assessed: assessed)
    }

    /// The summary of `assessment` from rows already loaded (the engagement export loads every assessment's rows
    /// at once): `raters` its submitted raters, `rows` their ratings (others are ignored), `assessed` its
    /// competencies with their items (others are ignored). No I/O; raw answers never leave it.
    static func summarize(_ assessment: Assessment, submitted raters: [AssessmentRater], ratings rows: [AssessmentRating],
                          assessed all: [AssessedCompetency]) -> AssessmentSummary {
        let byID = Dictionary(all.map { ($0.competency.id!, $0) }, uniquingKeysWith: { first, _ in first })
        let assessed = assessment.competencyIDList.compactMap { byID[$0] }
        let groupOf = Dictionary(uniqueKeysWithValues: raters.map { ($0.id!, $0.group) })
        let ratings = rows.compactMap { row -> Rating? in
            guard let group = groupOf[row.$rater.id].flatMap(RaterGroup.init(rawValue:)) else { return nil }
            return Rating(raterID: row.$rater.id.uuidString, group: group, competencyID: row.competencyID.uuidString,
                          score: row.score, itemID: row.itemID?.uuidString)
        }
        let names = Dictionary(uniqueKeysWithValues: assessed.map { ($0.competency.id!.uuidString, $0.competency.name) })
        var itemTexts: [String: String] = [:]
        for item in assessed.flatMap(\.items) where item.itemID != nil { itemTexts[item.key] = item.text }
        let rules = assessment.rules
        let results = AssessmentResults.aggregate(
            ratings,
            competencies: assessed.map { c in (c.competency.id!.uuidString, c.items.compactMap { $0.itemID?.uuidString }) },
            rules: rules)
        let others = raters.filter { $0.group != RaterGroup.self_.rawValue }
        // Comments: per question, unattributed, in an order unrelated to who wrote them or when.
        let questions = assessment.questions.enumerated().map { index, question in
            let written = others.map { index < $0.answers.count ? $0.answers[index] : "" }
            return QuestionComments(question: question,
                                    outcome: CommentRelease.release(written, questionKey: "\(assessment.id!):\(index)", rules: rules,
                                                                    respondents: others.count))
        }
        let selfRater = raters.first { $0.group == RaterGroup.self_.rawValue }
        return AssessmentSummary(results: results, names: names, itemTexts: itemTexts, respondents: others.count,
                                 selfSubmitted: selfRater != nil,
                                 questions: questions, rules: rules, selfAnswers: selfRater?.answers ?? [])
    }
}
