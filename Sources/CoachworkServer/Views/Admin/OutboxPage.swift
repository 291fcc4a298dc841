import Vapor
import Plot
import CoachworkCore

/// Admin page: every email, its delivery state and failures, with a retry button.
enum OutboxPage {
    static func response(_ req: Request, messages: [OutboxMessage]) -> Response {
        let zone = req.actor?.timeZone ?? "UTC"
        let tone = ["pending": "info", "sent": "success", "failed": "danger"]
        let rows: [[Node<HTML.BodyContext>]] = messages.map { message in
            [.text(message.createdAt.map { LocalTime.format($0, zone: zone) } ?? ""),
             .text(message.toName.map { "\($0) <\(message.toEmail)>" } ?? message.toEmail),
             .text(message.subject), badge(message.status, tone: tone[message.status] ?? "neutral"),
             Table.num(String(message.attempts)), .text(message.lastError ?? ""),
             message.status == OutboxMessage.Status.failed.rawValue
                ? Form.button(action: Paths.retryMessage(message.id!), csrf: req.csrfToken, label: "Retry") : .empty]
        }
        return req.page(
            "Outbox",
            .p(.text("Emails leave through the outbox: each is retried with growing pauses and marked failed after \(OutboxDelivery.maxAttempts) attempts.")),
            Table.render(caption: "Latest 200 emails", headers: ["Queued", "To", "Subject", "Status", "Attempts", "Last error", ""],
                         rows: rows, empty: "No emails yet.", numericColumns: [4]))
    }
}
