import Vapor
import Plot
import CoachworkCore

/// The item level of 360 results: each behaviour item's figures per rater group, the answer
/// distribution of the groups shown, the highest and lowest rated items, and the comments per question.
enum AssessmentItemsSection {
    /// "4.3 (n=5)" for a shown cell. A hidden one says why without its n: 0 and 1 would tell a
    /// reader whether a single rater said "can't say".
    static func cell(_ g: GroupScore, threshold: Int) -> Node<HTML.BodyContext> {
        guard isShown(g, threshold: threshold) else {
            return Table.num(g.n >= threshold ? "— (hidden: protects a smaller group)" : "— (fewer than \(threshold))")
        }
        return Table.num("\(formatOneDecimal(g.mean!)) (n=\(g.n))")
    }

    /// Whether a cell's figures may be shown. A manager shown separately is DOMAIN.md's labelled
    /// exception to the threshold; every other cell needs the threshold.
    static func isShown(_ g: GroupScore, threshold: Int) -> Bool {
        !g.suppressed && g.mean != nil && (g.n >= threshold || g.group == RaterGroup.manager.rawValue)
    }

    /// One table per itemised competency.
    static func items(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        let itemised = s.results.filter { !$0.items.isEmpty && $0.items.contains { s.itemTexts[$0.itemID] != nil } }
        guard !itemised.isEmpty else { return .empty }
        let showSelf = s.selfSubmitted
        return .group(.h2(.text("Behaviour items")), .group(itemised.map { r in
            let groupNames = r.groups.map(\.group)
            let headers = ["Item"] + (showSelf ? ["Self"] : []) + groupNames.map(title) + ["Answers of all others (1 / 2 / 3 / 4 / 5 / can't say)"]
            let rows: [[Node<HTML.BodyContext>]] = r.items.map { item in
                [.text(s.itemTexts[item.itemID] ?? "")] + (showSelf ? [Table.num(item.selfScore.map(String.init) ?? "—")] : [])
                    + item.groups.map { cell($0, threshold: s.threshold) } + [distribution(item.distributions[AssessmentResults.othersGroup])]
            }
            return .div(.class("item-results"), Table.render(caption: s.names[r.competencyID] ?? "", headers: headers, rows: rows, empty: "",
                                                             numericColumns: Set(1..<(headers.count - 1))))
        }))
    }

    static func title(_ group: String) -> String { RaterGroup(rawValue: group)?.title ?? "All others" }

    static func distribution(_ d: ScoreDistribution?) -> Node<HTML.BodyContext> {
        guard let d else { return .text("not shown") }
        let counts = (1...5).map { String(d.counts[$0] ?? 0) }.joined(separator: " / ")
        return .text(counts + " / " + (d.cantSay.map(String.init) ?? "–"))
    }

    /// The three highest and three lowest items by all others' mean (shown figures only).
    static func extremes(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        let shown = s.results.flatMap { r in
            r.items.compactMap { item -> (String, Double)? in
                guard let text = s.itemTexts[item.itemID], !item.others.suppressed, let mean = item.others.mean else { return nil }
                return ("\(s.names[r.competencyID] ?? ""): \(text)", mean)
            }
        }
        guard shown.count >= 2 else { return .empty }
        let sorted = shown.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        let list: ([(String, Double)]) -> Node<HTML.BodyContext> = { rows in
            .ol(.group(rows.map { .li(.text("\($0.0) — \(formatOneDecimal($0.1))")) }))
        }
        let half = min(3, shown.count / 2)
        return .div(.class("columns"),
                    .div(.class("panel"), .h3(.text("Highest rated items")), list(Array(sorted.prefix(half)))),
                    .div(.class("panel"), .h3(.text("Lowest rated items")), list(Array(sorted.suffix(half).reversed()))))
    }

    /// The comments of each open question, or why none are shown.
    static func comments(_ s: AssessmentSummary) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("Comments")),
            .p(.class("muted"), .text("Shown without names, in an order that says nothing about who wrote them; only when at least \(max(s.rules.commentThreshold, s.rules.ratingThreshold)) stakeholders answered the questionnaire.")),
            .group(s.questions.enumerated().map { index, q in
                .div(.class("panel"), .h3(.text(q.question)),
                     index < s.selfAnswers.count && !s.selfAnswers[index].isEmpty
                        ? .p(.strong(.text("The client's own answer: ")), .text(s.selfAnswers[index])) : .empty,
                     q.shown.isEmpty ? .p(.class("muted"), .text("No comments shown (none given, or too few to keep them anonymous).")) :
                        .ul(.group(q.shown.map { .li(.text($0)) })))
            }))
    }
}
