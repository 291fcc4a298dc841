import Vapor
import CoachworkCore

/// `coachwork demo`: loads the demo engagement once and says how to sign in.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Load a realistic demo engagement (idempotent)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            context.console.print(try await loadDemo(context.application))
        } catch let errors as FormErrors {
            throw context.fail("The demo could not be loaded: " + errors.messages.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
        } catch let error as DomainError {
            throw context.fail("The demo could not be loaded: \(error.message) (\(error.code))")
        }
    }
}

/// Creates the first admin when the database has no account yet (as `serve` would; the
/// demo coach must not take that place), then loads the demo.
/// - Returns: the lines to print.
private func loadDemo(_ app: Application) async throws -> String {
    let notice = try await FirstAdmin.ensure(app)
    let summary = try await DemoData.load(into: app) ?? "The demo data is already loaded."
    return [notice, summary].compactMap { $0 }.joined(separator: "\n")
}

/// Handles `serve --demo` (Vapor rejects flags it does not know): when `--demo` is among
/// `arguments` and the command is `serve` (named or by default), removes the flag from
/// `arguments` and from the application's environment, then loads the demo and prints
/// the summary. Call it after `prepare(_:forCommand:)` and before `app.execute()`.
///
/// - Throws: when loading the demo fails.
public func loadDemoIfRequested(_ app: Application, arguments: inout [String]) async throws {
    guard arguments.contains("--demo") else { return }
    let command = arguments.dropFirst().first { $0 != "--demo" }
    guard command == nil || command == "serve" || command!.hasPrefix("-") else { return }
    arguments.removeAll { $0 == "--demo" }
    app.environment.arguments.removeAll { $0 == "--demo" }
    print(try await loadDemo(app))
}
