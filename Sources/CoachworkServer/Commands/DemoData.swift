import Vapor
import Fluent
import SQLKit
import CoachworkCore

/// A realistic demo engagement, so a new installation shows every phase filled in:
/// Maya Lindqvist coaches Daniel Okafor (VP Operations, Northwind Logistics), now part-way
/// through the achievement phase. Every step goes through the real services, with the app
/// clock moved step by step so the history spans about five months ending now.
enum DemoData {
    /// The demo coach's sign-in; its existence means the demo is loaded.
    static let coachEmail = "coach@demo.coachwork.local"
    /// The demo coach's password, printed in the summary.
    static let coachPassword = "demo-coach-password"
    /// Every demo person and stakeholder has an address in this domain.
    static let emailDomain = "northwind.example"

    /// Loads the demo engagement on a migrated database.
    ///
    /// - Returns: a short summary to print (how to sign in, where to look), or `nil` when
    ///   the demo is already loaded (the demo coach's account exists); nothing is created twice.
    /// - Throws: the first service error, should a rule refuse a step (a bug in this loader).
    static func load(into app: Application) async throws -> String? {
        guard try await User.query(on: app.db).filter(\.$email == coachEmail).count() == 0 else { return nil }
        let startedAt = Date()
        let previousClock = app.clock
        defer { app.clock = previousClock } // even when a step fails
        let run = try await DemoRun.begin(app)
        try await run.contracting()
        try await run.awareness()
        try await run.analysis()
        try await run.achievement()
        try await run.backdateEngagement()
        try await markDemoMailSent(app, since: startedAt)
        return """
        Demo engagement loaded: \(run.client.name) (VP Operations, Northwind Logistics), coached by \(run.coach.name).
          Phase:    Achievement (three mini-survey rounds closed, follow-up held, final report released;
                    a three-way check-in with the sponsor is planned in ten days, its invitations sent)
          Sign in:  \(app.config.baseURL)\(Paths.signIn)
          Email:    \(coachEmail)
          Password: \(coachPassword)
          Open:     \(app.config.baseURL)\(Paths.engagement(run.engagementID))
        The demo's emails are marked sent, not delivered.
        """
    }

    /// Marks the demo's queued emails sent so the outbox worker does not write them out.
    private static func markDemoMailSent(_ app: Application, since: Date) async throws {
        let messages = try await OutboxMessage.query(on: app.db)
            .filter(\.$status == OutboxMessage.Status.pending.rawValue).all()
        for message in messages where message.toEmail.hasSuffix("@\(emailDomain)") {
            message.status = OutboxMessage.Status.sent.rawValue
            message.sentAt = Date()
            try await message.save(on: app.db)
        }
    }
}

/// One run of the demo loader: the coach's request, the parties, and the timeline.
final class DemoRun {
    let app: Application
    let coach: User
    let coachRequest: Request
    let client: Person
    let sponsor: Person
    let hrPartner: Person
    let seniorExecutive: Person
    /// Midnight UTC of the Monday on or before the day the demo is loaded; events are placed
    /// by days before it, chosen to fall on working days (`daysAgo % 7` is 1 on Sundays, 2 on Saturdays).
    let anchor: Date
    var engagementID: UUID!
    var goalIDs: [UUID] = []
    /// By email.
    var stakeholders: [String: Stakeholder] = [:]
    /// By name, from the default competency model.
    var competencies: [String: Competency] = [:]

    private init(app: Application, coach: User, client: Person, sponsor: Person, hrPartner: Person, seniorExecutive: Person) {
        self.app = app
        self.coach = coach
        self.client = client
        self.sponsor = sponsor
        self.hrPartner = hrPartner
        self.seniorExecutive = seniorExecutive
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.startOfDay(for: Date())
        let daysSinceMonday = (calendar.component(.weekday, from: today) + 5) % 7
        anchor = today.addingTimeInterval(TimeInterval(-daysSinceMonday * 86_400))
        coachRequest = Request(application: app, on: app.eventLoopGroup.next())
        coachRequest.auth.login(Actor.user(coach))
    }

    /// Creates the coach account and the four people (reusing a person whose email exists).
    static func begin(_ app: Application) async throws -> DemoRun {
        let (coach, _) = try await AccountService(db: app.db, passwords: app.password.async).create(
            .init(email: DemoData.coachEmail, name: "Maya Lindqvist", role: Role.coach.rawValue, timeZone: "Europe/Stockholm"),
            password: DemoData.coachPassword)
        func person(_ name: String, _ local: String, _ zone: String) async throws -> Person {
            let email = "\(local)@\(DemoData.emailDomain)"
            if let existing = try await Person.query(on: app.db).filter(\.$email == email).first() { return existing }
            return try await PeopleService(db: app.db).create(
                .init(name: name, email: email, organisation: "Northwind Logistics", timeZone: zone), by: coach)
        }
        return DemoRun(
            app: app, coach: coach,
            client: try await person("Daniel Okafor", "daniel.okafor", "America/Chicago"),
            sponsor: try await person("Grace Whitfield", "grace.whitfield", "America/Chicago"),
            hrPartner: try await person("Priya Raman", "priya.raman", "America/New_York"),
            seniorExecutive: try await person("Tomás Álvarez", "tomas.alvarez", "America/Chicago"))
    }

    // MARK: Time

    /// The instant `daysAgo` days before the anchor Monday at `hour:minute` UTC (negative: after it).
    func at(_ daysAgo: Int, _ hour: Int = 14, _ minute: Int = 0) -> Date {
        anchor.addingTimeInterval(TimeInterval(-daysAgo * 86_400 + hour * 3600 + minute * 60))
    }

    /// Sets the app clock to ``at(_:_:_:)``: what happens next happened then.
    func clock(_ daysAgo: Int, _ hour: Int = 14, _ minute: Int = 0) {
        let instant = at(daysAgo, hour, minute)
        app.clock = AppClock(now: { instant })
    }

    /// The calendar day `daysAgo` days before the anchor Monday, `YYYY-MM-DD` (negative: after it).
    func day(_ daysAgo: Int) -> String {
        CalendarDate.of(at(daysAgo, 12), zone: "UTC")
    }

    /// `daysAgo`, or the Friday before when it falls on a weekend.
    static func workday(_ daysAgo: Int) -> Int {
        switch (daysAgo % 7 + 7) % 7 {
        case 1: daysAgo + 2
        case 2: daysAgo + 1
        default: daysAgo
        }
    }

    // MARK: Actors

    /// The engagement as the coach sees it (loaded afresh: phase and sharing change).
    func asCoach() async throws -> EngagementScope {
        try await coachRequest.engagementScope(engagementID)
    }

    /// The engagement as `person` sees it, signed in on their own request.
    func `as`(_ person: Person) async throws -> EngagementScope {
        let request = Request(application: app, on: app.eventLoopGroup.next())
        request.auth.login(Actor.person(person))
        return try await request.engagementScope(engagementID)
    }

    /// Moves the engagement to the next phase (the real phase gate decides).
    func advance() async throws {
        _ = try await EngagementService(req: coachRequest).advance(try await asCoach())
    }

    /// Holds a meeting: schedules it `scheduledAhead` days before `daysAgo`, then records it then.
    @discardableResult
    func hold(_ kind: Meeting.Kind, daysAgo: Int, scheduledAhead: Int = 5, hour: Int = 15, minutes: Int = 60, objective: String,
              shared: String, private privateNotes: String = "",
              actions: [(description: String?, owner: String?, dueDate: String?)] = []) async throws -> Meeting {
        let service = MeetingService(req: coachRequest)
        clock(Self.workday(daysAgo + scheduledAhead), 9)
        let meeting = try await service.schedule(try await asCoach(), .init(
            kind: kind.rawValue, startsAt: at(daysAgo, hour), durationMinutes: minutes, objective: objective,
            attendees: kind == .kickoff ? Meeting.parties.map(\.value) : ["client"],
            location: kind == .kickoff ? "Northwind Logistics HQ, board room 4" : nil,
            videoURL: kind == .kickoff ? nil : "https://video.example.com/northwind-coaching"))
        clock(daysAgo, hour + minutes / 60 + 1)
        return try await service.record(try await asCoach(), meetingID: meeting.requireID(), .init(
            sharedNotes: shared, privateNotes: privateNotes, actionItems: actions))
    }

    /// Gives the engagement's `created_at` the day it was opened (Fluent stamps the real time).
    func backdateEngagement() async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        try await sql.update(Engagement.schema).set("created_at", to: SQLBind(at(DemoRun.openedDaysAgo, 9, 30)))
            .where("id", .equal, SQLBind(engagementID)).run()
    }

    /// How many days before today the engagement opened (about five months).
    static let openedDaysAgo = 150
}
