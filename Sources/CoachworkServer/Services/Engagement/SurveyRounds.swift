import Vapor
import Fluent
import CoachworkCore

extension QueryBuilder where Model == SurveyRound {
    /// Rounds that were sent (open or closed), including those from before rounds could be planned
    /// (their status is NULL, which `status != 'planned'` alone would drop in SQL).
    func notPlanned() -> Self {
        group(.or) { $0.filter(\.$status == nil).filter(\.$status != "planned") }
    }
}

/// Opening mini-survey rounds and inviting stakeholders, for the coach's actions and the scheduler alike.
enum SurveyRounds {
    /// `start` plus `weeks` weeks of wall-clock time in `zone`, so a round planned for 09:00 stays
    /// at 09:00 across a daylight-saving change.
    static func adding(weeks: Int, to start: Date, zone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .day, value: 7 * weeks, to: start) ?? start.addingTimeInterval(TimeInterval(weeks * 7 * 86_400))
    }

    /// Opens `round` (if not yet open) with the practice's current anonymity rules, and invites every
    /// approved stakeholder without an invitation to it. Safe to repeat: nobody is mailed twice (one
    /// invitation per stakeholder and round, and the email's idempotency key names both).
    /// - Returns: how many stakeholders were invited now.
    @discardableResult
    static func open(_ round: SurveyRound, engagement: Engagement, req: Request, actor: AuditActor) async throws -> Int {
        let settings = try await PracticeSettings.current(on: req.db)
        let stakeholders = try await StakeholderService.active(try engagement.requireID(), on: req.db)
        let invited = round.id == nil ? [] : try await SurveyInvitation.query(on: req.db).filter(\.$round.$id == round.requireID())
            .all(\.$stakeholder.$id)
        let newcomers = stakeholders.filter { !invited.contains($0.id!) }
        try await engagement.$client.load(on: req.db)
        let coach = try await engagement.$coach.get(on: req.db)
        let opening = round.status != "open"
        if opening {
            round.status = "open"
            round.ratingThreshold = settings.ratingThreshold
            round.commentThreshold = max(settings.commentThreshold, settings.ratingThreshold)
        }
        try await req.db.writeTransaction { db in
            try await round.save(on: db)
            for stakeholder in newcomers {
                let invitation = SurveyInvitation()
                invitation.$round.id = try round.requireID()
                invitation.$stakeholder.id = try stakeholder.requireID()
                try await invitation.create(on: db)
                try await FormLinks.send(
                    req, purpose: .surveyResponse, subjectID: try invitation.requireID(),
                    to: MailAddress(name: stakeholder.name, email: stakeholder.email), zone: stakeholder.timeZone,
                    mailPurpose: "survey_invitation", key: "\(round.id!):\(stakeholder.id!)",
                    subject: "How has \(engagement.client.name) changed? (2 minutes)",
                    intro: "\(engagement.client.name) is working on a few leadership goals. For each, tell us whether you have seen them become more or less effective, from -3 to +3, and how often they followed up with you. Answers are only shown combined with at least \(max(round.ratingThreshold ?? 3, 2) - 1) others.",
                    requestNewFromCoach: true, replyTo: MailAddress(name: coach.name, email: coach.email),
                    engagementID: round.$engagement.id, on: db)
            }
            if opening || !newcomers.isEmpty {
                try await AuditTrail.append(.init(
                    actor, engagementID: try engagement.requireID(),
                    action: opening ? "survey_started" : "survey_invited", object: "survey_round:\(try round.requireID().uuidString.lowercased())",
                    detail: opening ? "Mini-survey round \(round.number) sent to \(newcomers.count) stakeholders."
                                    : "Mini-survey round \(round.number) sent to \(newcomers.count) newly approved stakeholders.",
                    at: req.now), on: db)
            }
        }
        return newcomers.count
    }

    /// Opens every planned round whose day has come (when its engagement has no other round open),
    /// reminds respondents of open rounds every reminder interval until the close date, and closes
    /// rounds past their close date. Run by the server's worker.
    /// - Returns: how many rounds were opened.
    @discardableResult
    static func sweep(_ app: Application, now: Date) async throws -> Int {
        let db = app.db
        var opened = 0
        let due = try await SurveyRound.query(on: db).filter(\.$status == "planned").filter(\.$openedAt <= now).sort(\.$number).all()
        for round in due {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            guard let engagement = try await Engagement.find(round.$engagement.id, on: db), engagement.isActive,
                  engagement.currentPhase == .achievement,
                  try await SurveyRound.query(on: db).filter(\.$engagement.$id == round.$engagement.id)
                    .filter(\.$closedAt == nil).notPlanned().count() == 0 else { continue }
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let window = round.closesAt.timeIntervalSince(round.openedAt)
            round.openedAt = now
            round.closesAt = now.addingTimeInterval(window)
            try await open(round, engagement: engagement, req: request, actor: .system("Coachwork (planned round)"))
            opened += 1
        }
        try await remindAndClose(app, now: now)
        return opened
    }

    /// Reminds stakeholders who have not answered an open round every reminder interval, with a
    /// fresh link (one email per reminder number: safe with several instances), and closes rounds
    /// whose close date has passed, so their results appear without the coach having to remember.
    static func remindAndClose(_ app: Application, now: Date) async throws {
        let db = app.db
        let interval = TimeInterval(max(try await PracticeSettings.current(on: db).reminderIntervalDays, 1) * 86_400)
        let open = try await SurveyRound.query(on: db).filter(\.$closedAt == nil).notPlanned().all()
        let paused = Set(try await Engagement.query(on: db).filter(\.$id ~~ Set(open.map(\.$engagement.id)))
            .filter(\.$status == Engagement.Status.paused.rawValue).all(\.$id))
        for round in open {
            try Task.checkCancellation() // shutdown does not wait for a whole sweep
            // A paused engagement's rounds wait: no reminder, and no closing behind the coach's back.
            if paused.contains(round.$engagement.id) { continue }
            if round.closesAt <= now {
                round.closedAt = now
                round.status = "closed"
                try await db.writeTransaction { tx in
                    try await round.save(on: tx)
                    try await AuditTrail.append(.init(
                        .system("Coachwork (close date)"), engagementID: round.$engagement.id,
                        action: "survey_closed", object: "survey_round:\(try round.requireID().uuidString.lowercased())",
                        detail: "Mini-survey round \(round.number) closed on its close date.", at: now), on: tx)
                }
                continue
            }
            guard let engagement = try await Engagement.find(round.$engagement.id, on: db) else { continue }
            let client = try await engagement.$client.get(on: db)
            let coach = try await engagement.$coach.get(on: db)
            let pending = try await SurveyInvitation.query(on: db).filter(\.$round.$id == round.requireID())
                .filter(\.$submittedAt == nil).with(\.$stakeholder).all()
            for invitation in pending where now >= (invitation.remindedAt ?? round.openedAt).addingTimeInterval(interval) {
                try Task.checkCancellation() // shutdown does not wait for a whole sweep
                let stakeholder = invitation.stakeholder
                let number = (invitation.remindersSent ?? 0) + 1
                _ = await ReminderSweep.remind(app, purpose: .surveyResponse, subjectID: try invitation.requireID(),
                    to: MailAddress(name: stakeholder.name, email: stakeholder.email), zone: stakeholder.timeZone,
                    mailPurpose: "survey_reminder", number: number,
                    subject: "Reminder: how has \(client.name) changed? (2 minutes)",
                    intro: "A short reminder: your answer to round \(round.number) of \(client.name)'s progress survey has not reached us yet. It closes \(LocalTime.format(round.closesAt, zone: stakeholder.timeZone)).",
                    coach: coach, engagementID: round.$engagement.id) { tx in
                    invitation.remindedAt = now
                    invitation.remindersSent = number
                    try await invitation.save(on: tx)
                }
            }
        }
    }
}
