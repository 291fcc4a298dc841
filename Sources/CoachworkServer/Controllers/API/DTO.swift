import Vapor
import CoachworkAPI
import CoachworkCore

/// Maps stored models to the OpenAPI schemas. Only fields the spec names leave the server.
enum DTO {
    static func user(_ user: User) throws -> Components.Schemas.User {
        .init(id: try user.requireID().uuidString, email: user.email, name: user.name,
              role: Components.Schemas.Role(rawValue: user.role) ?? .coach, timeZone: user.timeZone,
              createdAt: user.createdAt ?? Date(timeIntervalSince1970: 0), deactivatedAt: user.disabledAt)
    }

    static func person(_ person: Person) throws -> Components.Schemas.Person {
        .init(id: try person.requireID().uuidString, email: person.email, name: person.name,
              organisation: person.organisation, jobTitle: person.jobTitle, timeZone: person.timeZone,
              createdAt: person.createdAt ?? Date(timeIntervalSince1970: 0))
    }

    static func token(_ token: APIToken) throws -> Components.Schemas.Token {
        .init(id: try token.requireID().uuidString, name: token.name, prefix: token.prefix,
              createdAt: token.createdAt ?? Date(timeIntervalSince1970: 0),
              lastUsedAt: token.lastUsedAt, revokedAt: token.revokedAt)
    }

    static func outboxMessage(_ message: OutboxMessage) throws -> Components.Schemas.OutboxMessage {
        .init(id: try message.requireID().uuidString, purpose: message.purpose, toEmail: message.toEmail,
              subject: message.subject, status: Components.Schemas.OutboxStatus(rawValue: message.status) ?? .pending,
              attempts: message.attempts, lastError: message.lastError,
              createdAt: message.createdAt ?? Date(timeIntervalSince1970: 0), sentAt: message.sentAt)
    }

    /// One audit-trail entry as the API shows it (the hashed fields, the display name and the hashes).
    static func auditEntry(_ entry: AuditEvent) -> Components.Schemas.AuditEntry {
        .init(sequence: entry.sequence, at: entry.at, engagementId: entry.engagementID?.uuidString, actorId: entry.actorID,
              actor: entry.actor, actorRole: entry.actorRole, action: entry.action, object: entry.object, detail: entry.detail,
              previousHash: entry.previousHash, hash: entry.hash)
    }
}
