import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// Delivers due outbox messages through a ``MailTransport``, with retries.
///
/// Safe with several server instances on one database: a message is *claimed* by a
/// conditional UPDATE (only rows not claimed, or whose claim expired) before it is sent,
/// and PostgreSQL re-checks that condition after waiting for a concurrent claimer's row
/// lock, so exactly one instance wins each row.
struct OutboxDelivery: Sendable {
    /// Attempts before a message is marked failed: with the backoff below, the last attempt
    /// comes about 14.5 hours after the first (30 s doubling to the 6 h cap).
    static let maxAttempts = 12
    /// How long a claim holds; a crashed instance's claims expire after this.
    static let claimSeconds: TimeInterval = 300
    /// Messages claimed per pass.
    static let batchSize = 25

    let db: any Database
    let transport: any MailTransport
    let from: MailAddress
    let logger: Logger
    /// When set, queued sign-in link and password reset requests are answered before each pass
    /// (``SignInRequestQueue``, ``PasswordResetQueue``).
    var config: AppConfig? = nil

    /// Delay before attempt `n + 1` after `n` failures: 30 s doubling, capped at 6 h.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(attempts - 1, 0))), 6 * 3600)
    }

    /// One pass: claims up to ``batchSize`` due messages and tries each once.
    /// - Returns: how many were sent in this pass.
    @discardableResult
    func deliverDue(now: Date) async throws -> Int {
        if let config {
            try await SignInRequestQueue(db: db, config: config, now: now).process()
            try await PasswordResetQueue(db: db, config: config, now: now).process()
        }
        let claim = UUID()
        let candidates = try await OutboxMessage.query(on: db)
            .filter(\.$status == OutboxMessage.Status.pending.rawValue)
            .filter(\.$nextAttemptAt <= now)
            .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
            .sort(\.$createdAt).limit(Self.batchSize).all(\.$id)
        guard !candidates.isEmpty else { return 0 }
        try await OutboxMessage.query(on: db)
            .filter(\.$id ~~ candidates)
            .filter(\.$status == OutboxMessage.Status.pending.rawValue)
            .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
            .set(\.$claimToken, to: claim)
            .set(\.$claimedUntil, to: now.addingTimeInterval(Self.claimSeconds))
            .update()
        let claimed = try await OutboxMessage.query(on: db).filter(\.$claimToken == claim).all()
        var sent = 0
        for message in claimed where try await attempt(message, now: now) { sent += 1 }
        return sent
    }

    private func attempt(_ row: OutboxMessage, now: Date) async throws -> Bool {
        let message = MailMessage(
            from: from, to: [MailAddress(name: row.toName, email: row.toEmail)], subject: row.subject,
            textBody: row.textBody, htmlBody: row.htmlBody, messageID: row.messageID, date: row.createdAt ?? now,
            extraHeaders: row.unsubscribeURL.map { [("List-Unsubscribe", "<\($0)>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")] } ?? [],
            replyTo: row.replyToEmail.map { MailAddress(name: row.replyToName, email: $0) },
            attachments: row.attachmentBody.map { [MailAttachment(filename: row.attachmentFilename ?? "invite.ics",
                                                                   contentType: row.attachmentType ?? "text/calendar; charset=utf-8", content: $0)] } ?? [])
        row.attempts += 1
        row.claimedUntil = nil
        row.claimToken = nil
        do {
            try await transport.send(MIMEWriter.render(message), message: message)
            row.status = OutboxMessage.Status.sent.rawValue
            row.sentAt = now
            row.lastError = nil
            // Bodies carry live personal links; once handed over they are not kept.
            row.textBody = ""
            row.htmlBody = nil
            row.attachmentBody = nil
        } catch {
            // The transport's own words ("sendmail exited with 75: ..."), not Swift's type names.
            // One line, so `coachwork outbox list` keeps one message per line.
            row.lastError = ((error as? any AbortError)?.reason ?? String(describing: error))
                .split(whereSeparator: \.isNewline).joined(separator: " ").prefix(500).description
            if row.attempts >= Self.maxAttempts {
                row.status = OutboxMessage.Status.failed.rawValue
                logger.error("Giving up on email \(row.messageID) to \(row.toEmail): \(error)")
            } else {
                row.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterAttempts: row.attempts))
                logger.warning("Email \(row.messageID) failed (attempt \(row.attempts)): \(error)")
            }
        }
        try await row.save(on: db)
        return row.status == OutboxMessage.Status.sent.rawValue
    }
}

extension Application {
    private struct TransportKey: StorageKey { typealias Value = any MailTransport }

    /// The transport chosen by configuration (tests may replace it).
    var mailTransport: any MailTransport {
        get { storage[TransportKey.self] ?? FolderMailTransport(directory: config.mailDirectory) }
        set { storage[TransportKey.self] = newValue }
    }

    /// A delivery pass helper bound to this app's database, transport and sender.
    var outboxDelivery: OutboxDelivery {
        OutboxDelivery(db: db, transport: mailTransport, from: config.mailFrom, logger: logger, config: config)
    }
}

/// Runs ``OutboxDelivery`` every few seconds while the server is up, and the reminder and
/// survey-round sweeps at most once a minute (they read every open request; reminders are
/// counted in days and hours, so a minute late is on time).
final class OutboxWorker: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    /// Seconds between sweeps.
    static let sweepSeconds: TimeInterval = 60

    func didBootAsync(_ app: Application) async throws {
        let seconds = app.config.outboxPollSeconds
        task = Task { [app] in
            var lastSweep = Date.distantPast
            while !Task.isCancelled {
                if Date().timeIntervalSince(lastSweep) >= Self.sweepSeconds {
                    lastSweep = Date()
                    do {
                        try await ReminderSweep(app: app).run(now: app.clock.now())
                        try await SurveyRounds.sweep(app, now: app.clock.now())
                        try await RequestReminders(app: app).run(now: app.clock.now())
                        try await RetentionSweep(db: app.db).run(now: app.clock.now())
                        if let sql = app.db as? any SQLDatabase { try await RateLimiter(db: sql, now: app.clock.now()).prune() }
                    } catch is CancellationError {
                        break
                    } catch { app.logger.error("Reminder pass failed: \(error)") }
                }
                do { try await app.outboxDelivery.deliverDue(now: app.clock.now()) }
                catch { app.logger.error("Outbox pass failed: \(error)") }
                try? await Task.sleep(for: .seconds(seconds))
            }
        }
    }

    /// Stops the worker: the reminder sweeps check for cancellation between items (each item is its
    /// own transaction, so the next start resumes where this one stopped), so SIGTERM does not wait
    /// for a sweep of a large practice to finish.
    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
    }
}
