import Vapor
import CoachworkCore
import CoachworkAPI

/// Changing planned meetings through the API; the same ``MeetingService`` as the pages.
extension APIHandler {
    func changeMeeting(_ input: Operations.ChangeMeeting.Input) async throws -> Operations.ChangeMeeting.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let (meeting, _) = try await apiFieldNames {
            try await MeetingService(req: req).reschedule(scope, meetingID: UUID(uuidString: input.path.meetingId), .init(
                startsAt: body.startsAt, durationMinutes: body.durationMinutes, objective: body.objective,
                attendees: (body.attendees ?? []).map(\.rawValue), location: body.location, videoURL: body.videoUrl))
        }
        return .ok(.init(body: .json(DTO.meeting(meeting, withPrivateNotes: true))))
    }

    func cancelMeeting(_ input: Operations.CancelMeeting.Input) async throws -> Operations.CancelMeeting.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        var reason: String?
        if case .json(let body)? = input.body { reason = body.reason }
        let meeting = try await MeetingService(req: req).cancel(scope, meetingID: UUID(uuidString: input.path.meetingId), reason: reason)
        return .ok(.init(body: .json(DTO.meeting(meeting, withPrivateNotes: true))))
    }

    func sendMeetingInvitations(_ input: Operations.SendMeetingInvitations.Input) async throws -> Operations.SendMeetingInvitations.Output {
        let req = try APIRequestContext.current()
        let scope = try await scope(input.path.engagementId, req)
        let meeting = try await MeetingService(req: req).sendInvitations(scope, meetingID: UUID(uuidString: input.path.meetingId))
        return .ok(.init(body: .json(DTO.meeting(meeting, withPrivateNotes: true))))
    }
}

extension FormErrors {
    /// The same errors under the API's field names (the pages' names differ for a few fields).
    func renamed(_ names: [String: String]) -> FormErrors {
        var renamed = FormErrors()
        for (field, message) in messages { renamed.add(names[field] ?? field, message) }
        return renamed
    }
}

/// Runs a meeting service call for the API, reporting form errors under the API's field names.
func apiFieldNames<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let errors as FormErrors {
        throw errors.renamed(["videoURL": "videoUrl", "seriesStart": "firstStart", "seriesCount": "count", "seriesCadence": "cadenceWeeks",
                              "seriesDuration": "durationMinutes"])
    }
}
