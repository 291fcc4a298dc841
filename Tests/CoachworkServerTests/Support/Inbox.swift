import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Reads delivered mail per recipient, as each person would in their own inbox.
struct Inbox {
    let t: TestApp
    /// Messages already handed out, by file name.
    private(set) var seen: Set<String> = []

    init(_ t: TestApp) { self.t = t }

    /// Delivers due mail and returns the newest unseen message to `email`, preferring one with a personal link.
    mutating func next(to email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> ReceivedMail {
        let mails = try await t.deliverMail().filter { !seen.contains($0.file.lastPathComponent) && $0.to.contains("<\(email)>") }
        // Meeting invitations carry no personal link and may share a delivery pass (and so a
        // file-name timestamp) with the email a test waits for: prefer mail with a link.
        let mail = try #require(mails.last { $0.personalLinkPath != nil } ?? mails.last, "no new mail to \(email)", sourceLocation: sourceLocation)
        seen.insert(mail.file.lastPathComponent)
        return mail
    }

    /// Opens, in a fresh browser, the questionnaire link still usable among all mail to `email`
    /// (mails delivered in one pass share their file-name timestamp, so "newest" is ambiguous).
    func openForm(to email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (Browser, String, TestingHTTPResponse) {
        let mails = try await t.deliverMail().filter { $0.to.contains("<\(email)>") }
        for path in mails.reversed().compactMap(\.personalLinkPath) {
            let browser = Browser(t.app)
            let page = try await browser.get(path)
            if page.status == .ok && !page.scoreFields.isEmpty { return (browser, path, page) }
        }
        Issue.record("no open questionnaire for \(email)", sourceLocation: sourceLocation)
        throw Abort(.notFound)
    }

    /// Opens the mini-survey link still usable among all mail to `email` (see ``openForm(to:sourceLocation:)``).
    func openSurvey(to email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (Browser, String, TestingHTTPResponse) {
        let mails = try await t.deliverMail().filter { $0.to.contains("<\(email)>") }
        for path in mails.reversed().compactMap(\.personalLinkPath) {
            let browser = Browser(t.app)
            let page = try await browser.get(path)
            if page.status == .ok && page.text.contains(#"name="change_"#) { return (browser, path, page) }
        }
        Issue.record("no open survey for \(email)", sourceLocation: sourceLocation)
        throw Abort(.notFound)
    }

    /// Opens the personal link of the newest mail to `email` in a fresh browser (GET, then
    /// the POST of its button) and returns the browser, now signed in.
    mutating func signInFromMail(to email: String) async throws -> (Browser, ReceivedMail) {
        let mail = try await next(to: email)
        let path = try #require(mail.personalLinkPath)
        let browser = Browser(t.app)
        #expect(try await browser.get(path).status == .ok)
        let landed = try await browser.post(path)
        #expect(landed.status == .seeOther)
        return (browser, mail)
    }
}
