import Vapor
import Fluent
import CoachworkAPI
import CoachworkCore

extension APIHandler {
    func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .person)
        let request = try Pagination.request(page: input.query.page, per: input.query.per)
        let page = try await PeopleService(db: req.db).directory(for: req.requireUser()).sort(\.$name).sort(\.$id)
            .page(withIndex: request.page, size: request.per)
        req.storage[PageLinksKey.self] = page.metadata.linkHeader(path: "/api/v1/people")
        return .ok(.init(headers: .init(xTotalCount: page.metadata.total),
                         body: .json(try page.items.map(DTO.person))))
    }

    func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.create, .person)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let person = try await PeopleService(db: req.db).create(
            .init(name: body.name, email: body.email, organisation: body.organisation, timeZone: body.timeZone, jobTitle: body.jobTitle),
            by: req.requireUser())
        return .created(.init(body: .json(try DTO.person(person))))
    }

    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .person)
        return .ok(.init(body: .json(try DTO.person(try await findPerson(input.path.personId, on: req)))))
    }

    func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.update, .person)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await PeopleService(db: req.db).update(
            UUID(uuidString: input.path.personId),
            .init(name: body.name, email: body.email, organisation: body.organisation, timeZone: body.timeZone, jobTitle: body.jobTitle),
            by: req.requireUser(), config: req.config, now: req.now)
        return .ok(.init(body: .json(try DTO.person(result.person))))
    }

    func sendSignInLink(_ input: Operations.SendSignInLink.Input) async throws -> Operations.SendSignInLink.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.update, .person)
        let person = try await findPerson(input.path.personId, on: req)
        let expiresAt = try await PersonalLinkService(req: req).sendSignIn(to: person)
        return .accepted(.init(body: .json(.init(queued: true, expiresAt: expiresAt))))
    }

    private func findPerson(_ raw: String, on req: Request) async throws -> Person {
        let id = try parseID(raw, notFound: "person_not_found", "There is no such person.")
        return try await PeopleService(db: req.db).find(id, for: req.requireUser())
    }
}

extension APIHandler {
    func listOutbox(_ input: Operations.ListOutbox.Input) async throws -> Operations.ListOutbox.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.view, .outbox)
        let status = input.query.status.flatMap { OutboxMessage.Status(rawValue: $0.rawValue) }
        let request = try Pagination.request(page: input.query.page, per: input.query.per)
        let (messages, hasNext) = try await OutboxService(db: req.db).page(status: status, request)
        // No total, so no `last`; the links keep the status filter.
        req.storage[PageLinksKey.self] = Pagination.linkHeader(path: Paths.apiOutbox, page: request.page, per: request.per, hasNext: hasNext,
                                                               lastPage: nil, query: status.map { "&status=\($0.rawValue)" } ?? "")
        return .ok(.init(body: .json(try messages.map(DTO.outboxMessage))))
    }

    func retryOutboxMessage(_ input: Operations.RetryOutboxMessage.Input) async throws -> Operations.RetryOutboxMessage.Output {
        let req = try APIRequestContext.current()
        try req.authorize(.update, .outbox)
        let message = try await OutboxService(db: req.db).retry(id: UUID(uuidString: input.path.messageId), now: req.now)
        return .ok(.init(body: .json(try DTO.outboxMessage(message))))
    }
}

extension APIHandler {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let req = try APIRequestContext.current()
        let actor = try req.requireActor()
        try req.authorize(.view, .auditTrail)
        let q = input.query
        let filter = try AuditLog.Filter.parse(engagement: q.engagement, actor: q.actor, action: q.action, from: q.from, to: q.to)
        let request = try Pagination.request(page: q.page, per: q.per)
        let (entries, hasNext) = try await AuditLog.page(for: actor, filter, request, zone: actor.timeZone, on: req.db)
        let query = filter.queryItems.map { "&\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined()
        req.storage[PageLinksKey.self] = Pagination.linkHeader(path: Paths.apiAudit, page: request.page, per: request.per, hasNext: hasNext,
                                                               lastPage: nil, query: query)
        return .ok(.init(body: .json(entries.map(DTO.auditEntry))))
    }
}
