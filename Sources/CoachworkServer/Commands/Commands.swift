import Vapor
import Fluent
import CoachworkCore

/// Registers our commands beside Vapor's `serve`, `routes` and `migrate`
/// (names are kebab-case, grouped by noun: `coachwork user add`).
func registerCommands(_ app: Application) {
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(OutboxCommands(), as: "outbox")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
}

/// `coachwork user add|reset`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manage admin and coach accounts." }
    var commands: [String: any AnyAsyncCommand] { ["add": UserAddCommand(), "reset": UserResetCommand()] }
}

/// `coachwork user add --email E --name N [--role coach|admin] [--time-zone Z]`:
/// creates an account, queues its invitation email and prints the same set-password link, so an
/// installation without working mail can still hand it over (in person; it works once, for 7 days).
struct UserAddCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email address (the sign-in name).") var email: String?
        @Option(name: "name", help: "Full name.") var name: String?
        @Option(name: "role", help: "coach (default) or admin.") var role: String?
        @Option(name: "time-zone", help: "IANA time zone, e.g. Europe/Berlin (default UTC).") var timeZone: String?
    }
    var help: String { "Create an admin or coach account and email them an invitation to choose a password (the link is printed too)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let service = AccountService(db: app.db, passwords: app.password.async)
        do {
            let (user, issued) = try await service.invite(.init(
                email: signature.email, name: signature.name, role: signature.role ?? "coach", timeZone: signature.timeZone),
                config: app.config, now: app.clock.now())
            context.console.print("Created \(user.accountRole.title.lowercased()) \(user.email).")
            context.console.print("Invitation email queued in the outbox (sent by the running server's worker, or `coachwork outbox deliver`).")
            context.console.print("Without mail, give them this personal link instead (it works once, until \(LocalTime.format(issued.expiresAt, zone: user.timeZone))):")
            context.console.print(issued.url)
        } catch let errors as FormErrors {
            let lines = errors.messages.sorted(by: { $0.key < $1.key }).map { field, message in
                "--\(field == "timeZone" ? "time-zone" : field): \(message)"
            }
            throw context.fail(lines.joined(separator: "\n"))
        }
    }
}

/// `coachwork user reset --email E`: a new one-time password for a forgotten one. Works without
/// mail (the way back in for a lone admin); emailed links of the account stop working.
struct UserResetCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email address of the account.") var email: String?
    }
    var help: String { "Give an account a new one-time password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let email = (signature.email ?? "").lowercased()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw context.fail("No account has the email \"\(email)\".")
        }
        let password = try await AccountService(db: app.db, passwords: app.password.async).reset(user)
        context.console.print("New one-time password for \(user.email): \(password)")
    }
}

/// A command failed after saying why on standard error.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String { "The command failed (see above)." }
}

extension Application {
    private struct CommandFailedKey: StorageKey { typealias Value = Bool }

    /// Set when one of our commands failed, so the executable exits non-zero (Vapor's
    /// command runner only logs a command's error).
    public var commandFailed: Bool {
        get { storage[CommandFailedKey.self] ?? false }
        set { storage[CommandFailedKey.self] = newValue }
    }
}

extension CommandContext {
    /// Prints `message` to standard error, marks the run failed and stops the command.
    func fail(_ message: String) -> CommandFailure {
        console.error(message)
        application.commandFailed = true
        return CommandFailure()
    }
}
