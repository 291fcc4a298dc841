import Foundation
import Plot
import CoachworkCore

/// One template per kind of message: each greets the recipient by name, states times in
/// their own zone (named) and carries their personal link.
enum MailTemplates {
    /// The personal sign-in link for a client, sponsor or HR partner.
    ///
    /// - Parameters:
    ///   - name: the recipient's name.
    ///   - url: the absolute link.
    ///   - expiresAt: when the link stops working (UTC instant).
    ///   - zone: the recipient's IANA time zone.
    ///   - requestLinkURL: where to ask for a fresh link.
    static func signInLink(name: String, url: String, expiresAt: Date, zone: String, requestLinkURL: String) -> MailContent {
        let expiry = LocalTime.format(expiresAt, zone: zone)
        let text = """
        Hello \(name),

        Here is your personal link to sign in to Coachwork:

        \(url)

        It works until \(expiry). Opening it shows a page with a button; nothing happens until you press it.
        If it has expired, ask for a new one at \(requestLinkURL).

        If you did not expect this email, you can ignore it.
        """
        let html = wrap(title: "Your sign-in link", body: [
            .p(.text("Hello \(name),")),
            .p(.text("Here is your personal link to sign in to Coachwork:")),
            .p(.a(.escapedAttribute("href", url), .text("Sign in to Coachwork"))),
            .p(.text("It works until \(expiry). Opening it shows a page with a button; nothing happens until you press it.")),
            .p(.text("If it has expired, ask for a new one at "), .a(.escapedAttribute("href", requestLinkURL), .text(requestLinkURL)), .text(".")),
            .p(.text("If you did not expect this email, you can ignore it.")),
        ])
        return MailContent(subject: "Your Coachwork sign-in link", text: text, html: html)
    }

    /// Tells an old address that Coachwork no longer writes to it (a coach or admin changed it). The
    /// new address is not named: whoever reads the old mailbox learns nothing more.
    static func emailChanged(name: String) -> MailContent {
        let lines = ["Hello \(name),",
                     "Your coach's practice changed the email address Coachwork uses for you. From now on, emails about your coaching engagement go to the new address; sign-in links sent here no longer work.",
                     "If you did not expect this change, reply to your coach or the practice that runs your engagement."]
        return MailContent(subject: "Your email address in Coachwork was changed", text: lines.joined(separator: "\n\n"),
                           html: wrap(title: "Your email address was changed", body: lines.map { .p(.text($0)) }))
    }

    /// A minimal, escaped HTML document for the HTML alternative of an email.
    static func wrap(title: String, body: [Node<HTML.BodyContext>]) -> String {
        HTML(
            .head(.meta(.charset(.utf8)), .element(named: "title", nodes: [.text(title)])),
            .body(.div(.style("font-family: sans-serif; max-width: 36rem; line-height: 1.5"), .group(body)))
        ).render()
    }
}

extension MailTemplates {
    /// A personal link asking the recipient to do something (accept, acknowledge, answer).
    ///
    /// - Parameters:
    ///   - subject: the email subject, e.g. "Please review your coaching agreement".
    ///   - intro: one paragraph saying what is asked and why.
    ///   - url: the absolute personal link.
    ///   - expiresAt: when it stops working; shown in `zone`, named.
    ///   - requestLinkURL: where to ask for a new link, or nil for stakeholder forms
    ///     (who then ask their coach).
    ///   - stopURL: a reminder's stop address (its List-Unsubscribe), or nil for a first request.
    static func actionLink(name: String, subject: String, intro: String, url: String, expiresAt: Date,
                           zone: String, requestLinkURL: String?, stopURL: String? = nil) -> MailContent {
        let expiry = LocalTime.format(expiresAt, zone: zone)
        let renewal = requestLinkURL.map { "If it has expired, ask for a new one at \($0)." }
            ?? "If it has expired, reply to your coach for a new one."
        let text = """
        Hello \(name),

        \(intro)

        \(url)

        This link is personal: please do not forward it. It works until \(expiry).
        Opening it shows a page; nothing is recorded until you press its button.
        \(renewal)
        """ + (stopURL.map { "\n\nTo stop reminders like this one: \($0)" } ?? "")
        let html = wrap(title: subject, body: [
            .p(.text("Hello \(name),")),
            .p(.text(intro)),
            .p(.a(.escapedAttribute("href", url), .text("Open your personal link"))),
            .p(.text("This link is personal: please do not forward it. It works until \(expiry). Opening it shows a page; nothing is recorded until you press its button.")),
            .p(.text(renewal)),
            stopURL.map { .p(.small(.a(.escapedAttribute("href", $0), .text("Stop reminders like this one")))) } ?? .empty,
        ])
        return MailContent(subject: subject, text: text, html: html, unsubscribeURL: stopURL)
    }
}
