import Vapor
import Fluent
import CoachworkCore

/// Ticking the status of an IDP action on the plan's page: the coach any action, the client their own
/// (``IDPStatusService``). No revision is made, so sponsor and HR partner are not asked to acknowledge again.
struct IDPStatusController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("engagements", ":engagementID", "idp", "actions", ":actionID", "status", use: tick)
    }

    /// `POST …/idp/actions/:actionID/status` with `status`: 303 back to the plan with a flash. Refusals are error
    /// pages: an unknown status 422 naming `status`, phase or state 409, the policy 403, an unknown action 404.
    @Sendable func tick(req: Request) async throws -> Response {
        let scope = try await req.engagementScope()
        // A malformed id is an unknown action, as for any id in a path.
        let actionID = req.parameters.get("actionID").flatMap(UUID.init(uuidString:))
        let item = try await IDPStatusService(req: req).tick(scope, actionID: actionID, status: req.formValue("status"))
        req.flash(.success, "Status saved: \(IDPItem.statusTitle(item.status)). The plan keeps its revision; nobody is asked to acknowledge it again.")
        return req.seeOther(Paths.idp(scope.id))
    }
}
