import Vapor
import Fluent
import CoachworkCore

extension MeetingService {
    /// Schedules the coaching sessions of the agreement as a series: `count` sessions (default: the
    /// agreement's planned sessions not yet scheduled) every `cadenceWeeks` weeks (default: the
    /// agreement's cadence) from `firstStart`, each at the same wall-clock time in the coach's zone,
    /// so a series that crosses a daylight-saving change keeps its local time. The client gets one
    /// invitation for the series (an RRULE in the coach's zone, which keeps that local time too).
    /// - Throws: ``FormErrors`` (no start, a count of 1...52, a cadence of 1...12 weeks); 409 outside
    ///   analysis and achievement or without an agreement.
    func scheduleSeries(_ scope: EngagementScope, firstStart: Date?, count: Int?, cadenceWeeks: Int?,
                        durationMinutes: Int?, objective: String?, location: String? = nil, videoURL: String? = nil) async throws -> [Meeting] {
        guard let agreement = try await AgreementService.current(of: scope.id, on: req.db) else {
            throw DomainError(.conflict, code: "no_agreement", message: "The coaching agreement sets the cadence; write it first.")
        }
        let scheduled = try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id)
            .filter(\.$kind == Meeting.Kind.coachingSession.rawValue).filter(\.$status != Meeting.Status.cancelled.rawValue).count()
        if count == nil, scheduled >= agreement.plannedSessions {
            throw DomainError(.conflict, code: "sessions_scheduled",
                              message: "All \(agreement.plannedSessions) sessions of the agreement are scheduled; say how many more to add.")
        }
        let sessions = count ?? agreement.plannedSessions - scheduled
        let weeks = cadenceWeeks ?? agreement.cadenceWeeks
        var errors = FormErrors()
        if firstStart == nil { errors.add("seriesStart", "Enter when the first session starts.") }
        if !(1...52).contains(sessions) { errors.add("seriesCount", "Schedule 1 to 52 sessions.") }
        if !(1...12).contains(weeks) { errors.add("seriesCadence", "Sessions are 1 to 12 weeks apart.") }
        // The sessions' own fields (duration, place, link, a plausible start) are reported together with the above.
        do {
            _ = try validated(scope, .init(kind: Meeting.Kind.coachingSession.rawValue, startsAt: firstStart ?? req.now, durationMinutes: durationMinutes,
                                           objective: objective, attendees: ["client"], location: location, videoURL: videoURL), into: Meeting())
        } catch let session as FormErrors {
            let names = ["startsAt": "seriesStart", "durationMinutes": "seriesDuration"]
            for (field, message) in session.messages { errors.add(names[field] ?? field, message) }
        }
        try errors.throwIfAny()
        let zone = scope.actor.timeZone
        try scope.authorize(.create, .sharedNotes)
        try scope.check(.holdSession)
        let seriesID = UUID()
        var meetings: [Meeting] = []
        for index in 0..<sessions {
            let start = SurveyRounds.adding(weeks: weeks * index, to: firstStart!, zone: zone)
            let meeting = try validated(scope, .init(kind: Meeting.Kind.coachingSession.rawValue, startsAt: start,
                                                     durationMinutes: durationMinutes, objective: objective, attendees: ["client"],
                                                     location: location, videoURL: videoURL), into: Meeting())
            meeting.seriesID = seriesID
            meeting.seriesCount = sessions
            meeting.seriesWeeks = weeks
            meeting.originalStartsAt = start
            meeting.invitedAt = req.now
            meetings.append(meeting)
        }
        try await refuseDuplicates(scope, kind: Meeting.Kind.coachingSession.rawValue, starts: meetings.map(\.startsAt))
        let all = meetings
        try await Self.refusingDuplicates { try await req.db.writeTransaction { db in
            for meeting in all { try await meeting.create(on: db) }
            // One invitation for the whole series: a weekly RRULE in the coach's zone.
            try await MeetingInvitations(req, engagement: scope.engagement, on: db).invite(all, on: db)
            try await scope.audit("meeting_series_scheduled", "\(all.count) coaching sessions scheduled every \(weeks) weeks; invitations sent.", on: db)
        } }
        return meetings
    }
}
