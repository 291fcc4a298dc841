import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Issues and redeems personal links. Links are single-use for acting (POST) and never
/// consumed by opening (GET), because mail scanners fetch every link first.
struct PersonalLinkService {
    let req: Request

    /// Creates a sign-in link for `person` and queues the email in the same transaction.
    /// - Parameter next: a local path the link lands on after signing in (anything else: home).
    /// - Returns: when the link expires.
    @discardableResult
    /// - Throws: ``TooManyRequests`` when a sign-in email went to this address within the last
    ///   few minutes (``AppConfig/RateLimits/linkEmailsPerAddress``), whoever sent it.
    func sendSignIn(to person: Person, next: String? = nil) async throws -> Date {
        try await req.limit(req.config.rateLimits.linkEmailsPerAddress, key: person.email, what: "sign-in emails to \(person.email)")
        return try await Self.sendSignIn(to: person, next: next, db: req.db, config: req.config, now: req.now)
    }

    /// ``sendSignIn(to:next:)`` without a request (the worker answering a queued request).
    @discardableResult
    static func sendSignIn(to person: Person, next: String?, db: any Database, config: AppConfig, now: Date) async throws -> Date {
        let token = Secret.generate()
        let expiresAt = now.addingTimeInterval(TimeInterval(config.personalLinkHours) * 3600)
        let url = config.baseURL + Paths.link(token)
        let content = MailTemplates.signInLink(
            name: person.name, url: url, expiresAt: expiresAt, zone: person.timeZone,
            requestLinkURL: config.baseURL + Paths.requestLink)
        let personID = try person.requireID()
        let domain = config.mailFrom.email.split(separator: "@").last.map(String.init) ?? "localhost"
        try await db.writeTransaction { db in
            let link = PersonalLink(tokenHash: Secret.hash(token), personID: personID, purpose: .signIn, expiresAt: expiresAt,
                                    nextPath: LocalPath.validated(next))
            try await link.create(on: db)
            // Each link is its own cause: the key is the link id, so asking twice sends two links.
            try await Outbox.enqueue(on: db, purpose: "sign_in_link", key: link.id!.uuidString,
                                     to: MailAddress(name: person.name, email: person.email), content: content,
                                     senderDomain: domain, now: now)
        }
        return expiresAt
    }

    /// The link behind `token`, checked for existence and expiry but not consumed.
    /// - Throws: `notFound` for an unknown token; `gone` for an expired or used one.
    func find(_ token: String) async throws -> PersonalLink {
        guard let link = try await PersonalLink.query(on: req.db)
                .filter(\.$tokenHash == Secret.hash(token)).first() else {
            throw DomainError(.notFound, code: "link_unknown",
                              message: "This link is not valid. Check that you copied all of it, or ask for a new one.")
        }
        // The request's log lines name the link by id, never by its token.
        req.logger[metadataKey: "link-id"] = .string(link.id?.uuidString ?? "")
        if link.usedAt != nil {
            throw DomainError(.gone, code: "link_used", message: "This link was already used. Ask for a new one below.")
        }
        if link.expiresAt <= req.now {
            throw DomainError(.gone, code: "link_expired", message: "This link no longer works: it expired, or it was withdrawn (a changed email address, a withdrawn rater). Ask for a new one below.")
        }
        return link
    }

    /// Marks the link used, atomically: of two simultaneous POSTs only one succeeds.
    /// - Throws: `gone` when someone else used it first.
    func consume(_ link: PersonalLink, on db: (any Database)? = nil) async throws {
        guard let sql = (db ?? req.db) as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database required") }
        let rows = try await sql.update(PersonalLink.schema)
            .set("used_at", to: SQLBind(req.now))
            .where("id", .equal, SQLBind(link.requireID()))
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        guard rows.count == 1 else {
            throw DomainError(.gone, code: "link_used", message: "This link was already used. Ask for a new one below.")
        }
    }
}
