import Vapor
import Fluent
import CoachworkCore

/// Changing a planned meeting after it was scheduled: moving or editing it, cancelling it, and
/// sending a proposal (the automatic follow-up session) that was not sent yet. Every change the
/// attendees already know of raises the meeting's SEQUENCE and emails them the new `.ics`.
extension MeetingService {
    /// Moves or edits a planned meeting (start, duration, place, video link, objective, attendees).
    /// - Returns: the meeting, and whether anything changed (nothing is sent when not).
    /// - Throws: ``FormErrors``; 409 `meeting_not_planned` once held or cancelled.
    func reschedule(_ scope: EngagementScope, meetingID: UUID?, _ input: Schedule) async throws -> (Meeting, changed: Bool) {
        try scope.authorize(.create, .sharedNotes)
        let meeting = try await plannedMeeting(scope, meetingID)
        let parties = try await MeetingCalendar.Parties.load(scope.engagement, on: req.db)
        let before = (meeting.startsAt, meeting.durationMinutes, meeting.location, meeting.videoURL, meeting.objective, meeting.attendees)
        let previousAttendees = parties.attending(meeting)
        _ = try validated(scope, input, into: meeting)
        let after = (meeting.startsAt, meeting.durationMinutes, meeting.location, meeting.videoURL, meeting.objective, meeting.attendees)
        guard before != after else { return (meeting, false) }
        let sent = meeting.invitedAt != nil
        if sent { meeting.sequenceValue = meeting.sequence + 1 }
        if before.0 != meeting.startsAt { try await refuseDuplicates(scope, kind: meeting.kind, starts: [meeting.startsAt]) }
        try await Self.refusingDuplicates { try await req.db.writeTransaction { db in
            try await claim(meeting, on: db)
            try await meeting.save(on: db)
            if sent {
                try await MeetingInvitations(req, engagement: scope.engagement, on: db)
                    .update(meeting, previousStart: before.0, previousAttendees: previousAttendees, on: db)
            }
            try await scope.audit("meeting_changed", "\(meeting.meetingKind.title) changed\(sent ? "; attendees sent the update" : "").", on: db)
        } }
        return (meeting, true)
    }

    /// Cancels a planned meeting; attendees who were invited get `METHOD:CANCEL`.
    /// - Throws: ``FormErrors`` (reason over 1000 characters); 409 once held or cancelled.
    func cancel(_ scope: EngagementScope, meetingID: UUID?, reason: String?) async throws -> Meeting {
        try scope.authorize(.create, .sharedNotes)
        let meeting = try await plannedMeeting(scope, meetingID)
        let reason = TextInput.optional(reason)
        if (reason?.count ?? 0) > 1000 {
            var errors = FormErrors()
            errors.add("reason", "Keep the reason under 1000 characters.")
            try errors.throwIfAny()
        }
        let sent = meeting.invitedAt != nil
        meeting.status = Meeting.Status.cancelled.rawValue
        meeting.cancelledAt = req.now
        meeting.cancellationReason = reason
        meeting.dedupeKey = nil   // the slot is free again
        meeting.updatedAt = req.now
        if sent { meeting.sequenceValue = meeting.sequence + 1 }
        try await req.db.writeTransaction { db in
            try await claim(meeting, on: db)
            try await meeting.save(on: db)
            if sent { try await MeetingInvitations(req, engagement: scope.engagement, on: db).cancel(meeting, reason: reason, on: db) }
            try await scope.audit("meeting_cancelled", "\(meeting.meetingKind.title) cancelled.", on: db)
        }
        return meeting
    }

    /// Sends the invitations of a planned meeting nobody was invited to yet (the proposed follow-up).
    /// - Throws: 409 `meeting_already_sent` when they went out already.
    func sendInvitations(_ scope: EngagementScope, meetingID: UUID?) async throws -> Meeting {
        try scope.authorize(.create, .sharedNotes)
        let meeting = try await plannedMeeting(scope, meetingID)
        guard meeting.invitedAt == nil else {
            throw DomainError(.conflict, code: "meeting_already_sent", message: "The invitations went out already; changes are sent as updates.")
        }
        guard meeting.startsAt > req.now else {
            throw DomainError(.conflict, code: "meeting_in_past", message: "This meeting has started already; move it to a later time first.")
        }
        meeting.invitedAt = req.now
        meeting.proposedAt = nil
        meeting.timeZone = meeting.timeZone ?? scope.actor.timeZone
        try await req.db.writeTransaction { db in
            try await claim(meeting, on: db)
            try await meeting.save(on: db)
            try await MeetingInvitations(req, engagement: scope.engagement, on: db).invite([meeting], on: db)
            try await scope.audit("meeting_invited", "\(meeting.meetingKind.title): invitations sent.", on: db)
        }
        return meeting
    }

    /// Claims the right to change `meeting` as it was read, inside the change's transaction `db`: one
    /// conditional UPDATE stamps a fresh token where the token is still the one read, then reads it
    /// back. PostgreSQL re-checks the condition after a concurrent change commits, so of two changes
    /// (a double-clicked Save, a cancel racing an edit) only one finds its stamp; the other gets 409
    /// and the attendees are told exactly one story.
    /// - Throws: 409 `meeting_changed`.
    func claim(_ meeting: Meeting, on db: any Database) async throws {
        let read = meeting.changeToken, stamp = UUID()
        let query = Meeting.query(on: db).filter(\.$id == meeting.id!)
        if let read { query.filter(\.$changeToken == read) } else { query.filter(\.$changeToken == nil) }
        try await query.set(\.$changeToken, to: stamp).update()
        guard try await Meeting.find(meeting.id, on: db)?.changeToken == stamp else {
            throw DomainError(.conflict, code: "meeting_changed", message: "The meeting changed at the same moment; reload the page to see it and try again.")
        }
        meeting.changeToken = stamp
    }

    private func plannedMeeting(_ scope: EngagementScope, _ id: UUID?) async throws -> Meeting {
        let meeting = try await find(scope, id)
        guard meeting.isPlanned else {
            throw DomainError(.conflict, code: "meeting_not_planned", message: "This meeting is \(meeting.status); only planned meetings change.")
        }
        return meeting
    }
}
