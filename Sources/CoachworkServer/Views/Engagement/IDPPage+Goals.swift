import Vapor
import Plot
import CoachworkCore

/// The goals one IDP action serves, as checkboxes of the editor: one per goal of the accepted agreement, plus one
/// per goal the action already serves from an earlier accepted version. What is shown ticked is exactly what the
/// action holds, so saving an untouched row keeps its goals (a single "serves goal" choice once turned
/// "Goal 1, Goal 3" into every goal on any save).
extension IDPPage {
    /// Most goal checkboxes one row posts (`goal_<row>_<k>`).
    static let goalChoices = 20

    /// The checkboxes' goals for `item`, in order: the agreement's goals ("Goal n: statement"), then the item's goals
    /// the agreement no longer lists.
    static func goalChoices(_ item: IDPItem?, goals: [Goal]) -> [(id: UUID, label: String)] {
        let listed: [(id: UUID, label: String)] = goals.enumerated().compactMap { i, g in
            g.id.map { ($0, "Goal \(i + 1): \(g.statement.count > 70 ? String(g.statement.prefix(69)) + "…" : g.statement)") }
        }
        let earlier = (item?.goalIDs ?? []).filter { id in !listed.contains { $0.id == id } }
            .map { (id: $0, label: "A goal of an earlier agreement version") }
        return Array((listed + earlier).prefix(goalChoices))
    }

    /// The fieldset of row `row`: ticked from the posted `values` after an error, else from the item.
    static func goalBoxes(row: Int, item: IDPItem?, goals: [Goal], values: [String: String]) -> Node<HTML.BodyContext> {
        let boxes: [Node<HTML.BodyContext>] = goalChoices(item, goals: goals).enumerated().map { k, choice in
            let name = "goal_\(row)_\(k)"
            let ticked = values.isEmpty ? (item?.goalIDs.contains(choice.id) ?? false) : values[name] == choice.id.uuidString
            return .span(.class("choice"),
                .input(.type(.checkbox), .escaped("name", name), .escaped("value", choice.id.uuidString), .escaped("id", name),
                       ticked ? .attribute(named: "checked", value: "checked") : .empty),
                .label(.escapedAttribute("for", name), .text(choice.label)))
        }
        return .element(named: "fieldset", nodes: [.class("field choices"),
            .element(named: "legend", nodes: [.text("Serves goals")]),
            boxes.isEmpty ? .p(.class("hint"), .text("The accepted agreement has no goals.")) : .div(.class("choice-row"), .group(boxes))])
    }

    /// The form names of every goal checkbox of every row.
    static let goalFieldNames = (0..<rows).flatMap { row in (0..<goalChoices).map { "goal_\(row)_\($0)" } }

    /// The goals row `row` serves, as posted: every ticked checkbox, in order, and the single `goal_<row>` of older
    /// forms when not blank. A value that is not an id becomes a fresh id no agreement holds, so the plan's validation
    /// refuses it with its field named (never replaced quietly). Nothing ticked: the action serves no goal.
    static func goalIDs(_ values: [String: String], row: Int) -> [UUID] {
        var raw = (0..<goalChoices).compactMap { values["goal_\(row)_\($0)"] }
        if let single = values["goal_\(row)"]?.trimmingCharacters(in: .whitespaces), !single.isEmpty { raw.append(single) }
        var seen = Set<UUID>()
        return raw.map { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) ?? UUID() }.filter { seen.insert($0).inserted }
    }
}
