import Vapor
import Fluent
import CoachworkCore

/// Turns a meeting into a calendar event. Private notes, interview notes and shared notes
/// never go into calendar output (calendars are synced to many devices and shared).
enum MeetingCalendar {
    static func event(for m: Meeting, scope: EngagementScope) async throws -> CalendarEvent {
        try await event(for: m, engagement: scope.engagement, baseURL: scope.req.config.baseURL, on: scope.req.db)
    }

    /// The event of meeting `m` of engagement `e`; times in the coach's zone (TZID with VTIMEZONE).
    static func event(for m: Meeting, engagement e: Engagement, baseURL: String, on db: any Database) async throws -> CalendarEvent {
        let coach = try await e.$coach.get(on: db)
        let client = try await e.$client.get(on: db)
        var attendees = [CalendarAttendee(name: client.name, email: client.email)]
        for party in m.attendeeList where party != "client" {
            let person: Person? = switch party {
            case "sponsor": try await e.$sponsor.get(on: db)
            case "hr_partner": try await e.$hrPartner.get(on: db)
            case "senior_executive": try await e.$seniorExecutive.get(on: db)
            default: nil
            }
            if let person { attendees.append(CalendarAttendee(name: person.name, email: person.email)) }
        }
        return CalendarEvent(
            uid: "\(m.id!.uuidString.lowercased())@coachwork", sequence: 0, start: m.startsAt, durationMinutes: m.durationMinutes,
            timeZone: coach.timeZone, summary: "\(m.meetingKind.title): coaching of \(client.name)",
            description: m.objective.isEmpty ? nil : "Objective: \(m.objective)",
            url: baseURL + Paths.meeting(try e.requireID(), m.id!),
            organizer: CalendarAttendee(name: coach.name, email: coach.email), attendees: attendees,
            status: m.status == Meeting.Status.cancelled.rawValue ? .cancelled : .confirmed,
            lastModified: m.heldAt ?? m.createdAt ?? m.startsAt)
    }
}
