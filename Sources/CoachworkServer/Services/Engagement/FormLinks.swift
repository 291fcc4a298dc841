import Vapor
import Fluent
import CoachworkCore

/// Personal links to a form (a 360 questionnaire or a mini-survey) for someone without an
/// account. The token is stored only as a hash; the link is used up by the submission.
enum FormLinks {
    /// Creates the link and queues its email in the caller's transaction `db`; a `reminder` also
    /// carries a stop-reminders address (List-Unsubscribe).
    static func send(
        _ req: Request, purpose: PersonalLink.Purpose, subjectID: UUID, to recipient: MailAddress, zone: String,
        mailPurpose: String, key: String, subject: String, intro: String, requestNewFromCoach: Bool,
        replyTo: MailAddress? = nil, engagementID: UUID?, reminder: Bool = false, on db: any Database
    ) async throws {
        let token = Secret.generate()
        // Form links live longer than sign-in links: a questionnaire waits in an inbox.
        let expiresAt = req.now.addingTimeInterval(TimeInterval(max(req.config.personalLinkHours, 24 * 21)) * 3600)
        let link = PersonalLink(tokenHash: Secret.hash(token), personID: nil, purpose: purpose, expiresAt: expiresAt, subjectID: subjectID)
        try await link.create(on: db)
        let stopURL = reminder ? try await MailOptOuts.issue(for: recipient.email, baseURL: req.config.baseURL, now: req.now, on: db) : nil
        let content = MailTemplates.actionLink(
            name: recipient.name ?? recipient.email, subject: subject, intro: intro,
            url: req.config.baseURL + Paths.link(token), expiresAt: expiresAt, zone: zone,
            requestLinkURL: requestNewFromCoach ? nil : req.config.baseURL + Paths.requestLink, stopURL: stopURL)
        // Replies ("my link expired") go to the coach, not to the no-reply sender.
        let coach = replyTo ?? req.actor.flatMap { actor -> MailAddress? in
            if case .user(let user) = actor { return MailAddress(name: user.name, email: user.email) }
            return nil
        }
        try await req.enqueueMail(on: db, purpose: mailPurpose, key: key, to: recipient, content: content, replyTo: coach, engagementID: engagementID)
    }
}
