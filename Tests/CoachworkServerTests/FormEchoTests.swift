import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10, finding 1, from the outside: every form the coach and the admin can reach is sent
/// back with an attack in each field it has (reflected on a 422, or stored and shown on the page a
/// success redirects to), and Python's `html.parser` must find no element or event handler the
/// attack tried to add, on the answer or on any page afterwards.
@Suite struct FormEchoTests {
    /// Breaks out of text (prepended concatenation mark before `<`) and out of attribute values
    /// (a quote followed by a combining mark): both passed Plot's per-Character escaping.
    static let attack = "\u{0600}<img src=x onerror=alert(1)>\"\u{0301} onfocus=\"alert(2)\" '\u{0301} onmouseover='alert(3)"

    /// A form found on a page: where it posts and the fields a browser would send.
    struct FoundForm { var action: String; var fields: [String: String] }

    /// The forms of one parsed page, each with every text field, text area and email field set to
    /// the attack, hidden fields kept, and the first option of each select chosen.
    static func forms(in parsed: [String: Any]) -> [FoundForm] {
        var forms: [FoundForm] = []
        var pendingSelect: String?
        for tag in (parsed["tags"] as? [[Any]]) ?? [] {
            let name = tag[0] as? String ?? ""
            var attributes: [String: String] = [:]
            for pair in (tag[1] as? [[Any]]) ?? [] { if let key = pair.first as? String { attributes[key] = pair.last as? String ?? "" } }
            switch name {
            case "form" where (attributes["method"] ?? "").lowercased() == "post":
                forms.append(FoundForm(action: attributes["action"] ?? "", fields: [:]))
            case "input" where !forms.isEmpty:
                guard let field = attributes["name"] else { continue }
                switch attributes["type"] ?? "text" {
                case "hidden", "checkbox", "radio": forms[forms.count - 1].fields[field] = attributes["value"] ?? "on"
                case "password", "file", "submit": continue
                default: forms[forms.count - 1].fields[field] = attack
                }
            case "textarea" where !forms.isEmpty:
                if let field = attributes["name"] { forms[forms.count - 1].fields[field] = attack }
            case "select" where !forms.isEmpty:
                pendingSelect = attributes["name"]
            case "option" where !forms.isEmpty:
                if let field = pendingSelect { forms[forms.count - 1].fields[field] = attributes["value"] ?? ""; pendingSelect = nil }
            default: continue
            }
        }
        return forms
    }

    /// Fails on any `img` element or `on…` attribute: the page has neither of its own.
    static func expectInert(_ parsed: [String: Any], _ what: String) {
        let tags = (parsed["tags"] as? [[Any]]) ?? []
        #expect(!tags.contains { $0.first as? String == "img" }, "an injected element on \(what)")
        let handlers = tags.flatMap { (($0[1] as? [[Any]]) ?? []).compactMap { $0.first as? String }.filter { $0.hasPrefix("on") } }
        #expect(handlers.isEmpty, "injected \(handlers) on \(what)")
    }

    @Test func noFormAnswerOrStoredValueBecomesMarkup() async throws {
        try await withApp { t in
            let f = try await EngagementFixture.build(t, shareIDP: true)
            let e = f.engagementID
            let pages = ["/", "/engagements", Paths.newEngagement, "/engagements/\(e)", "/engagements/\(e)/agreement", "/engagements/\(e)/idp",
                         "/engagements/\(e)/assessments/\(f.assessmentID)", "/engagements/\(e)/meetings/\(f.kickoffID)",
                         "/engagements/\(e)/report", Paths.people, Paths.tokens, Paths.password, "/account/calendar"]
            let adminPages = [Paths.users, Paths.settings, Paths.competencyModels, Paths.outbox]
            var answers: [(String, String)] = []
            var posted = 0
            for (browser, paths) in [(f.coach, pages), (f.admin, adminPages)] {
                for path in paths {
                    let page = try await browser.get(path)
                    let parsed = try #require(try PythonChecks.html([page.text]).first)
                    for form in Self.forms(in: parsed) where form.action != Paths.signOut && !form.action.hasSuffix("/advance") {
                        // Each form from a fresh copy of its page, so its CSRF token is current.
                        _ = try await browser.get(path)
                        let answer = try await browser.post(form.action, form.fields)
                        posted += 1
                        answers.append(("POST \(form.action) from \(path)", answer.text))
                        if let location = answer.location, answer.status == .seeOther {
                            answers.append(("GET \(location) after POST \(form.action)", try await browser.get(location).text))
                        }
                    }
                }
            }
            // Stored values show up again on every page, for every party.
            for (role, browser) in f.parties {
                for path in pages { answers.append(("\(role) GET \(path)", try await browser.get(path).text)) }
            }
            #expect(posted >= 20, "only \(posted) forms were tried")
            let parsed = try PythonChecks.html(answers.map(\.1))
            for (index, result) in parsed.enumerated() { Self.expectInert(result, answers[index].0) }
            // The attack did reach the pages (echoed or stored), as text.
            #expect(answers.filter { $0.1.contains("onerror=alert(1)&gt;") }.count >= 5)
        }
    }
}
