import Vapor
import Fluent
import CoachworkCore

/// Imports people (the directory) or an engagement's stakeholders from CSV, shared by pages and API.
///
/// Stateless: the preview and the import each plan from the same text (the preview sends it back
/// in its form), so any instance can serve either step, and what the database knows (existing
/// people, stakeholders, the client) is checked again when importing. The import writes every row
/// in one transaction, in batches, with one audit entry that holds counts only.
struct CSVImportService {
    let req: Request

    /// What an import reads: the bytes of an uploaded file, or text (pasted, or sent back by the preview).
    enum Source: Sendable {
        case bytes([UInt8])
        /// Text with the encoding the preview reported for it (UTF-8 for pasted text).
        case text(String, ImportEncoding)
    }

    /// Rows per INSERT and per email lookup: well under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
    static let batchSize = 200

    /// The outcome of an import.
    struct Outcome: Sendable {
        /// The plan that was carried out (its rows are those created).
        var plan: ImportPlan
        /// How many rows were created.
        var created: Int { plan.rows.count }
    }

    // MARK: People

    /// Plans importing people by `user` (the access policy's `create person`): file rows, minus
    /// emails a person already has (skipped, never overwritten). Blank time zones take the user's.
    func planPeople(_ source: Source, by user: User) async throws -> ImportPlan {
        try req.authorize(.create, .person)
        var plan = Self.read(source, kind: .people, defaultTimeZone: user.timeZone)
        let known = try await knownPeople(plan.rows.map(\.email))
        plan.skip { known.contains($0.email) ? .knownPerson : nil }
        return plan
    }

    /// Plans again and creates the people of the plan, in one transaction with one audit entry.
    /// - Throws: 422 `nothing_to_import` (with every error and skip as details) when no row can be created.
    func importPeople(_ source: Source, by user: User) async throws -> Outcome {
        let plan = try await planPeople(source, by: user)
        try Self.requireImportable(plan, noun: "people")
        let people = plan.rows.map { row in
            let person = Person(email: row.email, name: row.name, organisation: row.organisation, timeZone: row.timeZone, createdByID: user.id)
            person.jobTitle = row.jobTitle
            return person
        }
        try await req.db.writeTransaction { db in
            for batch in people.chunked(Self.batchSize) { try await batch.create(on: db) }
            try await AuditTrail.append(.init(AuditActor(.user(user)), action: "people_imported",
                detail: Self.summary(plan, noun: plan.rows.count == 1 ? "person" : "people"), at: req.now), on: db)
        }
        return Outcome(plan: plan)
    }

    // MARK: Stakeholders

    /// Plans importing stakeholders into the engagement of `scope` by its coach, in a phase where
    /// stakeholders are nominated: file rows, minus the client and emails already nominated.
    /// Blank time zones take the client's, as the nomination form does.
    func planStakeholders(_ source: Source, in scope: EngagementScope) async throws -> ImportPlan {
        try Self.authorizeStakeholders(scope)
        let client = try await scope.engagement.$client.get(on: req.db)
        var plan = Self.read(source, kind: .stakeholders, defaultTimeZone: client.timeZone)
        let nominated = Set(try await Stakeholder.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$withdrawnAt == nil)
            .field(\.$email).all().map { $0.email.lowercased() })
        plan.skip { row in row.email == client.email.lowercased() ? .client : nominated.contains(row.email) ? .existingStakeholder : nil }
        return plan
    }

    /// Plans again and nominates the plan's stakeholders (approved, as the coach's nominations are).
    /// - Throws: 422 `nothing_to_import` when no row can be nominated.
    func importStakeholders(_ source: Source, in scope: EngagementScope) async throws -> Outcome {
        let plan = try await planStakeholders(source, in: scope)
        try Self.requireImportable(plan, noun: "stakeholders")
        let stakeholders = plan.rows.map { row in
            let stakeholder = Stakeholder()
            stakeholder.$engagement.id = scope.id
            stakeholder.name = row.name
            stakeholder.email = row.email
            stakeholder.relationship = (row.relationship ?? .other).rawValue
            stakeholder.timeZone = row.timeZone
            stakeholder.proposedBy = "coach"
            stakeholder.status = "approved"
            stakeholder.decidedBy = scope.actor.displayName
            stakeholder.decidedAt = req.now
            return stakeholder
        }
        try await req.db.writeTransaction { db in
            for batch in stakeholders.chunked(Self.batchSize) { try await batch.create(on: db) }
            try await scope.audit("stakeholders_imported", Self.summary(plan, noun: plan.rows.count == 1 ? "stakeholder" : "stakeholders"), on: db)
        }
        return Outcome(plan: plan)
    }

    /// Whether the actor may import stakeholders now: the policy's `create stakeholder_list`, by the
    /// coach (the client proposes raters one by one, each approved by the sponsor), in a phase
    /// where stakeholders are nominated.
    /// - Throws: 403 `forbidden`; 409 `wrong_phase` or `engagement_inactive`.
    static func authorizeStakeholders(_ scope: EngagementScope) throws {
        try scope.authorize(.create, .stakeholderList)
        guard scope.role == .coach else {
            throw DomainError(.forbidden, code: "forbidden", message: "Only the engagement's coach imports stakeholders.")
        }
        try scope.check(.nominateStakeholders)
    }

    // MARK: Shared

    /// The core's plan of `source`.
    static func read(_ source: Source, kind: ImportPlan.Kind, defaultTimeZone: String) -> ImportPlan {
        switch source {
        case .bytes(let bytes): PeopleCSVImport.plan(bytes: bytes, kind: kind, defaultTimeZone: defaultTimeZone)
        case .text(let text, let encoding): PeopleCSVImport.plan(text: text, encoding: encoding, kind: kind, defaultTimeZone: defaultTimeZone)
        }
    }

    /// Which of `emails` (lower-cased, as stored) a person already has, looked up in batches.
    private func knownPeople(_ emails: [String]) async throws -> Set<String> {
        var found = Set<String>()
        for batch in emails.chunked(Self.batchSize) {
            found.formUnion(try await Person.query(on: req.db).filter(\.$email ~~ batch).field(\.$email).all().map { $0.email.lowercased() })
        }
        return found
    }

    /// Refuses a plan with nothing to create: an import of nothing is never reported as a success.
    static func requireImportable(_ plan: ImportPlan, noun: String) throws {
        guard !plan.isImportable else { return }
        let details = plan.issues.map { DomainError.Detail(code: "invalid_row", message: lineText($0.line) + $0.message, field: $0.field) }
            + plan.skipped.map { DomainError.Detail(code: $0.reason.code, message: lineText($0.line) + $0.reason.message) }
        throw DomainError(.invalid, code: "nothing_to_import",
                          message: "No \(noun) were imported: the file has no row that can be imported.", field: "file", details: details)
    }

    /// "Line 7: " or "" for a file-level problem.
    static func lineText(_ line: Int?) -> String { line.map { "Line \($0): " } ?? "" }

    /// The audit sentence: counts only, never names or addresses.
    static func summary(_ plan: ImportPlan, noun: String) -> String {
        "\(plan.rows.count) \(noun) imported from CSV; \(plan.skipped.count) rows skipped, \(Set(plan.issues.compactMap(\.line)).count) rows with errors not imported."
    }
}

extension Array {
    /// The elements in consecutive slices of at most `size` (the last may be shorter).
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
