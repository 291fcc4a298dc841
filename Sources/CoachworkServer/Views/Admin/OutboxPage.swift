import Vapor
import Plot
import CoachworkCore

/// Admin page: every email, its delivery state and failures, with a retry button.
enum OutboxPage {
    /// One page of the outbox (newest first) with links to the neighbouring pages.
    static func response(_ req: Request, messages: [OutboxMessage], page: Int, per: Int = Pagination.defaultPer, hasNext: Bool) -> Response {
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
            Table.render(caption: page == 1 ? "Latest emails" : "Emails, page \(page)", headers: ["Queued", "To", "Subject", "Status", "Attempts", "Last error", ""],
                         rows: rows, empty: page == 1 ? "No emails yet." : "No emails on this page.", numericColumns: [4]),
            Pager.render(page: page, per: per, hasNext: hasNext, path: Paths.outbox, previous: "← Newer emails", next: "Older emails →"))
    }
}
