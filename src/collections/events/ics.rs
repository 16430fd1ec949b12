//! A small iCalendar (RFC 5545) writer for event files and subscribable calendars.
//!
//! What it guarantees, because calendar apps are strict about it: lines end in CRLF and are folded at
//! 75 octets without splitting a UTF-8 character; TEXT values escape backslash, semicolon, comma and
//! newline; every `TZID` used has a `VTIMEZONE` whose `STANDARD`/`DAYLIGHT` observances are the real
//! transitions of jiff's time zone database over the years the events use; a local time is written
//! with its `TZID` only when that is how calendar apps will read it back (otherwise in UTC); UIDs
//! come from the page's address, so they are stable from one build to the next.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan as _, Zoned};

use super::rule::{Limit, Until};
use super::{Event, Timing};
use crate::content::EventStatus;

/// How many years after the build (or the first date, when later) a series is covered by its time
/// zone's transitions: further ahead, the time zone database only guesses anyway.
const ZONE_YEARS_AHEAD: i16 = 20;

/// One event of a calendar, with what the page knows about it.
pub struct Entry<'a> {
    pub event: &'a Event,
    /// Stable and unique: derived from the page's address.
    pub uid: String,
    /// The page's absolute URL.
    pub url: String,
    pub summary: String,
    pub description: String,
    /// When the entry last changed: the page's `updated` or `date`, else the build's `now`.
    pub dtstamp: Timestamp,
    pub categories: Vec<String>,
    /// The host's name, for the description.
    pub host: Option<String>,
}

/// A whole `.ics` file.
pub struct Calendar<'a> {
    pub name: String,
    pub description: String,
    /// Calendars meant for subscription tell apps how often to refresh.
    pub subscribable: bool,
    pub entries: Vec<Entry<'a>>,
    /// The build's `now`, which bounds the time zone data written for series without an end.
    pub now: Timestamp,
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines; other control characters go.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets per line, continuation lines start with a space, and a
/// UTF-8 character is never split. The result ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return out;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

/// Content lines, folded as they are added.
#[derive(Default)]
struct Lines {
    out: String,
}

impl Lines {
    fn push(&mut self, name: &str, value: &str) {
        self.out.push_str(&fold(&format!("{name}:{value}")));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.push(name, &escape_text(value));
    }
}

/// Writes the calendar.
pub fn write(calendar: &Calendar) -> String {
    let mut lines = Lines::default();
    lines.push("BEGIN", "VCALENDAR");
    lines.push("VERSION", "2.0");
    lines.push(
        "PRODID",
        &format!("-//guildhall//guildhall {}//EN", env!("CARGO_PKG_VERSION")),
    );
    lines.push("CALSCALE", "GREGORIAN");
    lines.push("METHOD", "PUBLISH");
    lines.text("NAME", &calendar.name);
    lines.text("X-WR-CALNAME", &calendar.name);
    if !calendar.description.is_empty() {
        lines.text("DESCRIPTION", &calendar.description);
        lines.text("X-WR-CALDESC", &calendar.description);
    }
    if calendar.subscribable {
        lines.push("REFRESH-INTERVAL;VALUE=DURATION", "PT12H");
        lines.push("X-PUBLISHED-TTL", "PT12H");
    }
    let mut zones: BTreeMap<String, (TimeZone, i16, i16)> = BTreeMap::new();
    let mut events = Lines::default();
    for entry in &calendar.entries {
        write_event(&mut events, entry, calendar.now, &mut zones);
    }
    for (name, (tz, first_year, last_year)) in &zones {
        write_timezone(&mut lines, name, tz, *first_year, *last_year);
    }
    lines.out.push_str(&events.out);
    lines.push("END", "VCALENDAR");
    lines.out
}

/// `20260414T180000Z`.
fn utc(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn date_value(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// The `TZID` local times are written in, or `None` when times are written in UTC: the event's IANA
/// zone; for a series written with an offset and no zone, a zone at that offset, so that its rule
/// repeats on the local dates the page shows (in UTC it would repeat on other days).
fn tzid(event: &Event) -> Option<String> {
    match event.zone.name.as_deref() {
        Some("UTC" | "Etc/UTC") => None,
        Some(name) => Some(name.to_string()),
        None if event.rule.is_some() => {
            Some(fixed_tzid(event.zone.tz.to_offset(Timestamp::UNIX_EPOCH)))
        }
        None => None,
    }
}

/// The name of a fixed-offset zone: the IANA `Etc/GMT+5` for whole hours (whose sign is reversed),
/// else `UTC+0530`.
fn fixed_tzid(offset: Offset) -> String {
    let seconds = offset.seconds();
    if seconds % 3600 == 0 && (-12..=14).contains(&(seconds / 3600)) {
        let hours = -seconds / 3600;
        if hours == 0 {
            return "Etc/GMT".to_string();
        }
        return format!("Etc/GMT{hours:+}");
    }
    format!("UTC{}", offset_value(offset))
}

/// `20260414T190000`: a local time as written after a `TZID`.
fn local_value(datetime: jiff::civil::DateTime) -> String {
    datetime.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A date-time property: with `TZID` and the local time when apps read that back as the same
/// instant (RFC 5545 takes the first of two repeated local times), else in UTC.
fn time_property(
    name: &str,
    zoned: &Zoned,
    event: &Event,
    used: &mut Option<i16>,
) -> (String, String) {
    if let Some(zone) = tzid(event) {
        let local = zoned.datetime();
        let read_back = event.zone.tz.to_ambiguous_zoned(local).compatible();
        if read_back.is_ok_and(|z| z.timestamp() == zoned.timestamp()) {
            *used = Some(zoned.year());
            return (format!("{name};TZID={zone}"), local_value(local));
        }
    }
    (name.to_string(), utc(zoned.timestamp()))
}

fn write_event(
    lines: &mut Lines,
    entry: &Entry,
    now: Timestamp,
    zones: &mut BTreeMap<String, (TimeZone, i16, i16)>,
) {
    let event = entry.event;
    if event.occurrences().next().is_none() {
        return;
    }
    let Some(first) = event.occurrence_on(event.first_date()) else {
        return;
    };
    lines.push("BEGIN", "VEVENT");
    lines.text("UID", &entry.uid);
    lines.push("DTSTAMP", &utc(entry.dtstamp));
    let mut zone_years: Vec<i16> = Vec::new();
    let mut moved_first = None;
    match &event.timing {
        Timing::AllDay { first: day, days } => {
            lines.push("DTSTART;VALUE=DATE", &date_value(*day));
            let end = day.checked_add(days.days()).unwrap_or(*day);
            lines.push("DTEND;VALUE=DATE", &date_value(end));
        }
        Timing::Timed { start, duration } => {
            moved_first = write_timed_start(lines, event, start, *duration, &mut zone_years);
        }
    }
    if let Some(rule) = &event.rule {
        let until = match rule.limit {
            Limit::Until(until) => Some(rrule_until(event, until)),
            _ => None,
        };
        lines.push("RRULE", &rule.to_rrule(until.as_deref()));
        write_exceptions(lines, event, &mut zone_years);
        if tzid(event).is_some() && !event.all_day() {
            // The series' last year, but no further than some years ahead.
            let ahead = now
                .to_zoned(event.zone.tz.clone())
                .year()
                .max(first.start.year())
                .saturating_add(ZONE_YEARS_AHEAD);
            let last = match rule.limit {
                Limit::Forever => ahead,
                _ => event
                    .occurrences()
                    .last()
                    .map_or(first.start.year(), |o| o.end.year())
                    .min(ahead),
            };
            zone_years.push(last);
        }
    }
    if let (Some(zone), Some(&low), Some(&high)) = (
        tzid(event),
        zone_years.iter().min(),
        zone_years.iter().max(),
    ) {
        let slot = zones
            .entry(zone)
            .or_insert_with(|| (event.zone.tz.clone(), low, high));
        slot.1 = slot.1.min(low);
        slot.2 = slot.2.max(high);
    }
    let summary = if event.status == EventStatus::Cancelled {
        format!("Cancelled: {}", entry.summary)
    } else {
        entry.summary.clone()
    };
    lines.text("SUMMARY", &summary);
    lines.text("DESCRIPTION", &description(entry));
    lines.push("URL", &entry.url);
    if let Some(location) = location_text(event) {
        lines.text("LOCATION", &location);
    }
    let status = match event.status {
        EventStatus::Cancelled => "CANCELLED",
        EventStatus::Postponed => "TENTATIVE",
        EventStatus::Scheduled | EventStatus::MovedOnline => "CONFIRMED",
    };
    lines.push("STATUS", status);
    if !entry.categories.is_empty() {
        let categories: Vec<String> = entry.categories.iter().map(|c| escape_text(c)).collect();
        lines.push("CATEGORIES", &categories.join(","));
    }
    lines.push("END", "VEVENT");
    if let Some((recurrence_id, start, end)) = moved_first {
        // The first date, moved to the second of the two repeated times it names.
        lines.push("BEGIN", "VEVENT");
        lines.text("UID", &entry.uid);
        lines.push("DTSTAMP", &utc(entry.dtstamp));
        lines.push(&recurrence_id.0, &recurrence_id.1);
        lines.push("DTSTART", &utc(start));
        lines.push("DTEND", &utc(end));
        lines.text("SUMMARY", &summary);
        lines.push("URL", &entry.url);
        lines.push("STATUS", status);
        lines.push("END", "VEVENT");
    }
}

/// UNTIL in the form RFC 5545 requires: a DATE for all-day events, else UTC.
fn rrule_until(event: &Event, until: Until) -> String {
    let tz = &event.zone.tz;
    match (&event.timing, until) {
        (Timing::AllDay { .. }, Until::Date(date)) => date_value(date),
        (Timing::AllDay { .. }, Until::Instant(instant)) => {
            date_value(instant.to_zoned(tz.clone()).date())
        }
        (Timing::Timed { .. }, Until::Instant(instant)) => utc(instant),
        (Timing::Timed { .. }, Until::Date(date)) => {
            // The last second of that day in the event's zone.
            let next_day = date
                .tomorrow()
                .ok()
                .and_then(|d| d.to_zoned(tz.clone()).ok())
                .map_or(Timestamp::MAX, |z| z.timestamp());
            utc(next_day.checked_sub(1.second()).unwrap_or(next_day))
        }
    }
}

/// A `RECURRENCE-ID` property and value, with the start and end of the date it moves.
type MovedDate = ((String, String), Timestamp, Timestamp);

/// DTSTART and DTEND of a timed event. A series whose first date is the second of two repeated
/// local times cannot say so with a `TZID` (apps read the first), and in UTC its rule would repeat
/// in UTC: its DTSTART is the local time (the first of the two), and the first date is moved to
/// the second by an overriding VEVENT (`RECURRENCE-ID`), returned for the caller to write.
fn write_timed_start(
    lines: &mut Lines,
    event: &Event,
    start: &Zoned,
    duration: jiff::SignedDuration,
    zone_years: &mut Vec<i16>,
) -> Option<MovedDate> {
    let end_of = |from: Timestamp| {
        from.checked_add(duration)
            .unwrap_or(Timestamp::MAX)
            .to_zoned(event.zone.tz.clone())
    };
    let mut used = None;
    let (property, value) = time_property("DTSTART", start, event, &mut used);
    zone_years.extend(used);
    let zone = tzid(event).filter(|_| event.rule.is_some() && used.is_none());
    let Some(zone) = zone else {
        lines.push(&property, &value);
        let mut used = None;
        let (property, value) =
            time_property("DTEND", &end_of(start.timestamp()), event, &mut used);
        zone_years.extend(used);
        lines.push(&property, &value);
        return None;
    };
    let read_back = event
        .zone
        .tz
        .to_ambiguous_zoned(start.datetime())
        .compatible()
        .ok()?;
    zone_years.push(start.year());
    let local = (
        format!("DTSTART;TZID={zone}"),
        local_value(start.datetime()),
    );
    lines.push(&local.0, &local.1);
    let mut used = None;
    let (property, value) =
        time_property("DTEND", &end_of(read_back.timestamp()), event, &mut used);
    zone_years.extend(used);
    lines.push(&property, &value);
    if event.exceptions.binary_search(&start.date()).is_ok() {
        return None;
    }
    let recurrence_id = (format!("RECURRENCE-ID;TZID={zone}"), local.1);
    Some((
        recurrence_id,
        start.timestamp(),
        end_of(start.timestamp()).timestamp(),
    ))
}

/// EXDATE: each skipped date at the very value the rule gives it, so that calendar apps match it:
/// the local time of the series on that date after its `TZID` (even in an hour the clocks skip),
/// else the start in UTC.
fn write_exceptions(lines: &mut Lines, event: &Event, zone_years: &mut Vec<i16>) {
    match &event.timing {
        Timing::AllDay { .. } => {
            if event.exceptions.is_empty() {
                return;
            }
            let dates: Vec<String> = event.exceptions.iter().map(|d| date_value(*d)).collect();
            lines.push("EXDATE;VALUE=DATE", &dates.join(","));
        }
        Timing::Timed { start, .. } => {
            let dates = &event.exceptions;
            let zone = tzid(event);
            if dates.is_empty() {
                return;
            }
            let values: Vec<String> = dates
                .iter()
                .filter_map(|date| match &zone {
                    Some(_) => {
                        zone_years.push(date.year());
                        Some(local_value(date.to_datetime(start.time())))
                    }
                    None => event.occurrence_on(*date).map(|o| utc(o.start.timestamp())),
                })
                .collect();
            let property = match &zone {
                Some(zone) => format!("EXDATE;TZID={zone}"),
                None => "EXDATE".to_string(),
            };
            lines.push(&property, &values.join(","));
        }
    }
}

fn description(entry: &Entry) -> String {
    let event = entry.event;
    let mut parts = Vec::new();
    if event.status == EventStatus::Cancelled {
        parts.push("This event is cancelled.".to_string());
    } else if event.status == EventStatus::Postponed {
        parts.push("This event is postponed; a new date will follow.".to_string());
    } else if event.status == EventStatus::MovedOnline {
        parts.push("This event has moved online.".to_string());
    }
    if !entry.description.is_empty() {
        parts.push(entry.description.clone());
    }
    if let Some(host) = &entry.host {
        parts.push(format!("Hosted by {host}."));
    }
    if let Some(online) = event.location.as_ref().and_then(|l| l.online.as_deref())
        && event.status != EventStatus::Cancelled
    {
        parts.push(format!("Join online: {online}"));
    }
    if let Some(registration) = &event.registration
        && event.status != EventStatus::Cancelled
    {
        parts.push(format!("Register: {registration}"));
    }
    parts.push(format!("Details: {}", entry.url));
    parts.join("\n\n")
}

/// LOCATION: the venue and address; the online link for events that take place online only.
fn location_text(event: &Event) -> Option<String> {
    let location = event.location.as_ref()?;
    if event.status == EventStatus::MovedOnline || !location.has_place() {
        return location.online.clone();
    }
    let parts: Vec<String> = [location.venue.clone(), location.address_line()]
        .into_iter()
        .flatten()
        .collect();
    Some(parts.join(", "))
}

/// `+0100`, `-0500`, `+0530`, and seconds when a historic offset has them.
fn offset_value(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.abs();
    let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// One observance: from `onset` (an instant), the zone is at `to`, having been at `from`.
struct Observance {
    onset: Timestamp,
    from: Offset,
    to: Offset,
    name: String,
    daylight: bool,
}

/// A VTIMEZONE for `name` whose observances are the zone's real transitions from the one in force
/// on 1 January of `first_year` to the end of `last_year`.
fn write_timezone(lines: &mut Lines, name: &str, tz: &TimeZone, first_year: i16, last_year: i16) {
    let from = Date::new(first_year, 1, 1)
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
        .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
    let until = Date::new(last_year.saturating_add(1).min(9998), 1, 2)
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
        .map_or(Timestamp::MAX, |z| z.timestamp());
    let observance = |onset: Timestamp| {
        let info = tz.to_offset_info(onset);
        let before = onset
            .checked_sub(1.second())
            .map_or(info.offset(), |t| tz.to_offset(t));
        Observance {
            onset,
            from: before,
            to: info.offset(),
            name: info.abbreviation().to_string(),
            daylight: info.dst().is_dst(),
        }
    };
    let mut observances = Vec::new();
    match tz.preceding(from).next() {
        Some(transition) => observances.push(observance(transition.timestamp())),
        None => {
            // A zone without transitions: one observance that has always been in force.
            let info = tz.to_offset_info(from);
            observances.push(Observance {
                onset: Timestamp::UNIX_EPOCH,
                from: info.offset(),
                to: info.offset(),
                name: info.abbreviation().to_string(),
                daylight: info.dst().is_dst(),
            });
        }
    }
    for transition in tz.following(from) {
        if transition.timestamp() > until {
            break;
        }
        observances.push(observance(transition.timestamp()));
    }
    lines.push("BEGIN", "VTIMEZONE");
    lines.text("TZID", name);
    for observance in &observances {
        let kind = if observance.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the onset in the local time that was in force before it.
        let onset = observance
            .onset
            .to_zoned(TimeZone::fixed(observance.from))
            .datetime();
        lines.push("BEGIN", kind);
        lines.push("DTSTART", &onset.strftime("%Y%m%dT%H%M%S").to_string());
        lines.push("TZOFFSETFROM", &offset_value(observance.from));
        lines.push("TZOFFSETTO", &offset_value(observance.to));
        if !observance.name.is_empty() {
            lines.text("TZNAME", &observance.name);
        }
        lines.push("END", kind);
    }
    lines.push("END", "VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\u{7}"),
            "a\\\\b\\;c\\,d\\ne\\nf"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(80));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn offsets_are_written_as_rfc5545_utc_offsets() {
        assert_eq!(offset_value(Offset::from_seconds(3600).unwrap()), "+0100");
        assert_eq!(offset_value(Offset::from_seconds(-18000).unwrap()), "-0500");
        assert_eq!(offset_value(Offset::from_seconds(19800).unwrap()), "+0530");
        assert_eq!(offset_value(Offset::from_seconds(-75).unwrap()), "-000115");
    }

    #[test]
    fn a_timezone_lists_the_real_transitions_of_the_years_used() {
        let tz = crate::config::time_zones().get("Europe/London").unwrap();
        let mut lines = Lines::default();
        write_timezone(&mut lines, "Europe/London", &tz, 2026, 2026);
        let text = lines.out;
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\n"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\n"), "{text}");
        assert!(
            text.contains("DTSTART:20251026T020000"),
            "the one in force on 1 January"
        );
        let kolkata = crate::config::time_zones().get("Asia/Kolkata").unwrap();
        let mut lines = Lines::default();
        write_timezone(&mut lines, "Asia/Kolkata", &kolkata, 2026, 2026);
        assert!(lines.out.contains("TZOFFSETTO:+0530"), "{}", lines.out);
    }
}
