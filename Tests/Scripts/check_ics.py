#!/usr/bin/env python3
"""Independent check of .ics files written by CoachworkCore's ICalendarWriter (Python 3.11+, `icalendar`).

Usage: check_ics.py PATH [PATH ...]   (a directory means every *.ics directly inside it)

Each file must:
  * be UTF-8 with CRLF line endings only, every physical line at most 75 octets and valid UTF-8 on its
    own (so no fold splits a character), continuation lines starting with a space (RFC 5545 §3.1);
  * parse with icalendar.Calendar.from_ical without errors on any component, and hold exactly one
    VCALENDAR with VERSION:2.0, a PRODID, CALSCALE:GREGORIAN and a METHOD;
  * give every VEVENT a UID, an integer SEQUENCE, a UTC DTSTAMP and a DTSTART; DTEND (when present) after it;
  * hold exactly one VTIMEZONE per TZID used on DTSTART/DTEND and no unused ones; each STANDARD/DAYLIGHT
    transition must match the tz database (zoneinfo): offset TZOFFSETFROM just before the transition
    instant (DTSTART - TZOFFSETFROM), TZOFFSETTO at it (an observance with equal offsets, such as the
    single STANDARD of a zone without DST, claims no transition and is checked through the events);
  * give the same UTC instant for every DTSTART, DTEND and RRULE occurrence whether the local time is
    converted with the file's own VTIMEZONE (icalendar's Timezone.to_tz(lookup_tzid=False), i.e. a
    dateutil tzical built from the component) or with icalendar's default handling (for an IANA TZID
    icalendar ignores the VTIMEZONE and uses zoneinfo).
For each VEVENT one JSON line goes to stdout:
  {"file", "method", "uid", "sequence", "status", "summary", "description", "location", "url", "tzid",
   "start_utc", "end_utc", "recurrence_id_utc", "rrule": {"FREQ": "WEEKLY", "INTERVAL": "1", ...}, "occurrences_utc",
   "organizer": {"cn", "email"}, "attendees": [cn, ...], "attendee_emails": [...], "partstat": [...], "rsvp": [...]}
Times are ISO 8601 UTC with a Z suffix, converted through the VTIMEZONE; missing values are null;
occurrences_utc lists every RRULE occurrence (at most 1000), or just the start without an RRULE; an
occurrence whose wall-clock time falls in a daylight-saving gap is resolved with the offset before the gap
(RFC 5545 §3.3.5, zoneinfo) and not cross-checked, because dateutil's tzical resolves it the other way.
Problems go to stderr as "check_ics: FAIL <file>: <reason>". Exit status: 0 when every file passed,
1 when any file failed, 2 on a usage error, 3 when the icalendar package is not installed.
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

try:
    import icalendar
    from dateutil.rrule import rrulestr
    from zoneinfo import ZoneInfo
except ImportError as e:  # pragma: no cover - exercised only without the package
    print(f"check_ics: the Python package 'icalendar' is missing ({e}); install it with: pip install icalendar",
          file=sys.stderr)
    sys.exit(3)

UTC = timezone.utc
MAX_OCCURRENCES = 1000


class Defect(Exception):
    pass


def iso(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_lines(raw):
    if b"\r\n" not in raw or not raw.endswith(b"\r\n"):
        raise Defect("does not end with CRLF")
    body = raw[:-2].split(b"\r\n")
    for number, line in enumerate(body, 1):
        if b"\r" in line or b"\n" in line:
            raise Defect(f"line {number}: bare CR or LF")
        if len(line) > 75:
            raise Defect(f"line {number}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            raise Defect(f"line {number}: not valid UTF-8 on its own (a fold split a character?): {e}")
        if not line[:1].isalnum() and line[:1] != b" ":
            raise Defect(f"line {number}: neither a content line nor a continuation starting with a space")


def parse(raw):
    try:
        calendars = icalendar.Calendar.from_ical(raw, multiple=True)
    except Exception as e:  # icalendar raises ValueError and friends on malformed input
        raise Defect(f"icalendar could not parse the file: {type(e).__name__}: {e}")
    if len(calendars) != 1:
        raise Defect(f"expected one VCALENDAR, found {len(calendars)}")
    cal = calendars[0]
    for component in cal.walk():
        if component.errors:
            raise Defect(f"{component.name} parse errors: {component.errors}")
    for name, expected in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN")):
        if str(cal.get(name)) != expected:
            raise Defect(f"{name} is {cal.get(name)!r}, expected {expected!r}")
    for name in ("PRODID", "METHOD"):
        if not cal.get(name):
            raise Defect(f"missing {name}")
    return cal


def vtimezones(cal):
    zones = {}
    for vtz in cal.walk("VTIMEZONE"):
        tzid = str(vtz["TZID"])
        if tzid in zones:
            raise Defect(f"two VTIMEZONE components for {tzid}")
        try:
            zones[tzid] = vtz.to_tz(lookup_tzid=False)
        except Exception as e:
            raise Defect(f"VTIMEZONE {tzid} is not usable by icalendar/dateutil: {e}")
        try:
            reference = ZoneInfo(tzid)
        except Exception:
            continue  # not an IANA name: nothing to compare with
        for sub in vtz.subcomponents:
            onset = sub["DTSTART"].dt
            before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
            instant = (onset - before).replace(tzinfo=UTC)
            real = ((instant - timedelta(seconds=1)).astimezone(reference).utcoffset(),
                    instant.astimezone(reference).utcoffset())
            if before != after and real != (before, after):  # equal offsets: the initial observance, no transition
                raise Defect(f"VTIMEZONE {tzid} {sub.name} at {onset}: offsets {before}->{after}, "
                             f"tzdata says {real[0]}->{real[1]}")
    return zones


def convert(prop, zones, what):
    """UTC instant of a DTSTART/DTEND property via the VTIMEZONE, cross-checked with icalendar's default."""
    dt = prop.dt
    if not isinstance(dt, datetime):
        raise Defect(f"{what} is a DATE, expected a DATE-TIME")
    tzid = prop.params.get("TZID")
    if tzid is None:
        if dt.utcoffset() != timedelta(0):
            raise Defect(f"{what} has neither TZID nor UTC form: {prop.to_ical()!r}")
        return dt.astimezone(UTC), None, None
    if tzid not in zones:
        raise Defect(f"{what} uses TZID={tzid} without a VTIMEZONE")
    own = dt.replace(tzinfo=zones[tzid])
    if dt.tzinfo is None or own.astimezone(UTC) != dt.astimezone(UTC):
        raise Defect(f"{what} {dt.replace(tzinfo=None)} {tzid}: VTIMEZONE gives {iso(own)}, "
                     f"icalendar default gives {dt!r}")
    return own.astimezone(UTC), own, tzid


def check_event(event, zones, used):
    uid = event.get("UID")
    if not uid:
        raise Defect("VEVENT without UID")
    where = f"VEVENT {uid}"
    sequence = event.get("SEQUENCE")
    if not isinstance(sequence, int):
        raise Defect(f"{where}: SEQUENCE {sequence!r} is not an integer")
    stamp = event.get("DTSTAMP")
    if stamp is None or stamp.dt.utcoffset() != timedelta(0) or "TZID" in stamp.params:
        raise Defect(f"{where}: DTSTAMP missing or not UTC")
    if "DTSTART" not in event:
        raise Defect(f"{where}: no DTSTART")
    start, local_start, tzid = convert(event["DTSTART"], zones, f"{where} DTSTART")
    used.add(tzid)
    end = None
    if "DTEND" in event:
        end, _, end_tzid = convert(event["DTEND"], zones, f"{where} DTEND")
        used.add(end_tzid)
        if end <= start:
            raise Defect(f"{where}: DTEND {iso(end)} is not after DTSTART {iso(start)}")
    recurrence_id = None
    if "RECURRENCE-ID" in event:
        recurrence_id, _, rid_tzid = convert(event["RECURRENCE-ID"], zones, f"{where} RECURRENCE-ID")
        used.add(rid_tzid)
    rrule = event.get("RRULE")
    occurrences = [start]
    if rrule is not None:
        rule_text = rrule.to_ical().decode()
        series = rrulestr(rule_text, dtstart=local_start if local_start is not None else start)
        occurrences = []
        for occurrence in series:
            if len(occurrences) == MAX_OCCURRENCES:
                break
            instant = occurrence.astimezone(UTC)
            if tzid is not None and tzid in _iana():  # the VTIMEZONE must agree with tzdata on every occurrence
                naive = occurrence.replace(tzinfo=None)
                reference = naive.replace(tzinfo=ZoneInfo(tzid))
                if reference.astimezone(UTC).astimezone(reference.tzinfo).replace(tzinfo=None) != naive:
                    # A wall-clock time skipped by a forward jump: RFC 5545 §3.3.5 uses the offset from before
                    # the gap, as zoneinfo does (fold=0); dateutil's tzical uses the one after, so don't compare.
                    instant = reference.astimezone(UTC)
                elif reference.astimezone(UTC) != instant:
                    raise Defect(f"{where}: occurrence {naive} {tzid} is {iso(occurrence)} via VTIMEZONE, "
                                 f"{iso(reference)} via tzdata")
            occurrences.append(instant)
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    organizer = event.get("ORGANIZER")

    def text(name):
        value = event.get(name)
        return None if value is None else str(value)

    return {
        "uid": str(uid), "sequence": sequence, "status": text("STATUS"),
        "summary": text("SUMMARY"), "description": text("DESCRIPTION"), "location": text("LOCATION"),
        "url": text("URL"), "tzid": tzid, "start_utc": iso(start), "end_utc": iso(end) if end else None,
        "recurrence_id_utc": iso(recurrence_id) if recurrence_id else None,
        "rrule": None if rrule is None else {k: ",".join(str(v) for v in vals) for k, vals in rrule.items()},
        "occurrences_utc": [iso(o) for o in occurrences],
        "organizer": None if organizer is None else {"cn": organizer.params.get("CN"), "email": str(organizer)},
        "attendees": [a.params.get("CN") for a in attendees],
        "attendee_emails": [str(a) for a in attendees],
        "partstat": [a.params.get("PARTSTAT") for a in attendees],
        "rsvp": [a.params.get("RSVP") for a in attendees],
    }


_IANA = None


def _iana():
    global _IANA
    if _IANA is None:
        import zoneinfo
        _IANA = zoneinfo.available_timezones()
    return _IANA


def check_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    check_lines(raw)
    cal = parse(raw)
    zones = vtimezones(cal)
    used = set()
    events = [check_event(event, zones, used) for event in cal.walk("VEVENT")]
    if not events:
        raise Defect("no VEVENT")
    unused = set(zones) - used
    if unused:
        raise Defect(f"VTIMEZONE without any use: {sorted(unused)}")
    method = str(cal["METHOD"])
    return [{"file": path, "method": method, **event} for event in events]


def collect(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".ics"))
            if not found:
                raise SystemExit(f"check_ics: no *.ics files in directory {path}")
            files += found
        elif os.path.isfile(path):
            files.append(path)
        else:
            raise SystemExit(f"check_ics: no such file or directory: {path}")
    return files


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        files = collect(argv)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    print(f"check_ics: icalendar {icalendar.__version__}", file=sys.stderr)
    failed = 0
    for path in files:
        try:
            for record in check_file(path):
                print(json.dumps(record), flush=True)
        except Defect as e:
            failed += 1
            print(f"check_ics: FAIL {path}: {e}", file=sys.stderr)
        except Exception as e:  # anything icalendar/dateutil raise on a malformed file
            failed += 1
            print(f"check_ics: FAIL {path}: {type(e).__name__}: {e}", file=sys.stderr)
    if failed:
        print(f"check_ics: {failed} of {len(files)} file(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
