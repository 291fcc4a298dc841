import Vapor
import Fluent
import CoachworkCore

/// The admin outbox page.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "outbox", use: index)
        routes.post("admin", "outbox", ":messageID", "retry", use: retry)
    }

    @Sendable func index(req: Request) async throws -> Response {
        try req.authorize(.view, .outbox)
        let request = try req.pageRequest()
        let (messages, hasNext) = try await OutboxService(db: req.db).page(status: nil, request)
        return OutboxPage.response(req, messages: messages, page: request.page, per: request.per, hasNext: hasNext)
    }

    @Sendable func retry(req: Request) async throws -> Response {
        try req.authorize(.update, .outbox)
        try await OutboxService(db: req.db).retry(id: req.parameters.get("messageID", as: UUID.self), now: req.now)
        req.flash(.success, "The email is queued again.")
        return req.seeOther(Paths.outbox)
    }
}

/// Reading and retrying outbox messages: shared by the page, the API and `coachwork outbox`.
struct OutboxService {
    let db: any Database

    /// One page of the outbox, newest first (ties by id), optionally of one status, and whether a
    /// later page has messages. No total: counting a table of a million emails is not cheap, and
    /// the next page is known by reading one row more.
    func page(status: OutboxMessage.Status?, _ request: PageRequest) async throws -> (messages: [OutboxMessage], hasNext: Bool) {
        var query = OutboxMessage.query(on: db).sort(\.$createdAt, .descending).sort(\.$id, .descending)
        if let status { query = query.filter(\.$status == status.rawValue) }
        let start = (request.page - 1) * request.per
        let rows = try await query.range(start..<(start + request.per + 1)).all()
        return (Array(rows.prefix(request.per)), rows.count > request.per)
    }

    /// The engagement's emails that failed, or failed at least once and wait for a retry, newest first.
    func problems(engagementID: UUID) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: db).filter(\.$engagementID == engagementID)
            .group(.or) { $0.filter(\.$status == OutboxMessage.Status.failed.rawValue)
                .group(.and) { $0.filter(\.$status == OutboxMessage.Status.pending.rawValue).filter(\.$attempts > 0) } }
            .sort(\.$createdAt, .descending).limit(50).all()
    }

    /// Gives a failed message a fresh round of attempts.
    /// - Throws: `notFound` for an unknown id; `conflict` when it is not failed.
    @discardableResult
    func retry(id: UUID?, now: Date) async throws -> OutboxMessage {
        guard let id, let message = try await OutboxMessage.find(id, on: db) else {
            throw DomainError(.notFound, code: "message_not_found", message: "There is no such email.")
        }
        guard message.status == OutboxMessage.Status.failed.rawValue else {
            throw DomainError(.conflict, code: "message_not_failed", message: "Only failed emails can be retried; this one is \(message.status).")
        }
        message.status = OutboxMessage.Status.pending.rawValue
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.save(on: db)
        return message
    }
}
