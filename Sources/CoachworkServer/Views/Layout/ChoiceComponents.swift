import Foundation
import Plot

extension Form {
    /// A fieldset of radio buttons with a legend, keeping `selected`, and an error with
    /// aria-invalid when set. Used for rating scales (1-5, -3..+3).
    static func radioGroup(
        name: String, legend: String, options: [(value: String, label: String)], selected: String?,
        error: String? = nil, hint: String? = nil
    ) -> Node<HTML.BodyContext> {
        let id = fieldID(name)
        let radios: [Node<HTML.BodyContext>] = options.enumerated().map { index, option in
            let optionID = "\(id)-\(index)"
            return .span(.class("choice"),
                .selfClosedElement(named: "input", attributes: [
                    .escaped("type", "radio"), .escaped("id", optionID), .escaped("name", name),
                    .escaped("value", option.value),
                    option.value == selected ? .flag("checked") : .empty,
                    error == nil ? .empty : .attribute(named: "aria-invalid", value: "true"),
                ]),
                .label(.escapedAttribute("for", optionID), .text(option.label)))
        }
        return .element(named: "fieldset", nodes: [
            .escapedAttribute("class", error == nil ? "field choices" : "field choices field-invalid"),
            .escapedAttribute("id", id),
            .element(named: "legend", nodes: [.text(legend)]),
            .unwrap(hint) { .p(.class("hint"), .text($0)) },
            .div(.class("choice-row"), .group(radios)),
            .unwrap(error) { .p(.class("error-message"), .span(.class("visually-hidden"), .text("Error: ")), .text($0)) },
        ])
    }
}

extension Stylesheet {
    /// Rules for components added after the base sheet: choices, phase stepper, checklists, charts.
    static let extra = """
    .pager { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: baseline; margin: 1rem 0; }
    .pager p { margin: 0; color: var(--muted); }
    .pager a { display: inline-block; min-height: 44px; line-height: 44px; }
    @media print { .pager { display: none; } }
    .item-results td:first-child { min-width: 16rem; }
    svg .grid { stroke: #e2e8f0; stroke-width: 1; }
    svg .trend { stroke: #1e3a5f; stroke-width: 2; fill: none; }
    svg .whisker { stroke: #64748b; stroke-width: 1.5; }
    svg .point { fill: #1e3a5f; }
    ul.diff ins { background: #dcfce7; text-decoration: none; padding: 0 0.15em; }
    ul.diff del { background: #fee2e2; padding: 0 0.15em; }
    details > summary { cursor: pointer; font-weight: 600; margin: 0.5rem 0; }
    .inline-fields { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-start; }
    .inline-fields > .field { flex: 1 1 12rem; }
    .side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
    @media print { details { display: block; } details > * { display: block; } .no-print { display: none !important; } }
    fieldset.choices { border: 0; padding: 0; margin: 0 0 1.25rem; }
    fieldset.choices legend { font-weight: 600; padding: 0; margin-bottom: 0.35rem; }
    .choice-row { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
    .choice { display: inline-flex; align-items: center; gap: 0.3rem; }
    .choice input { width: auto; margin: 0; }
    .stepper { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0 0 1.5rem; }
    .stepper li { padding: 0.35rem 0.8rem; border: 1px solid var(--line); border-radius: 999px; background: var(--surface); color: var(--muted); }
    .stepper li.done { color: var(--success); border-color: #8cc5a0; }
    .stepper li.current { color: #fff; background: var(--accent); border-color: var(--accent); font-weight: 700; }
    .checklist { list-style: none; padding: 0; margin: 0 0 1rem; }
    .checklist li { padding: 0.3rem 0; }
    .checklist .met::before { content: "✓ "; color: var(--success); font-weight: 700; }
    .checklist .unmet::before { content: "○ "; color: var(--warning); font-weight: 700; }
    .panel { margin: 0 0 1.5rem; padding: 1rem 1.25rem; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); }
    .panel h2 { margin-top: 0; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.25rem; }
    .muted { color: var(--muted); }
    .panel p, td { white-space: pre-line; }
    .notice { max-width: 40rem; margin: 0 0 1.5rem; padding: 1rem 1.25rem; border: 1px solid var(--success); border-left-width: 5px; border-radius: var(--radius); background: var(--success-bg); }
    .notice h2 { margin-top: 0; font-size: 1.1rem; }
    .notice code { font-size: 1.2rem; font-weight: 700; letter-spacing: 0.05em; user-select: all; }
    .bar { fill: var(--accent); }
    .bar-self { fill: #9aa5b1; }
    .axis { stroke: #9aa5b1; stroke-width: 1; }
    svg text { font-family: var(--font); font-size: 12px; fill: #323f4b; }
    @media print {
      .panel { border: 1px solid #000; break-inside: avoid; }
      .stepper li.current { color: #000; background: #fff; border: 2px solid #000; }
      .bar { fill: #333; } .bar-self { fill: #999; }
    }
    """
}
