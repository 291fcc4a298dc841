import Foundation
import Testing

/// Issue 10, finding 1: no view can bypass the per-scalar escaping of `SafeHTML.swift`. Plot writes
/// `.raw` markup and attribute values verbatim and escapes its own `Node.text` per Character, so the
/// server's sources must reach HTML only through our `.text`, `.escapedAttribute` and `.escaped`.
/// This reads every Swift file of `CoachworkServer` and fails on any other path.
@Suite struct SafeHTMLSourceTests {
    /// Plot's attribute builders, which write their value verbatim.
    static let builders = "href|value|action|id|name|title|alt|src|content|placeholder|for|style|ariaLabel|data|class|method|enctype|accept|rel"
    /// Plot's element builders, which turn a string literal into Plot's own text node.
    static let elements = "p|li|td|th|span|h1|h2|h3|h4|div|strong|em|small|label|caption|dt|dd|legend|option|a|b|i|code|summary|figcaption|button|pre"

    /// (pattern, why it is refused). A leading-dot call preceded by an identifier is someone else's
    /// member (e.g. `AssessmentItemsSection.title(…)`), not Plot's.
    static let forbidden: [(String, String)] = [
        (#"(?<![A-Za-z0-9_)\]])\.raw\("#, "Plot's .raw writes markup verbatim"),
        (#"element\(named:\s*"[^"]*",\s*text:"#, "Plot's element(named:text:) escapes per Character"),
        (#"(?<![A-Za-z0-9_)\]])\.(\#(builders))\(\s*[^"\s).]"#, "a Plot attribute builder given a variable writes it verbatim"),
        (#"(?<![A-Za-z0-9_)\]])\.(\#(builders))\("[^"]*\\\("#, "a Plot attribute builder given an interpolated string writes it verbatim"),
        (#"attribute\(named:\s*"[^"]*",\s*value:\s*[^"\s]"#, "attribute(named:value:) with a variable writes it verbatim"),
        (#"(?<![A-Za-z0-9_)\]])\.(\#(elements))\("[^"]*\\\("#, "an interpolated string literal becomes Plot's own text node"),
    ]

    static var serverSources: [URL] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CoachworkServer")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "SafeHTML.swift" }
    }

    @Test func noViewReachesHTMLAroundTheEscaping() throws {
        let sources = Self.serverSources
        try #require(sources.count > 100, "found \(sources.count) source files")
        var violations: [String] = []
        for file in sources {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for (pattern, why) in Self.forbidden where line.range(of: pattern, options: .regularExpression) != nil {
                    violations.append("\(file.lastPathComponent):\(number + 1): \(why): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func theCheckFindsEachKindOfBypass() {
        let bad = [#".raw(html)"#, #".element(named: "code", text: secret)"#, #".href(url)"#, #".value("\(name)")"#,
                   #".attribute(named: "role", value: kind)"#, #".p("Hello \(name)")"#, #".class("badge-\(tone)")"#]
        let good = [#".text(name)"#, #".escapedAttribute("href", url)"#, #".href("/styles.css")"#, #"Section.title(g.group)"#, #"sql.raw("SELECT 1")"#, #".method(.post)"#,
                    #".attribute(named: "role", value: "alert")"#, #".class("panel")"#]
        for line in bad { #expect(Self.forbidden.contains { line.range(of: $0.0, options: .regularExpression) != nil }, "\(line)") }
        for line in good { #expect(!Self.forbidden.contains { line.range(of: $0.0, options: .regularExpression) != nil }, "\(line)") }
    }
}
