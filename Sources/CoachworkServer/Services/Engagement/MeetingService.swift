import Vapor
import Fluent
import CoachworkCore

/// Meetings of an engagement: scheduling, recording what happened, action items, and the
/// follow-up session proposed automatically after the last coaching session.
struct MeetingService {
    let req: Request


    /// A meeting as typed.
    struct Schedule: Sendable {
        var kind: String?
        /// UTC instant.
        var startsAt: Date?
        var durationMinutes: Int?
        var objective: String?
        /// Attending parties (see ``Meeting/parties``); the coach always attends.
        var attendees: [String] = []
        /// A room or address; and the video call address (http or https).
        var location: String? = nil
        var videoURL: String? = nil
    }

    /// What happened in a meeting.
    struct Record: Sendable {
        var sharedNotes: String?
        var privateNotes: String?
        var actionItems: [(description: String?, owner: String?, dueDate: String?)]
        /// Follow-up session only: the feedback the client obtained from stakeholders, and the achievements recognised.
        var feedbackObtained: String? = nil
        var achievements: String? = nil
    }

    static func step(for kind: Meeting.Kind) -> EngagementStep {
        switch kind {
        case .kickoff: .holdKickoff
        case .coachingSession, .analysis, .threeWayCheckIn: .holdSession
        case .observation: .observe
        case .resultsReview, .followUp: .holdFollowUp
        }
    }

    /// Schedules a meeting and emails each attendee an invitation with the `.ics` attached.
    /// - Throws: ``FormErrors``; 409 `wrong_phase` when the kind does not fit the phase.
    func schedule(_ scope: EngagementScope, _ input: Schedule) async throws -> Meeting {
        try scope.authorize(.create, .sharedNotes)
        let meeting = try validated(scope, input, into: Meeting())
        try scope.check(Self.step(for: meeting.meetingKind))
        try await refuseDuplicates(scope, kind: meeting.kind, starts: [meeting.startsAt])
        // A meeting entered after it took place (to record it) invites nobody.
        let invite = meeting.startsAt > req.now
        if invite { meeting.invitedAt = req.now }
        try await Self.refusingDuplicates { try await req.db.writeTransaction { db in
            try await meeting.create(on: db)
            if invite { try await MeetingInvitations(req, engagement: scope.engagement, on: db).invite([meeting], on: db) }
            try await scope.audit("meeting_scheduled", "\(meeting.meetingKind.title) scheduled\(invite ? "; invitations sent" : " after the fact").", on: db)
        } }
        return meeting
    }

    /// Checks `input` and writes it into `meeting` (not saved). The kind is only taken for a new meeting.
    /// - Throws: ``FormErrors`` naming each field.
    func validated(_ scope: EngagementScope, _ input: Schedule, into meeting: Meeting) throws -> Meeting {
        var errors = FormErrors()
        let isNew = meeting.id == nil
        let kind = isNew ? Meeting.Kind(rawValue: input.kind ?? "") : meeting.meetingKind
        if kind == nil { errors.add("kind", "Choose the kind of meeting.") }
        if input.startsAt == nil { errors.add("startsAt", "Enter when the meeting starts.") }
        if let start = input.startsAt, !Self.plausible(start, now: req.now) {
            errors.add("startsAt", "Choose a start at most two years back and five years ahead.")
        }
        let duration = input.durationMinutes ?? 60
        if !(15...480).contains(duration) { errors.add("durationMinutes", "Duration must be 15 to 480 minutes.") }
        let objective = TextInput.optional(input.objective) ?? ""
        if objective.count > 2000 { errors.add("objective", "The objective must be at most 2000 characters.") }
        let location = TextInput.optional(input.location)
        if (location?.count ?? 0) > 300 { errors.add("location", "The location must be at most 300 characters.") }
        let video = TextInput.optional(input.videoURL)
        if let video, video.count > 500 || !Self.isWebAddress(video) || video.contains(where: { "\"<>\\^`{|}".contains($0) }) {
            errors.add("videoURL", "Enter the video call address starting with https:// (or http://).")
        }
        let known = Set(Meeting.parties.map(\.value))
        let defaults = kind == .threeWayCheckIn ? ["client", "sponsor"] : ["client"]
        var attendees: [String] = []
        for party in input.attendees.isEmpty ? defaults : input.attendees where !attendees.contains(party) { attendees.append(party) }
        if let unknown = attendees.first(where: { !known.contains($0) }) { errors.add("attendees", "\(unknown) is not a party of the engagement.") }
        if !attendees.contains("client") { errors.add("attendees", "The client attends every meeting of their engagement.") }
        if kind == .threeWayCheckIn, !attendees.contains("sponsor") { errors.add("attendees", "A three-way check-in brings in the sponsor (the client's manager).") }
        if attendees.contains("senior_executive"), scope.engagement.$seniorExecutive.id == nil {
            errors.add("attendees", "This engagement has no senior executive.")
        }
        try errors.throwIfAny()
        meeting.$engagement.id = scope.id
        meeting.kind = kind!.rawValue
        // Whole minutes: seconds are never meant, and they would let a twice-sent form past the duplicate check.
        meeting.startsAt = Date(timeIntervalSince1970: (input.startsAt!.timeIntervalSince1970 / 60).rounded(.down) * 60)
        meeting.durationMinutes = duration
        meeting.objective = objective
        meeting.location = location
        meeting.videoURL = video
        meeting.attendees = attendees.joined(separator: ",")
        meeting.dedupeKey = "\(scope.id):\(meeting.kind):\(Int(meeting.startsAt.timeIntervalSince1970))"
        if isNew {
            meeting.sharedNotes = ""
            meeting.privateNotes = ""
            meeting.status = Meeting.Status.planned.rawValue
            meeting.timeZone = scope.actor.timeZone
            meeting.sequenceValue = 0
        }
        meeting.updatedAt = req.now
        return meeting
    }

    /// Whether a meeting may start at `start`: from two years before `now` (recording what happened)
    /// to five years after it; anything else is a typo that would reach every calendar.
    static func plausible(_ start: Date, now: Date) -> Bool {
        DateBounds.meetingStart.contains(start, now: now)
    }

    /// Refuses a second planned meeting of the same kind at the same start (a form sent twice).
    /// - Throws: 409 `meeting_exists`.
    func refuseDuplicates(_ scope: EngagementScope, kind: String, starts: [Date]) async throws {
        let clash = try await Meeting.query(on: req.db).filter(\.$engagement.$id == scope.id).filter(\.$kind == kind)
            .filter(\.$status == Meeting.Status.planned.rawValue).filter(\.$startsAt ~~ starts).first()
        if let clash {
            throw DomainError(.conflict, code: "meeting_exists",
                              message: "A \(clash.meetingKind.title.lowercased()) already starts \(LocalTime.format(clash.startsAt, zone: scope.actor.timeZone)); change that one instead.")
        }
    }

    /// Runs `body`, turning a violation of the meetings' unique `dedupe_key` (two identical forms at
    /// the same moment, past ``refuseDuplicates(_:kind:starts:)``) into 409 `meeting_exists`.
    static func refusingDuplicates<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError(.conflict, code: "meeting_exists", message: "This meeting was just scheduled already (the form was sent twice).")
        }
    }

    /// Whether `text` is an absolute http(s) URL with a host and no whitespace.
    static func isWebAddress(_ text: String) -> Bool {
        guard !text.contains(where: \.isWhitespace), let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(url.host ?? "").isEmpty
    }

    /// Marks a meeting held with its notes and action items; after a coaching session,
    /// (re)proposes the follow-up session the practice's follow-up weeks later.
    func record(_ scope: EngagementScope, meetingID: UUID?, _ input: Record) async throws -> Meeting {
        try scope.authorize(.update, .privateNotes)
        let meeting = try await find(scope, meetingID)
        guard meeting.status != Meeting.Status.cancelled.rawValue else {
            throw DomainError(.conflict, code: "meeting_cancelled", message: "This meeting was cancelled; there is nothing to record.")
        }
        guard meeting.status == Meeting.Status.planned.rawValue else {
            throw DomainError(.conflict, code: "meeting_already_recorded", message: "This meeting is already recorded; its notes are kept as they are.")
        }
        try scope.check(Self.step(for: meeting.meetingKind))
        guard meeting.startsAt <= req.now else {
            throw DomainError(.conflict, code: "meeting_in_future", message: "This meeting has not started yet; record it once it has taken place.")
        }
        var errors = FormErrors()
        let shared = TextInput.optional(input.sharedNotes) ?? ""
        let privateNotes = TextInput.optional(input.privateNotes) ?? ""
        if shared.count > 20_000 { errors.add("sharedNotes", "Shared notes must be at most 20000 characters.") }
        if privateNotes.count > 20_000 { errors.add("privateNotes", "Private notes must be at most 20000 characters.") }
        let feedback = TextInput.optional(input.feedbackObtained), achievements = TextInput.optional(input.achievements)
        if (feedback?.count ?? 0) > 20_000 { errors.add("feedbackObtained", "Keep the feedback under 20000 characters.") }
        if (achievements?.count ?? 0) > 20_000 { errors.add("achievements", "Keep the achievements under 20000 characters.") }
        var items: [(String, String, String?)] = []
        for (i, item) in input.actionItems.enumerated() {
            guard let text = TextInput.optional(item.description) else { continue }
            let owner = item.owner ?? "client"
            if !["client", "coach"].contains(owner) { errors.add("actionItems[\(i)].owner", "The owner is the client or the coach.") }
            let due = TextInput.optional(item.dueDate) == nil ? nil : errors.collect {
                try CalendarDate.parse(item.dueDate, field: "actionItems[\(i)].dueDate", within: .plannedDay, today: scope.today) }
            items.append((text, owner, due))
        }
        if meeting.meetingKind == .kickoff, shared.isEmpty { errors.add("sharedNotes", "Record the kickoff notes: background, goals and expected results.") }
        try errors.throwIfAny()
        let validItems = items
        meeting.sharedNotes = shared
        meeting.privateNotes = privateNotes
        if meeting.meetingKind == .followUp {
            meeting.feedbackObtained = feedback
            meeting.achievements = achievements
        }
        meeting.status = Meeting.Status.held.rawValue
        meeting.heldAt = req.now
        try await req.db.writeTransaction { db in
            try await claim(meeting, on: db)
            try await meeting.save(on: db)
            for (text, owner, due) in validItems {
                let item = ActionItem()
                item.$engagement.id = scope.id
                item.$meeting.id = meeting.id
                item.description = text
                item.owner = owner
                item.dueDate = due
                item.status = "open"
                try await item.create(on: db)
            }
            if meeting.meetingKind == .coachingSession { try await proposeFollowUp(scope, on: db) }
            try await scope.audit("meeting_held", "\(meeting.meetingKind.title) held; \(validItems.count) action items.", on: db)
        }
        return meeting
    }

    /// Keeps one planned follow-up session, the practice's follow-up weeks (default 6) after the
    /// latest coaching session held, at the same wall-clock time in the coach's zone.
    private func proposeFollowUp(_ scope: EngagementScope, on db: any Database) async throws {
        guard let last = try await Meeting.query(on: db).filter(\.$engagement.$id == scope.id)
            .filter(\.$kind == Meeting.Kind.coachingSession.rawValue).filter(\.$status == Meeting.Status.held.rawValue)
            .sort(\.$startsAt, .descending).first() else { return }
        let weeks = try await PracticeSettings.current(on: db).followUpWeeks
        let start = SurveyRounds.adding(weeks: weeks, to: last.startsAt, zone: scope.actor.timeZone)
        let planned = try await Meeting.query(on: db).filter(\.$engagement.$id == scope.id)
            .filter(\.$kind == Meeting.Kind.followUp.rawValue).filter(\.$status == Meeting.Status.planned.rawValue).first()
        let followUp = planned ?? Meeting()
        let previousStart = planned?.startsAt, previousSequence = planned?.sequence ?? 0
        followUp.$engagement.id = scope.id
        followUp.kind = Meeting.Kind.followUp.rawValue
        followUp.startsAt = start
        followUp.durationMinutes = planned?.durationMinutes ?? 60
        followUp.objective = planned?.objective ?? "Gather feedback, recognise achievements and present the final report."
        followUp.attendees = planned?.attendees ?? "client"
        followUp.sharedNotes = planned?.sharedNotes ?? ""
        followUp.privateNotes = planned?.privateNotes ?? ""
        followUp.status = Meeting.Status.planned.rawValue
        if planned == nil { followUp.proposedAt = req.now }
        followUp.timeZone = planned?.timeZone ?? scope.actor.timeZone
        followUp.location = planned?.location
        followUp.videoURL = planned?.videoURL
        followUp.sequenceValue = previousSequence
        followUp.updatedAt = req.now
        // A new proposal waits for the coach to send it from the meeting page; one already sent
        // moves in the attendees' calendars too.
        if let previousStart, followUp.invitedAt != nil, previousStart != start {
            followUp.sequenceValue = previousSequence + 1
            try await followUp.save(on: db)
            try await MeetingInvitations(req, engagement: scope.engagement, on: db)
                .update(followUp, previousStart: previousStart, previousAttendees: [], on: db)
            return
        }
        try await followUp.save(on: db)
    }

    /// Marks an action item done or open again (the coach, or the client for their own work).
    /// - Throws: `notFound` for an item of another engagement; `forbidden` per the policy.
    @discardableResult
    func setActionItem(_ scope: EngagementScope, itemID: UUID?, done: Bool) async throws -> ActionItem {
        try scope.authorize(.update, .actionItems)
        guard let itemID, let item = try await ActionItem.query(on: req.db).filter(\.$id == itemID)
                .filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "action_item_not_found", message: "There is no such action item in this engagement.")
        }
        item.status = done ? "done" : "open"
        try await req.db.writeTransaction { db in
            try await item.save(on: db)
            try await scope.audit("action_item_\(item.status)", "Action item marked \(item.status).", on: db)
        }
        return item
    }

    /// A meeting of this engagement, or 404.
    func find(_ scope: EngagementScope, _ id: UUID?) async throws -> Meeting {
        guard let id, let meeting = try await Meeting.query(on: req.db).filter(\.$id == id)
                .filter(\.$engagement.$id == scope.id).first() else {
            throw DomainError(.notFound, code: "meeting_not_found", message: "There is no such meeting in this engagement.")
        }
        return meeting
    }
}
