import Foundation
import Vapor
import NIOConcurrencyHelpers
@testable import CoachworkServer

/// A console that records what a command prints (standard output and error alike) and answers
/// nothing typed: commands under test confirm with `--yes`.
final class RecordingConsole: Console {
    private let lines = NIOLockedValueBox<[String]>([])
    private let info = NIOLockedValueBox<[AnySendableHashable: any Sendable]>([:])

    /// Everything printed so far, in order.
    var text: String { lines.withLockedValue { $0.joined() } }
    var userInfo: [AnySendableHashable: any Sendable] {
        get { info.withLockedValue { $0 } }
        set { info.withLockedValue { $0 = newValue } }
    }
    var size: (width: Int, height: Int) { (80, 24) }

    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) {
        lines.withLockedValue { $0.append(text.description + (newLine ? "\n" : "")) }
    }
    func report(error: String, newLine: Bool) {
        lines.withLockedValue { $0.append(error + (newLine ? "\n" : "")) }
    }
    func clear(_ type: ConsoleClear) {}
}

/// What a command run through Vapor's command machinery did.
struct CommandRun {
    /// Whether the command failed (the executable would exit with status 1).
    let failed: Bool
    /// What it printed.
    let output: String
}

/// Runs `command` with `arguments` (after the command's name) on `app`, as `coachwork` would.
func run(_ command: any AsyncCommand, _ arguments: [String], on app: Application) async -> CommandRun {
    let console = RecordingConsole()
    var context = CommandContext(console: console, input: CommandInput(arguments: ["coachwork"] + arguments))
    context.application = app
    app.commandFailed = false
    do {
        // As Vapor runs it: the global flags (`--yes`, `--no`, `--help`) are parsed here.
        try await console.run(command, with: context)
    } catch {
        // Our commands say why on the console and set `commandFailed`; anything else is recorded.
        if !(error is CommandFailure) { console.report(error: "\(error)", newLine: true); app.commandFailed = true }
    }
    return CommandRun(failed: app.commandFailed, output: console.text)
}
