import Vapor
import Fluent
import CoachworkCore

/// Personal calendar feeds: the meetings someone takes part in, as an RFC 5545 calendar that a
/// calendar app subscribes to. Never carries notes (see ``MeetingCalendar``).
struct CalendarFeedService {
    let req: Request

    /// Creates a new feed address for the signed-in actor, revoking any earlier one.
    /// - Returns: the secret token (shown once; only its hash is stored).
    func renew(for actor: Actor) async throws -> String {
        let token = Secret.generate()
        let feed = CalendarFeed()
        feed.tokenHash = Secret.hash(token)
        feed.createdAt = req.now
        switch actor {
        case .user(let user): feed.userID = try user.requireID()
        case .person(let person): feed.personID = try person.requireID()
        }
        try await req.db.writeTransaction { db in
            try await revokeAll(for: actor, on: db)
            try await feed.create(on: db)
        }
        return token
    }

    /// Stops the actor's feed: its address answers 404 from now on.
    func revokeAll(for actor: Actor, on db: (any Database)? = nil) async throws {
        let query = CalendarFeed.query(on: db ?? req.db).filter(\.$revokedAt == nil)
        switch actor {
        case .user(let user): query.filter(\.$userID == user.id)
        case .person(let person): query.filter(\.$personID == person.id)
        }
        try await query.set(\.$revokedAt, to: req.now).update()
    }

    /// The actor's live feed, if any.
    func current(for actor: Actor) async throws -> CalendarFeed? {
        let query = CalendarFeed.query(on: req.db).filter(\.$revokedAt == nil)
        switch actor {
        case .user(let user): query.filter(\.$userID == user.id)
        case .person(let person): query.filter(\.$personID == person.id)
        }
        return try await query.first()
    }

    /// The calendar behind `token`: a coach's meetings in their engagements; a person's meetings
    /// in engagements where they are a party and listed as attending (the client attends all).
    /// - Throws: 404 for an unknown or revoked token.
    func calendar(token: String) async throws -> String {
        guard let feed = try await CalendarFeed.query(on: req.db).filter(\.$tokenHash == Secret.hash(token))
                .filter(\.$revokedAt == nil).first() else {
            throw DomainError(.notFound, code: "feed_not_found", message: "This calendar address is not valid (any more).")
        }
        var events: [CalendarEvent] = []
        if let userID = feed.userID {
            for engagement in try await Engagement.query(on: req.db).filter(\.$coach.$id == userID).all() {
                events += try await self.events(of: engagement) { _ in true }
            }
        } else if let personID = feed.personID {
            let engagements = try await Engagement.query(on: req.db).group(.or) {
                $0.filter(\.$client.$id == personID).filter(\.$sponsor.$id == personID)
                    .filter(\.$hrPartner.$id == personID).filter(\.$seniorExecutive.$id == personID)
            }.all()
            for engagement in engagements {
                let party = engagement.$client.id == personID ? "client"
                    : engagement.$sponsor.id == personID ? "sponsor"
                    : engagement.$hrPartner.id == personID ? "hr_partner" : "senior_executive"
                events += try await self.events(of: engagement) {
                    $0.proposedAt == nil && (party == "client" || $0.attendeeList.contains(party))
                }
            }
        }
        // DTSTAMP is the latest change, not the request time: an unchanged feed is byte for byte the
        // same, so calendar apps can revalidate it by its ETag instead of downloading it again.
        let stamp = events.map(\.lastModified).max() ?? Date(timeIntervalSince1970: 0)
        return ICalendarWriter.render(events.sorted { $0.start < $1.start }, method: .publish, now: stamp)
    }

    /// The events of the engagement's meetings that `include` keeps (a whole series as one event with
    /// its rule, as invited); its parties are read once.
    private func events(of engagement: Engagement, include: (Meeting) -> Bool) async throws -> [CalendarEvent] {
        let meetings = try await Meeting.query(on: req.db).filter(\.$engagement.$id == engagement.requireID()).sort(\.$startsAt).all()
            .filter(include)
        guard !meetings.isEmpty else { return [] }
        let parties = try await MeetingCalendar.Parties.load(engagement, on: req.db)
        let engagementID = try engagement.requireID(), base = req.config.baseURL
        return MeetingCalendar.events(for: meetings, allOfSeries: try await MeetingCalendar.seriesSessions(of: meetings, on: req.db),
                                      parties: parties) { base + Paths.meeting(engagementID, $0.id!) }
    }
}
