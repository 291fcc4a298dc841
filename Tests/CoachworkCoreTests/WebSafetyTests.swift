import Testing
@testable import CoachworkCore

/// Per-scalar HTML escaping and the same-site path rule (issue 10).
@Suite struct WebSafetyTests {
    @Test func escapingFindsMarkupInsideGraphemeClusters() {
        // Each of these is a single Swift Character that is not "<" or "\"", yet holds one.
        let prepended = "\u{0600}<img>"
        let combined = "\"\u{0301}"
        #expect(prepended.first != "<" && combined.first != "\"")
        #expect(HTMLEscaping.escape(prepended) == "\u{0600}&lt;img&gt;")
        #expect(HTMLEscaping.escape(combined) == "&quot;\u{0301}")
        #expect(HTMLEscaping.escape("a&b'c\r\n") == "a&amp;b&#39;c&#13;\n")
        #expect(HTMLEscaping.escape("Zoë 👩\u{200D}💻") == "Zoë 👩\u{200D}💻")
        #expect(HTMLEscaping.escapeText("\u{0600}<b> \"O'Neil\" & co") == "\u{0600}&lt;b&gt; \"O'Neil\" &amp; co")
    }

    @Test func inertnessIsCheckedPerScalar() {
        #expect(HTMLEscaping.isInert("a &amp; b &lt;&#39;&#13;"))
        // Held in variables: Swift Testing's macro mangles these literals.
        let samples = ["\u{0600}<img>", "&\u{0301}lt;", "\"\u{0301}"]
        for sample in samples { #expect(!HTMLEscaping.isInert(sample)) }
    }

    /// Known open-redirect bypasses (OWASP cheat sheet, browser URL-parser quirks): none may pass.
    @Test(arguments: [
        "//evil.example", "///evil.example", "/\\evil.example", "\\/evil.example", "/\t/evil.example", "/\n/evil.example",
        "/\r/evil.example", " /evil", "https://evil.example", "http:/evil.example", "javascript:alert(1)", "/%2F/evil.example",
        "/%5Cevil.example", "/%09/evil.example", "/%0d%0aSet-Cookie:x", "/\u{3000}/evil.example", "/\u{FF0F}evil.example",
        "/ evil", "evil.example", "", "/a#//evil.example", "/.\\evil", "/%", "/%zz", "/\u{0000}",
    ])
    func bypassesAreRefused(_ candidate: String) {
        #expect(LocalPath.validated(candidate) == nil)
    }

    @Test(arguments: ["/", "/engagements", "/engagements/6079ECBF-69BF-4D42-A3FF-1ECFF1F1D1B0/meetings/x?tab=notes&a=b", "/a%20b", "/~me:@!$&'()*+,;="])
    func plainPathsPass(_ candidate: String) {
        #expect(LocalPath.validated(candidate) == candidate)
    }

    /// Found by the tester: a `"` followed by U+0301 was not doubled, so the field ended early and a
    /// formula became a cell of its own.
    @Test func csvDoublesEveryQuoteScalar() {
        let name = "Comp \"\u{0301},=HYPERLINK(\"http://evil.test\")"
        #expect(CSVText.field(name) == "\"Comp \"\"\u{0301},=HYPERLINK(\"\"http://evil.test\"\")\"")
    }

    @Test func aRaterFormIsItsRatersAlone() {
        let policy = AccessPolicy()
        #expect(policy.decideRaterForm(raterEmail: "sam@example.com", signedInEmail: nil) == .allow)
        #expect(policy.decideRaterForm(raterEmail: "sam@example.com", signedInEmail: "Sam@Example.com") == .allow)
        #expect(!policy.decideRaterForm(raterEmail: "sam@example.com", signedInEmail: "client@example.com").isAllowed)
    }
}
