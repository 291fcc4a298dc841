import Foundation
import Plot

// Note: Plot also declares `Form` and `Table` components. Inside this module
// these enums shadow them; code that imports Plot from another module (e.g. a
// test target) must write `CoachworkServer.Form` / `CoachworkServer.Table`.

enum Form {
    /// `<form method="post" action=...>` with a hidden `_csrf` input, then the
    /// fields, then a primary submit button.
    static func post(
        action: String, csrf: String, submitLabel: String, _ fields: Node<HTML.BodyContext>...
    ) -> Node<HTML.BodyContext> {
        postForm(action: action, csrf: csrf, fields: .group(fields), actions: submit(submitLabel, style: "primary"))
    }

    /// A POST form whose submit buttons send `name=value` (e.g. `intent=draft` or `intent=submit`),
    /// the first one primary. Buttons after the first skip browser validation (saving a draft needs no answers).
    static func post(
        action: String, csrf: String, buttons: [(name: String, value: String, label: String)], _ fields: Node<HTML.BodyContext>...
    ) -> Node<HTML.BodyContext> {
        postForm(action: action, csrf: csrf, fields: .group(fields), actions: .group(buttons.enumerated().map { index, button in
            .button(.type(.submit), .escapedAttribute("class", index == 0 ? "button button-primary" : "button button-secondary"),
                    .escapedAttribute("name", button.name), .escapedAttribute("value", button.value),
                    index == 0 ? .empty : .flag("formnovalidate"), .text(button.label))
        }))
    }

    private static func postForm(action: String, csrf: String, fields: Node<HTML.BodyContext>,
                                 actions: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [
            .class("form"),
            .attribute(named: "method", value: "post"),
            .escapedAttribute("action", action),
            csrfInput(csrf),
            fields,
            .div(.class("form-actions"), actions),
        ])
    }

    /// A labelled input. Keeps `value` (except for passwords), shows `hint` under
    /// the label and `error` under the input (with aria-invalid/aria-describedby).
    static func field(
        name: String, label: String, type: String = "text", value: String? = nil,
        error: String? = nil, hint: String? = nil, required: Bool = false
    ) -> Node<HTML.BodyContext> {
        let id = fieldID(name)
        let inputType = allowedTypes.contains(type) ? type : "text"
        let kept = inputType == "password" ? nil : value
        return group(id: id, label: label, error: error, hint: hint, required: required,
                     control: .selfClosedElement(named: "input", attributes: [
                         .escaped("type", inputType),
                         .escaped("id", id),
                         .escaped("name", name),
                         kept.map { .escaped("value", $0) } ?? .empty,
                         // Every number the product asks for is whole (days, weeks, counts, thresholds).
                         inputType == "number" ? .attribute(named: "step", value: "1") : .empty,
                         required ? .flag("required") : .empty,
                     ] + aria(id: id, error: error, hint: hint)))
    }

    /// A text input with suggestions (`<datalist>`): typing filters the list in the browser, with no
    /// script; the server still validates what arrives.
    static func suggesting(
        name: String, label: String, suggestions: [(value: String, label: String)], value: String?, error: String? = nil, hint: String? = nil
    ) -> Node<HTML.BodyContext> {
        let id = fieldID(name), listID = fieldID(name) + "-options"
        return group(id: id, label: label, error: error, hint: hint, required: false,
                     control: .group(
                        .selfClosedElement(named: "input", attributes: [
                            .escaped("type", "text"), .escaped("id", id), .escaped("name", name), .escaped("list", listID),
                            .escaped("autocomplete", "off"), value.map { .escaped("value", $0) } ?? .empty,
                        ] + aria(id: id, error: error, hint: hint)),
                        .element(named: "datalist", nodes: [.escapedAttribute("id", listID),
                            .group(suggestions.map { .element(named: "option", nodes: [.escapedAttribute("value", $0.value), .text($0.label)]) })])))
    }

    static func textArea(
        name: String, label: String, value: String? = nil, error: String? = nil,
        hint: String? = nil, rows: Int = 4, required: Bool = false
    ) -> Node<HTML.BodyContext> {
        let id = fieldID(name)
        return group(id: id, label: label, error: error, hint: hint, required: required,
                     control: .element(named: "textarea", nodes: [
                         .escapedAttribute("id", id),
                         .escapedAttribute("name", name),
                         .escapedAttribute("rows", String(max(1, rows))),
                         .group(aria(id: id, error: error, hint: hint).map(\.node)),
                         .if(required, .flag("required")),
                         // The HTML parser drops one leading newline inside <textarea>;
                         // emit one so a value that starts with a newline survives.
                         .textAreaLead,
                         .text(value ?? ""),
                     ]))
    }

    /// options: (value, label); `selected` marks the kept value.
    static func select(
        name: String, label: String, options: [(value: String, label: String)],
        selected: String?, error: String? = nil, hint: String? = nil
    ) -> Node<HTML.BodyContext> {
        let id = fieldID(name)
        let optionNodes: [Node<HTML.BodyContext>] = options.map { option in
            .element(named: "option", nodes: [
                .escapedAttribute("value", option.value),
                .if(option.value == selected, .flag("selected")),
                .text(option.label),
            ])
        }
        return group(id: id, label: label, error: error, hint: hint, required: false,
                     control: .element(named: "select", nodes: [
                         .escapedAttribute("id", id),
                         .escapedAttribute("name", name),
                         .group(aria(id: id, error: error, hint: hint).map(\.node)),
                         .group(optionNodes),
                     ]))
    }

    /// A summary box listing every error at the top of a form (role="alert").
    /// Each message links to its field; keys starting with "_" are form-level
    /// errors and are listed without a link. Ordered by key.
    static func errorSummary(_ errors: [String: String]) -> Node<HTML.BodyContext> {
        guard !errors.isEmpty else { return .empty }
        let sorted = errors.sorted { $0.key < $1.key }
        return .div(
            .class("error-summary"),
            .attribute(named: "role", value: "alert"),
            .attribute(named: "aria-labelledby", value: "error-summary-title"),
            .h2(.id("error-summary-title"), .text(errors.count == 1 ? "There is a problem" : "There are \(errors.count) problems")),
            .ul(.forEach(sorted) { entry in
                let item: Node<HTML.BodyContext> = entry.key.hasPrefix("_")
                    ? .text(entry.value)
                    : .a(.escapedAttribute("href", "#" + fieldID(entry.key)), .text(entry.value))
                return .li(item)
            })
        )
    }

    /// A small inline POST form with only a button (e.g. "Revoke"), with hidden `_csrf`.
    /// style: "primary", "secondary" (default), "danger" or "quiet".
    /// A hidden input carrying `value` back with the form (escaped per scalar).
    static func hidden(name: String, value: String) -> Node<HTML.BodyContext> {
        .selfClosedElement(named: "input", attributes: [.attribute(named: "type", value: "hidden"), .escaped("name", name), .escaped("value", value)])
    }

    /// A required "I understand" tick (`name=yes`) before something that cannot be undone, with its error.
    static func confirmBox(name: String = "confirm", label: String, error: String?) -> Node<HTML.BodyContext> {
        .div(.class("field"),
             .element(named: "label", nodes: [
                .selfClosedElement(named: "input", attributes: [.attribute(named: "type", value: "checkbox"), .escaped("name", name),
                                                                 .attribute(named: "value", value: "yes"), .flag("required")]),
                .text(" " + label),
             ]),
             error.map { .p(.class("field-error"), .text($0)) } ?? .empty)
    }

    static func button(
        action: String, csrf: String, label: String, style: String = "secondary"
    ) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [
            .class("inline-form"),
            .attribute(named: "method", value: "post"),
            .escapedAttribute("action", action),
            csrfInput(csrf),
            submit(label, style: style),
        ])
    }

    /// The DOM id used for the control named `name` (also the error-summary link target).
    static func fieldID(_ name: String) -> String {
        let safe = name.unicodeScalars.map { scalar -> String in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? String(scalar) : "-"
        }.joined()
        return "field-" + safe
    }

    // MARK: - Private

    private static let allowedTypes: Set<String> = [
        "text", "email", "password", "date", "number", "datetime-local",
        "time", "tel", "url", "search", "month",
    ]

    private static func csrfInput(_ token: String) -> Node<HTML.BodyContext> {
        .selfClosedElement(named: "input", attributes: [
            Attribute<HTML.BodyContext>(name: "type", value: "hidden"),
            .attribute(named: "name", value: "_csrf"),
            .escaped("value", token),
        ])
    }

    private static func submit(_ label: String, style: String) -> Node<HTML.BodyContext> {
        let known = ["primary", "secondary", "danger", "quiet"]
        let tone = known.contains(style) ? style : "secondary"
        return .button(.type(.submit), .escapedAttribute("class", "button button-\(tone)"), .text(label))
    }

    private static func aria(id: String, error: String?, hint: String?) -> [Attribute<HTML.BodyContext>] {
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        return [
            described.isEmpty ? .empty : .escaped("aria-describedby", described.joined(separator: " ")),
            error == nil ? .empty : .attribute(named: "aria-invalid", value: "true"),
        ]
    }

    private static func group(
        id: String, label: String, error: String?, hint: String?, required: Bool,
        control: Node<HTML.BodyContext>
    ) -> Node<HTML.BodyContext> {
        .div(
            .escapedAttribute("class", error == nil ? "field" : "field field-invalid"),
            .label(
                .escapedAttribute("for", id),
                .text(label),
                .if(required, .span(.class("required-marker"), .text(" (required)")))
            ),
            .unwrap(hint) { .p(.class("hint"), .escapedAttribute("id", "\(id)-hint"), .text($0)) },
            control,
            .unwrap(error) {
                .p(.class("error-message"), .escapedAttribute("id", "\(id)-error"),
                   .span(.class("visually-hidden"), .text("Error: ")), .text($0))
            }
        )
    }
}
