import Vapor
import Plot
import CoachworkCore

/// The landing page after sign-in: what this person can do next.
enum HomePage {
    /// - Parameters:
    ///   - engagements: the newest engagements the actor sees, with the client's name.
    ///   - total: how many the actor sees in all (a link to the list when there are more).
    static func response(_ req: Request, actor: Actor, engagements: [(Engagement, String)] = [], total: Int = 0) -> Response {
        let list: Node<HTML.BodyContext> = engagements.isEmpty
            ? .p(.class("muted"), .text("No engagements yet."))
            : .group(
                .ul(.group(engagements.map { e, client in
                    .li(link("Coaching of \(client)", Paths.engagement(e.id!)), .text(" · \(e.currentPhase.title)"))
                })),
                total > engagements.count ? .p(link("All \(total) engagements", Paths.engagements)) : .empty)
        switch actor {
        case .user(let user):
            let policy = AccessPolicy()
            let role = user.accountRole
            var steps: [Node<HTML.ListContext>] = []
            if policy.allows(role, .create, .userAccount) { steps.append(.li(link("Add a coach account", Paths.users))) }
            if policy.allows(role, .create, .person) { steps.append(.li(link("Add clients, sponsors and HR partners", Paths.people))) }
            if policy.allows(role, .view, .outbox) { steps.append(.li(link("Check email delivery", Paths.outbox))) }
            if policy.allows(role, .create, .engagement) { steps.append(.li(link("Open an engagement", Paths.newEngagement))) }
            steps.append(.li(link("Create an API token", Paths.tokens)))
            return req.page(
                "Welcome, \(user.name)",
                .p(.text("You are signed in as \(role.title.lowercased()). Times are shown in \(user.timeZone).")),
                .h2(.text("Engagements")), list,
                .h2(.text("Next steps")), .ul(.group(steps)))
        case .person(let person):
            return req.page(
                "Welcome, \(person.name)",
                .p(.text("You are signed in with your personal link. Times are shown in \(person.timeZone).")),
                .h2(.text("Your engagements")), list)
        }
    }
}

/// The HTML error page of ``AppErrorMiddleware``.
enum ErrorPage {
    static func response(for problem: Problem, request: Request) -> Response {
        let items = (problem.errors ?? []).map { Node<HTML.ListContext>.li(.text($0.message)) }
        return request.page(
            problem.title, status: HTTPResponseStatus(statusCode: problem.status),
            .p(.text(problem.detail)),
            items.isEmpty ? .empty : .ul(.group(items)),
            .p(link("Back to the start page", Paths.home)))
    }
}
