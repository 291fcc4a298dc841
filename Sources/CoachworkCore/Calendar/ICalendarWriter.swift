import Foundation

/// Writes RFC 5545 iCalendar objects (`text/calendar`, `.ics`) for meetings. Pure and deterministic: the same
/// events, method and `now` always give the same text. Never throws: input is sanitised, not rejected.
public enum ICalendarWriter {
    /// Renders `events` as one `VCALENDAR` (RFC 5545 §3.4, §3.6).
    ///
    /// A VCALENDAR (VERSION:2.0, PRODID:-//Coachwork//Coachwork//EN, CALSCALE:GREGORIAN, METHOD) with one
    /// VTIMEZONE per distinct zone used and one VEVENT per event; CRLF line endings; content lines folded at
    /// 75 octets without splitting a UTF-8 sequence (§3.1); TEXT values escaped (\\ ; , and newlines as \n,
    /// §3.3.11); DTSTAMP in UTC.
    ///
    /// Layout: the calendar properties, then the `VTIMEZONE`s (§3.6.5) in order of first use, each covering
    /// the calendar years from its events' first start to their last end (a series' last occurrence included),
    /// then one `VEVENT` (§3.6.1) per event in input order with `UID`, `SEQUENCE`, `DTSTAMP`, `DTSTART`,
    /// `RECURRENCE-ID`, `DTEND`, `RRULE`, `SUMMARY`, `DESCRIPTION`, `LOCATION`, `URL`, `ORGANIZER`, `ATTENDEE`s, `STATUS` and
    /// `LAST-MODIFIED` (optional ones only when set). See ``CalendarEvent`` for how each field is written.
    ///
    /// Per method (RFC 5546 §3.2): `PUBLISH` writes `ORGANIZER` when set and no attendees; `REQUEST` writes
    /// each attendee as `ATTENDEE;CN=...;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:...`; `CANCEL` writes them
    /// with `PARTSTAT=NEEDS-ACTION` (no `RSVP`) and `STATUS:CANCELLED` whatever the event's status.
    /// The caller supplies the organizer and raises `sequence` for REQUEST updates and CANCEL.
    /// - Parameters:
    ///   - events: the events; an empty array gives a calendar without components, which RFC 5545 does
    ///     not allow, so pass at least one.
    ///   - method: the iTIP method (`METHOD`, §3.7.2).
    ///   - now: creation time of this object, written as every event's `DTSTAMP` (§3.8.7.2) in UTC.
    /// - Returns: the iCalendar text, UTF-8 when encoded; every physical line ends with CRLF.
    public static func render(_ events: [CalendarEvent], method: ICalendarMethod, now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Coachwork//Coachwork//EN", "CALSCALE:GREGORIAN",
                     "METHOD:\(method.rawValue)"]
        for (identifier, zone, span) in zoneSpans(events) {
            lines += ICalendarTimeZone.component(identifier: identifier, zone: zone, from: span.lowerBound, to: span.upperBound)
        }
        for event in events { lines += vevent(event, method: method, now: now) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined()
    }

    /// The unfolded content lines of one `VEVENT`.
    static func vevent(_ event: CalendarEvent, method: ICalendarMethod, now: Date) -> [String] {
        let zone = ICalendarTimeZone.zone(event.timeZone)
        let end = event.start.addingTimeInterval(TimeInterval(max(0, event.durationMinutes)) * 60)
        // DTSTART and DTEND share one form (§3.8.2.2): both local with TZID, or both UTC when either
        // falls in the repeated hour (a series keeps local time: its rule repeats wall-clock times).
        let timesZone = zone.flatMap { inUTC(event, $0) ? nil : $0 }
        var lines = ["BEGIN:VEVENT", "UID:" + ICalendarText.text(event.uid), "SEQUENCE:\(max(0, event.sequence))",
                     "DTSTAMP:" + ICalendarTimeZone.utc(now),
                     ICalendarTimeZone.property("DTSTART", event.start, identifier: event.timeZone, zone: timesZone,
                                                keepLocal: event.recurrence != nil)]
        if let original = event.recurrenceID {
            // Must match the master's DTSTART form (RFC 5545 §3.8.4.4): local time with the same TZID.
            lines.append(ICalendarTimeZone.property("RECURRENCE-ID", original, identifier: event.timeZone, zone: zone, keepLocal: true))
        }
        if event.durationMinutes > 0 {
            lines.append(ICalendarTimeZone.property("DTEND", end, identifier: event.timeZone, zone: timesZone,
                                                    keepLocal: event.recurrence != nil))
        }
        if let rule = event.recurrence {
            lines.append("RRULE:FREQ=WEEKLY;INTERVAL=\(max(1, rule.intervalWeeks));COUNT=\(max(1, rule.count))")
        }
        lines.append("SUMMARY:" + ICalendarText.text(event.summary))
        for (name, value) in [("DESCRIPTION", event.description), ("LOCATION", event.location)] {
            if let value, !ICalendarText.clean(value).isEmpty { lines.append(name + ":" + ICalendarText.text(value)) }
        }
        if let url = event.url.map(ICalendarText.uri), !url.isEmpty { lines.append("URL:" + url) }
        if let organizer = event.organizer, let line = address("ORGANIZER", organizer, extra: "") { lines.append(line) }
        if method != .publish {
            let extra = method == .request ? ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE" : ";PARTSTAT=NEEDS-ACTION"
            lines += event.attendees.compactMap { address("ATTENDEE", $0, extra: extra) }
        }
        let status = method == .cancel ? CalendarEvent.Status.cancelled : event.status
        return lines + ["STATUS:" + status.rawValue, "LAST-MODIFIED:" + ICalendarTimeZone.utc(event.lastModified),
                        "END:VEVENT"]
    }

    /// Whether DTSTART and DTEND are written in UTC: a single event whose start or end is the second
    /// occurrence of a repeated wall-clock time (a local time means the first one, §3.3.5).
    static func inUTC(_ event: CalendarEvent, _ zone: TimeZone) -> Bool {
        guard event.recurrence == nil else { return false }
        let end = event.start.addingTimeInterval(TimeInterval(max(0, event.durationMinutes)) * 60)
        return [event.start, end].contains {
            !ICalendarTimeZone.property("X", $0, identifier: "Z", zone: zone).hasPrefix("X;")
        }
    }

    /// Whether any of the event's times is written with its TZID (then it needs a VTIMEZONE).
    static func usesZone(_ event: CalendarEvent, _ zone: TimeZone) -> Bool {
        event.recurrenceID != nil || !inUTC(event, zone)
    }

    /// `NAME;CN=...<extra>:mailto:<email>` (§3.8.4.1, §3.8.4.3), or nil when the email is empty.
    static func address(_ name: String, _ person: CalendarAttendee, extra: String) -> String? {
        let email = ICalendarText.uri(person.email)
        guard !email.isEmpty else { return nil }
        let cn = person.name.flatMap(ICalendarText.parameter).map { ";CN=" + $0 } ?? ""
        return "\(name)\(cn)\(extra):mailto:\(email)"
    }

    /// Each distinct non-UTC zone in order of first use, with the instants its `VTIMEZONE` must cover:
    /// from one day before 1 January of the first start's year to one day after 1 January following the
    /// year of the last end (a series' last occurrence plus a day for daylight-saving drift).
    static func zoneSpans(_ events: [CalendarEvent]) -> [(String, TimeZone, ClosedRange<Date>)] {
        var order: [String] = [], zones: [String: TimeZone] = [:], spans: [String: ClosedRange<Date>] = [:]
        for event in events {
            guard let zone = ICalendarTimeZone.zone(event.timeZone), usesZone(event, zone) else { continue }
            var seconds = Double(max(0, event.durationMinutes)) * 60
            if let rule = event.recurrence {
                seconds += Double(max(1, rule.intervalWeeks)) * Double(max(1, rule.count) - 1) * 7 * 86_400 + 86_400
            }
            let last = Date(timeIntervalSince1970: min(253_402_300_799, event.start.timeIntervalSince1970 + seconds))
            let first = min(event.start, event.recurrenceID ?? event.start)
            let span = min(first, last)...max(last, event.recurrenceID ?? last)
            if let known = spans[event.timeZone] {
                spans[event.timeZone] = min(known.lowerBound, span.lowerBound)...max(known.upperBound, span.upperBound)
            } else {
                order.append(event.timeZone)
                zones[event.timeZone] = zone
                spans[event.timeZone] = span
            }
        }
        return order.map { id in
            let span = spans[id]!
            let from = ICalendarTimeZone.startOfYear(ICalendarTimeZone.year(span.lowerBound)).addingTimeInterval(-86_400)
            let to = ICalendarTimeZone.startOfYear(ICalendarTimeZone.year(span.upperBound) + 1).addingTimeInterval(86_400)
            return (id, zones[id]!, from...to)
        }
    }
}
