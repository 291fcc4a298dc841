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
    /// Delivers due mail and returns the account link of the newest mail to `email`.
    func accountLink(to email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let mail = try #require(try await deliverMail().last { $0.to.contains("<\(email)>") && $0.accountLinkPath != nil },
                                "no account link mailed to \(email)", sourceLocation: sourceLocation)
        return try #require(mail.accountLinkPath, sourceLocation: sourceLocation)
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
