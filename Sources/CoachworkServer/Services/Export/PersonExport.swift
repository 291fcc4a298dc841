import Vapor
import Fluent
import CoachworkCore

/// A person's data export (issue 12; GDPR Art. 15 access request): ``PersonExportDocument`` for the admin, loaded
/// with one query per table whatever the person's history.
enum PersonExport {
    /// Everything held about person `id`.
    /// - Throws: `forbidden` unless the admin (`personal_data_export` view); 404 `person_not_found`.
    static func build(_ req: Request, personID id: UUID?) async throws -> PersonExportDocument {
        try req.authorize(.view, .personalDataExport)
        let db = req.db
        guard let id, let person = try await Person.find(id, on: db) else {
            throw DomainError(.notFound, code: "person_not_found", message: "There is no such person.")
        }
        let email = person.email.lowercased()
        let engagements = try await Engagement.query(on: db).group(.or) {
            $0.filter(\.$client.$id == id).filter(\.$sponsor.$id == id).filter(\.$hrPartner.$id == id).filter(\.$seniorExecutive.$id == id)
        }.sort(\.$createdAt).all()
        let coaches = try await User.query(on: db).filter(\.$id ~~ Array(Set(engagements.map(\.$coach.id)))).all()
        let stakeholders = try await Stakeholder.query(on: db).filter(\.$email == email).sort(\.$createdAt).all()
        let asClient = engagements.filter { $0.$client.id == id }.compactMap(\.id)
        let clientAssessments = asClient.isEmpty ? [] : try await Assessment.query(on: db).filter(\.$engagement.$id ~~ asClient).all()
        // The person's own rater rows: as a stakeholder, and their self-rating as the client.
        let stakeholderIDs = stakeholders.compactMap(\.id)
        let raters = try await AssessmentRater.query(on: db).group(.or) { or in
            if !stakeholderIDs.isEmpty { or.filter(\.$stakeholder.$id ~~ stakeholderIDs) }
            if !clientAssessments.isEmpty {
                or.group(.and) { $0.filter(\.$group == RaterGroup.self_.rawValue).filter(\.$assessment.$id ~~ clientAssessments.compactMap(\.id)) }
            }
            if stakeholderIDs.isEmpty && clientAssessments.isEmpty { or.filter(\.$id == UUID()) }
        }.all()
        let assessmentIDs = Array(Set(raters.map(\.$assessment.id)))
        let assessments = assessmentIDs.isEmpty ? [] : try await Assessment.query(on: db).filter(\.$id ~~ assessmentIDs).all()
        let submitted = raters.filter { $0.submittedAt != nil }.compactMap(\.id)
        let ratings = submitted.isEmpty ? [] : try await AssessmentRating.query(on: db).filter(\.$rater.$id ~~ submitted).all()
        let invitations = stakeholderIDs.isEmpty ? [] : try await SurveyInvitation.query(on: db).filter(\.$stakeholder.$id ~~ stakeholderIDs).all()
        let rounds = invitations.isEmpty ? [] : try await SurveyRound.query(on: db).filter(\.$id ~~ Array(Set(invitations.map(\.$round.id)))).all()
        let answered = invitations.filter { $0.submittedAt != nil }.compactMap(\.id)
        let answers = answered.isEmpty ? [] : try await SurveyAnswer.query(on: db).filter(\.$invitation.$id ~~ answered).all()
        let competencyIDs = Array(Set(assessments.flatMap(\.competencyIDList) + rounds.flatMap(\.competencyIDList)))
        let competencies = try await AssessmentItems.load(competencyIDs, on: db)
        let subjects = raters.compactMap(\.id) + invitations.compactMap(\.id)
        let links = try await PersonalLink.query(on: db).group(.or) { or in
            or.filter(\.$person.$id == id)
            if !subjects.isEmpty { or.filter(\.$subjectID ~~ subjects) }
        }.sort(\.$createdAt).all()
        let mail = try await OutboxMessage.query(on: db).filter(\.$toEmail == email).sort(\.$createdAt).all()
        let meetings = engagements.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$engagement.$id ~~ engagements.compactMap(\.id))
            .filter(\.$proposedAt == nil).sort(\.$startsAt).all()
        let acceptances = try await AgreementAcceptance.query(on: db).filter(\.$person.$id == id).with(\.$agreement).all()
        let acknowledgements = try await IDPAcknowledgement.query(on: db).filter(\.$person.$id == id).with(\.$revision).all()
        let subject = "person:\(id.uuidString.lowercased())"
        let audit = try await AuditEvent.query(on: db).group(.or) { $0.filter(\.$actorID == subject).filter(\.$object == subject) }
            .sort(\.$sequence).all()

        let coachName = Dictionary(coaches.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let lookup = Lookup(competencies: competencies)
        let exporter = try req.requireActor().displayName
        return PersonExportDocument(
            exportedAt: req.now, exportedBy: "\(exporter) (admin)",
            person: .init(id: id, name: person.name, email: person.email, organisation: person.organisation, jobTitle: person.jobTitle,
                          timeZone: person.timeZone, createdAt: person.createdAt, updatedAt: person.updatedAt),
            engagements: engagements.map { e in
                .init(engagementId: e.id!, role: roles(of: id, in: e).joined(separator: ","), coach: coachName[e.$coach.id] ?? "",
                      phase: e.phase, status: e.status, createdAt: e.createdAt)
            },
            stakeholderOf: stakeholders.map {
                .init(engagementId: $0.$engagement.id, name: $0.name, relationship: $0.relationship, status: $0.status ?? "approved",
                      withdrawnAt: $0.withdrawnAt, createdAt: $0.createdAt)
            },
            links: links.map { .init(purpose: $0.purpose, createdAt: $0.createdAt, expiresAt: $0.expiresAt, usedAt: $0.usedAt) },
            mail: mail.map { .init(purpose: $0.purpose, subject: $0.subject, status: $0.status, createdAt: $0.createdAt, sentAt: $0.sentAt) },
            meetings: meetings.filter { m in attends(id, m, engagements) }.map {
                .init(engagementId: $0.$engagement.id, kind: $0.kind, status: $0.status, startsAt: $0.startsAt,
                      durationMinutes: $0.durationMinutes, objective: $0.objective)
            },
            acceptances: acceptances.map {
                .init(engagementId: $0.agreement.$engagement.id, agreementVersion: $0.agreement.version, party: $0.party, acceptedAt: $0.acceptedAt)
            },
            acknowledgements: acknowledgements.map {
                .init(engagementId: $0.revision.$engagement.id, idpRevision: $0.revision.revision, party: $0.party, acknowledgedAt: $0.acknowledgedAt)
            },
            assessmentAnswers: raters.filter { $0.submittedAt != nil }.compactMap { rater in
                guard let a = assessments.first(where: { $0.id == rater.$assessment.id }) else { return nil }
                return .init(engagementId: a.$engagement.id, assessmentId: a.id!, group: rater.group, submittedAt: rater.submittedAt,
                             ratings: ratings.filter { $0.$rater.id == rater.id }.map {
                                 .init(competency: lookup.name($0.competencyID), item: lookup.item($0.itemID), score: $0.score)
                             },
                             openAnswers: zip(a.questions, rater.answers).map { .init(question: $0.0, answer: $0.1) })
            },
            surveyAnswers: invitations.filter { $0.submittedAt != nil }.compactMap { invitation in
                guard let round = rounds.first(where: { $0.id == invitation.$round.id }) else { return nil }
                return .init(engagementId: round.$engagement.id, round: round.number, submittedAt: invitation.submittedAt,
                             followUpFrequency: invitation.followUpFrequency,
                             answers: answers.filter { $0.$invitation.id == invitation.id }.map {
                                 .init(competency: lookup.name($0.competencyID), change: $0.change, comment: $0.comment, suggestion: $0.suggestion)
                             })
            },
            audit: audit.map {
                .init(sequence: $0.sequence, at: $0.at, actor: $0.actor, actorRole: $0.actorRole, action: $0.action, object: $0.object, detail: $0.detail)
            })
    }

    /// The named parties person `id` is in `e` (one person may be, say, sponsor and senior executive).
    static func roles(of id: UUID, in e: Engagement) -> [String] {
        [("client", e.$client.id), ("sponsor", e.$sponsor.id), ("hr_partner", e.$hrPartner.id), ("senior_executive", e.$seniorExecutive.id)]
            .filter { $0.1 == id }.map(\.0)
    }

    /// Whether person `id` attends `m`: the client every meeting, another party the meetings listing their party.
    static func attends(_ id: UUID, _ m: Meeting, _ engagements: [Engagement]) -> Bool {
        guard let e = engagements.first(where: { $0.id == m.$engagement.id }) else { return false }
        let parties = roles(of: id, in: e)
        return parties.contains("client") || parties.contains { m.attendeeList.contains($0) }
    }

    /// Competency and item names by id.
    struct Lookup {
        let competencies: [AssessedCompetency]
        func name(_ id: UUID) -> String { competencies.first { $0.competency.id == id }?.competency.name ?? "" }
        func item(_ id: UUID?) -> String {
            guard let id else { return "" }
            return competencies.lazy.flatMap(\.items).first { $0.itemID == id }?.text ?? ""
        }
    }
}
