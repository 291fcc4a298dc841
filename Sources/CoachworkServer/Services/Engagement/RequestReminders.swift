import Vapor
import Fluent
import CoachworkCore

/// Reminders on the practice's schedules (``PracticeSettings``): to accept a proposed coaching
/// agreement, to acknowledge a shared IDP (every N days, at most ``PracticeSettings/reminderLimit``
/// times), and of a meeting N hours before it starts. Run by the server's worker on every pass.
///
/// Reminder k of a request is due once k intervals have passed since it was made; its email's
/// key names the request, the recipient and k, so it is sent once however many instances sweep
/// (the outbox's unique key rolls back a second attempt). Addresses that stopped reminders are skipped.
struct RequestReminders {
    let app: Application

    /// Queues every reminder due at `now`. - Returns: how many were queued.
    @discardableResult
    func run(now: Date) async throws -> Int {
        let settings = try await PracticeSettings.current(on: app.db)
        var queued = 0
        if settings.acceptanceReminderDays > 0 { queued += try await acceptances(now: now, days: settings.acceptanceReminderDays) }
        if settings.acknowledgementReminderDays > 0 { queued += try await acknowledgements(now: now, days: settings.acknowledgementReminderDays) }
        if settings.meetingReminderHours > 0 { queued += try await meetings(now: now, hours: settings.meetingReminderHours) }
        return queued
    }

    /// Which reminder (1...limit) is due for a request made at `since`, or nil.
    static func number(since: Date, now: Date, days: Int) -> Int? {
        let k = Int(now.timeIntervalSince(since) / (Double(days) * 86_400))
        return (1...PracticeSettings.reminderLimit).contains(k) ? k : nil
    }

    private func acceptances(now: Date, days: Int) async throws -> Int {
        var queued = 0
        let proposed = try await CoachingAgreement.query(on: app.db).filter(\.$status == CoachingAgreement.Status.proposed.rawValue).all()
        for agreement in proposed {
            guard let since = agreement.proposedAt, let k = Self.number(since: since, now: now, days: days),
                  let engagement = try await Engagement.find(agreement.$engagement.id, on: app.db), engagement.isActive,
                  try await AgreementService.current(of: engagement.requireID(), on: app.db)?.id == agreement.id else { continue }
            let accepted = try await agreement.$acceptances.query(on: app.db).all(\.$party)
            let client = try await engagement.$client.get(on: app.db)
            for (party, person) in [("client", client), ("sponsor", try await engagement.$sponsor.get(on: app.db))] where !accepted.contains(party) {
                if try await send(purpose: "agreement_acceptance_reminder", key: "\(agreement.id!):\(party):\(k)", to: person,
                                  path: Paths.agreement(engagement.id!), engagementID: engagement.id!, now: now,
                                  subject: "Reminder: please review the coaching agreement",
                                  intro: "Version \(agreement.version) of the coaching agreement for \(client.name) is waiting for your acceptance since \(LocalTime.date(since, zone: person.timeZone)). Please read it and accept it if it reflects what you agreed, or tell the coach what should change.") {
                    queued += 1
                }
            }
        }
        return queued
    }

    private func acknowledgements(now: Date, days: Int) async throws -> Int {
        var queued = 0
        let shared = try await IDPRevision.query(on: app.db).filter(\.$sharedAt != nil).all()
        for revision in shared {
            guard let since = revision.sharedAt, let k = Self.number(since: since, now: now, days: days),
                  let engagement = try await Engagement.find(revision.$engagement.id, on: app.db), engagement.isActive,
                  try await PlanService.latest(engagement.requireID(), on: app.db)?.id == revision.id else { continue }
            let done = try await IDPAcknowledgement.query(on: app.db).filter(\.$revision.$id == revision.requireID()).all(\.$party)
            let client = try await engagement.$client.get(on: app.db)
            for (party, person) in [("sponsor", try await engagement.$sponsor.get(on: app.db)), ("hr_partner", try await engagement.$hrPartner.get(on: app.db))]
            where !done.contains(party) {
                if try await send(purpose: "idp_acknowledgement_reminder", key: "\(revision.id!):\(party):\(k)", to: person,
                                  path: Paths.idp(engagement.id!), engagementID: engagement.id!, now: now,
                                  subject: "Reminder: development plan for \(client.name)",
                                  intro: "Revision \(revision.revision) of \(client.name)'s individual development plan was shared with you on \(LocalTime.date(since, zone: person.timeZone)) and is waiting for your acknowledgement.") {
                    queued += 1
                }
            }
        }
        return queued
    }

    private func meetings(now: Date, hours: Int) async throws -> Int {
        var queued = 0
        let soon = try await Meeting.query(on: app.db).filter(\.$status == Meeting.Status.planned.rawValue)
            .filter(\.$invitedAt != nil).filter(\.$startsAt > now)
            .filter(\.$startsAt <= now.addingTimeInterval(TimeInterval(hours) * 3600)).all()
        let request = Request(application: app, on: app.eventLoopGroup.next())
        for meeting in soon {
            guard let engagement = try await Engagement.find(meeting.$engagement.id, on: app.db), engagement.isActive else { continue }
            let invitations = try await MeetingInvitations(request, engagement: engagement, on: app.db)
            for person in invitations.parties.attending(meeting) {
                let key = "\(meeting.id!):\(person.id!):\(Int(meeting.startsAt.timeIntervalSince1970))"
                guard try await !Outbox.exists(purpose: "meeting_reminder", key: key, on: app.db),
                      try await !MailOptOuts.isStopped(person.email, on: app.db) else { continue }
                do {
                    try await app.db.transaction { tx in try await invitations.remind(meeting, to: person, on: tx) }
                    queued += 1
                } catch { app.logger.info("meeting_reminder \(key) skipped: \(error)") }
            }
        }
        return queued
    }

    /// One reminder with a fresh sign-in link to `path` and a stop address, unless sent already or stopped.
    private func send(purpose: String, key: String, to person: Person, path: String, engagementID: UUID, now: Date,
                      subject: String, intro: String) async throws -> Bool {
        guard try await !Outbox.exists(purpose: purpose, key: key, on: app.db),
              try await !MailOptOuts.isStopped(person.email, on: app.db) else { return false }
        let request = Request(application: app, on: app.eventLoopGroup.next())
        do {
            try await app.db.transaction { tx in
                let stop = try await MailOptOuts.issue(for: person.email, baseURL: app.config.baseURL, now: now, on: tx)
                try await EngagementService.mailLink(request, to: person, path: path, purpose: purpose, key: key, subject: subject,
                                                     intro: intro, engagementID: engagementID, stopURL: stop, on: tx)
            }
            return true
        } catch {
            app.logger.info("\(purpose) \(key) skipped: \(error)")
            return false
        }
    }
}
