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
        var event = try event(first)
        // A series (even of one session) is invited under its own UID, so that later changes to a
        // session can name it as an occurrence of that UID.
        if let seriesID = first.seriesID {
            event.uid = MeetingCalendar.seriesUID(seriesID)
            event.recurrence = .init(intervalWeeks: first.seriesWeeks ?? 1, count: meetings.count)
        }
        let ics = ICalendarWriter.render([event], method: .request, now: req.now)
        for person in parties.attending(first) {
            let key = first.seriesID.map { "\($0):\(person.id!)" } ?? "\(first.id!):\(person.id!):\(first.sequence)"
            try await mail(.invitation, first, starts: meetings.map(\.startsAt), to: person,
                           purpose: first.seriesID == nil ? "meeting_invitation" : "meeting_series_invitation", key: key,
                           attachment: MailAttachment(filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8", content: ics),
                           on: db)
        }
    }

    /// Sends the changed meeting (its SEQUENCE already raised) to everyone now attending, and a
    /// cancellation to anyone no longer listed.
    func update(_ meeting: Meeting, previousStart: Date, previousAttendees: [Person], on db: any Database) async throws {
        try await supersedeEarlier(meeting, on: db)
        let ics = ICalendarWriter.render([try occurrence(meeting)], method: .request, now: req.now)
        let attending = parties.attending(meeting)
        for person in attending {
            try await mail(.update(previousStart: previousStart), meeting, starts: [meeting.startsAt], to: person,
                           purpose: "meeting_update", key: "\(meeting.id!):\(person.id!):\(meeting.sequence)",
                           attachment: MailAttachment(filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8", content: ics),
                           on: db)
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
        var event = try occurrence(meeting)
        event.attendees = people.map { CalendarAttendee(name: $0.name, email: $0.email) }
        event.start = start
        let ics = ICalendarWriter.render([event], method: .cancel, now: req.now)
        for person in people {
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
        try await OutboxMessage.query(on: db)
            .filter(\.$idempotencyKey ~~ ":\(meeting.id!):")
            .filter(\.$status ~~ [OutboxMessage.Status.pending.rawValue, OutboxMessage.Status.failed.rawValue])
            .set(\.$status, to: OutboxMessage.Status.superseded.rawValue)
            .set(\.$lastError, to: "Replaced by a newer version of this meeting.")
            .update()
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
        MeetingCalendar.event(for: meeting, parties: parties, url: req.config.baseURL + Paths.meeting(try engagement.requireID(), meeting.id!))
    }

    private func mail(_ notice: MailTemplates.MeetingNotice, _ meeting: Meeting, starts: [Date], to person: Person, purpose: String,
                      key: String, attachment: MailAttachment?, stopURL: String? = nil, on db: any Database) async throws {
        let content = MailTemplates.meeting(
            notice, name: person.name, zone: person.timeZone, title: "\(meeting.meetingKind.title): coaching of \(parties.client.name)",
            starts: starts, minutes: meeting.durationMinutes, location: meeting.location, videoURL: meeting.videoURL,
            objective: meeting.objective, organiser: parties.coach.name,
            url: req.config.baseURL + Paths.meeting(try engagement.requireID(), meeting.id!), attachment: attachment, stopURL: stopURL)
        try await req.enqueueMail(on: db, purpose: purpose, key: key, to: MailAddress(name: person.name, email: person.email),
                                  content: content, replyTo: MailAddress(name: parties.coach.name, email: parties.coach.email),
                                  engagementID: try engagement.requireID())
    }
}
