#!/usr/bin/env python3
"""Random event series, and the dates guildhall shows for them checked against two RFC 5545 engines.

Usage:
  check_series.py generate --seed SEED --count N SITE_ROOT   writes N random series to SITE_ROOT/content/events
  check_series.py check --now INSTANT SITE_ROOT              compares the built site with the engines

`generate` writes weekly, daily, monthly (by day, by position, by month day) and yearly series, with
intervals, `count` or `until` or neither, exceptions, in zones whose clocks change (at 01:00, at
midnight, by 30 minutes) and at fixed offsets, at times that fall in skipped or repeated hours.

`check` reads, for every event page, the dates the page shows (the `data-event-dates` its script
uses) and the JSON-LD `startDate`, and expands the event's own .ics file with
- recurring-ical-events, and
- dateutil's rrule on the local times of DTSTART (RFC 5545: times the clocks skip take the offset
  before the change, times that happen twice the first), EXDATE matched on the value the rule gives,
  RDATE added, a date moved by a RECURRENCE-ID taken from its override, UNTIL compared as an
  instant;
the next dates (those not ended at --now, at most as many as the page shows) must be the same
instants, at the same UTC offset, in all three. Time zones come from the `tzdata` package, never from
the machine. Prints each mismatch and "N series, M mismatches"; exits 1 when there is any.
"""

import argparse
import datetime as dt
import html
import json
import pathlib
import random
import re
import sys
import zoneinfo

zoneinfo.reset_tzpath(to=[])

import icalendar  # noqa: E402
import recurring_ical_events  # noqa: E402
from dateutil import rrule as du  # noqa: E402

UTC = dt.timezone.utc
ZONES = [
    "Europe/London",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "America/Asuncion",
    "Asia/Kolkata",
    "UTC",
]
OFFSETS = ["-05:00", "+05:30", "+13:00", "-03:30", "+00:00"]
TIMES = ["00:00", "00:30", "01:30", "02:30", "19:00", "23:30", "12:00"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
HOME = """title = "Series"
description = "Random series."
base_url = "https://series.example/"

[store]
name = "Shop"
url = "https://shop.example/"
"""


def local_exists(zone, naive):
    """False when the clocks skip `naive` in `zone`."""
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back == naive


def is_fold(zone, naive):
    first = naive.replace(tzinfo=zone, fold=0).utcoffset()
    second = naive.replace(tzinfo=zone, fold=1).utcoffset()
    return first != second and local_exists(zone, naive)


def random_rule(rng, start):
    """A rule (as a TOML table body) whose first date is `start`, and its dateutil twin."""
    weekday = DAYS[start.weekday()]
    kind = rng.choice(["weekly", "weekly-days", "daily", "monthly-day", "monthly-days", "monthly-nth", "monthly-last", "yearly"])
    parts, du_args = [], {}
    if kind.startswith("weekly"):
        freq, du_freq = "weekly", du.WEEKLY
        if kind == "weekly-days":
            days = sorted(set([weekday] + rng.sample(DAYS, rng.randint(1, 3))), key=DAYS.index)
            parts.append("byday = [%s]" % ", ".join('"%s"' % d for d in days))
            du_args["byweekday"] = [DAYS.index(d) for d in days]
    elif kind == "daily":
        freq, du_freq = "daily", du.DAILY
    elif kind == "yearly":
        freq, du_freq = "yearly", du.YEARLY
    else:
        freq, du_freq = "monthly", du.MONTHLY
        if kind == "monthly-days":
            days = sorted(set([start.day] + rng.sample(range(1, 32), 2)))
            parts.append("bymonthday = [%s]" % ", ".join(map(str, days)))
            du_args["bymonthday"] = days
        elif kind == "monthly-nth":
            nth = (start.day - 1) // 7 + 1
            parts.append('byday = ["%d%s"]' % (nth, weekday))
            du_args["byweekday"] = [du.weekday(start.weekday(), nth)]
        elif kind == "monthly-last":
            import calendar

            length = calendar.monthrange(start.year, start.month)[1]
            nth = -((length - start.day) // 7 + 1)
            parts.append('byday = ["%d%s"]' % (nth, weekday))
            du_args["byweekday"] = [du.weekday(start.weekday(), nth)]
    interval = rng.choice([1, 1, 1, 2, 3])
    if interval != 1:
        parts.append("interval = %d" % interval)
    end = rng.choice(["count", "until", "forever"])
    if end == "count":
        count = rng.randint(2, 90 // interval if freq == "yearly" else 60)
        parts.append("count = %d" % count)
        du_args["count"] = count
    elif end == "until":
        until = start.date() + dt.timedelta(days=rng.randint(20, 900))
        parts.append("until = %s" % until.isoformat())
        du_args["until"] = dt.datetime.combine(until, dt.time(23, 59, 59))
    table = 'repeat = { freq = "%s"%s }' % (freq, "".join(", " + p for p in parts))
    rule = du.rrule(du_freq, dtstart=start, interval=interval, wkst=du.MO, cache=False, **du_args)
    return table, rule


def generate(seed, count, site):
    rng = random.Random(seed)
    (site / "guildhall.toml").write_text(HOME)
    events = site / "content" / "events"
    events.mkdir(parents=True, exist_ok=True)
    base = dt.date(2026, 6, 1)
    for n in range(count):
        fixed = rng.random() < 0.15
        zone_name = None if fixed else rng.choice(ZONES)
        offset = rng.choice(OFFSETS) if fixed else None
        day = base + dt.timedelta(days=rng.randint(-1100, 400))
        hour, minute = map(int, rng.choice(TIMES).split(":"))
        start = dt.datetime.combine(day, dt.time(hour, minute))
        zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
        if zone and not local_exists(zone, start):
            start = start.replace(hour=19, minute=0)
        table, rule = random_rule(rng, start)
        dates = list(rule.xafter(start, count=40, inc=True)) if rule else []
        exceptions = sorted(set(rng.sample(dates[1:], min(len(dates) - 1, rng.randint(0, 3)))))
        if dates and rng.random() < 0.1:
            exceptions = sorted(set(exceptions + [dates[0]]))
        if len(exceptions) >= len(dates):
            exceptions = exceptions[:-1]
        length = dt.timedelta(minutes=rng.choice([30, 60, 90, 150]))
        end = start + length
        lines = ["+++", 'title = "Series %04d"' % n, "date = 2025-01-01"]
        if fixed:
            lines.append("start = %s%s" % (start.isoformat(), offset))
            lines.append("end = %s%s" % (end.isoformat(), offset))
        else:
            written = start.isoformat()
            second = is_fold(zone, start) and rng.random() < 0.5
            if second:
                aware = start.replace(tzinfo=zone, fold=1)
                written = aware.isoformat()
                end_aware = (aware.astimezone(UTC) + length).astimezone(zone)
                lines.append("start = %s" % written)
                lines.append("end = %s" % end_aware.isoformat())
            else:
                end_aware = (start.replace(tzinfo=zone).astimezone(UTC) + length).astimezone(zone)
                lines.append("start = %s" % written)
                lines.append("end = %s" % end_aware.isoformat())
            lines.append('timezone = "%s"' % zone_name)
        lines.append(table)
        if exceptions:
            lines.append("exceptions = [%s]" % ", ".join(d.date().isoformat() for d in exceptions))
        lines.append('location = { online = "https://meet.example/%d" }' % n)
        lines.append("+++")
        lines.append("")
        (events / ("series-%04d.md" % n)).write_text("\n".join(lines))


def parse_instant(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def page_dates(page):
    text = page.read_text()
    found = re.search(r'<article class="event" data-event-dates="([^"]*)"', text)
    dates = json.loads(html.unescape(found.group(1))) if found else []
    ld = None
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
        data = json.loads(block)
        for item in data.get("@graph", [data]) if isinstance(data, dict) else data:
            if isinstance(item, dict) and item.get("@type") == "Event":
                ld = item
    return dates, ld


def local_tz(component):
    start = component.decoded("DTSTART")
    return start.tzinfo if isinstance(start, dt.datetime) else None


def engine_rrule(calendar, now, limit):
    """The next `limit` occurrences not ended at `now`, as (start, end) aware datetimes, by dateutil."""
    events = calendar.walk("VEVENT")
    event = next(e for e in events if "RECURRENCE-ID" not in e)
    moved = {}
    for override in events:
        if "RECURRENCE-ID" in override:
            recurrence_id = override.decoded("RECURRENCE-ID").replace(tzinfo=None)
            moved[recurrence_id] = (
                override.decoded("DTSTART").astimezone(UTC),
                override.decoded("DTEND").astimezone(UTC),
            )
    start = event.decoded("DTSTART")
    if "DURATION" in event:
        length = event.decoded("DURATION")
    else:
        end = event.decoded("DTEND")
        length = (end.astimezone(UTC) - start.astimezone(UTC)) if isinstance(start, dt.datetime) else end - start
    tz = start.tzinfo if isinstance(start, dt.datetime) else None
    naive = start.replace(tzinfo=None) if tz else dt.datetime.combine(start, dt.time())
    until = None
    starts = []
    if "RRULE" in event:
        text = event["RRULE"].to_ical().decode()
        parts = []
        for part in text.split(";"):
            if part.startswith("UNTIL="):
                value = part[6:]
                until = (
                    dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                    if "T" in value
                    else dt.datetime.strptime(value, "%Y%m%d")
                )
            else:
                parts.append(part)
        rule = du.rrulestr(";".join(parts), dtstart=naive)
    else:
        rule = [naive]
    excluded = set()
    for exdate in event.get("EXDATE", []) if isinstance(event.get("EXDATE"), list) else [event.get("EXDATE")] if event.get("EXDATE") else []:
        for value in exdate.dts:
            v = value.dt
            if isinstance(v, dt.datetime) and v.tzinfo is UTC or (isinstance(v, dt.datetime) and v.utcoffset() == dt.timedelta(0) and str(v.tzinfo) in ("UTC", "tzutc()")):
                excluded.add(("instant", v.astimezone(UTC)))
            elif isinstance(v, dt.datetime):
                excluded.add(("local", v.replace(tzinfo=None)))
            else:
                excluded.add(("local", dt.datetime.combine(v, dt.time())))
    extra = []
    rdates = event.get("RDATE")
    for rdate in (rdates if isinstance(rdates, list) else [rdates] if rdates else []):
        for value in rdate.dts:
            extra.append(value.dt.astimezone(UTC))
    for local in rule:
        aware = local.replace(tzinfo=tz) if tz else local
        if isinstance(until, dt.datetime) and until.tzinfo and aware.astimezone(UTC) > until:
            break
        if until is not None and not until.tzinfo and local > until:
            break
        if ("local", local) in excluded or (tz and ("instant", aware.astimezone(UTC)) in excluded):
            continue
        instant = aware.astimezone(UTC) if tz else aware
        if local in moved:
            instant = moved[local][0]
        if tz and instant + length > now or not tz:
            starts.append(instant)
        if tz and len(starts) >= limit + len(extra) + 2:
            break
        if not tz and len(starts) > 5000:
            break
    starts = sorted(starts + extra)
    if tz:
        return [(s, s + length) for s in starts if s + length > now][:limit], tz
    return starts, None


def engine_recurring(calendar, now, limit, tz):
    out = []
    for occurrence in recurring_ical_events.of(calendar).after(now):
        start = occurrence.decoded("DTSTART")
        end = occurrence.decoded("DTEND") if "DTEND" in occurrence else start + occurrence.decoded("DURATION")
        if isinstance(start, dt.datetime):
            out.append((start.astimezone(UTC), end.astimezone(UTC)))
        if len(out) >= limit:
            break
    return out


def check(now, site):
    now = parse_instant(now)
    public = site / "public" / "events"
    series, mismatches = 0, 0
    for page in sorted(public.glob("*/index.html")):
        slug = page.parent.name
        ics = public / (slug + ".ics")
        if not ics.is_file():
            continue
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        event = next(iter(calendar.walk("VEVENT")))
        if not isinstance(event.decoded("DTSTART"), dt.datetime):
            continue
        series += 1
        dates, ld = page_dates(page)
        shown = [(parse_instant(d[0]), parse_instant(d[1]), d[3]) for d in dates]
        upcoming = [d for d in shown if d[1] > now]
        problems = []
        by_rrule, tz = engine_rrule(calendar, now, max(len(upcoming), 6))
        by_recurring = engine_recurring(calendar, now, max(len(upcoming), 6), tz)
        page_pairs = [(s, e) for s, e, _ in upcoming]
        if page_pairs != by_rrule[: len(page_pairs)] or (len(page_pairs) < 6 and len(by_rrule) != len(page_pairs)):
            problems.append("dateutil: %s" % [s.isoformat() for s, _ in by_rrule[:6]])
        # recurring-ical-events adds the length of a date in local time, so a date whose start the
        # clocks moved ends early there; RFC 5545 (3.8.5.3) keeps the exact length: starts only.
        page_starts = [s for s, _ in page_pairs]
        recurring_starts = [s for s, _ in by_recurring]
        if page_starts != recurring_starts[: len(page_starts)] or (len(page_starts) < 6 and len(recurring_starts) != len(page_starts)):
            problems.append("recurring-ical-events: %s" % [s.isoformat() for s, _ in by_recurring[:6]])
        for start, _, written in upcoming:
            local = start.astimezone(tz)
            if parse_instant(written) != start or parse_instant(written).utcoffset() != local.utcoffset():
                problems.append("page shows %s for %s" % (written, local.isoformat()))
        if ld and shown and parse_instant(ld["startDate"]) != shown[0][0]:
            problems.append("JSON-LD startDate %s" % ld["startDate"])
        if problems:
            mismatches += 1
            print("%s: page %s; %s" % (slug, [s.isoformat() for s, _ in page_pairs], "; ".join(problems)))
    print("%d series, %d mismatches" % (series, mismatches))
    return 0 if mismatches == 0 and series > 0 else 1


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--seed", type=int, required=True)
    gen.add_argument("--count", type=int, required=True)
    gen.add_argument("site", type=pathlib.Path)
    chk = sub.add_parser("check")
    chk.add_argument("--now", required=True)
    chk.add_argument("site", type=pathlib.Path)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.seed, args.count, args.site)
        return 0
    return check(args.now, args.site)


if __name__ == "__main__":
    sys.exit(main())
