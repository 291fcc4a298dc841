import Vapor
import Fluent
import CoachworkCore

/// Reminds 360 raters who have not submitted, every `reminderIntervalDays` of their
/// assessment, until its close date; run by the server's worker on every pass.
///
/// Each reminder carries a fresh personal link (only hashes of tokens are stored, so the first
/// link cannot be re-sent). Its email's idempotency key names the rater and the reminder's
/// number, so two server instances sweeping at once send it once: the second insert hits the
/// outbox's unique key and its whole transaction, link included, rolls back.
struct ReminderSweep {
    let app: Application

    /// Queues every reminder due at `now`.
    /// - Returns: how many reminders were queued.
    @discardableResult
    func run(now: Date) async throws -> Int {
        let db = app.db
        let open = try await Assessment.query(on: db).filter(\.$status == "open").filter(\.$closesOn != nil).all()
        var queued = 0
        for assessment in open {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            // A paused engagement sends nothing; a cancelled one has no open 360.
            guard let engagement = try await Engagement.find(assessment.$engagement.id, on: db), engagement.isActive else { continue }
            let coach = try await engagement.$coach.get(on: db)
            // The close date is a day in the coach's zone; remind through the end of it.
            guard let closesOn = assessment.closesOn, CalendarDate.of(now, zone: coach.timeZone) <= closesOn else { continue }
            let interval = TimeInterval(max(assessment.reminderIntervalDays ?? 3, 1) * 86_400)
            let client = try await engagement.$client.get(on: db)
            let raters = try await AssessmentRater.query(on: db).filter(\.$assessment.$id == assessment.requireID())
                .filter(\.$submittedAt == nil).with(\.$stakeholder).all()
            for rater in raters where now >= (rater.remindedAt ?? assessment.openedAt).addingTimeInterval(interval) {
                try Task.checkCancellation() // shutdown does not wait for a whole sweep
                let recipient: (name: String, email: String, zone: String)
                if let stakeholder = rater.stakeholder {
                    guard stakeholder.withdrawnAt == nil else { continue }
                    recipient = (stakeholder.name, stakeholder.email, stakeholder.timeZone)
                } else {
                    recipient = (client.name, client.email, client.timeZone)
                }
                let number = (rater.remindersSent ?? 0) + 1
                let sent = await Self.remind(app, purpose: .assessmentResponse, subjectID: try rater.requireID(),
                    to: MailAddress(name: recipient.name, email: recipient.email), zone: recipient.zone,
                    mailPurpose: "assessment_reminder", number: number,
                    subject: "Reminder: \(rater.stakeholder == nil ? "your 360-degree self-assessment" : "feedback for \(client.name)") (answer by \(closesOn))",
                    intro: "A short reminder: your answers to the 360-degree questionnaire have not reached us yet. A saved draft is kept. Please answer by \(closesOn).",
                    coach: coach, engagementID: assessment.$engagement.id) { tx in
                    rater.remindedAt = now
                    rater.remindersSent = number
                    try await rater.save(on: tx)
                }
                if sent { queued += 1 }
            }
        }
        return queued
    }

    /// Queues reminder `number` with a fresh personal link and runs `record` (which stamps the
    /// reminder on its subject), all in one transaction; the email's key names the subject and
    /// the number, so a second instance's attempt fails on the outbox's unique key and rolls back.
    /// - Returns: whether the reminder was queued.
    static func remind(_ app: Application, purpose: PersonalLink.Purpose, subjectID: UUID, to recipient: MailAddress, zone: String,
                       mailPurpose: String, number: Int, subject: String, intro: String, coach: User, engagementID: UUID,
                       record: @escaping @Sendable (any Database) async throws -> Void) async -> Bool {
        let request = Request(application: app, on: app.eventLoopGroup.next())
        do {
            // Someone who stopped reminders is skipped without recording anything.
            guard try await !MailOptOuts.isStopped(recipient.email, on: app.db) else { return false }
            try await app.db.writeTransaction { tx in
                try await FormLinks.send(request, purpose: purpose, subjectID: subjectID, to: recipient, zone: zone,
                                         mailPurpose: mailPurpose, key: "\(subjectID):\(number)", subject: subject, intro: intro,
                                         requestNewFromCoach: true, replyTo: MailAddress(name: coach.name, email: coach.email),
                                         engagementID: engagementID, reminder: true, on: tx)
                try await record(tx)
            }
            return true
        } catch {
            app.logger.info("\(mailPurpose) \(number) for \(subjectID) skipped: \(error)")
            return false
        }
    }
}
