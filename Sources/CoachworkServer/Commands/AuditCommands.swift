import Vapor
import Fluent

/// `coachwork audit verify`.
struct AuditCommands: AsyncCommandGroup {
    var help: String { "Check the audit trail." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
}

/// `coachwork audit verify`: recomputes the whole hash chain and compares its end with the stored
/// head. Prints the number of entries and the head hash, or the first entry that was changed,
/// removed or added, and then exits non-zero.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Recompute the audit trail's hash chain; fails on any changed, removed or added entry." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = try await AuditTrail.verify(on: context.application.db)
        if let problem = result.problem {
            throw context.fail("The audit trail does not verify: \(problem) (\(result.checked) entries before it verified).")
        }
        context.console.print("The audit trail verifies: \(result.checked) entries, head \(result.headHash.prefix(16))….")
    }
}
