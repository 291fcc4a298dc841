import Foundation

/// A calendar user (organizer or attendee) written as an RFC 5545 `CAL-ADDRESS`
/// (`mailto:` URI, §3.3.3) with an optional `CN` parameter (§3.2.2).
///
/// Nothing is validated here; ``ICalendarWriter`` sanitises when rendering: `name` is NFC-normalised with
/// control characters removed, double quotes written as RFC 6868 `^'` (quoted when it holds `:` `;` `,`, §3.2), and `email` loses
/// whitespace and control characters. Validate addresses with `MailAddress.isValidEmail(_:)` first.
public struct CalendarAttendee: Sendable, Equatable {
    /// Display name for the `CN` parameter, any Unicode; `nil` or empty (after sanitising) means no `CN`.
    public var name: String?
    /// The addr-spec `local@domain`, written as `mailto:<email>`. An empty address drops the whole line.
    public var email: String

    /// Creates an attendee from a display name (or nil) and an email address; stores both as given.
    public init(name: String?, email: String) {
        self.name = name
        self.email = email
    }
}

/// One meeting, rendered by ``ICalendarWriter`` as a `VEVENT` (RFC 5545 §3.6.1).
///
/// Text fields (`summary`, `description`, `location`) are TEXT values (§3.3.11): NFC-normalised, CRLF and
/// lone CR turned into LF, other control characters except tab removed, then escaped. An empty optional
/// text field is omitted. Nothing throws; out-of-range numbers are clamped as documented per field.
public struct CalendarEvent: Sendable, Equatable {
    /// `UID` (§3.8.4.7): stable across updates and cancellations, e.g. `"<meeting uuid>@coachwork"`.
    public var uid: String
    /// `SEQUENCE` (§3.8.7.4): revision number, 0 for the first version, increased on every change the
    /// attendees should see. Negative values are written as 0.
    public var sequence: Int
    /// First (or only) start, a UTC instant. Whole seconds are written; fractions are truncated.
    public var start: Date
    /// Length in minutes; `DTEND` is `start + durationMinutes * 60 s`. Zero or less omits `DTEND`
    /// (the event then ends when it starts, §3.6.1).
    public var durationMinutes: Int
    /// IANA zone of the organiser, e.g. `"Europe/Berlin"`. `DTSTART`/`DTEND` are written as local time with
    /// `TZID` (§3.3.5 form 3) and a matching `VTIMEZONE` (§3.6.5). `"UTC"`, `"Etc/UTC"`, `"GMT"` and
    /// identifiers Foundation does not know are written as UTC (`Z` suffix, no `VTIMEZONE`).
    public var timeZone: String
    /// `SUMMARY` (§3.8.1.12): the title.
    public var summary: String
    /// `DESCRIPTION` (§3.8.1.5). Invitations leave the platform: never put private notes here
    /// (filtering is the caller's job).
    public var description: String?
    /// `LOCATION` (§3.8.1.7): a room or a meeting-link label.
    public var location: String?
    /// `URL` (§3.8.4.6): a URI, written without escaping; whitespace and control characters are removed.
    public var url: String?
    /// `ORGANIZER` (§3.8.4.3). Written for every method; `METHOD:REQUEST` and `CANCEL` need one (RFC 5546).
    public var organizer: CalendarAttendee?
    /// `ATTENDEE` lines (§3.8.4.1), written for `METHOD:REQUEST` and `CANCEL` only (RFC 5546 §3.2.1 forbids
    /// them in `PUBLISH`), in this order.
    public var attendees: [CalendarAttendee]
    /// `STATUS` (§3.8.1.11). `METHOD:CANCEL` always writes `CANCELLED`.
    public var status: Status
    /// `RRULE` (§3.8.5.3), or nil for a single event.
    public var recurrence: Recurrence?
    /// `LAST-MODIFIED` (§3.8.7.3), written in UTC.
    public var lastModified: Date
    /// `RECURRENCE-ID` (§3.8.4.4): the original start (UTC instant) of the occurrence of the series `uid`
    /// that this event changes or cancels; nil for a whole event or series. Written as local time with the
    /// event's `TZID`, like the series' `DTSTART`, so `timeZone` must be the series' zone.
    public var recurrenceID: Date?

    /// `STATUS` values for a `VEVENT` (RFC 5545 §3.8.1.11); the raw value is the iCalendar token.
    public enum Status: String, Sendable {
        /// `CONFIRMED`: the meeting takes place.
        case confirmed = "CONFIRMED"
        /// `CANCELLED`: the meeting is called off.
        case cancelled = "CANCELLED"
    }

    /// A weekly series: `RRULE:FREQ=WEEKLY;INTERVAL=<intervalWeeks>;COUNT=<count>` (RFC 5545 §3.3.10).
    ///
    /// Occurrences repeat the local wall-clock time of `start` in the event's zone, so a 09:00 Berlin
    /// meeting stays at 09:00 across daylight-saving changes (its UTC instant moves). With a UTC zone the
    /// UTC time is kept instead.
    public struct Recurrence: Sendable, Equatable {
        /// Weeks between occurrences, 1 = every week. Values below 1 are written as 1.
        public var intervalWeeks: Int
        /// Number of occurrences including the first. Values below 1 are written as 1.
        public var count: Int

        /// Creates a series rule: every `intervalWeeks` weeks, `count` occurrences in total.
        public init(intervalWeeks: Int, count: Int) {
            self.intervalWeeks = intervalWeeks
            self.count = count
        }
    }

    /// Creates an event; see each property for units and how values are written.
    /// - Parameters:
    ///   - uid: stable unique id, e.g. `"<meeting uuid>@coachwork"`.
    ///   - sequence: revision number, 0 for a new event.
    ///   - start: first start as a UTC instant.
    ///   - durationMinutes: length in minutes.
    ///   - timeZone: the organiser's IANA zone, or `"UTC"`.
    ///   - summary: the title.
    ///   - description, location, url, organizer: optional; nil omits the property.
    ///   - attendees: invitees (REQUEST/CANCEL only).
    ///   - status: confirmed unless the meeting is called off.
    ///   - recurrence: nil for a single event.
    ///   - lastModified: when the meeting last changed (UTC instant).
    ///   - recurrenceID: the original start of the one occurrence this event overrides, or nil.
    public init(uid: String, sequence: Int = 0, start: Date, durationMinutes: Int, timeZone: String,
                summary: String, description: String? = nil, location: String? = nil, url: String? = nil,
                organizer: CalendarAttendee? = nil, attendees: [CalendarAttendee] = [],
                status: Status = .confirmed, recurrence: Recurrence? = nil, lastModified: Date, recurrenceID: Date? = nil) {
        self.recurrenceID = recurrenceID
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.durationMinutes = durationMinutes
        self.timeZone = timeZone
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.status = status
        self.recurrence = recurrence
        self.lastModified = lastModified
    }
}

/// The iTIP method of a calendar object (RFC 5545 §3.7.2, RFC 5546 §1.4); the raw value is the token.
public enum ICalendarMethod: String, Sendable {
    /// `PUBLISH`: a read-only feed or download; no `ATTENDEE` lines.
    case publish = "PUBLISH"
    /// `REQUEST`: an invitation or update; attendees get `PARTSTAT=NEEDS-ACTION;RSVP=TRUE`.
    case request = "REQUEST"
    /// `CANCEL`: calls the events off; `STATUS:CANCELLED` and a `SEQUENCE` above the last request's.
    case cancel = "CANCEL"
}
