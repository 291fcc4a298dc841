import Vapor
import Fluent

/// `coachwork retention [--dry-run]`: applies the practice's retention periods now (the server's
/// worker does the same every minute), or with `--dry-run` lists what is due without changing
/// anything. Prints one line per engagement (id, end date, what happens).
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "List what is due; delete nothing.") var dryRun: Bool
    }
    var help: String { "Apply the retention periods of the practice settings now (or list them with --dry-run)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let sweep = RetentionSweep(db: app.db)
        let now = app.clock.now()
        let plan = signature.dryRun ? try await sweep.plan(now: now) : try await sweep.run(now: now)
        let verb = signature.dryRun ? "would be" : "were"
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        context.console.print("Private notes: \(plan.policy.privateNotesMonths.map { "\($0) months" } ?? "kept"); engagements: \(plan.policy.engagementMonths.map { "\($0) months" } ?? "kept").")
        for due in plan.notes {
            context.console.print("  notes   \(due.engagementID.uuidString.lowercased())  ended \(day.string(from: due.endedAt))  \(due.notes) note(s) \(verb) deleted")
        }
        for due in plan.erasures {
            context.console.print("  erase   \(due.engagementID.uuidString.lowercased())  ended \(day.string(from: due.endedAt))  \(verb) erased")
        }
        context.console.print(plan.isEmpty ? "Nothing is due." : "\(plan.notes.count) engagement(s) with private notes, \(plan.erasures.count) engagement(s) to erase: \(verb) handled.")
    }
}
