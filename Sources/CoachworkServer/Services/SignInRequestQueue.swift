import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Answers queued sign-in link requests: for a known person, a link and its email (at most one
/// per address per ``AppConfig/RateLimits/linkEmailsPerAddress`` window, whoever asks); for an
/// unknown address, nothing. Runs in the outbox worker before each delivery pass.
struct SignInRequestQueue: Sendable {
    /// Requests answered per pass.
    static let batchSize = 50

    let db: any Database
    let config: AppConfig
    let now: Date

    /// Answers up to ``batchSize`` pending requests, oldest first.
    ///
    /// Each request is claimed by deleting its row: of several instances, only the one whose
    /// DELETE removed the row answers it, so no one is mailed twice.
    /// - Returns: how many sign-in emails were queued.
    @discardableResult
    func process() async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let pending = try await SignInRequest.query(on: db).sort(\.$requestedAt).limit(Self.batchSize).all()
        var queued = 0
        for request in pending {
            let claimed = try await sql.delete(from: SignInRequest.schema)
                .where("id", .equal, try request.requireID()).returning("id").all()
            guard claimed.count == 1,
                  let person = try await Person.query(on: db).filter(\.$email == request.email).first() else { continue }
            let decision = try await RateLimiter(db: sql, now: now).hit(config.rateLimits.linkEmailsPerAddress, key: request.email)
            guard decision == .allowed else { continue }
            try await PersonalLinkService.sendSignIn(to: person, next: request.nextPath, db: db, config: config, now: now)
            queued += 1
        }
        return queued
    }
}
