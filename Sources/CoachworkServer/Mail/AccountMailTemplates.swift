import Foundation
import Plot
import CoachworkCore

extension MailTemplates {
    /// The email with a link to choose an account's password: an invitation to a new account, or a
    /// password reset.
    ///
    /// - Parameters:
    ///   - purpose: invitation or reset (subject, wording).
    ///   - name: the account holder's name.
    ///   - url: the absolute `/account/set-password/<token>` link.
    ///   - expiresAt: when it stops working (UTC instant), shown in `zone`, named.
    ///   - zone: the account's IANA time zone.
    ///   - signInURL: the sign-in page (where a new reset link is asked for).
    static func accountLink(purpose: AccountTokenPurpose, name: String, url: String, expiresAt: Date,
                            zone: String, signInURL: String) -> MailContent {
        let expiry = LocalTime.format(expiresAt, zone: zone)
        let subject: String
        let intro: String
        let ignore: String
        switch purpose {
        case .invitation:
            subject = "Your Coachwork account: choose your password"
            intro = "An account on Coachwork was created for you. Choose your password with this personal link:"
            ignore = "If you did not expect this, reply to the person who runs your practice."
        case .passwordReset:
            subject = "Reset your Coachwork password"
            intro = "Someone (we hope you) asked to reset your Coachwork password. Choose a new one with this personal link:"
            ignore = "If you did not ask for this, ignore this email: your password stays as it is."
        }
        let text = """
        Hello \(name),

        \(intro)

        \(url)

        It works once, until \(expiry). Opening it shows a form; nothing changes until you send it.
        If it has expired, ask for a new one with "Forgot your password?" at \(signInURL).

        \(ignore)
        """
        let html = wrap(title: subject, body: [
            .p(.text("Hello \(name),")),
            .p(.text(intro)),
            .p(.a(.escapedAttribute("href", url), .text(purpose == .invitation ? "Choose your password" : "Choose a new password"))),
            .p(.text("It works once, until \(expiry). Opening it shows a form; nothing changes until you send it.")),
            .p(.text("If it has expired, ask for a new one with “Forgot your password?” at "),
               .a(.escapedAttribute("href", signInURL), .text(signInURL)), .text(".")),
            .p(.text(ignore)),
        ])
        return MailContent(subject: subject, text: text, html: html)
    }
}
