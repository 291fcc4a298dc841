import Foundation
import Testing
import VaporTesting
@testable import CoachworkServer

extension ReceivedMail {
    /// The path of the emailed account link (`/account/set-password/<token>`), as a browser requests it.
    var accountLinkPath: String? {
        links.compactMap { URL(string: $0) }.first { $0.path.hasPrefix(Paths.setPassword + "/") }?.path
    }
}

extension TestApp {
    /// Delivers due mail and returns the account link mailed to `email` that is not among `earlier`.
    /// (Mails delivered within one second sort by their random Message-ID, so "newest" is not
    /// the last file: a test names the links it already has instead.)
    func accountLink(to email: String, excluding earlier: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let links = try await deliverMail().filter { $0.to.contains("<\(email)>") }.compactMap(\.accountLinkPath).filter { !earlier.contains($0) }
        #expect(links.count == 1, "expected one new account link to \(email), got \(links.count)", sourceLocation: sourceLocation)
        return try #require(links.first, sourceLocation: sourceLocation)
    }

    /// Opens `path` in a fresh browser (GET, then the token-less form) and chooses `password`.
    /// - Returns: the browser and the POST's response.
    func choosePassword(_ password: String, with path: String) async throws -> (Browser, TestingHTTPResponse) {
        let browser = Browser(app)
        let opened = try await browser.get(path)
        #expect(opened.status == .seeOther)
        #expect(opened.location == Paths.setPassword)
        #expect(try await browser.get(Paths.setPassword).status == .ok)
        let saved = try await browser.post(Paths.setPassword, ["new": password, "confirm": password])
        return (browser, saved)
    }
}
