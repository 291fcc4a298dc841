import Foundation
import Testing
import PropertyBased
import CoachworkCore
@testable import CoachworkServer

/// Issue 10, finding 1: every page, email and PDF source escapes per Unicode scalar. Random strings
/// mixing the five markup characters with combining marks, prepended concatenation marks, ZWJ,
/// variation selectors and emoji are rendered by the real components (page title, flash, field
/// value, text area, error summary, email) and parsed back by Python's `html.parser`, which must
/// find exactly the input and exactly the elements and attributes of a harmless string.
@Suite struct EscapingPropertyTests {
    /// Pieces the generated strings are made of.
    static let atoms: [String] = [
        "&", "<", ">", "\"", "'", "a", "Zoë", " ", "\n", "\t", "\r\n", "=", "/", ";", "#",
        "\u{0301}", "\u{0300}", "\u{036F}", "\u{20D0}", "\u{20FF}",                      // combining marks
        "\u{0600}", "\u{0601}", "\u{0605}", "\u{06DD}", "\u{070F}", "\u{08E2}", "\u{110BD}",  // prepended concatenation marks
        "\u{200D}", "\u{FE0F}", "\u{FE0E}", "👩\u{200D}💻", "🎉", "🇩🇪", "שלום", "\u{202E}",
        "&amp;", "&#60;", "&lt", "&#x3C;", "<!--", "-->", "</p>", "</textarea>", "<img src=x onerror=alert(1)>",
        "\" onmouseover=\"alert(1)", "' autofocus onfocus='alert(1)", "<script>alert(1)</script>",
    ]

    static let strings = Gen.element(of: atoms).map { $0 ?? "" }.array(of: 0...14).map { $0.joined() }

    /// Known attacks from the review, checked every run whatever the random draw.
    static let known = [
        "\u{0600}<img src=x onerror=alert(document.cookie)>",
        "\"\u{0301} autofocus onfocus=\"alert(1)",
        "'\u{0301}><svg onload=alert(1)>",
        "<\u{20D0}script>alert(1)</script>",
        "&\u{0301}lt;",
    ]

    /// A page built from the layout and form components, with `s` in every text and attribute slot.
    static func page(_ s: String) -> String {
        PageLayout.render(
            title: s, user: SignedInUser(displayName: s, roleLabel: "Coach", csrfToken: "t"), nav: [],
            breadcrumbs: [(title: s, href: "/engagements/" + s)], flashes: [Flash(kind: .error, message: s)],
            content: .group(
                Form.errorSummary(["_form": s, "v": s]),
                Form.field(name: "v", label: s, value: s, error: s, hint: s),
                Form.textArea(name: "w", label: s, value: s),
                Form.select(name: "z", label: s, options: [(value: s, label: s)], selected: s),
                Table.render(caption: s, headers: [s], rows: [[Table.num(s)]], empty: s),
                BarChart.render(title: s, rows: [.init(label: s, value: 2, comparison: nil)], scale: 1...5, valueName: s)))
    }

    /// The HTML alternative of an email greeting `s`, linking to `s`.
    static func email(_ s: String) -> String {
        MailTemplates.signInLink(name: s, url: "https://x.example/link/" + s, expiresAt: Date(timeIntervalSince1970: 0),
                                 zone: "UTC", requestLinkURL: "https://x.example/" + s).html
    }

    /// Tag names with their attribute names: what must not change with the input.
    static func shape(_ parsed: [String: Any]) -> [String] {
        ((parsed["tags"] as? [[Any]]) ?? []).map { tag in
            let attributes = (tag[1] as? [[Any]] ?? []).compactMap { $0.first as? String }
            return "\(tag[0]) \(attributes.joined(separator: ","))"
        }
    }

    @Test func pagesAndEmailsGiveBackExactlyTheInput() async throws {
        var inputs = Self.known
        await propertyCheck(count: 250, input: Self.strings) { s in
            // In process: no markup scalar survives escaping except as the references it writes.
            #expect(HTMLEscaping.isInert(HTMLEscaping.escape(s)), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(!HTMLEscaping.escapeText(s).unicodeScalars.contains { $0 == "<" || $0 == ">" })
            inputs.append(s)
        }
        let documents = inputs.flatMap { [Self.page($0), Self.email($0)] }
        let parsed = try PythonChecks.html(documents + [Self.page("x"), Self.email("x")])
        try #require(parsed.count == documents.count + 2)
        let (pageShape, emailShape) = (Self.shape(parsed[documents.count]), Self.shape(parsed[documents.count + 1]))
        for (index, s) in inputs.enumerated() {
            let page = parsed[2 * index], email = parsed[2 * index + 1]
            let label = s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            #expect(Self.shape(page) == pageShape, "page elements changed for \(label)")
            #expect(Self.shape(email) == emailShape, "email elements changed for \(label)")
            let texts = page["texts"] as? [String: String] ?? [:]
            #expect(texts["#title"] == "\(s) · Coachwork", "title of \(label)")
            // Python's parser keeps the newline a browser drops after <textarea>.
            #expect(texts["field-w"] == "\n" + s, "text area of \(label)")
            let tags = (page["tags"] as? [[Any]]) ?? []
            let input = tags.first { ($0[1] as? [[Any]])?.contains { $0.first as? String == "id" && $0.last as? String == "field-v" } == true }
            // A bare attribute (Plot writes `value` for an empty one) has the empty value.
            let attribute = (input?[1] as? [[Any]])?.first { $0.first as? String == "value" }
            #expect(attribute != nil && ((attribute?.last as? String) ?? "") == s, "field value of \(label)")
        }
    }
}
