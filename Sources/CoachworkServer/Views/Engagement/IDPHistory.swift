import Vapor
import Plot
import CoachworkCore

/// The IDP's revision history with differences: for every revision after the first, which
/// actions were added, removed or changed, and within a changed text which words.
enum IDPHistory {
    /// One ``DiffRecord`` per action, keyed by its stable id (by position for plans saved before ids).
    static func records(_ revision: IDPRevision, names: [UUID: String]) -> [DiffRecord] {
        revision.items.enumerated().map { index, item in
            DiffRecord(key: item.id?.uuidString ?? "row-\(index)", title: item.action, fields: [
                DiffField(name: "Target competency", value: names[item.competencyID] ?? ""),
                DiffField(name: "Action", value: item.action),
                DiffField(name: "Owner", value: item.owner ?? "Client"),
                DiffField(name: "Due", value: item.dueDate),
                DiffField(name: "Status", value: IDPItem.statusTitle(item.status)),
                DiffField(name: "Success measure", value: item.successMeasure),
                DiffField(name: "Support needed", value: item.supportNeeded),
            ])
        }
    }

    static func changes(_ revisions: [IDPRevision], names: [UUID: String]) -> Node<HTML.BodyContext> {
        let sorted = revisions.sorted { $0.revision < $1.revision }
        guard sorted.count > 1 else { return .empty }
        let sections: [Node<HTML.BodyContext>] = zip(sorted, sorted.dropFirst()).reversed().map { old, new in
            let changes = RevisionDiff.compare(old: records(old, names: names), new: records(new, names: names))
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
