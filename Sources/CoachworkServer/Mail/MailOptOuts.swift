import Vapor
import Fluent
import CoachworkCore

/// Stopping reminders by email address (List-Unsubscribe, RFC 2369; one-click, RFC 8058).
///
/// Only reminders can be stopped: invitations, meeting changes and the links a person asks for
/// still arrive, because they carry something new rather than repeat a request.
enum MailOptOuts {
    /// Whether `email` stopped reminders.
    static func isStopped(_ email: String, on db: any Database) async throws -> Bool {
        try await MailOptOut.query(on: db).filter(\.$email == email.lowercased()).filter(\.$stoppedAt != nil).count() > 0
    }

    /// A new stop address for one reminder to `email`, stored (as a hash) in the caller's transaction.
    /// - Returns: the absolute URL.
    static func issue(for email: String, baseURL: String, now: Date, on db: any Database) async throws -> String {
        let token = Secret.generate()
        let row = MailOptOut()
        row.email = email.lowercased()
        row.tokenHash = Secret.hash(token)
        row.createdAt = now
        try await row.create(on: db)
        return baseURL + Paths.stopReminders(token)
    }

    /// The row behind `token`, or 404 with a way forward.
    static func find(_ token: String, on db: any Database) async throws -> MailOptOut {
        guard let row = try await MailOptOut.query(on: db).filter(\.$tokenHash == Secret.hash(token)).first() else {
            throw DomainError(.notFound, code: "stop_link_unknown",
                              message: "This address is not known. To stop reminders, use the link in the latest reminder you received, or reply to it.")
        }
        return row
    }

    /// Stops (or, with `stopped == false`, resumes) reminders to the address behind `token`.
    /// Resuming clears every stop of that address, so one resume undoes them all.
    /// - Returns: the address, for the confirmation page.
    @discardableResult
    static func set(_ token: String, stopped: Bool, now: Date, on db: any Database) async throws -> String {
        let row = try await find(token, on: db)
        if stopped {
            row.stoppedAt = row.stoppedAt ?? now
            try await row.save(on: db)
        } else {
            try await MailOptOut.query(on: db).filter(\.$email == row.email).set(\.$stoppedAt, to: nil).update()
        }
        return row.email
    }
}
