import Vapor
import Fluent
import CoachworkCore

/// `coachwork token create --email E --name N`.
struct TokenCommands: AsyncCommandGroup {
    var help: String { "Manage API tokens." }
    var commands: [String: any AnyAsyncCommand] { ["create": TokenCreateCommand()] }
}

/// Creates an API token for an account and prints the secret once.
struct TokenCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email of the account that owns the token.") var email: String?
        @Option(name: "name", help: "What the token is for.") var name: String?
    }
    var help: String { "Create an API token and print its secret once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let email = (signature.email ?? "").lowercased()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw context.fail("No account has the email \"\(email)\".")
        }
        do {
            let (_, secret) = try await TokenService(db: app.db).create(name: signature.name, for: user)
            context.console.print(secret)
        } catch let error as DomainError {
            throw context.fail("--\(error.field ?? "name"): \(error.message)")
        }
    }
}

/// `coachwork outbox list|retry|deliver`.
struct OutboxCommands: AsyncCommandGroup {
    var help: String { "Inspect and retry outgoing email." }
    var commands: [String: any AnyAsyncCommand] {
        ["list": OutboxListCommand(), "retry": OutboxRetryCommand(), "deliver": OutboxDeliverCommand()]
    }
}

/// Lists the newest messages, optionally by status.
struct OutboxListCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "status", help: "pending, sent, failed or superseded.") var status: String?
    }
    var help: String { "List the newest 200 emails." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let status = signature.status.flatMap(OutboxMessage.Status.init(rawValue:))
        if signature.status != nil, status == nil {
            throw context.fail("--status must be pending, sent, failed or superseded.")
        }
        for message in try await OutboxService(db: context.application.db).page(status: status, PageRequest(page: 1, per: Pagination.maxPer)).messages {
            let when = message.createdAt.map { MIMEWriter.rfc5322Date($0) } ?? ""
            context.console.print("\(message.id!.uuidString)  \(message.status.padding(toLength: 10, withPad: " ", startingAt: 0))  \(message.attempts)  \(when)  \(message.toEmail)  \(message.subject)\(message.lastError.map { "  [\($0)]" } ?? "")")
        }
    }
}

/// Queues a failed message again.
struct OutboxRetryCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "id", help: "Message id from `coachwork outbox list`.") var id: String
    }
    var help: String { "Queue a failed email for another round of attempts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            try await OutboxService(db: context.application.db).retry(id: UUID(uuidString: signature.id), now: Date())
            context.console.print("Queued again.")
        } catch let error as DomainError {
            throw context.fail(error.message)
        }
    }
}

/// Delivers every due message once, now (useful with COACHWORK_OUTBOX_WORKER=false).
struct OutboxDeliverCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Deliver due emails now, once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let sent = try await context.application.outboxDelivery.deliverDue(now: Date())
        context.console.print("Sent \(sent) email(s).")
    }
}
