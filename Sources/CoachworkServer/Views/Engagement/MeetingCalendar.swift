import Vapor
import Fluent
import CoachworkCore

/// Turns a meeting into a calendar event. Private notes, interview notes and shared notes
/// never go into calendar output (calendars are synced to many devices and shared).
enum MeetingCalendar {
    /// The people of an engagement who can attend a meeting, by party.
    struct Parties: Sendable {
        var coach: User
        var byParty: [String: Person]

        /// Loads coach, client, sponsor, HR partner and senior executive of `e`.
        static func load(_ e: Engagement, on db: any Database) async throws -> Parties {
            var byParty = ["client": try await e.$client.get(on: db), "sponsor": try await e.$sponsor.get(on: db)]
            byParty["hr_partner"] = try await e.$hrPartner.get(on: db)
            byParty["senior_executive"] = try await e.$seniorExecutive.get(on: db)
            return Parties(coach: try await e.$coach.get(on: db), byParty: byParty)
        }

        var client: Person { byParty["client"]! }

        /// The people listed on `m` (the client first; the coach organises and is not listed).
        func attending(_ m: Meeting) -> [Person] {
            var people = [client]
            for party in m.attendeeList where party != "client" {
                if let person = byParty[party], !people.contains(where: { $0.id == person.id }) { people.append(person) }
            }
            return people
        }
    }

    static func event(for m: Meeting, scope: EngagementScope) async throws -> CalendarEvent {
        try await event(for: m, engagement: scope.engagement, baseURL: scope.req.config.baseURL, on: scope.req.db)
    }

    /// The event of meeting `m` of engagement `e` as a single event with the meeting's own UID.
    static func event(for m: Meeting, engagement e: Engagement, baseURL: String, on db: any Database) async throws -> CalendarEvent {
        event(for: m, parties: try await Parties.load(e, on: db), url: baseURL + Paths.meeting(try e.requireID(), m.id!))
    }

    /// The event of `m`: times in the organiser's zone (TZID with VTIMEZONE), objective, location and
    /// video link, coach as organiser, attending parties as attendees, the meeting's SEQUENCE.
    static func event(for m: Meeting, parties: Parties, url: String) -> CalendarEvent {
        var description = m.objective.isEmpty ? "" : "Objective: \(m.objective)"
        if let video = m.videoURL { description += (description.isEmpty ? "" : "\n") + "Video call: \(video)" }
        return CalendarEvent(
            uid: uid(m), sequence: m.sequence, start: m.startsAt, durationMinutes: m.durationMinutes,
            timeZone: m.timeZone ?? parties.coach.timeZone, summary: "\(m.meetingKind.title): coaching of \(parties.client.name)",
            description: description.isEmpty ? nil : description, location: m.location ?? m.videoURL, url: url,
            organizer: CalendarAttendee(name: parties.coach.name, email: parties.coach.email),
            attendees: parties.attending(m).map { CalendarAttendee(name: $0.name, email: $0.email) },
            status: m.status == Meeting.Status.cancelled.rawValue ? .cancelled : .confirmed,
            lastModified: m.updatedAt ?? m.heldAt ?? m.createdAt ?? m.startsAt)
    }

    /// `meetings` as calendars know them, in order: a meeting on its own as itself; the sessions of a
    /// series, when all of them are in `meetings`, as one event with the weekly rule of the invitation
    /// (its UID `series-<id>`) plus one overriding event (RECURRENCE-ID) per session that moved,
    /// changed or was cancelled (SEQUENCE above 0). Sessions of a series only partly in `meetings`
    /// (someone attends just one) stay single events.
    /// - Parameters:
    ///   - allOfSeries: every session of each series in `meetings`, to tell whole series from parts.
    ///   - url: the meeting page of a meeting.
    static func events(for meetings: [Meeting], allOfSeries: [UUID: [Meeting]], parties: Parties,
                       url: (Meeting) -> String) -> [CalendarEvent] {
        var events: [CalendarEvent] = [], done = Set<UUID>()
        for m in meetings {
            guard let seriesID = m.seriesID, let all = allOfSeries[seriesID],
                  Set(all.map(\.id)).isSubset(of: Set(meetings.map(\.id))) else {
                events.append(event(for: m, parties: parties, url: url(m)))
                continue
            }
            guard done.insert(seriesID).inserted else { continue }
            let ordered = all.sorted { ($0.originalStartsAt ?? $0.startsAt) < ($1.originalStartsAt ?? $1.startsAt) }
            let model = ordered.first { $0.sequence == 0 } ?? ordered[0]
            var master = event(for: model, parties: parties, url: url(ordered[0]))
            master.uid = seriesUID(seriesID)
            master.start = ordered[0].originalStartsAt ?? ordered[0].startsAt
            master.sequence = 0
            master.status = .confirmed
            master.recurrence = .init(intervalWeeks: m.seriesWeeks ?? 1, count: m.seriesCount ?? ordered.count)
            events.append(master)
            for session in ordered where session.sequence > 0 {
                var override = event(for: session, parties: parties, url: url(session))
                override.uid = master.uid
                override.recurrenceID = session.originalStartsAt ?? session.startsAt
                events.append(override)
            }
        }
        return events
    }

    /// Every session of the series among `meetings`, by series id.
    static func seriesSessions(of meetings: [Meeting], on db: any Database) async throws -> [UUID: [Meeting]] {
        let ids = Array(Set(meetings.compactMap(\.seriesID)))
        guard !ids.isEmpty else { return [:] }
        let sessions = try await Meeting.query(on: db).filter(\.$seriesID ~~ ids).all()
        return Dictionary(grouping: sessions) { $0.seriesID! }
    }

    /// `<meeting uuid>@coachwork`: stable for the meeting's life.
    static func uid(_ m: Meeting) -> String { "\(m.id!.uuidString.lowercased())@coachwork" }

    /// `series-<series uuid>@coachwork`: the UID of a series' invitation; its sessions are its occurrences.
    static func seriesUID(_ seriesID: UUID) -> String { "series-\(seriesID.uuidString.lowercased())@coachwork" }
}
