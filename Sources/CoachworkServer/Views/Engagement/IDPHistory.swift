import Vapor
import Plot
import CoachworkCore

/// The IDP's revision history with differences: for every revision after the first, which
/// actions were added, removed or changed, and within a changed text which words.
enum IDPHistory {
    /// "Goal 1, Goal 3": the goals' numbers in the accepted agreement, in order, then "an earlier goal" for each goal
    /// it no longer lists; "—" for none.
    static func goalsText(_ ids: [UUID], numbers: [UUID: Int]) -> String {
        let listed = ids.compactMap { numbers[$0] }.sorted().map { "Goal \($0)" }
        let earlier = ids.filter { numbers[$0] == nil }.map { _ in "an earlier goal" }
        let all = listed + earlier
        return all.isEmpty ? "—" : all.joined(separator: ", ")
    }

    /// One ``DiffRecord`` per action, keyed by its stable id (by position for plans saved before ids). Every field
    /// the editor can change is compared, the goals served included, so no change is left out of "What changed".
    /// - Parameter items: the revision's actions as they stood when the next revision was made (ticks included).
    static func records(_ items: [IDPItem], names: [UUID: String], goalNumbers: [UUID: Int]) -> [DiffRecord] {
        items.enumerated().map { index, item in
            DiffRecord(key: item.id?.uuidString ?? "row-\(index)", title: item.action, fields: [
                DiffField(name: "Target competency", value: names[item.competencyID] ?? ""),
                DiffField(name: "Action", value: item.action),
                DiffField(name: "Serves", value: goalsText(item.goalIDs, numbers: goalNumbers)),
                DiffField(name: "Owner", value: item.owner ?? "Client"),
                DiffField(name: "Due", value: item.dueDate),
                DiffField(name: "Status", value: IDPItem.statusTitle(item.status)),
                DiffField(name: "Success measure", value: item.successMeasure),
                DiffField(name: "Support needed", value: item.supportNeeded),
            ])
        }
    }

    /// "What changed": per revision after the first, its differences from the one before. The earlier revision is
    /// taken with the statuses ticked on it (``IDPActionStatus``), so a tick shows as no change of the revision.
    static func changes(_ revisions: [IDPRevision], names: [UUID: String], goalNumbers: [UUID: Int],
                        ticks: [IDPActionStatus]) -> Node<HTML.BodyContext> {
        let sorted = revisions.sorted { $0.revision < $1.revision }
        guard sorted.count > 1 else { return .empty }
        let sections: [Node<HTML.BodyContext>] = zip(sorted, sorted.dropFirst()).reversed().map { old, new in
            let changes = RevisionDiff.compare(old: records(old.effectiveItems(ticks), names: names, goalNumbers: goalNumbers),
                                               new: records(new.items, names: names, goalNumbers: goalNumbers))
            return .element(named: "details", nodes: [
                new.revision == sorted.last?.revision ? .attribute(named: "open", value: "open") : .empty,
                .element(named: "summary", nodes: [.text("Revision \(new.revision) against \(old.revision): \(new.reason ?? "no reason given")")]),
                changes.isEmpty ? .p(.class("muted"), .text("No action changed.")) : .ul(.class("diff"), .group(changes.map(item))),
            ])
        }
        return .group(.h2(.text("What changed")), .group(sections))
    }

    static func item(_ change: RecordChange) -> Node<HTML.ListContext> {
        switch change {
        case .added(let record):
            return .li(badge("added", tone: "success"), .text(" " + record.title))
        case .removed(let record):
            return .li(badge("removed", tone: "neutral"), .text(" "), .element(named: "del", nodes: [.text(record.title)]))
        case .changed(_, _, let title, let fields):
            return .li(badge("changed", tone: "info"), .text(" " + title),
                       .ul(.group(fields.map { field in
                           .li(.strong(.text(field.name + ": ")), .group(RevisionDiff.words(old: field.old, new: field.new).map(segment)))
                       })))
        }
    }

    static func segment(_ s: TextSegment) -> Node<HTML.BodyContext> {
        switch s {
        case .same(let text): return .text(text + " ")
        case .inserted(let text): return .group(.element(named: "ins", nodes: [.text(text)]), .text(" "))
        case .deleted(let text): return .group(.element(named: "del", nodes: [.text(text)]), .text(" "))
        }
    }
}
