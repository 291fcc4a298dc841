import Vapor
import Fluent
import SQLKit
import CoachworkCore

extension PeopleService {
    /// The outcome of ``update(_:_:by:config:now:)``.
    struct Update: Sendable {
        let person: Person
        /// The changed fields' names (`name`, `email`, …), in a fixed order.
        let changed: [String]
        /// Unused sign-in links revoked because the email changed.
        let revokedLinks: Int
        /// When the new address's sign-in link expires, when one was sent.
        let newLinkExpires: Date?
    }

    /// Changes person `id` (within `user`'s reach) to `input`, in one transaction with its audit entry.
    ///
    /// A changed email revokes the person's unused sign-in links (they went to the old address) and,
    /// when there was one, sends a fresh link to the new address, so nobody is locked out and nothing
    /// keeps arriving where it should not; the old address is told that it was replaced. Questionnaire links already sent stay valid: they belong
    /// to the rater record, not to the address.
    /// - Throws: `notFound` (unknown or out of reach); ``FormErrors`` naming each bad field.
    func update(_ id: UUID?, _ input: NewPerson, by user: User, config: AppConfig, now: Date) async throws -> Update {
        let person = try await find(id, for: user)
        let personID = try person.requireID()
        let valid = try await validate(input, except: personID)
        let changes: [(String, Bool)] = [("name", valid.name != person.name), ("email", valid.email != person.email),
                                         ("organisation", valid.organisation != person.organisation),
                                         ("jobTitle", valid.jobTitle != person.jobTitle), ("timeZone", valid.zone != person.timeZone)]
        let changed = changes.filter(\.1).map(\.0)
        guard !changed.isEmpty else { return Update(person: person, changed: [], revokedLinks: 0, newLinkExpires: nil) }
        let emailChanged = valid.email != person.email
        let oldAddress = MailAddress(name: person.name, email: person.email)
        person.name = valid.name
        person.email = valid.email
        person.organisation = valid.organisation
        person.jobTitle = valid.jobTitle
        person.timeZone = valid.zone
        let revoked: Int = try await db.writeTransaction { tx in
            try await person.save(on: tx)
            var revoked = 0
            if emailChanged {
                let sql = tx as! any SQLDatabase
                revoked = try await sql.update(PersonalLink.schema).set("expires_at", to: SQLBind(now))
                    .where("person_id", .equal, SQLBind(personID)).where("used_at", .is, SQLLiteral.null)
                    .where("expires_at", .greaterThan, SQLBind(now)).where("purpose", .equal, SQLBind(PersonalLink.Purpose.signIn.rawValue))
                    .returning("id").all().count
                // The old address is told (without the new one): if the change was not theirs, they can ask.
                let domain = config.mailFrom.email.split(separator: "@").last.map(String.init) ?? "localhost"
                try await Outbox.enqueue(on: tx, purpose: "email_changed", key: "\(personID):\(Int64(now.timeIntervalSince1970 * 1000))",
                                         to: oldAddress, content: MailTemplates.emailChanged(name: valid.name), senderDomain: domain, now: now)
            }
            // Field names only: the trail holds no personal data beyond the actor's id.
            try await AuditTrail.append(.init(AuditActor(.user(user)), action: "person_updated", object: "person:\(personID.uuidString.lowercased())",
                                              detail: "Person changed: \(changed.joined(separator: ", "))"
                                                + (revoked > 0 ? "; \(revoked) unused sign-in link\(revoked == 1 ? "" : "s") revoked." : "."), at: now), on: tx)
            return revoked
        }
        let expires = revoked > 0 ? try await PersonalLinkService.sendSignIn(to: person, next: nil, db: db, config: config, now: now) : nil
        return Update(person: person, changed: changed, revokedLinks: revoked, newLinkExpires: expires)
    }
}
