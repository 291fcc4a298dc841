import Vapor
import Fluent
import CoachworkCore

/// Invitations, updates and cancellations of meetings by email, each with the `.ics` attached
/// (iMIP, RFC 6047): `METHOD:REQUEST` with a stable UID and the meeting's SEQUENCE, or
/// `METHOD:CANCEL`. One email per attending person, in their own zone; queued in the caller's
/// transaction and keyed by meeting, person and SEQUENCE, so a change mails nobody twice.
///
/// A series is one invitation (one VEVENT with an RRULE, UID `series-<id>`); a change to one of
/// its sessions is sent as that occurrence (same UID, RECURRENCE-ID = its original start).
struct MeetingInvitations {
    let req: Request
    let engagement: Engagement
    let parties: MeetingCalendar.Parties

    init(_ req: Request, engagement: Engagement, on db: any Database) async throws {
        self.req = req
        self.engagement = engagement
        self.parties = try await MeetingCalendar.Parties.load(engagement, on: db)
    }

    /// Invites the attendees of a new meeting, or of a new series (`meetings` in order).
    func invite(_ meetings: [Meeting], on db: any Database) async throws {
        guard let first = meetings.first else { return }
        guard let seriesID = first.seriesID else {
            let ics = ICalendarWriter.render([try event(first)], method: .request, now: req.now)
            for person in parties.attending(first) {
                try await mail(.invitation, first, starts: [first.startsAt], to: person, purpose: "meeting_invitation",
                               key: "\(first.id!):\(person.id!):\(first.sequence)", attachment: Self.request(ics), on: db)
            }
            return
        }
        // A series (even of one session) is invited under its own UID, so that later changes to a
        // session can name it as an occurrence of that UID.
        for person in parties.attending(first) {
            try await inviteToSeries(seriesID, sessions: meetings, person: person, version: nil, on: db)
        }
    }

    /// One person's invitation to a whole series: the rule, plus an override for each session that
    /// changed already (when re-sent after a change). `version` nil for the first invitation.
    private func inviteToSeries(_ seriesID: UUID, sessions: [Meeting], person: Person, version: Int?, on db: any Database) async throws {
        let ordered = sessions.sorted { ($0.originalStartsAt ?? $0.startsAt) < ($1.originalStartsAt ?? $1.startsAt) }
        let events = MeetingCalendar.events(for: ordered, allOfSeries: [seriesID: ordered], parties: parties) { self.url($0) }
        let ics = ICalendarWriter.render(events, method: .request, now: req.now)
        let live = ordered.filter { $0.status != Meeting.Status.cancelled.rawValue }
        try await mail(.invitation, live.first ?? ordered[0], starts: live.map(\.startsAt).sorted(), to: person,
                       purpose: "meeting_series_invitation", key: "\(seriesID):\(person.id!)" + (version.map { ":v\($0)" } ?? ""),
                       attachment: Self.request(ics), on: db)
    }

    /// Sends the changed meeting (its SEQUENCE already raised) to everyone now attending (an
    /// invitation to those newly added), and a cancellation to anyone no longer listed.
    func update(_ meeting: Meeting, previousStart: Date, previousAttendees: [Person], on db: any Database) async throws {
        try await supersedeEarlier(meeting, on: db)
        let attending = parties.attending(meeting)
        for person in attending {
            // Someone whose earlier emails never went out (superseded) is invited, not updated.
            let heardBefore = try await heard(of: meeting, person, on: db)
            let isNew = !previousAttendees.contains { $0.id == person.id } || !heardBefore
            let ics = ICalendarWriter.render([try await event(meeting, for: person, on: db)], method: .request, now: req.now)
            try await mail(isNew ? .invitation : .update(previousStart: previousStart), meeting, starts: [meeting.startsAt], to: person,
                           purpose: isNew ? "meeting_invitation" : "meeting_update", key: "\(meeting.id!):\(person.id!):\(meeting.sequence)",
                           attachment: Self.request(ics), on: db)
        }
        let dropped = previousAttendees.filter { old in !attending.contains { $0.id == old.id } }
        if !dropped.isEmpty { try await cancel(meeting, reason: nil, removing: dropped, from: previousStart, on: db) }
    }

    /// Sends `METHOD:CANCEL` (SEQUENCE already raised) to everyone attending.
    func cancel(_ meeting: Meeting, reason: String?, on db: any Database) async throws {
        try await supersedeEarlier(meeting, on: db)
        try await cancel(meeting, reason: reason, removing: parties.attending(meeting), from: meeting.startsAt, on: db)
    }

    /// Sends `METHOD:CANCEL` to `people` only, listing them as its attendees (RFC 5546 §3.2.5: an
    /// attendee taken off the meeting gets a cancel naming them, not the others), at the time they knew.
    private func cancel(_ meeting: Meeting, reason: String?, removing people: [Person], from start: Date, on db: any Database) async throws {
        // Nobody is told of a cancellation of a meeting they never heard of.
        for person in people where try await heard(of: meeting, person, on: db) {
            var event = try await event(meeting, for: person, on: db)
            event.attendees = people.map { CalendarAttendee(name: $0.name, email: $0.email) }
            event.start = start
            let ics = ICalendarWriter.render([event], method: .cancel, now: req.now)
            try await mail(.cancellation(reason: reason), meeting, starts: [start], to: person,
                           purpose: "meeting_cancellation", key: "\(meeting.id!):\(person.id!):\(meeting.sequence)",
                           attachment: MailAttachment(filename: "cancel.ics", contentType: "text/calendar; method=CANCEL; charset=utf-8", content: ics),
                           on: db)
        }
    }

    /// The reminder of an upcoming meeting to one person (no attachment; stoppable).
    func remind(_ meeting: Meeting, to person: Person, on db: any Database) async throws {
        let stop = try await MailOptOuts.issue(for: person.email, baseURL: req.config.baseURL, now: req.now, on: db)
        try await mail(.reminder, meeting, starts: [meeting.startsAt], to: person, purpose: "meeting_reminder",
                       key: "\(meeting.id!):\(person.id!):\(Int(meeting.startsAt.timeIntervalSince1970))",
                       attachment: nil, stopURL: stop, on: db)
    }

    /// Marks the meeting's earlier emails that have not gone out (pending or failed) superseded, so
    /// neither the worker nor a retry sends an invitation or update the change made out of date.
    private func supersedeEarlier(_ meeting: Meeting, on db: any Database) async throws {
        if let seriesID = meeting.seriesID { try await reissueUnsentSeriesInvitations(seriesID, on: db) }
        try await OutboxMessage.query(on: db).filter(\.$engagementID == engagement.id!) // index first, then the key
            .filter(\.$idempotencyKey ~~ ":\(meeting.id!):")
            .filter(\.$status ~~ [OutboxMessage.Status.pending.rawValue, OutboxMessage.Status.failed.rawValue])
            .set(\.$status, to: OutboxMessage.Status.superseded.rawValue)
            .set(\.$lastError, to: "Replaced by a newer version of this meeting.")
            .update()
    }

    /// A series invitation that has not gone out (pending or failed) would describe the series as it
    /// was: it is superseded and the person is sent the series as it is now (rule plus overrides).
    private func reissueUnsentSeriesInvitations(_ seriesID: UUID, on db: any Database) async throws {
        let unsent = try await OutboxMessage.query(on: db).filter(\.$engagementID == engagement.id!)
            .filter(\.$idempotencyKey =~ "meeting_series_invitation:\(seriesID):")
            .filter(\.$status ~~ [OutboxMessage.Status.pending.rawValue, OutboxMessage.Status.failed.rawValue]).all()
        guard !unsent.isEmpty else { return }
        let sessions = try await Meeting.query(on: db).filter(\.$seriesID == seriesID).all()
        let version = sessions.map(\.sequence).reduce(0, +)
        for row in unsent {
            row.status = OutboxMessage.Status.superseded.rawValue
            row.lastError = "Replaced by a newer version of this series."
            try await row.save(on: db)
            guard let person = parties.byParty.values.first(where: { $0.email == row.toEmail }) else { continue }
            try await inviteToSeries(seriesID, sessions: sessions, person: person, version: version, on: db)
        }
    }

    /// What `person`'s calendar knows `meeting` as: an occurrence of its series when they were invited
    /// to the series, else the meeting on its own (someone added to one session of it).
    private func event(_ meeting: Meeting, for person: Person, on db: any Database) async throws -> CalendarEvent {
        guard let seriesID = meeting.seriesID,
              try await Outbox.exists(prefix: "meeting_series_invitation:\(seriesID):\(person.id!)", engagementID: engagement.id!, on: db) else { return try event(meeting) }
        return try occurrence(meeting)
    }

    /// Whether an email about `meeting` (or its series) reached `person`, or is on its way.
    private func heard(of meeting: Meeting, _ person: Person, on db: any Database) async throws -> Bool {
        let live = [OutboxMessage.Status.sent.rawValue, OutboxMessage.Status.pending.rawValue, OutboxMessage.Status.failed.rawValue]
        let own = try await OutboxMessage.query(on: db).filter(\.$engagementID == engagement.id!).filter(\.$idempotencyKey ~~ ":\(meeting.id!):\(person.id!):")
            .filter(\.$purpose != "meeting_reminder").filter(\.$status ~~ live).count()
        guard own == 0, let seriesID = meeting.seriesID else { return own > 0 }
        return try await OutboxMessage.query(on: db).filter(\.$engagementID == engagement.id!).filter(\.$idempotencyKey =~ "meeting_series_invitation:\(seriesID):\(person.id!)")
            .filter(\.$status ~~ live).count() > 0
    }

    /// The meeting's page, the link in every email and calendar entry.
    private func url(_ meeting: Meeting) -> String { req.config.baseURL + Paths.meeting(engagement.id!, meeting.id!) }

    private static func request(_ ics: String) -> MailAttachment {
        MailAttachment(filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8", content: ics)
    }

    /// The single event of `meeting`, or, for a session of a series, that occurrence of the series.
    func occurrence(_ meeting: Meeting) throws -> CalendarEvent {
        var event = try event(meeting)
        if let seriesID = meeting.seriesID {
            event.uid = MeetingCalendar.seriesUID(seriesID)
            event.recurrenceID = meeting.originalStartsAt ?? meeting.startsAt
        }
        return event
    }

    private func event(_ meeting: Meeting) throws -> CalendarEvent {
        MeetingCalendar.event(for: meeting, parties: parties, url: url(meeting))
    }

    private func mail(_ notice: MailTemplates.MeetingNotice, _ meeting: Meeting, starts: [Date], to person: Person, purpose: String,
                      key: String, attachment: MailAttachment?, stopURL: String? = nil, on db: any Database) async throws {
        let content = MailTemplates.meeting(
            notice, name: person.name, zone: person.timeZone, title: "\(meeting.meetingKind.title): coaching of \(parties.client.name)",
            starts: starts, minutes: meeting.durationMinutes, location: meeting.location, videoURL: meeting.videoURL,
            objective: meeting.objective, organiser: parties.coach.name,
            url: url(meeting), attachment: attachment, stopURL: stopURL)
        try await req.enqueueMail(on: db, purpose: purpose, key: key, to: MailAddress(name: person.name, email: person.email),
                                  content: content, replyTo: MailAddress(name: parties.coach.name, email: parties.coach.email),
                                  engagementID: try engagement.requireID())
    }
}
