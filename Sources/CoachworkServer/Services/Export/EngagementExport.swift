import Vapor
import Fluent
import CoachworkCore

/// Builds an engagement's export for the signed-in coach or admin (issue 12, docs/EXPORT.md): the document of
/// ``EngagementExportDocument`` from ``EngagementExportRows``, asking the access policy, with the exporter's role in
/// the engagement, for every part: what the role may not read on the pages is not in the export either.
struct EngagementExport {
    let scope: EngagementScope
    let rows: EngagementExportRows

    /// Loads and builds the export of `scope`'s engagement.
    /// - Throws: `forbidden` unless the policy lets the actor export the engagement (`engagement_export` view).
    static func build(_ scope: EngagementScope) async throws -> (EngagementExport, EngagementExportDocument) {
        try scope.authorize(.view, .engagementExport)
        let export = EngagementExport(scope: scope, rows: try await EngagementExportRows.load(scope.engagement, on: scope.req.db))
        return (export, try export.document())
    }

    /// The parts each resource guards, in the order of the document, for ``EngagementExportDocument/omitted``.
    static let guarded: [(part: String, resource: Resource)] = [
        ("agreements", .agreement), ("meetings", .meetingDetails), ("meetings.sharedNotes", .sharedNotes),
        ("meetings.privateNotes", .privateNotes), ("actionItems", .actionItems), ("stakeholders", .stakeholderList),
        ("interviews", .interviewNotes), ("assessments.results", .assessmentReport), ("assessments.selfRating", .selfRating),
        ("targetCompetencies", .idp), ("idpRevisions", .idp), ("surveyRounds.items", .aggregateResults),
        ("surveyRounds.comments", .surveyComments), ("finalReport", .finalReport), ("audit", .auditTrail), ("mail", .engagementMail),
    ]

    func document() throws -> EngagementExportDocument {
        let e = scope.engagement, r = rows
        func person(_ id: UUID?) -> EngagementExportDocument.PersonRef? {
            id.flatMap { r.people[$0] }.map { .init(name: $0.name, email: $0.email) }
        }
        let missing = EngagementExportDocument.PersonRef(name: "", email: "")
        let omitted = Self.guarded.compactMap { part, resource -> ExportFormat.Omission? in
            if case .deny(let reason) = AccessPolicy().decide(scope.role, .view, resource, context: scope.context) {
                return .init(part: part, reason: reason)
            }
            return nil
        }
        return EngagementExportDocument(
            exportedAt: scope.req.now, exportedBy: "\(scope.actor.displayName) (\(scope.role.title.lowercased()))",
            exportedAs: scope.role.rawValue, omitted: omitted,
            engagement: .init(id: scope.id, phase: e.phase, status: e.status, statusReason: e.statusReason,
                              presentingProblem: e.presentingProblem, objective: e.objective, createdAt: e.createdAt,
                              coach: .init(name: r.coach.name, email: r.coach.email), client: person(e.$client.id) ?? missing,
                              sponsor: person(e.$sponsor.id) ?? missing, hrPartner: person(e.$hrPartner.id) ?? missing,
                              seniorExecutive: person(e.$seniorExecutive.id)),
            agreements: scope.can(.view, .agreement) ? agreements() : nil,
            meetings: scope.can(.view, .meetingDetails) ? meetings() : nil,
            actionItems: scope.can(.view, .actionItems) ? r.actionItems.map {
                .init(id: $0.id!, meetingId: $0.$meeting.id, description: $0.description, owner: $0.owner, dueDate: $0.dueDate, status: $0.status)
            } : nil,
            stakeholders: scope.can(.view, .stakeholderList) ? r.stakeholders.map {
                .init(name: $0.name, email: $0.email, relationship: $0.relationship, status: $0.status ?? "approved",
                      proposedBy: $0.proposedBy, withdrawnAt: $0.withdrawnAt)
            } : nil,
            interviews: scope.can(.view, .interviewNotes) ? interviews() : nil,
            assessments: assessments(),
            targetCompetencies: scope.can(.view, .idp) ? r.targets.map {
                .init(competency: r.competencyName($0.$competency.id), rationale: $0.rationale, position: $0.position)
            } : nil,
            idpRevisions: scope.can(.view, .idp) ? revisions() : nil,
            surveyRounds: surveyRounds(),
            finalReport: try finalReport(),
            audit: scope.can(.view, .auditTrail) ? r.audit.map {
                .init(sequence: $0.sequence, at: $0.at, actor: $0.actor, actorRole: $0.actorRole, action: $0.action, object: $0.object, detail: $0.detail)
            } : nil,
            mail: scope.can(.view, .engagementMail) ? r.mail.map {
                .init(purpose: $0.purpose, to: $0.toEmail, subject: $0.subject, status: $0.status, createdAt: $0.createdAt, sentAt: $0.sentAt)
            } : nil)
    }

    private func agreements() -> [EngagementExportDocument.Agreement] {
        rows.agreements.map { a in
            .init(version: a.version, status: a.status, plannedSessions: a.plannedSessions, cadenceWeeks: a.cadenceWeeks,
                  durationMonths: a.durationMonths, confidentialityTerms: a.confidentialityTerms, proposedAt: a.proposedAt,
                  goals: rows.goals.filter { $0.$agreement.id == a.id }.map {
                      .init(id: $0.id!, position: $0.position, statement: $0.statement, successMeasure: $0.successMeasure, targetDate: $0.targetDate)
                  },
                  acceptances: rows.acceptances.filter { $0.$agreement.id == a.id }.map {
                      .init(party: $0.party, name: rows.people[$0.$person.id]?.name ?? "", acceptedAt: $0.acceptedAt)
                  })
        }
    }

    private func meetings() -> [EngagementExportDocument.MeetingRow] {
        let shared = scope.can(.view, .sharedNotes), secret = scope.can(.view, .privateNotes)
        return rows.meetings.map { m in
            .init(id: m.id!, kind: m.kind, status: m.status, startsAt: m.startsAt, durationMinutes: m.durationMinutes, timeZone: m.timeZone,
                  objective: m.objective, attendees: m.attendeeList, location: m.location, videoUrl: m.videoURL, heldAt: m.heldAt,
                  cancelledAt: m.cancelledAt, cancellationReason: m.cancellationReason,
                  sharedNotes: shared ? m.sharedNotes : nil, feedbackObtained: shared ? m.feedbackObtained : nil,
                  achievements: shared ? m.achievements : nil, privateNotes: secret ? m.privateNotes : nil)
        }
    }

    private func interviews() -> [EngagementExportDocument.InterviewRow] {
        let names = Dictionary(rows.stakeholders.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        return rows.interviews.map { i in
            .init(heldOn: i.heldOn, stakeholder: i.$stakeholder.id.flatMap { names[$0] }, notes: i.notes, answers: i.answers,
                  themes: rows.themes.filter { $0.$interview.id == i.id }.map {
                      .init(label: $0.label, kind: $0.kind, competency: $0.competencyID.map(rows.competencyName))
                  })
        }
    }

    private func revisions() -> [EngagementExportDocument.IDPRevisionPart] {
        rows.revisions.map { rev in
            .init(revision: rev.revision, status: rev.status, reason: rev.reason, finalisedAt: rev.finalisedAt, sharedAt: rev.sharedAt,
                  items: rev.effectiveItems(rows.ticks).map {
                      .init(id: $0.id, competency: rows.competencyName($0.competencyID), action: $0.action, dueDate: $0.dueDate,
                            successMeasure: $0.successMeasure, supportNeeded: $0.supportNeeded, owner: $0.owner,
                            status: $0.status ?? "planned", goalIds: $0.goalIDs)
                  },
                  acknowledgements: rows.acknowledgements.filter { $0.$revision.id == rev.id }.map {
                      .init(party: $0.party, name: rows.people[$0.$person.id]?.name ?? "", acceptedAt: $0.acknowledgedAt)
                  })
        }
    }

    private func finalReport() throws -> EngagementExportDocument.ReportPart? {
        guard let report = rows.report, scope.can(.view, .finalReport) else { return nil }
        // The baseline comes from the first closed 360; its share state decides what a reader sees of it.
        let baseline = rows.assessments.first { $0.status == "closed" }
        let reader = baseline.map { AssessmentSharing.scope(scope, for: $0) } ?? scope
        return .init(issuedAt: report.issuedAt, clientApprovedAt: report.clientApprovedAt, releasedAt: report.releasedAt,
                     clientReflection: report.clientReflection, snapshot: try ReportService.decode(report).visible(to: reader))
    }
}
