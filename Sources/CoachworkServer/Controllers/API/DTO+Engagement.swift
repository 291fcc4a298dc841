import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

extension DTO {
    static func engagement(_ e: Engagement, on db: any Database) async throws -> S.Engagement {
        try await engagements([e], on: db)[0]
    }

    /// The DTOs of `list`, in order, in three queries whatever its length (facts, clients, coaches).
    static func engagements(_ list: [Engagement], on db: any Database) async throws -> [S.Engagement] {
        let facts = try await EngagementFactsLoader.load(list.map { $0.id! }, on: db)
        let names = try await EngagementCatalog.names(of: list, on: db)
        return list.map { e in
            let unmet = PhaseGate().unmetCriteria(leaving: e.currentPhase, facts: facts[e.id!] ?? EngagementFacts())
            return .init(
                id: e.id!.uuidString, phase: S.Phase(rawValue: e.phase) ?? .contracting,
                status: S.Engagement.StatusPayload(rawValue: e.status) ?? .active, statusReason: e.statusReason, coachName: names.coaches[e.$coach.id] ?? "",
                clientId: e.$client.id.uuidString, clientName: names.clients[e.$client.id] ?? "", sponsorId: e.$sponsor.id.uuidString,
                hrPartnerId: e.$hrPartner.id.uuidString, seniorExecutiveId: e.$seniorExecutive.id?.uuidString,
                presentingProblem: e.presentingProblem, objective: e.objective,
                unmetCriteria: unmet.map { .init(code: $0.rawValue, message: $0.message) },
                createdAt: e.createdAt ?? Date(timeIntervalSince1970: 0))
        }
    }

    static func agreement(of engagementID: UUID, on db: any Database) async throws -> S.Agreement {
        guard let a = try await AgreementService.current(of: engagementID, on: db) else {
            throw DomainError(.notFound, code: "agreement_not_found", message: "There is no agreement yet.")
        }
        let versions = try await AgreementService.versions(of: engagementID, on: db)
        let current = versions.last { $0.agreement.id == a.id }
        func goal(_ g: Goal) -> S.Goal { .init(id: g.id!.uuidString, statement: g.statement, successMeasure: g.successMeasure, targetDate: g.targetDate) }
        func acceptance(_ x: AgreementAcceptance) -> S.Acceptance {
            .init(party: S.Acceptance.PartyPayload(rawValue: x.party) ?? .client, personName: x.person.name, acceptedAt: x.acceptedAt)
        }
        return .init(
            version: a.version, status: S.Agreement.StatusPayload(rawValue: a.status) ?? .draft,
            plannedSessions: a.plannedSessions, cadenceWeeks: a.cadenceWeeks, durationMonths: a.durationMonths,
            confidentialityTerms: a.confidentialityTerms, proposedAt: a.proposedAt,
            goals: (current?.goals ?? []).map(goal),
            acceptances: (current?.acceptances ?? []).map(acceptance),
            acceptedVersion: versions.last { $0.agreement.status == CoachingAgreement.Status.accepted.rawValue }?.agreement.version,
            versions: versions.map { v in
                .init(version: v.agreement.version, status: S.AgreementVersion.StatusPayload(rawValue: v.agreement.status) ?? .draft,
                      proposedAt: v.agreement.proposedAt, goals: v.goals.map(goal), acceptances: v.acceptances.map(acceptance))
            })
    }

    /// Private notes are included only when the reader may see them (the coach).
    static func meeting(_ m: Meeting, withPrivateNotes: Bool) -> S.Meeting {
        .init(id: m.id!.uuidString, kind: S.MeetingKind(rawValue: m.kind) ?? .coachingSession,
              attendees: m.attendeeList.compactMap(S.Party.init(rawValue:)), startsAt: m.startsAt,
              durationMinutes: m.durationMinutes, objective: m.objective,
              status: S.Meeting.StatusPayload(rawValue: m.status) ?? .planned, location: m.location, videoUrl: m.videoURL,
              timeZone: m.timeZone, sequence: m.sequence, invited: m.invitedAt != nil, seriesId: m.seriesID?.uuidString,
              cancelledAt: m.cancelledAt, cancellationReason: m.cancellationReason, sharedNotes: m.sharedNotes,
              privateNotes: withPrivateNotes ? m.privateNotes : nil)
    }

    static func stakeholder(_ s: Stakeholder) -> S.Stakeholder {
        .init(id: s.id!.uuidString, name: s.name, email: s.email, relationship: s.relationship,
              status: S.Stakeholder.StatusPayload(rawValue: s.status ?? "approved") ?? .approved,
              proposedBy: S.Stakeholder.ProposedByPayload(rawValue: s.proposedBy ?? "coach") ?? .coach, withdrawnAt: s.withdrawnAt)
    }

    static func assessment(_ a: Assessment, on db: any Database) async throws -> S.Assessment {
        let raters = try await AssessmentRater.query(on: db).filter(\.$assessment.$id == a.requireID()).all()
        return .init(id: a.id!.uuidString, status: S.Assessment.StatusPayload(rawValue: a.status) ?? .open,
                     invited: raters.count, responded: raters.filter { $0.submittedAt != nil }.count, threshold: a.threshold)
    }

    static func assessmentResults(_ summary: AssessmentSummary) -> S.AssessmentResults {
        // A hidden cell carries no n: 0 against 1 would tell whether a single rater said "can't say".
        func cell(_ g: GroupScore) -> S.GroupScore {
            let shown = AssessmentItemsSection.isShown(g, threshold: summary.threshold)
            return .init(group: g.group, n: shown ? g.n : nil, mean: shown ? g.mean : nil, suppressed: !shown)
        }
        return .init(
            respondents: summary.respondents, threshold: summary.threshold,
            competencies: summary.results.map {
                .init(competencyId: $0.competencyID, name: summary.names[$0.competencyID] ?? "", selfScore: $0.selfMean,
                      groups: $0.groups.map(cell), others: cell($0.others),
                      items: $0.items.compactMap { item in
                          guard let text = summary.itemTexts[item.itemID] else { return nil }
                          return .init(itemId: item.itemID, text: text, selfScore: item.selfScore, groups: item.groups.map(cell),
                                       others: cell(item.others),
                                       othersDistribution: item.distributions[AssessmentResults.othersGroup].map { d in (1...5).map { d.counts[$0] ?? 0 } })
                      })
            },
            comments: summary.comments,
            commentThreshold: max(summary.rules.commentThreshold, summary.rules.ratingThreshold),
            questions: summary.questions.map { .init(question: $0.question, comments: $0.shown) })
    }

    static func targets(of engagementID: UUID, on db: any Database) async throws -> [S.TargetCompetency] {
        try await TargetCompetency.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$position).with(\.$competency).all()
            .map { .init(competencyId: $0.$competency.id.uuidString, name: $0.competency.name, rationale: $0.rationale) }
    }

    static func idp(of engagementID: UUID, on db: any Database) async throws -> S.Idp {
        let revisions = try await IDPRevision.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$revision).all()
        guard let latest = revisions.last else {
            throw DomainError(.notFound, code: "idp_not_found", message: "There is no IDP yet.")
        }
        let acks = try await IDPAcknowledgement.query(on: db).filter(\.$revision.$id == latest.requireID()).all()
        return .init(
            revision: latest.revision, status: S.Idp.StatusPayload(rawValue: latest.status) ?? .draft, reason: latest.reason,
            sharedAt: latest.sharedAt,
            // Statuses as ticked since the revision was shared (IDPActionStatus), not only as the revision stored them.
            items: try await latest.effectiveItems(on: db).map {
                .init(id: $0.id?.uuidString, owner: $0.owner ?? "Client",
                      status: S.IDPItem.StatusPayload(rawValue: $0.status ?? "planned") ?? .planned,
                      competencyId: $0.competencyID.uuidString, action: $0.action, dueDate: $0.dueDate, successMeasure: $0.successMeasure,
                      supportNeeded: $0.supportNeeded, goalIds: $0.goalIDs.map(\.uuidString))
            },
            acknowledgements: acks.map { .init(party: S.IDPAcknowledgement.PartyPayload(rawValue: $0.party) ?? .sponsor, acknowledgedAt: $0.acknowledgedAt) },
            history: revisions.map { .init(revision: $0.revision, status: $0.status, reason: $0.reason, finalisedAt: $0.finalisedAt) })
    }

    static func surveyRound(_ r: SurveyRound, on db: any Database) async throws -> S.SurveyRound {
        let invitations = try await SurveyInvitation.query(on: db).filter(\.$round.$id == r.requireID()).all()
        let status: S.SurveyRound.StatusPayload = r.isPlanned ? .planned : (r.closedAt == nil ? .open : .closed)
        return .init(id: r.id!.uuidString, number: r.number, status: status, opensAt: r.openedAt, invited: invitations.count,
                     responded: invitations.filter { $0.submittedAt != nil }.count, closesAt: r.closesAt, closedAt: r.closedAt)
    }

    static func surveyItem(_ i: ProgressItemStatistics, name: String, comments: [String]) -> S.SurveyItemResult {
        .init(competencyId: i.competencyID, name: name, n: i.n, invited: i.invited, responseRate: i.responseRate,
              suppressed: i.suppressed, mean: i.mean, standardDeviation: i.standardDeviation,
              ciLower: i.confidenceInterval?.lower, ciUpper: i.confidenceInterval?.upper, shareImproved: i.shareImproved,
              shareDeclined: i.shareDeclined, netScore: i.netScore,
              benchmark: i.benchmark.flatMap { S.SurveyItemResult.BenchmarkPayload(rawValue: $0.rawValue) },
              comments: comments, cantSay: i.cantSay,
              distribution: i.distribution.map { d in (-3...3).map { .init(value: $0, count: d[$0] ?? 0) } })
    }

    static func report(_ r: FinalReport, visibleTo scope: EngagementScope) throws -> S.FinalReport {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let visible = try encoder.encode(try ReportService.decode(r).visible(to: scope))
        let snapshot = try JSONDecoder().decode(S.FinalReport.SnapshotPayload.self, from: visible)
        return .init(issuedAt: r.issuedAt, clientApprovedAt: r.clientApprovedAt, clientReflection: r.clientReflection,
                     releasedAt: r.releasedAt, releasedBy: r.releasedBy, snapshot: snapshot)
    }
}
