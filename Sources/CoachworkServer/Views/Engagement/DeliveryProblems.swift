import Vapor
import Plot
import CoachworkCore

/// The coach's view of the engagement's emails that did not go out: who, what, why, and a retry
/// for those the outbox gave up on. Bodies are never shown (they hold personal links).
enum DeliveryProblems {
    static func render(_ o: EngagementOverview) -> Node<HTML.BodyContext> {
        guard !o.deliveryProblems.isEmpty else { return .empty }
        let canRetry = o.scope.can(.update, .engagementMail)
        let rows: [[Node<HTML.BodyContext>]] = o.deliveryProblems.map { m in
            let failed = m.status == OutboxMessage.Status.failed.rawValue
            return [.text(m.toName.map { "\($0) <\(m.toEmail)>" } ?? m.toEmail), .text(m.subject),
                    badge(failed ? "failed after \(m.attempts) attempts" : "retrying (attempt \(m.attempts) failed)", tone: failed ? "danger" : "warning"),
                    .text(m.lastError ?? ""),
                    failed && canRetry ? Form.button(action: "\(Paths.engagement(o.id))/emails/\(m.id!)/retry", csrf: o.scope.req.csrfToken, label: "Retry") : .empty]
        }
        return .div(.class("panel notice"), .h2(.text("Emails not delivered")),
                    .p(.text("These emails of this engagement could not be handed to the mail server. Check the address with the person; a retry sends the same message again.")),
                    Table.render(caption: "Delivery problems", headers: ["To", "Subject", "Status", "Last error", ""], rows: rows, empty: ""))
    }
}
