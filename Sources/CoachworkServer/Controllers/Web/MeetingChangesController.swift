import Vapor
import Fluent
import CoachworkCore

/// The coach's changes to a planned meeting: `…/change`, `…/cancel`, `…/invite`.
struct MeetingChangesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let meeting = routes.grouped("engagements", ":engagementID", "meetings", ":meetingID")
        meeting.post("change", use: change)
        meeting.post("cancel", use: cancel)
        meeting.post("invite", use: invite)
        routes.post("engagements", ":engagementID", "emails", ":messageID", "retry", use: retryEmail)
    }

    /// The coach retries an email of their engagement that the outbox gave up on.
    @Sendable func retryEmail(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        try scope.authorize(.update, .engagementMail)
        let id = req.parameters.get("messageID", as: UUID.self)
        // Only this engagement's emails: another engagement's id answers 404 like an unknown one.
        guard let id, try await OutboxMessage.query(on: req.db).filter(\.$id == id).filter(\.$engagementID == scope.id).count() == 1 else {
            throw DomainError(.notFound, code: "message_not_found", message: "There is no such email in this engagement.")
        }
        do {
            try await OutboxService(db: req.db).retry(id: id, now: req.now)
            req.flash(.success, "The email is queued again.")
        } catch let error as DomainError where error.kind == .conflict {
            req.flash(.error, error.message)
        }
        return req.seeOther(Paths.engagement(scope.id))
    }

    @Sendable func change(req: Request) async throws -> Response {
        // A meeting not sent yet (a proposal) changes silently: the message says so.
        var sentUpdate = false
        return try await perform(req, success: { !$0 ? "Nothing changed." : sentUpdate ? "Saved; the update is queued for the attendees."
                                                 : "Saved. Nobody was emailed: the invitations have not been sent yet." }) { scope, v, service in
            var errors = FormErrors()
            let current = try await service.find(scope, req.parameters.get("meetingID", as: UUID.self))
            // The start as shown, unchanged, stays the same instant: in the hour repeated when clocks
            // go back, parsing the wall-clock time again could pick the other occurrence.
            let zone = scope.actor.timeZone
            let starts = v["startsAt"] == LocalTime.inputValue(current.startsAt, zone: zone)
                ? current.startsAt : v["startsAt"].flatMap { LocalTime.parseLocal($0, zone: zone) }
            if starts == nil { errors.add("startsAt", LocalTime.inputProblem(v["startsAt"] ?? "", zone: scope.actor.timeZone)) }
            let duration = errors.wholeNumber(v["durationMinutes"], field: "durationMinutes")
            try errors.throwIfAny()
            let (meeting, changed) = try await service.reschedule(scope, meetingID: req.parameters.get("meetingID", as: UUID.self), .init(
                startsAt: starts, durationMinutes: duration, objective: v["objective"],
                attendees: req.attendeeValues, location: v["location"], videoURL: v["videoURL"]))
            sentUpdate = meeting.invitedAt != nil
            return changed
        }
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        try await perform(req, success: { _ in "The meeting is cancelled; invited attendees are told." }) { _, v, service in
            let scope = try await req.engagementScope()
            _ = try await service.cancel(scope, meetingID: req.parameters.get("meetingID", as: UUID.self), reason: v["reason"])
            return true
        }
    }

    @Sendable func invite(req: Request) async throws -> Response {
        try await perform(req, success: { _ in "The invitations are queued for the attendees (see the delivery status below)." }) { scope, _, service in
            _ = try await service.sendInvitations(scope, meetingID: req.parameters.get("meetingID", as: UUID.self))
            return true
        }
    }

    /// Runs `action`; on success back to the meeting with a message, on bad input the page again
    /// with what was typed and each error, on a conflict the page with the problem.
    private func perform(_ req: Request, success: (Bool) -> String,
                         _ action: (EngagementScope, [String: String], MeetingService) async throws -> Bool) async throws -> Response {
        let scope = try await req.engagementScope()
        let service = MeetingService(req: req)
        let meeting = try await service.find(scope, req.parameters.get("meetingID", as: UUID.self))
        var values = req.formValues(MeetingChangeForms.fieldNames)
        values["attendees"] = req.attendeeValues.joined(separator: ",")
        let items = try await ActionItem.query(on: req.db).filter(\.$meeting.$id == meeting.id!).all()
        do {
            let changed = try await action(scope, values, service)
            req.flash(.success, success(changed))
            return req.seeOther(Paths.meeting(scope.id, meeting.id!))
        } catch let errors as FormErrors {
            let fresh = try await service.find(scope, meeting.id)
            return MeetingPage.response(scope, meeting: fresh, items: items, changeValues: values, errors: errors.messages, status: .unprocessableEntity)
        } catch let error as DomainError where error.kind == .conflict {
            req.flash(.error, error.message)
            return req.seeOther(Paths.meeting(scope.id, meeting.id!))
        }
    }
}
