import Vapor
import Fluent
import CoachworkCore

extension MeetingService {
    /// Schedules the coaching sessions of the agreement as a series: `count` sessions (default: the
    /// agreement's planned sessions not yet scheduled) every `cadenceWeeks` weeks (default: the
    /// agreement's cadence) from `firstStart`, each at the same wall-clock time in the coach's zone,
    /// so a series that crosses a daylight-saving change keeps its local time.
    /// - Throws: ``FormErrors`` (no start, a count of 1...52, a cadence of 1...12 weeks); 409 outside
    ///   analysis and achievement or without an agreement.
    func scheduleSeries(_ scope: EngagementScope, firstStart: Date?, count: Int?, cadenceWeeks: Int?,
                        durationMinutes: Int?, objective: String?) async throws -> [Meeting] {
        guard let agreement = try await AgreementService.current(of: scope.id, on: req.db) else {
            throw DomainError(.conflict, code: "no_agreement", message: "The coaching agreement sets the cadence; write it first.")
        }
        let scheduled = try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id)
            .filter(\.$kind == Meeting.Kind.coachingSession.rawValue).filter(\.$status != Meeting.Status.cancelled.rawValue).count()
        let sessions = count ?? max(agreement.plannedSessions - scheduled, 1)
        let weeks = cadenceWeeks ?? agreement.cadenceWeeks
        var errors = FormErrors()
        if firstStart == nil { errors.add("seriesStart", "Enter when the first session starts.") }
        if !(1...52).contains(sessions) { errors.add("seriesCount", "Schedule 1 to 52 sessions.") }
        if !(1...12).contains(weeks) { errors.add("seriesCadence", "Sessions are 1 to 12 weeks apart.") }
        try errors.throwIfAny()
        let zone = scope.actor.timeZone
        var meetings: [Meeting] = []
        for index in 0..<sessions {
            meetings.append(try await schedule(scope, .init(
                kind: Meeting.Kind.coachingSession.rawValue,
                startsAt: SurveyRounds.adding(weeks: weeks * index, to: firstStart!, zone: zone),
                durationMinutes: durationMinutes, objective: objective, attendees: ["client"])))
        }
        return meetings
    }
}
