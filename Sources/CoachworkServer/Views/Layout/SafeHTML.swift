import Foundation
import Plot
import CoachworkCore

// The one way text and attribute values reach HTML (pages, emails' HTML parts, the PDF source).
//
// Plot 0.14 escapes text per `Character` (so `<` after a prepended concatenation mark such as
// U+0600 is written raw) and writes attribute values verbatim. Every dynamic string therefore
// goes through ``HTMLEscaping/escape(_:)``, which decides per Unicode scalar:
// - `.text(_:)` below shadows Plot's `Node.text` inside this module, so every `.text(...)` in the
//   views is ours;
// - `.escapedAttribute(_:_:)` and `Attribute.escaped(_:_:)` are the only way to set an attribute
//   from data; Plot's `.href`, `.value`, `.action`, `.id` and friends take literals only.
// `SafeHTMLSourceTests` scans the sources and fails on any other path (`.raw`, Plot's
// `element(named:text:)`, a Plot attribute builder given a variable).

extension Node {
    /// Text content, escaped per Unicode scalar (shadows Plot's per-Character `Node.text`).
    static func text(_ text: String) -> Node { .raw(HTMLEscaping.escapeText(text)) }

    /// A line break written as is: a `<textarea>` drops one leading newline, so one is written
    /// before a value that may itself start with a newline.
    static var textAreaLead: Node { .raw("\n") }

    /// Markup built by ``SVGText`` (charts): every data string in it went through its escaping.
    static func svg(_ markup: SVGText) -> Node { .raw(markup.markup) }

    /// An attribute whose value is escaped per Unicode scalar (Plot writes values verbatim).
    static func escapedAttribute(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: HTMLEscaping.escape(value), ignoreIfValueIsEmpty: false)
    }

    /// A boolean attribute rendered as its bare name (e.g. `required`).
    static func flag(_ name: String) -> Node {
        .attribute(named: name)
    }
}

extension Attribute {
    /// An attribute whose value is escaped per Unicode scalar (Plot writes values verbatim).
    static func escaped(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: HTMLEscaping.escape(value), ignoreIfValueIsEmpty: false)
    }

    /// A boolean attribute rendered as its bare name (e.g. `required`).
    static func flag(_ name: String) -> Attribute {
        Attribute(name: name, value: nil, ignoreIfValueIsEmpty: false)
    }
}

extension String {
    /// The string escaped per Unicode scalar for HTML text or a quoted attribute value.
    var htmlEscaped: String { HTMLEscaping.escape(self) }
}

/// SVG markup for the charts, built from fixed templates and escaped data only.
struct SVGText: Sendable {
    /// The markup, ready to embed.
    private(set) var markup = ""

    /// Appends markup that holds no data (a literal with numbers interpolated).
    mutating func tag(_ literal: String) { markup += literal }

    /// Appends `text` escaped per Unicode scalar.
    mutating func text(_ text: String) { markup += HTMLEscaping.escapeText(text) }
}
