import Vapor
import Plot
import CoachworkCore

/// `/mail/stop/<token>`: GET shows where reminders stand and never changes anything (mail
/// scanners fetch links); POST stops them, whether from the page's button or a mail provider's
/// RFC 8058 one-click request (`List-Unsubscribe=One-Click`); `POST …/resume` undoes it.
struct MailStopController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("mail", "stop", ":token", use: show)
        routes.post("mail", "stop", ":token", use: stop)
        routes.post("mail", "stop", ":token", "resume", use: resume)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let row = try await MailOptOuts.find(token, on: req.db)
        let stopped = try await MailOptOuts.isStopped(row.email, on: req.db)
        return page(req, token: token, email: row.email, stopped: stopped)
    }

    @Sendable func stop(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let email = try await MailOptOuts.set(token, stopped: true, now: req.now, on: req.db)
        return page(req, token: token, email: email, stopped: true, changed: true)
    }

    @Sendable func resume(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let email = try await MailOptOuts.set(token, stopped: false, now: req.now, on: req.db)
        return page(req, token: token, email: email, stopped: false, changed: true)
    }

    private func page(_ req: Request, token: String, email: String, stopped: Bool, changed: Bool = false) -> Response {
        let action = Paths.stopReminders(token)
        let state: Node<HTML.BodyContext> = stopped
            ? .p(.text("\(changed ? "Done: " : "")\(email) gets no more reminders from Coachwork. Invitations, changes to meetings and links you ask for still arrive."))
            : .p(.text("\(changed ? "Done: reminders are on again. " : "")Reminders to \(email) repeat a request you have not answered yet (a survey, an acceptance, an acknowledgement) or announce an upcoming meeting."))
        let button: Node<HTML.BodyContext> = .form(
            .method(.post), .escapedAttribute("action", stopped ? action + "/resume" : action),
            .button(.type(.submit), .class("button"), .text(stopped ? "Send me reminders again" : "Stop reminders")))
        return req.page("Email reminders", state, button)
    }
}
