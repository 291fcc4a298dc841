import Vapor
import Fluent
import CoachworkCore

/// Interviews, target competencies and the IDP (its revisions, sharing, acknowledgements).
struct PlanService {
    let req: Request

    /// Replaces the target competencies (1 to 3, each with a rationale).
    func chooseTargets(_ scope: EngagementScope, _ targets: [(competencyID: UUID?, rationale: String?)]) async throws -> [TargetCompetency] {
        try scope.authorize(.update, .idp)
        try scope.check(.chooseTargets)
        var errors = FormErrors()
        if !(1...3).contains(targets.count) { errors.add("targets", "Choose one to three target competencies.") }
        var rows: [(UUID, String)] = []
        for (i, target) in targets.enumerated() {
            let rationale = errors.collect { try TextInput.required(target.rationale, field: "targets[\(i)].rationale", label: "Rationale", maxLength: 2000) }
            guard let id = target.competencyID, try await Competency.find(id, on: req.db) != nil else {
                errors.add("targets[\(i)].competencyId", "Choose a competency of the model."); continue
            }
            if rows.contains(where: { $0.0 == id }) { errors.add("targets[\(i)].competencyId", "Each competency once only.") }
            if let rationale { rows.append((id, rationale)) }
        }
        try errors.throwIfAny()
        let validRows = rows
        return try await req.db.writeTransaction { db in
            try await TargetCompetency.query(on: db).filter(\.$engagement.$id == scope.id).delete()
            var saved: [TargetCompetency] = []
            for (position, (id, rationale)) in validRows.enumerated() {
                let target = TargetCompetency()
                target.$engagement.id = scope.id
                target.$competency.id = id
                target.rationale = rationale
                target.position = position + 1
                try await target.create(on: db)
                saved.append(target)
            }
            try await scope.audit("targets_chosen", "\(validRows.count) target competencies chosen.", on: db)
            return saved
        }
    }

    /// The IDP item as typed.
    struct ItemInput: Sendable {
        /// The action's id in the latest revision when it is kept; nil for a new action.
        var id: UUID? = nil
        var competencyID: UUID?
        var action: String?
        var dueDate: String?
        var successMeasure: String?
        var supportNeeded: String?
        var goalIDs: [UUID]
        var owner: String? = nil
        var status: String? = nil
    }

    /// Validates IDP items against the target competencies and the agreement's goals.
    func validate(_ scope: EngagementScope, _ items: [ItemInput]) async throws -> [IDPItem] {
        var errors = FormErrors()
        let targets = Set(try await TargetCompetency.query(on: req.db).filter(\.$engagement.$id == scope.id).all(\.$competency.$id))
        if targets.isEmpty { errors.add("items", "Choose the target competencies first.") }
        if items.isEmpty { errors.add("items", "Add at least one action.") }
        // Goals of the accepted agreement version; a draft or proposal was never agreed. Links the
        // latest revision already holds stay valid (a plan made under an earlier accepted version).
        var knownGoals = Set(try await AgreementService.acceptedGoals(of: scope.id, on: req.db).compactMap(\.id))
        if let latest = try await Self.latest(scope.id, on: req.db) { knownGoals.formUnion(latest.items.flatMap(\.goalIDs)) }
        var result: [IDPItem] = []
        var seenIDs = Set<UUID>()
        for (i, item) in items.enumerated() {
            if item.competencyID.map({ !targets.contains($0) }) ?? true { errors.add("items[\(i)].competencyId", "Link the action to a target competency.") }
            let action = errors.collect { try TextInput.required(item.action, field: "items[\(i)].action", label: "Action", maxLength: 2000) }
            let due = errors.collect { try CalendarDate.parse(item.dueDate, field: "items[\(i)].dueDate", within: .plannedDay, today: scope.today) }
            let measure = errors.collect { try TextInput.required(item.successMeasure, field: "items[\(i)].successMeasure", label: "Success measure", maxLength: 2000) }
            if item.goalIDs.contains(where: { !knownGoals.contains($0) }) {
                errors.add("items[\(i)].goalIds", "Link the action to goals of the accepted coaching agreement.")
            }
            let owner = TextInput.optional(item.owner) ?? "Client"
            if owner.count > 120 { errors.add("items[\(i)].owner", "The owner must be at most 120 characters.") }
            let status = item.status ?? "planned"
            if !IDPItem.statuses.contains(status) { errors.add("items[\(i)].status", "Choose planned, in progress, done or dropped.") }
            if let id = item.competencyID, let action, let due, let measure {
                let kept = item.id.flatMap { seenIDs.insert($0).inserted ? $0 : nil }
                result.append(IDPItem(id: kept ?? UUID(), competencyID: id, action: action, dueDate: due, successMeasure: measure,
                                      supportNeeded: TextInput.optional(item.supportNeeded) ?? "", goalIDs: item.goalIDs,
                                      owner: owner, status: status))
            }
        }
        try errors.throwIfAny()
        return result
    }

    /// The latest IDP revision, if any.
    static func latest(_ engagementID: UUID, on db: any Database) async throws -> IDPRevision? {
        try await IDPRevision.query(on: db).filter(\.$engagement.$id == engagementID).sort(\.$revision, .descending).first()
    }

    /// Saves the IDP draft (analysis phase).
    func saveDraft(_ scope: EngagementScope, _ items: [ItemInput]) async throws -> IDPRevision {
        try scope.authorize(.update, .idp)
        try scope.check(.writeIDP)
        let valid = try await validate(scope, items)
        let latest = try await Self.latest(scope.id, on: req.db)
        if let latest, latest.status == "finalised" {
            throw DomainError(.conflict, code: "idp_finalised", message: "The IDP is finalised; changes are revisions with a reason.")
        }
        let revision = latest ?? IDPRevision()
        revision.$engagement.id = scope.id
        revision.revision = latest?.revision ?? 1
        revision.itemsJSON = String(decoding: try JSONEncoder().encode(valid), as: UTF8.self)
        revision.status = "draft"
        try await req.db.writeTransaction { db in
            try await revision.save(on: db)
            try await scope.audit("idp_saved", "IDP draft saved with \(valid.count) actions.", on: db)
        }
        return revision
    }

    /// Finalises the draft and shares it: sponsor and HR partner get links to acknowledge.
    func finaliseAndShare(_ scope: EngagementScope) async throws -> IDPRevision {
        try scope.authorize(.update, .idp)
        try scope.check(.writeIDP)
        guard let revision = try await Self.latest(scope.id, on: req.db), revision.status == "draft" else {
            throw DomainError(.conflict, code: "idp_not_draft", message: "There is no IDP draft to finalise.")
        }
        try await share(scope, revision, reason: "IDP finalised and shared with sponsor and HR partner.")
        return revision
    }

    /// A correction: a new finalised revision with its reason, shared at once; earlier revisions stay. When the
    /// items differ from the current plan only in statuses, the statuses are ticked instead (``IDPStatusService``)
    /// and the latest revision is returned unchanged: no new revision, no new acknowledgement.
    /// - Parameters:
    ///   - basedOn: the revision the editor started from; a newer one makes the change stale (409), so
    ///     nobody overwrites a correction they have not seen. `nil` skips the check (API clients that do not send it).
    ///   - roundID: the mini-survey round whose results prompted the correction, if any.
    func revise(_ scope: EngagementScope, reason: String?, items: [ItemInput], basedOn: Int? = nil,
                roundID: UUID? = nil) async throws -> IDPRevision {
        try scope.authorize(.update, .idp)
        try scope.check(.reviseIDP)
        let why = try TextInput.required(reason, field: "reason", label: "Reason", maxLength: 2000)
        let valid = try await validate(scope, items)
        guard let latest = try await Self.latest(scope.id, on: req.db), latest.status == "finalised" else {
            throw DomainError(.conflict, code: "idp_not_finalised", message: "Only a finalised IDP can be revised.")
        }
        if let basedOn, basedOn != latest.revision {
            throw DomainError(.conflict, code: "idp_stale",
                              message: "The plan changed since you opened it (now revision \(latest.revision)). Reload the page and make your change again.")
        }
        // Compared with the plan as it now is: statuses ticked since it was shared count as its own.
        let current = try await latest.effectiveItems(on: req.db)
        if valid.map(\.comparable) == current.map(\.comparable) {
            throw DomainError.invalid("items", "This revision changes no action; change the plan or leave it as it is.")
        }
        // Only statuses changed: that is progress on the plan, not a new plan. Record the ticks; no revision, so
        // sponsor and HR partner are not asked to acknowledge again.
        if valid.map(\.withoutStatus) == current.map(\.withoutStatus), zip(valid, current).allSatisfy({ $0.id == $1.id }) {
            for (new, old) in zip(valid, current) where new.comparable.status != old.comparable.status {
                try await IDPStatusService(req: req).tick(scope, actionID: new.id, status: new.status)
            }
            return latest
        }
        if let roundID, try await SurveyRound.query(on: req.db).filter(\.$id == roundID).filter(\.$engagement.$id == scope.id).count() == 0 {
            throw DomainError.invalid("surveyRoundId", "This survey round is not part of the engagement.")
        }
        let revision = IDPRevision()
        revision.$engagement.id = scope.id
        revision.revision = latest.revision + 1
        revision.reason = why
        revision.surveyRoundID = roundID
        revision.itemsJSON = String(decoding: try JSONEncoder().encode(valid), as: UTF8.self)
        revision.status = "draft"
        try await share(scope, revision, reason: "IDP revision \(revision.revision): \(why)")
        return revision
    }

    private func share(_ scope: EngagementScope, _ revision: IDPRevision, reason: String) async throws {
        let engagement = scope.engagement
        try await engagement.$sponsor.load(on: req.db)
        try await engagement.$hrPartner.load(on: req.db)
        try await engagement.$client.load(on: req.db)
        revision.status = "finalised"
        revision.finalisedAt = req.now
        revision.sharedAt = req.now
        try await req.db.writeTransaction { db in
            try await revision.save(on: db)
            for (party, person) in [("sponsor", engagement.sponsor), ("hr_partner", engagement.hrPartner)] {
                try await EngagementService.mailLink(
                    req, to: person, path: Paths.idp(scope.id), purpose: "idp_shared", key: "\(revision.id!):\(party)",
                    subject: "Development plan for \(engagement.client.name)",
                    intro: "The individual development plan (revision \(revision.revision)) of \(engagement.client.name) is shared with you. Please read it and acknowledge it.",
                    engagementID: scope.id, on: db)
            }
            try await scope.audit("idp_shared", reason, on: db)
        }
    }
}
