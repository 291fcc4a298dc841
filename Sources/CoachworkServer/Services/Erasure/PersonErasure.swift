import Foundation
import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Erasing a person on request (GDPR art. 17, right to erasure; issue 12). The request names an
/// email address: the person of the directory with it (if any) and every stakeholder entry with it.
///
/// What happens, in one transaction: the person's name, email, organisation and job title are
/// replaced (`Erased person`, `erased-<id>@erased.invalid`, RFC 2606's reserved domain) and
/// `erased_at` set; stakeholder entries get the same treatment and, in running engagements, are
/// withdrawn (open invitations removed); their personal links, calendar feeds, queued sign-in
/// requests, unsent drafts and every email to the address in the outbox are deleted; raw interview
/// notes of them are cleared. Their *submitted* ratings and answers stay, unattributed, inside the
/// aggregates, so no closed result changes. The audit trail records the erasure by id only.
///
/// What blocks it is ``ErasureRules/checkPerson(_:)``: a client's engagement is erased first, and a
/// running engagement needs its sponsor and HR partner.
struct PersonErasure {
    let db: any Database

    /// Everything one email address is found in.
    struct Subject: Sendable {
        var email: String
        var person: Person?
        var stakeholders: [Stakeholder]
        var parts: [PersonEngagementPart]
        /// Label and number of what would change, zeros left out.
        var records: [(label: String, count: Int)]
        /// Why it cannot be erased yet, if it cannot.
        var blocked: DomainError?
        /// Emails to the address still in the outbox (an address changed since, or whose person is gone).
        var mails: Int
        var isEmpty: Bool { person == nil && stakeholders.isEmpty && mails == 0 }
    }

    /// Finds what `typed` (an email address) is held in, without changing anything.
    /// - Throws: `invalid` naming `email` for a malformed address.
    func subject(email typed: String?) async throws -> Subject {
        let email = try TextInput.email(typed)
        let person = try await Person.query(on: db).filter(\.$email == email).filter(\.$erasedAt == nil).first()
        let stakeholders = try await Stakeholder.query(on: db).filter(\.$email == email).all()
        var engagementIDs = Set(stakeholders.map { $0.$engagement.id })
        var asParty: [Engagement] = []
        if let id = person?.id {
            asParty = try await Engagement.query(on: db).group(.or) {
                $0.filter(\.$client.$id == id).filter(\.$sponsor.$id == id).filter(\.$hrPartner.$id == id).filter(\.$seniorExecutive.$id == id)
            }.all()
            engagementIDs.formUnion(asParty.compactMap(\.id))
        }
        let engagements = try await Engagement.query(on: db).filter(\.$id ~~ engagementIDs).with(\.$client).all()
        let byID = Dictionary(uniqueKeysWithValues: engagements.compactMap { e in e.id.map { ($0, e) } })
        func label(_ e: Engagement) -> String {
            let objective = e.objective.count > 60 ? String(e.objective.prefix(57)) + "…" : e.objective
            return "\(e.client.name)'s engagement (\(objective))"
        }
        var parts: [PersonEngagementPart] = []
        for e in asParty {
            let part: PersonEngagementPart.Part = e.$client.id == person?.id ? .client : e.$sponsor.id == person?.id ? .sponsor
                : e.$hrPartner.id == person?.id ? .hrPartner : .seniorExecutive
            parts.append(.init(engagementID: e.id!, part: part, ongoing: e.isOngoing, label: byID[e.id!].map(label) ?? "an engagement"))
        }
        for s in stakeholders { if let e = byID[s.$engagement.id] { parts.append(.init(engagementID: e.id!, part: .stakeholder, ongoing: e.isOngoing, label: label(e))) } }
        var blocked: DomainError?
        do { try ErasureRules.checkPerson(parts) } catch { blocked = error }
        let sql = db as! any SQLDatabase
        let mails = try await sql.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE to_email = \(bind: email)").first()?.decode(column: "n", as: Int.self) ?? 0
        let running = stakeholders.filter { byID[$0.$engagement.id]?.isOngoing == true && $0.withdrawnAt == nil }.count
        let records = [("directory entry", "directory entries", person == nil ? 0 : 1), ("stakeholder entry", "stakeholder entries", stakeholders.count),
                       ("of them withdrawn from a running engagement", "of them withdrawn from running engagements", running),
                       ("email in the outbox", "emails in the outbox", mails)]
            .filter { $0.2 > 0 }.map { (label: $0.2 == 1 ? $0.0 : $0.1, count: $0.2) }
        return Subject(email: email, person: person, stakeholders: stakeholders, parts: parts, records: records, blocked: blocked, mails: mails)
    }

    /// Erases what ``subject(email:)`` found, as `actor`.
    /// - Throws: the `blocked` error; 404 `nothing_to_erase` when the address is held nowhere.
    /// - Returns: the number of records changed or deleted (directory entry, stakeholder entries, emails).
    @discardableResult
    func erase(_ subject: Subject, actor: AuditActor, now: Date) async throws -> Int {
        if let blocked = subject.blocked { throw blocked }
        guard !subject.isEmpty else {
            throw DomainError(.notFound, code: "nothing_to_erase", message: "No person, stakeholder or email has this address.")
        }
        let running = Set(subject.parts.filter(\.ongoing).map(\.engagementID))
        return try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let stakeholderIDs = subject.stakeholders.compactMap(\.id)
            let withdrawn = subject.stakeholders.filter { running.contains($0.$engagement.id) && $0.withdrawnAt == nil }.compactMap(\.id)
            let removed = try await StakeholderWithdrawal.removeOpenInvitations(of: withdrawn, now: now, on: tx)
            if !withdrawn.isEmpty {
                try await sql.update(Stakeholder.schema).set("withdrawn_at", to: SQLBind(now)).where("id", .in, SQLBind.group(withdrawn)).run()
            }
            for id in stakeholderIDs {
                try await sql.update(Stakeholder.schema).set("name", to: SQLBind("Erased stakeholder"))
                    .set("email", to: SQLBind(Self.erasedAddress(id))).where("id", .equal, SQLBind(id)).run()
            }
            if !stakeholderIDs.isEmpty {
                // Their raw interview notes are about them; the themes drawn from them stay, unattributed.
                try await sql.update(Interview.schema).set("notes", to: SQLBind("")).set("answers_json", to: SQLBind(String?.none))
                    .where("stakeholder_id", .in, SQLBind.group(stakeholderIDs)).run()
                // A saved, never submitted draft is no result: it goes.
                try await sql.update(AssessmentRater.schema).set("answers_json", to: SQLBind(String?.none))
                    .where("stakeholder_id", .in, SQLBind.group(stakeholderIDs)).where("submitted_at", .is, SQLLiteral.null).run()
            }
            try await sql.delete(from: OutboxMessage.schema).where("to_email", .equal, SQLBind(subject.email)).run()
            try await sql.delete(from: SignInRequest.schema).where("email", .equal, SQLBind(subject.email)).run()
            if let person = subject.person, let id = person.id {
                try await sql.delete(from: PersonalLink.schema).where("person_id", .equal, SQLBind(id)).run()
                try await sql.delete(from: CalendarFeed.schema).where("person_id", .equal, SQLBind(id)).run()
                try await sql.update(Person.schema).set("name", to: SQLBind("Erased person")).set("email", to: SQLBind(Self.erasedAddress(id)))
                    .set("organisation", to: SQLBind(String?.none)).set("job_title", to: SQLBind(String?.none))
                    .set("erased_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            }
            let object = subject.person?.id.map { "person:\($0.uuidString.lowercased())" }
            try await AuditTrail.append(.init(actor, action: "person_erased", object: object,
                                              detail: "Erased on request: \(subject.person == nil ? "no" : "a") directory entry, \(stakeholderIDs.count) stakeholder entr\(stakeholderIDs.count == 1 ? "y" : "ies") (\(withdrawn.count) withdrawn, \(removed.count) open invitation\(removed.count == 1 ? "" : "s") removed).",
                                              at: now), on: tx)
            return (subject.person == nil ? 0 : 1) + stakeholderIDs.count + subject.mails
        }
    }

    /// The address that replaces an erased one: unique per record, undeliverable by RFC 2606 (`.invalid`).
    static func erasedAddress(_ id: UUID) -> String { "erased-\(id.uuidString.lowercased())@erased.invalid" }
}
