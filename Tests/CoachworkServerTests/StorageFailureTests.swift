import Foundation
import Testing
import Fluent
import SQLKit
import Vapor
import VaporTesting
@testable import CoachworkServer

/// Issue 10, part 5: a full disk is a 503 that says nothing was saved, keeps what was typed,
/// is logged once per episode, and recovers without a restart.
@Suite struct StorageFailureTests {
    /// A full disk is simulated with SQLite's page limit; PostgreSQL has no such switch, so
    /// these tests run on SQLite only (DATABASE_URL unset).
    static var onSQLite: Bool { (ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty }

    /// Caps the database at its current size and fills its free pages: the next write that
    /// needs a page fails with SQLITE_FULL ("database or disk is full"), as on a full disk.
    /// The cap is a per-connection setting, so it is set on each event loop's connection.
    private func fillDisk(_ app: Application) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.raw("CREATE TABLE IF NOT EXISTS disk_filler (b BLOB)").run()
        let row = try #require(try await sql.raw("PRAGMA page_count").first())
        let pages = try row.decode(column: "page_count", as: Int.self)
        try await onEveryConnection(app, "PRAGMA max_page_count = \(pages)")
        for _ in 0..<10_000 {
            do { try await sql.raw("INSERT INTO disk_filler VALUES (zeroblob(1000))").run() } catch { return }
        }
        Issue.record("the database never filled up")
    }

    /// Gives the space back, as an operator freeing the disk would.
    private func freeDisk(_ app: Application) async throws {
        try await onEveryConnection(app, "PRAGMA max_page_count = 1073741823")
        try await (app.db as! any SQLDatabase).raw("DELETE FROM disk_filler").run()
    }

    private func onEveryConnection(_ app: Application, _ statement: String) async throws {
        for loop in app.eventLoopGroup.makeIterator() {
            let db = try #require(app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase)
            try await db.raw("\(unsafeRaw: statement)").run()
        }
    }

    /// Long text needs new pages (a row this size overflows its page), so the write must fail.
    private static let problem = "Typed presenting problem. " + String(repeating: "Context that took long to write. ", count: 110)
    private static let objective = "Typed objective & more. " + String(repeating: "Outcome the sponsor asked for. ", count: 110)

    @Test(.enabled(if: onSQLite)) func aWebFormOnAFullDiskKeepsWhatWasTypedAndRecovers() async throws {
        try await withApp { t in
            let logs = LogCapture.install(on: t.app, level: .debug)
            let coach = try await t.makeUser("coach")
            let client = try await t.makePerson(name: "Zoë Client", email: "zoe@example.com", by: coach)
            let sponsor = try await t.makePerson(name: "Sam Sponsor", email: "sam@example.com", by: coach)
            let hr = try await t.makePerson(name: "Hana HR", email: "hana@example.com", by: coach)
            let browser = Browser(t.app)
            try await browser.signIn(coach.email)
            try await browser.get(Paths.engagements)
            let form = ["clientId": client.id!.uuidString, "sponsorId": sponsor.id!.uuidString, "hrPartnerId": hr.id!.uuidString,
                        "seniorExecutiveId": "", "presentingProblem": Self.problem, "objective": Self.objective]

            try await fillDisk(t.app)
            let failed = try await browser.post(Paths.engagements, form)
            let again = try await browser.post(Paths.engagements, form)

            #expect(failed.status == .serviceUnavailable)
            #expect(again.status == .serviceUnavailable)
            #expect(failed.headers.first(name: .retryAfter) != nil)
            #expect(failed.text.contains("Nothing was saved"))
            #expect(failed.text.contains("Typed presenting problem."))
            #expect(failed.text.contains("Typed objective &amp; more."))
            #expect(failed.text.contains(#"action="/engagements""#))
            #expect(try await Engagement.query(on: t.app.db).count() == 0)
            #expect(try await CoachingAgreement.query(on: t.app.db).count() == 0)
            #expect(logs.text.components(separatedBy: "[error] Storage unavailable").count == 2)
            #expect(!logs.text.contains("[critical]"))
            // Pages that only read keep working meanwhile.
            #expect(try await browser.get(Paths.engagements).status == .ok)

            try await freeDisk(t.app)
            let retried = try await browser.post(Paths.engagements, form)
            #expect(retried.status == .seeOther)
            #expect(try await Engagement.query(on: t.app.db).count() == 1)
            #expect(try await Engagement.query(on: t.app.db).first()?.objective == Self.objective.trimmingCharacters(in: .whitespaces))
            #expect(logs.text.contains("Storage recovered"))
        }
    }

    @Test(.enabled(if: onSQLite)) func anAPICallOnAFullDiskIsA503WithRetryAfter() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let api = APIClient(app: t.app, token: try await t.token(for: coach))
            let client = try await t.makePerson(name: "Zoë Client", email: "zoe@example.com", by: coach)
            let sponsor = try await t.makePerson(name: "Sam Sponsor", email: "sam@example.com", by: coach)
            let hr = try await t.makePerson(name: "Hana HR", email: "hana@example.com", by: coach)
            let json = #"{"clientId":"\#(client.id!)","sponsorId":"\#(sponsor.id!)","hrPartnerId":"\#(hr.id!)","presentingProblem":"\#(Self.problem)","objective":"\#(Self.objective)"}"#

            try await fillDisk(t.app)
            let failed = try await api.send(.POST, "/engagements", json: json)

            #expect(failed.status == .serviceUnavailable)
            #expect(failed.headers.first(name: .retryAfter) != nil)
            #expect(failed.headers.contentType?.subType == "problem+json")
            #expect(try APIClient.object(failed)["code"] as? String == "storage_unavailable")
            #expect(try await Engagement.query(on: t.app.db).count() == 0)
            // Reads keep working meanwhile (the token's last use is bookkeeping).
            #expect(try await api.send(.GET, "/engagements").status == .ok)

            try await freeDisk(t.app)
            #expect(try await api.send(.POST, "/engagements", json: json).status == .created)
            #expect(try await Engagement.query(on: t.app.db).count() == 1)
        }
    }

    /// The finding itself: a failed submission on a personal link logged the whole token.
    /// Here every write fails (`PRAGMA query_only`: SQLITE_READONLY) while the person signs in.
    @Test(.enabled(if: onSQLite)) func aFailedPersonalLinkSubmissionLogsItsRouteNeverItsToken() async throws {
        try await withApp { t in
            let logs = LogCapture.install(on: t.app, level: .debug)
            let coach = try await t.makeUser("coach")
            let person = try await t.makePerson(by: coach)
            try await PersonalLinkService(req: Request(application: t.app, on: t.app.eventLoopGroup.next())).sendSignIn(to: person)
            let path = try #require(try await t.deliverMail().last?.personalLinkPath)
            let browser = Browser(t.app)
            #expect(try await browser.get(path).status == .ok)

            try await onEveryConnection(t.app, "PRAGMA query_only = 1")
            let failed = try await browser.post(path)
            try await onEveryConnection(t.app, "PRAGMA query_only = 0")

            #expect(failed.status == .serviceUnavailable)
            #expect(failed.headers.first(name: .retryAfter) != nil)
            #expect(logs.text.contains("Storage unavailable, answering 503 until it recovers (first seen on POST /link/:token)"))
            #expect(!logs.text.contains(String(path.dropFirst("/link/".count))))
            #expect(try await PersonalLink.query(on: t.app.db).filter(\.$usedAt != nil).count() == 0)
            #expect(try await browser.post(path).status == .seeOther)
        }
    }

    /// The retry form never carries a password back into the page.
    @Test(.enabled(if: onSQLite)) func aSignInThatCannotBeStoredEchoesTheEmailButNeverThePassword() async throws {
        try await withApp { t in
            let coach = try await t.makeUser("coach")
            let browser = Browser(t.app)
            try await browser.get(Paths.signIn)

            try await onEveryConnection(t.app, "PRAGMA query_only = 1")
            let failed = try await browser.post(Paths.signIn, ["email": coach.email, "password": TestApp.password])
            try await onEveryConnection(t.app, "PRAGMA query_only = 0")

            #expect(failed.status == .serviceUnavailable)
            #expect(failed.text.contains(coach.email))
            #expect(!failed.text.contains(TestApp.password))
            #expect(try await browser.post(Paths.signIn, ["email": coach.email, "password": TestApp.password]).status == .seeOther)
        }
    }
}
