import Foundation
import Testing
import Fluent
import Vapor
import NIOConcurrencyHelpers
@testable import CoachworkServer
@testable import CoachworkCore

/// A transport that records what it was given, optionally failing or pausing.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let sent = NIOLockedValueBox<[String]>([])
    let failing: Bool
    let pause: Duration

    init(failing: Bool = false, pause: Duration = .zero) {
        self.failing = failing
        self.pause = pause
    }

    var messageIDs: [String] { sent.withLockedValue { $0 } }

    func send(_ rendered: String, message: MailMessage) async throws {
        if pause > .zero { try await Task.sleep(for: pause) }
        if failing { throw Abort(.serviceUnavailable, reason: "mail server down") }
        sent.withLockedValue { $0.append(message.messageID) }
    }
}

@Suite struct OutboxTests {
    private func enqueue(_ t: TestApp, key: String, to email: String = "zoe@example.com") async throws -> Bool {
        try await Outbox.enqueue(on: t.app.db, purpose: "test", key: key, to: MailAddress(name: "Zoë", email: email),
                                 content: MailContent(subject: "Hello", text: "Text", html: "<p>HTML</p>"),
                                 senderDomain: "coachwork.test", now: t.app.clock.now())
    }

    @Test func theSameCauseNeverMailsTwice() async throws {
        try await withApp { t in
            let first = try await enqueue(t, key: "round-1:zoe")
            let second = try await enqueue(t, key: "round-1:zoe")
            let other = try await enqueue(t, key: "round-1:bo")
            #expect(first && !second && other)
            let count = try await OutboxMessage.query(on: t.app.db).count()
            #expect(count == 2)
        }
    }

    @Test func anEmailIsOnlyQueuedIfItsTransactionCommits() async throws {
        try await withApp { t in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await t.app.db.transaction { db in
                    try await Outbox.enqueue(on: db, purpose: "test", key: "k", to: MailAddress(name: nil, email: "a@example.com"),
                                             content: MailContent(subject: "s", text: "t", html: "h"), senderDomain: "x.test", now: Date())
                    throw Rollback()
                }
            }
            let count = try await OutboxMessage.query(on: t.app.db).count()
            #expect(count == 0)
        }
    }

    @Test func failuresBackOffThenGiveUpVisibly() async throws {
        try await withApp { t in
            t.app.mailTransport = RecordingTransport(failing: true)
            _ = try await enqueue(t, key: "k")
            var now = Date()
            for attempt in 1...OutboxDelivery.maxAttempts {
                #expect(try await t.app.outboxDelivery.deliverDue(now: now) == 0)
                let row = try #require(try await OutboxMessage.query(on: t.app.db).first())
                #expect(row.attempts == attempt)
                #expect(row.lastError?.contains("mail server down") == true)
                if attempt < OutboxDelivery.maxAttempts {
                    #expect(row.status == "pending")
                    let wait = row.nextAttemptAt.timeIntervalSince(now)
                    #expect(abs(wait - OutboxDelivery.backoff(afterAttempts: attempt)) < 1)
                    // Not due before its time.
                    #expect(try await t.app.outboxDelivery.deliverDue(now: now.addingTimeInterval(wait - 5)) == 0)
                    #expect(try await OutboxMessage.query(on: t.app.db).first()?.attempts == attempt)
                    now = row.nextAttemptAt.addingTimeInterval(1)
                } else {
                    #expect(row.status == "failed")
                }
            }
            // A failed message is retried only on request.
            let working = RecordingTransport()
            t.app.mailTransport = working
            #expect(try await t.app.outboxDelivery.deliverDue(now: now.addingTimeInterval(86_400)) == 0)
            let id = try #require(try await OutboxMessage.query(on: t.app.db).first()?.id)
            try await OutboxService(db: t.app.db).retry(id: id, now: now)
            #expect(try await t.app.outboxDelivery.deliverDue(now: now) == 1)
            #expect(working.messageIDs.count == 1)
            let sent = try #require(try await OutboxMessage.find(id, on: t.app.db))
            #expect(sent.status == "sent")
            // Personal links in the body are not kept once the message is handed over.
            #expect(sent.textBody.isEmpty && sent.htmlBody == nil)
        }
    }

    @Test func backoffDoublesFromThirtySecondsUpToSixHours() {
        #expect(OutboxDelivery.backoff(afterAttempts: 1) == 30)
        #expect(OutboxDelivery.backoff(afterAttempts: 2) == 60)
        #expect(OutboxDelivery.backoff(afterAttempts: 4) == 240)
        #expect(OutboxDelivery.backoff(afterAttempts: 20) == 6 * 3600)
    }

    @Test func concurrentWorkersSendEachMessageExactlyOnce() async throws {
        try await withApp { t in
            let transport = RecordingTransport(pause: .milliseconds(20))
            t.app.mailTransport = transport
            for i in 0..<12 { _ = try await enqueue(t, key: "k\(i)", to: "p\(i)@example.com") }
            let now = Date()
            let delivery = t.app.outboxDelivery
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await delivery.deliverDue(now: now) } }
                for try await _ in group {}
            }
            #expect(transport.messageIDs.count == 12)
            #expect(Set(transport.messageIDs).count == 12)
            #expect(try await OutboxMessage.query(on: t.app.db).filter(\.$status == "sent").count() == 12)
        }
    }

    @Test func theAdminSeesFailuresAndCanRetryFromThePage() async throws {
        try await withApp { t in
            t.app.mailTransport = RecordingTransport(failing: true)
            _ = try await enqueue(t, key: "k")
            let row = try #require(try await OutboxMessage.query(on: t.app.db).first())
            row.status = "failed"
            row.lastError = "mail server down"
            try await row.save(on: t.app.db)
            let admin = try await t.makeUser("admin")
            let browser = Browser(t.app)
            try await browser.signIn(admin.email)
            let page = try await browser.get(Paths.outbox)
            #expect(page.text.contains("mail server down"))
            #expect(page.text.contains("Retry"))
            #expect(try await browser.post(Paths.retryMessage(row.id!)).location == Paths.outbox)
            #expect(try await OutboxMessage.find(row.id, on: t.app.db)?.status == "pending")
        }
    }

    @Test func folderTransportWritesMessagesThatPythonsEmailPackageParses() async throws {
        try await withApp { t in
            _ = try await Outbox.enqueue(
                on: t.app.db, purpose: "test", key: "hard",
                to: MailAddress(name: "Ferreira, Zoë \"Z\" \\ مرحبا 🎉", email: "zoe@example.com"),
                content: MailContent(subject: "Réunion; séance: \\ 🎉 שלום", text: "Line one\nLine two é", html: "<p>é</p>"),
                senderDomain: "coachwork.test", now: Date())
            let mails = try await t.deliverMail()
            #expect(mails.count == 1)
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Scripts/check_eml.py")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, t.mailDirectory.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let line = try #require(String(decoding: data, as: UTF8.self).split(separator: "\n").first)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(parsed["subject"] as? String == "Réunion; séance: \\ 🎉 שלום")
            let to = try #require((parsed["to"] as? [[String: Any]])?.first)
            #expect(to["name"] as? String == "Ferreira, Zoë \"Z\" \\ مرحبا 🎉")
            #expect((parsed["text"] as? String)?.contains("Line two é") == true)
        }
    }
}
