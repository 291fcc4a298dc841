import Vapor
import CoachworkCore

/// The 360s and mini-survey rounds of an export: progress as counts for every exporter; figures only as the
/// exporter's results pages show them (the same aggregation, anonymity threshold and differencing guard, from the
/// rows loaded once). Never a rater's answer, never who answered or when.
extension EngagementExport {
    func assessments() -> [EngagementExportDocument.AssessmentPart] {
        let ratingsOf = Dictionary(grouping: rows.ratings, by: { $0.$rater.id })
        return rows.assessments.map { a in
            let raters = rows.raters.filter { $0.$assessment.id == a.id }
            let submitted = raters.filter { $0.submittedAt != nil }
            let reader = AssessmentSharing.scope(scope, for: a)
            let closed = a.status == "closed"
            var part = EngagementExportDocument.AssessmentPart(
                id: a.id!, status: a.status, openedAt: a.openedAt, closedAt: a.closedAt, threshold: a.threshold,
                competencies: a.competencyIDList.map(rows.competencyName), invited: raters.count, responded: submitted.count,
                sharedSummary: reader.can(.view, .sharedAssessmentSummary) ? a.summaryApproved : nil, resultsScope: "none")
            // Results only once closed: two snapshots around one late answer would reveal it (as on the page).
            guard closed, reader.can(.view, .assessmentReport) || reader.can(.view, .sharedAssessmentFigures) else { return part }
            let summary = AssessmentService.summarize(a, submitted: submitted, ratings: submitted.flatMap { ratingsOf[$0.id!] ?? [] },
                                                      assessed: rows.competencies)
            let full = reader.can(.view, .assessmentReport)
            let shown = full ? summary.visible(to: reader) : summary.sharedFigures()
            part.resultsScope = full ? "full" : "shared_figures"
            part.results = Self.resultRows(shown, items: full)
            if full {
                part.comments = shown.questions.map { .init(question: $0.question, released: !$0.shown.isEmpty, comments: $0.shown) }
            }
            return part
        }
    }

    /// The competency (and, for the full report, item) rows of a summary already filtered for its reader.
    static func resultRows(_ s: AssessmentSummary, items: Bool) -> [EngagementExportDocument.CompetencyRow] {
        func cells(_ groups: [GroupScore]) -> [EngagementExportDocument.GroupRow] {
            groups.map { g in
                let shown = AssessmentItemsSection.isShown(g, threshold: s.threshold)
                return .init(group: g.group, shown: shown, n: shown ? g.n : nil, mean: shown ? g.mean : nil)
            }
        }
        return s.results.map { r in
            .init(competency: s.names[r.competencyID] ?? "", selfScore: s.selfSubmitted ? r.selfMean : nil, groups: cells(r.groups),
                  items: items ? r.items.map {
                      .init(item: s.itemTexts[$0.itemID] ?? "", selfScore: s.selfSubmitted ? $0.selfScore : nil, groups: cells($0.groups))
                  } : nil)
        }
    }

    func surveyRounds() -> [EngagementExportDocument.SurveyRoundPart] {
        let figures = scope.can(.view, .aggregateResults), comments = scope.can(.view, .surveyComments)
        return rows.rounds.map { round in
            let invitations = rows.invitations.filter { $0.$round.id == round.id }
            let done = invitations.filter { $0.submittedAt != nil }
            var part = EngagementExportDocument.SurveyRoundPart(
                id: round.id!, number: round.number, status: round.status ?? (round.closedAt == nil ? "open" : "closed"),
                openedAt: round.openedAt, closesAt: round.closesAt, closedAt: round.closedAt,
                invited: invitations.count, respondents: done.count)
            // Like the round page: figures of a closed round only.
            guard figures, round.closedAt != nil else { return part }
            let doneIDs = Set(done.compactMap(\.id))
            let summary = SurveyResults.summarize(round, invited: invitations.count, submitted: done,
                                                  answers: rows.answers.filter { doneIDs.contains($0.$invitation.id) },
                                                  rules: SurveyResults.pinnedRules(round) ?? rows.practiceRules)
            part.items = summary.items.map { i in
                .init(competency: UUID(uuidString: i.competencyID).map(rows.competencyName) ?? "", n: i.n, responseRate: i.responseRate,
                      cantSay: i.cantSay, mean: i.mean, standardDeviation: i.standardDeviation, shareImproved: i.shareImproved,
                      distribution: i.distribution.map { d in (-3...3).map { d[$0] ?? 0 } })
            }
            if comments {
                part.comments = Dictionary(summary.comments.map { (UUID(uuidString: $0.key).map(rows.competencyName) ?? $0.key, $0.value) },
                                           uniquingKeysWith: { a, b in a + b })
            }
            return part
        }
    }
}
