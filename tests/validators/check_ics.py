#!/usr/bin/env python3
"""Checks the iCalendar files of a built guildhall site with tools that share no code with guildhall.

Usage: check_ics.py SITE_ROOT [--expect UID START END]... [--expect-dates UID INSTANT,...]...

Every .ics file under SITE_ROOT/public is
- checked as bytes: CRLF line endings only, no line longer than 75 octets, no UTF-8 character split
  by folding;
- parsed with the `icalendar` package: VERSION, PRODID, and in each VEVENT a unique UID, a UTC
  DTSTAMP and a DTSTART;
- checked against Python's zoneinfo: every TZID has a VTIMEZONE, every observance of a VTIMEZONE is a
  real transition of that zone, and every DTSTART, DTEND and EXDATE means the same instant whether it
  is read through the file's VTIMEZONE, through zoneinfo, or by icalendar itself;
- compared with the event's own file: start and end are read from the front matter in
  SITE_ROOT/content with tomllib and turned into instants with zoneinfo (a local time that happens
  twice means the first one), and must be the instants of DTSTART and DTEND;
- for series, expanded with dateutil's rrule: every EXDATE is a date of the series.

--expect UID START END checks DTSTART and DTEND of one event against instants given in UTC
(2026-03-26T19:00:00Z); --expect-dates UID checks the start instants of a series after EXDATEs.
Prints one line per file and "N passed, M failed"; exits 1 when anything failed.
"""

import argparse
import datetime as dt
import itertools
import pathlib
import sys
import tomllib
from zoneinfo import ZoneInfo

from dateutil import rrule
from icalendar import Calendar

UTC = dt.timezone.utc


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--expect", nargs=3, action="append", default=[], metavar=("UID", "START", "END"))
    parser.add_argument("--expect-dates", nargs=2, action="append", default=[], metavar=("UID", "INSTANTS"))
    return parser.parse_args()


def instant(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def check_bytes(data, problems):
    if b"\n" in data.replace(b"\r\n", b"") or b"\r" in data.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF")
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} splits a UTF-8 character")


def raw(prop):
    """A property's value as written in the file."""
    value = prop.to_ical()
    return value.decode() if isinstance(value, bytes) else value


def offset_of(text):
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    seconds = int(digits[0:2]) * 3600 + int(digits[2:4]) * 60 + (int(digits[4:6]) if len(digits) > 4 else 0)
    return dt.timedelta(seconds=sign * seconds)


def local_of(text):
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")


class Vtimezone:
    """A VTIMEZONE's observances, read without icalendar's own time zone logic."""

    def __init__(self, component, problems):
        self.tzid = str(component["TZID"])
        self.observances = []
        for observance in component.subcomponents:
            if observance.name not in ("STANDARD", "DAYLIGHT"):
                continue
            if "RRULE" in observance or "RDATE" in observance:
                problems.append(f"{self.tzid}: observances with RRULE or RDATE are not expected")
            start = local_of(raw(observance["DTSTART"]))
            offset_from = offset_of(raw(observance["TZOFFSETFROM"]))
            offset_to = offset_of(raw(observance["TZOFFSETTO"]))
            onset = (start - offset_from).replace(tzinfo=UTC)
            self.observances.append((onset, offset_from, offset_to, observance.name))
        self.observances.sort()
        if not self.observances:
            problems.append(f"{self.tzid}: no STANDARD or DAYLIGHT observance")

    def check_against_zoneinfo(self, problems):
        zone = ZoneInfo(self.tzid)
        for onset, offset_from, offset_to, name in self.observances:
            after = onset.astimezone(zone).utcoffset()
            before = (onset - dt.timedelta(seconds=1)).astimezone(zone).utcoffset()
            if after != offset_to or before != offset_from:
                problems.append(
                    f"{self.tzid}: the {name} observance at {onset.isoformat()} says {offset_from}->{offset_to}, "
                    f"zoneinfo says {before}->{after}"
                )
            is_dst = bool(onset.astimezone(zone).dst())
            if is_dst != (name == "DAYLIGHT") and offset_from != offset_to:
                problems.append(f"{self.tzid}: the observance at {onset.isoformat()} should be {'DAYLIGHT' if is_dst else 'STANDARD'}")

    def offset_at(self, moment):
        current = self.observances[0][1]
        for onset, _, offset_to, _ in self.observances:
            if onset <= moment:
                current = offset_to
        return current

    def resolve(self, local):
        """The instant of a local time: the first one when it happens twice, None when it does not exist."""
        if local - self.observances[0][1] < self.observances[0][0].replace(tzinfo=None):
            return None
        candidates = []
        for offset in {o[2] for o in self.observances} | {self.observances[0][1]}:
            moment = (local - offset).replace(tzinfo=UTC)
            if self.offset_at(moment) == offset:
                candidates.append(moment)
        return min(candidates) if candidates else None


def value_instants(prop, zones, problems, where):
    """The instants (or dates) of a DTSTART, DTEND or EXDATE property, read three ways that must agree."""
    props = prop if isinstance(prop, list) else [prop]
    results = []
    for single in props:
        params = single.params
        written = raw(single)
        for text in written.split(","):
            if params.get("VALUE") == "DATE" or len(text) == 8:
                results.append(dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8])))
                continue
            if text.endswith("Z"):
                results.append(local_of(text[:-1]).replace(tzinfo=UTC))
                continue
            tzid = params.get("TZID")
            if tzid is None:
                problems.append(f"{where}: floating local time {text}")
                continue
            if tzid not in zones:
                problems.append(f"{where}: TZID {tzid} has no VTIMEZONE")
                continue
            local = local_of(text)
            through_vtimezone = zones[tzid].resolve(local)
            through_zoneinfo = local.replace(tzinfo=ZoneInfo(tzid), fold=0).astimezone(UTC)
            if through_vtimezone is None:
                problems.append(f"{where}: {text} is not covered by the VTIMEZONE of {tzid}, or does not exist")
            elif through_vtimezone != through_zoneinfo:
                problems.append(
                    f"{where}: {text} in {tzid} is {through_vtimezone.isoformat()} by the VTIMEZONE but "
                    f"{through_zoneinfo.isoformat()} by zoneinfo"
                )
            results.append(through_zoneinfo)
    return results


def decoded_instant(component, name):
    value = component.decoded(name)
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC) if value.tzinfo else value
    return value


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "+++")
    end = next(i for i, line in enumerate(lines[start + 1:], start + 1) if line.strip() == "+++")
    return tomllib.loads("\n".join(lines[start + 1:end]))


def expected_from_source(site, base_url):
    """URL of each event page -> (start, end) computed from its front matter with zoneinfo."""
    config = tomllib.loads((site / "guildhall.toml").read_text(encoding="utf-8"))
    site_zone = config.get("timezone")
    expected = {}
    events = site / "content" / "events"
    for path in sorted(events.rglob("*.md")):
        if path.name == "_index.md":
            continue
        fields = front_matter(path)
        if "start" not in fields:
            continue
        relative = path.relative_to(site / "content").with_suffix("")
        slug = fields.get("slug", relative.name)
        url = base_url + "/".join(relative.parent.parts + (slug,)) + "/"
        zone_name = fields.get("timezone", site_zone)

        def moment(value):
            if isinstance(value, str):
                value = dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
            if isinstance(value, dt.datetime):
                if value.tzinfo is None:
                    value = value.replace(tzinfo=ZoneInfo(zone_name), fold=0)
                return value.astimezone(UTC)
            return value

        start = moment(fields["start"])
        end = moment(fields.get("end", fields["start"]))
        if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
            end = end + dt.timedelta(days=1)
        expected[url] = (start, end)
    return expected


def check_file(path, site, expected, explicit, explicit_dates, seen_uids):
    problems = []
    data = path.read_bytes()
    check_bytes(data, problems)
    calendar = Calendar.from_ical(data)
    if str(calendar.get("VERSION")) != "2.0":
        problems.append("VERSION is not 2.0")
    if not calendar.get("PRODID"):
        problems.append("no PRODID")
    zones = {}
    for component in calendar.walk("VTIMEZONE"):
        zone = Vtimezone(component, problems)
        zone.check_against_zoneinfo(problems)
        zones[zone.tzid] = zone
    uids = set()
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        where = f"{path.name} {uid}"
        if not uid or uid in uids:
            problems.append(f"{where}: missing or repeated UID")
        uids.add(uid)
        seen_uids.add(uid)
        stamp = event.get("DTSTAMP")
        if stamp is None or not raw(stamp).endswith("Z"):
            problems.append(f"{where}: DTSTAMP missing or not in UTC")
        if "DTSTART" not in event:
            problems.append(f"{where}: no DTSTART")
            continue
        [start] = value_instants(event["DTSTART"], zones, problems, where + " DTSTART") or [None]
        [end] = value_instants(event["DTEND"], zones, problems, where + " DTEND") if "DTEND" in event else [None]
        for name, ours in (("DTSTART", start), ("DTEND", end)):
            theirs = decoded_instant(event, name) if name in event else None
            if ours != theirs:
                problems.append(f"{where}: {name} is {ours} but icalendar reads {theirs}")
        url = str(event.get("URL", ""))
        if url in expected and (start, end) != expected[url]:
            problems.append(f"{where}: the event's file says {expected[url][0]} to {expected[url][1]}, the calendar {start} to {end}")
        if uid in explicit and (start, end) != explicit[uid]:
            problems.append(f"{where}: expected {explicit[uid][0]} to {explicit[uid][1]}, found {start} to {end}")
        exdates = value_instants(event["EXDATE"], zones, problems, where + " EXDATE") if "EXDATE" in event else []
        if "RRULE" in event:
            dtstart = decoded_instant(event, "DTSTART")
            if isinstance(dtstart, dt.datetime) and "TZID" in event["DTSTART"].params:
                dtstart = dtstart.astimezone(ZoneInfo(event["DTSTART"].params["TZID"]))
            elif not isinstance(dtstart, dt.datetime):
                dtstart = dt.datetime.combine(dtstart, dt.time())
            rule_text = raw(event["RRULE"])
            series = list(itertools.islice(rrule.rrulestr(rule_text, dtstart=dtstart), 10000))
            as_utc = [s.astimezone(UTC) if isinstance(s, dt.datetime) and s.tzinfo else s for s in series]
            if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
                as_utc = [s.date() if isinstance(s, dt.datetime) else s for s in as_utc]
            for exdate in exdates:
                if exdate not in as_utc:
                    problems.append(f"{where}: EXDATE {exdate} is not a date of the series")
            if uid in explicit_dates:
                left = [s for s in as_utc if s not in exdates]
                if left != explicit_dates[uid]:
                    problems.append(f"{where}: the series gives {[str(s) for s in left]}, expected {[str(s) for s in explicit_dates[uid]]}")
        if str(event.get("STATUS", "")) not in ("CONFIRMED", "CANCELLED", "TENTATIVE"):
            problems.append(f"{where}: STATUS {event.get('STATUS')} is not an event status")
    return problems


def main():
    args = parse_args()
    site = pathlib.Path(args.site)
    config = tomllib.loads((site / "guildhall.toml").read_text(encoding="utf-8"))
    base_url = config["base_url"].rstrip("/") + "/"
    expected = expected_from_source(site, base_url)
    explicit = {uid: (instant(start), instant(end)) for uid, start, end in args.expect}
    explicit_dates = {uid: [instant(t) for t in instants.split(",")] for uid, instants in args.expect_dates}
    files = sorted((site / "public").rglob("*.ics"))
    failed = 0
    seen_uids = set()
    for path in files:
        try:
            problems = check_file(path, site, expected, explicit, explicit_dates, seen_uids)
        except Exception as error:  # A file the parser rejects is a failure, not a crash of the checker.
            problems = [f"cannot be checked: {type(error).__name__}: {error}"]
        name = path.relative_to(site / "public")
        print(f"{'ok' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"  {problem}")
        failed += bool(problems)
    for uid in list(explicit) + list(explicit_dates):
        if uid not in seen_uids:
            print(f"FAIL no calendar has the event {uid}")
            failed += 1
    if not files:
        print("FAIL no .ics file found")
        failed += 1
    print(f"{len(files) - min(failed, len(files))} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
