import Foundation
import Plot
import CoachworkCore

extension MailTemplates {
    /// What a meeting email announces.
    enum MeetingNotice: Sendable {
        /// A new meeting, or a new series (then `starts` lists every session).
        case invitation
        /// The meeting moved or changed; `previousStart` is where it was.
        case update(previousStart: Date?)
        /// Called off, with the coach's reason if given.
        case cancellation(reason: String?)
        /// Tomorrow's (or soon's) meeting; the only kind that may be stopped.
        case reminder
    }

    /// One template for every meeting email: greets the recipient, states each time span in their
    /// own zone (named), where it takes place and why, and links to the meeting page.
    ///
    /// - Parameters:
    ///   - notice: invitation, update, cancellation or reminder.
    ///   - name: the recipient's name; `zone`: their IANA zone.
    ///   - title: e.g. "Coaching session: coaching of Daniel Okafor".
    ///   - starts: the start of each session (UTC instants; several for a series), `minutes` long.
    ///   - location, videoURL, objective: shown when present.
    ///   - organiser: the coach's name; `url`: the meeting page.
    ///   - attachment: the `.ics` to attach (nil for reminders); `stopURL`: a reminder's stop address.
    static func meeting(_ notice: MeetingNotice, name: String, zone: String, title: String, starts: [Date], minutes: Int,
                        location: String?, videoURL: String?, objective: String, organiser: String, url: String,
                        attachment: MailAttachment?, stopURL: String? = nil) -> MailContent {
        let spans = starts.map { LocalTime.span($0, $0.addingTimeInterval(TimeInterval(minutes) * 60), zone: zone) }
        let first = starts.first.map { LocalTime.format($0, zone: zone) } ?? ""
        let subject: String, lead: String
        switch notice {
        case .invitation where starts.count > 1:
            subject = "Invitation: \(starts.count) coaching sessions from \(first)"
            lead = "\(organiser) invites you to a series of \(starts.count) sessions:"
        case .invitation:
            subject = "Invitation: \(title), \(first)"
            lead = "\(organiser) invites you to:"
        case .update(let previous):
            subject = "Updated: \(title), \(first)"
            lead = "\(organiser) changed this meeting" + (previous.map { $0 == starts.first ? "." : " (it was \(LocalTime.format($0, zone: zone)))." } ?? ".") + " It is now:"
        case .cancellation(let reason):
            subject = "Cancelled: \(title), \(first)"
            lead = "\(organiser) cancelled this meeting" + (reason.map { ": \($0)" } ?? ".")
        case .reminder:
            subject = "Reminder: \(title), \(first)"
            lead = "A reminder of your meeting with \(organiser):"
        }
        var details: [String] = []
        if let location { details.append("Where: \(location)") }
        if let videoURL { details.append("Video call: \(videoURL)") }
        if !objective.isEmpty { details.append("Objective: \(objective)") }
        let calendarLine = attachment == nil ? nil
            : "The attached calendar file (\(attachment!.filename)) \(isCancel(notice) ? "removes it from" : "adds it to") your calendar."
        var text = "Hello \(name),\n\n\(lead)\n\n\(title)\n" + spans.map { "  \($0)\n" }.joined()
        text += details.isEmpty ? "" : "\n" + details.joined(separator: "\n") + "\n"
        text += "\nTimes are in your time zone, \(zone).\n" + (calendarLine.map { "\($0)\n" } ?? "") + "Details: \(url)\n"
        if let stopURL { text += "\nTo stop reminders like this one: \(stopURL)\n" }
        let html = wrap(title: subject, body: [
            .p(.text("Hello \(name),")), .p(.text(lead)),
            .h2(.text(title)), .ul(.forEach(spans) { .li(.text($0)) }),
            details.isEmpty ? .empty : .p(.forEach(details) { .group(.text($0), .br()) }),
            .p(.text("Times are in your time zone, \(zone).")),
            calendarLine.map { .p(.text($0)) } ?? .empty,
            .p(.a(.escapedAttribute("href", url), .text("Open the meeting in Coachwork"))),
            stopURL.map { .p(.small(.a(.escapedAttribute("href", $0), .text("Stop reminders like this one")))) } ?? .empty,
        ])
        return MailContent(subject: subject, text: text, html: html, attachment: attachment, unsubscribeURL: stopURL)
    }

    private static func isCancel(_ notice: MeetingNotice) -> Bool {
        if case .cancellation = notice { return true }
        return false
    }
}
