import Vapor
import Fluent
import CoachworkCore

/// Reminders on the practice's schedules (``PracticeSettings``): to accept a proposed coaching
/// agreement, to acknowledge a shared IDP (every N days, at most ``PracticeSettings/reminderLimit``
/// times), and of a meeting N hours before it starts. Run by the server's worker on every pass.
///
/// Reminder k of a request is due N days after reminder k-1 (or the request); its email's
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

    /// The oldest request still read: (limit + 1) of the longest interval allowed ago. Anything older
    /// has had all its reminders, so a sweep's work stays with recent requests instead of growing with
    /// every IDP ever shared (the interval may have been shortened since, hence the longest).
    static func oldest(now: Date) -> Date {
        now.addingTimeInterval(-Double((PracticeSettings.reminderLimit + 1) * PracticeSettings.requestReminderDays.upperBound) * 86_400)
    }

    /// Which reminder (1...limit) is due for the request `requestKey` to `party`, or nil: the next one
    /// once `days` have passed since the last reminder (or the request). Counting the reminders sent,
    /// rather than dividing the time elapsed, keeps a changed interval from skipping or bunching them.
    private func dueNumber(purpose: String, requestKey: String, engagementID: UUID, since: Date, now: Date, days: Int) async throws -> Int? {
        // By index (purpose, engagement) first, then the key's prefix among that engagement's few emails.
        let sent = try await OutboxMessage.query(on: app.db).filter(\.$purpose == purpose).filter(\.$engagementID == engagementID)
            .filter(\.$idempotencyKey =~ "\(purpose):\(requestKey):").all()
        let last = sent.compactMap(\.createdAt).max() ?? since
        guard sent.count < PracticeSettings.reminderLimit, now >= last.addingTimeInterval(Double(days) * 86_400) else { return nil }
        return sent.count + 1
    }

    /// A request that parties answer one by one: the engagement, when it was made, and who still owes an answer.
    private struct Pending {
        let engagement: Engagement
        let client: Person
        let since: Date
        let waiting: [(party: String, person: Person)]
    }

    /// The pending request of an active engagement whose reminder is due, or nil.
    /// - Parameters: `isCurrent` says whether the request is still the engagement's latest.
    private func pending(_ engagementID: UUID, since: Date?, now: Date, days: Int, parties: [String], answered: [String],
                         isCurrent: (UUID) async throws -> Bool) async throws -> Pending? {
        guard let since, now >= since.addingTimeInterval(Double(days) * 86_400),
              let engagement = try await Engagement.find(engagementID, on: app.db), engagement.isActive,
              try await isCurrent(engagementID) else { return nil }
        var waiting: [(String, Person)] = []
        for party in parties where !answered.contains(party) {
            let person = party == "client" ? try await engagement.$client.get(on: app.db)
                : party == "sponsor" ? try await engagement.$sponsor.get(on: app.db) : try await engagement.$hrPartner.get(on: app.db)
            waiting.append((party, person))
        }
        return Pending(engagement: engagement, client: try await engagement.$client.get(on: app.db), since: since, waiting: waiting)
    }

    private func acceptances(now: Date, days: Int) async throws -> Int {
        var queued = 0
        for agreement in try await CoachingAgreement.query(on: app.db).filter(\.$status == CoachingAgreement.Status.proposed.rawValue)
                .filter(\.$proposedAt >= Self.oldest(now: now)).all() {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            guard let due = try await pending(agreement.$engagement.id, since: agreement.proposedAt, now: now, days: days,
                                              parties: ["client", "sponsor"], answered: try await agreement.$acceptances.query(on: app.db).all(\.$party),
                                              isCurrent: { try await AgreementService.current(of: $0, on: app.db)?.id == agreement.id }) else { continue }
            queued += try await remindWaiting(due, purpose: "agreement_acceptance_reminder", request: agreement.id!, now: now, days: days,
                                              path: Paths.agreement(due.engagement.id!), subject: "Reminder: please review the coaching agreement") {
                "Version \(agreement.version) of the coaching agreement for \(due.client.name) is waiting for your acceptance since \(LocalTime.date(due.since, zone: $0.timeZone)). Please read it and accept it if it reflects what you agreed, or tell the coach what should change."
            }
        }
        return queued
    }

    private func acknowledgements(now: Date, days: Int) async throws -> Int {
        var queued = 0
        for revision in try await IDPRevision.query(on: app.db).filter(\.$sharedAt >= Self.oldest(now: now)).all() {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            let answered = try await IDPAcknowledgement.query(on: app.db).filter(\.$revision.$id == revision.requireID()).all(\.$party)
            guard let due = try await pending(revision.$engagement.id, since: revision.sharedAt, now: now, days: days,
                                              parties: ["sponsor", "hr_partner"], answered: answered,
                                              isCurrent: { try await PlanService.latest($0, on: app.db)?.id == revision.id }) else { continue }
            queued += try await remindWaiting(due, purpose: "idp_acknowledgement_reminder", request: revision.id!, now: now, days: days,
                                              path: Paths.idp(due.engagement.id!), subject: "Reminder: development plan for \(due.client.name)") {
                "Revision \(revision.revision) of \(due.client.name)'s individual development plan was shared with you on \(LocalTime.date(due.since, zone: $0.timeZone)) and is waiting for your acknowledgement."
            }
        }
        return queued
    }

    /// Sends each party still owing an answer their next due reminder (keyed `<request>:<party>:<k>`).
    /// - Returns: how many were queued.
    private func remindWaiting(_ due: Pending, purpose: String, request: UUID, now: Date, days: Int, path: String, subject: String,
                               intro: (Person) -> String) async throws -> Int {
        var queued = 0
        for (party, person) in due.waiting {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            guard let k = try await dueNumber(purpose: purpose, requestKey: "\(request):\(party)", engagementID: due.engagement.id!, since: due.since, now: now, days: days)
            else { continue }
            if try await send(purpose: purpose, key: "\(request):\(party):\(k)", to: person, path: path,
                              engagementID: due.engagement.id!, now: now, subject: subject, intro: intro(person)) { queued += 1 }
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
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            // An invitation sent inside the window is reminder enough.
            guard let invited = meeting.invitedAt, invited <= meeting.startsAt.addingTimeInterval(-TimeInterval(hours) * 3600),
                  let engagement = try await Engagement.find(meeting.$engagement.id, on: app.db), engagement.isActive else { continue }
            let invitations = try await MeetingInvitations(request, engagement: engagement, on: app.db)
            for person in invitations.parties.attending(meeting) {
                let key = "\(meeting.id!):\(person.id!):\(Int(meeting.startsAt.timeIntervalSince1970))"
                guard try await !Outbox.exists(purpose: "meeting_reminder", key: key, on: app.db),
                      try await !MailOptOuts.isStopped(person.email, on: app.db) else { continue }
                do {
                    try await app.db.writeTransaction { tx in try await invitations.remind(meeting, to: person, on: tx) }
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
            try await app.db.writeTransaction { tx in
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
