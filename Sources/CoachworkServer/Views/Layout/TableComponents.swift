import Foundation
import Plot

enum Table {
    /// A readable table with a caption, header row and rows of already-built cells;
    /// shows `empty` in a paragraph when `rows` is empty.
    /// `numericColumns` (0-based) get the `.num` class on header and cells
    /// (right-aligned, tabular figures). A single cell can also use `Table.num(_:)`.
    static func render(
        caption: String,
        headers: [String],
        rows: [[Node<HTML.BodyContext>]],
        empty: String,
        numericColumns: Set<Int> = []
    ) -> Node<HTML.BodyContext> {
        guard !rows.isEmpty else {
            return .p(.class("empty-state"), .text(empty))
        }
        let headerCells: [Node<HTML.TableRowContext>] = headers.enumerated().map { index, title in
            .th(
                .attribute(named: "scope", value: "col"),
                .if(numericColumns.contains(index), .class("num")),
                .text(title)
            )
        }
        let bodyRows: [Node<HTML.TableContext>] = rows.map { cells in
            .tr(.group(cells.enumerated().map { index, cell in
                .td(.if(numericColumns.contains(index), .class("num")), cell)
            }))
        }
        // The scroll wrapper is a focusable, labelled region so keyboard users
        // can scroll wide tables on small screens.
        return .div(
            .class("table-wrap"),
            .attribute(named: "role", value: "region"),
            .escapedAttribute("aria-label", caption),
            .attribute(named: "tabindex", value: "0"),
            .table(
                .caption(.text(caption)),
                .thead(.tr(.group(headerCells))),
                .tbody(.group(bodyRows))
            )
        )
    }

    /// A right-aligned numeric cell's content (adds `class="num"` to its `<td>`).
    static func num(_ text: String) -> Node<HTML.BodyContext> {
        .group(.class("num"), .text(text))
    }
}

/// A badge for statuses (e.g. "pending", "sent", "failed") with a CSS class per tone.
/// Styled tones: neutral, info, success, warning, danger (alias: error).
/// Unknown tones fall back to the neutral look.
func badge(_ text: String, tone: String) -> Node<HTML.BodyContext> {
    let safeTone = String(tone.lowercased().unicodeScalars.filter {
        ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-"
    }.map(Character.init))
    return .span(
        .escapedAttribute("class", safeTone.isEmpty ? "badge" : "badge badge-\(safeTone)"),
        .text(text)
    )
}
