//! Events, from `content/events/`: when they happen in their own time zone, where, who hosts them, how
//! they repeat, and which of their dates are still to come at the build's `now`.
//!
//! [`parse`] is pure: it reads the event fields of a page's front matter into an [`Event`] and returns
//! every problem as a [`Problem`] at a span of the front matter. All time-zone arithmetic goes through
//! jiff and its bundled time zone database, so a build gives the same times on every machine. Local
//! times that do not exist (the hour skipped when clocks go forward) are errors; local times that
//! happen twice (when clocks go back) mean the first of the two, as RFC 5545 reads them, with a
//! warning.

pub mod ics;
mod repeat;
pub mod rule;
mod series;
mod times;

pub use times::{WrittenTime, offset_text, written_time};
use times::{timing, zone_display_name};

use std::ops::Range;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan as _, Zoned};

use crate::config::{time_zone_hint, url_host};
use crate::content::{EventStatus, FrontMatter, LocationConfig};
use crate::diag::Severity;
pub use rule::Rule;

/// How many of a series' next dates are kept for pages.
pub const NEXT_OCCURRENCES: usize = 6;

/// A problem with an event field, at a span of the front matter (`None`: the front matter as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            span: Some(span),
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(span, message)
        }
    }

    fn whole(severity: Severity, message: impl Into<String>) -> Problem {
        Problem {
            severity,
            span: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// The time zone an event is shown in: an IANA zone, or the fixed offset its times were written with.
#[derive(Debug, Clone)]
pub struct Zone {
    pub tz: TimeZone,
    /// The IANA name (`Europe/London`), or `None` for a fixed offset.
    pub name: Option<String>,
}

/// When an event takes place, before recurrence.
#[derive(Debug, Clone)]
pub enum Timing {
    /// Whole days, from `first`, `days` long (at least 1).
    AllDay { first: Date, days: i64 },
    /// From `start` for `duration` (positive).
    Timed {
        start: Zoned,
        duration: SignedDuration,
    },
}

/// One date of an event: a single event has one, a series many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub start: Zoned,
    /// Exclusive: for all-day events, the start of the day after the last day.
    pub end: Zoned,
}

/// The venue and address, and the online link, of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub venue: Option<String>,
    pub address: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub online: Option<String>,
}

impl Location {
    /// The address on one line: "12 Walcot Street, Bath BA1 5BG, United Kingdom".
    pub fn address_line(&self) -> Option<String> {
        let town = [self.locality.as_deref(), self.postal_code.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let parts: Vec<&str> = [
            self.address.as_deref(),
            Some(town.as_str()),
            self.region.as_deref(),
            self.country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// True when there is a place to go to.
    pub fn has_place(&self) -> bool {
        self.venue.is_some() || self.address_line().is_some()
    }
}

/// Who hosts an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A public member, by handle.
    Member(String),
    /// A name as written.
    Name(String),
}

/// How people take part: at a place, online, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    Offline,
    Online,
    Mixed,
}

/// Where an event stands at the build's `now`.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// The dates that have not ended yet, soonest first (at most [`NEXT_OCCURRENCES`]).
    pub next: Vec<Occurrence>,
    /// The latest date that has ended.
    pub last: Option<Occurrence>,
    /// The first date of all.
    pub first: Option<Occurrence>,
    /// The next instant after `now` at which the event starts or ends.
    pub next_change: Option<Timestamp>,
}

impl Schedule {
    pub fn upcoming(&self) -> bool {
        !self.next.is_empty()
    }

    /// The date pages show: the next one, or the last one once all are over.
    pub fn shown(&self) -> Option<&Occurrence> {
        self.next.first().or(self.last.as_ref())
    }
}

/// An event page's event fields, checked.
#[derive(Debug, Clone)]
pub struct Event {
    pub timing: Timing,
    pub zone: Zone,
    pub location: Option<Location>,
    /// Set by the site once members are known; only public members and plain names.
    pub host: Option<Host>,
    pub registration: Option<String>,
    pub capacity: Option<String>,
    pub status: EventStatus,
    pub rule: Option<Rule>,
    /// Dates of the series that are skipped, sorted.
    pub exceptions: Vec<Date>,
    pub schedule: Schedule,
}

impl Event {
    pub fn all_day(&self) -> bool {
        matches!(self.timing, Timing::AllDay { .. })
    }

    pub fn attendance(&self) -> Attendance {
        if self.status == EventStatus::MovedOnline {
            return Attendance::Online;
        }
        match &self.location {
            Some(location) if location.online.is_some() && location.has_place() => {
                Attendance::Mixed
            }
            Some(location) if location.online.is_some() => Attendance::Online,
            _ => Attendance::Offline,
        }
    }

    /// The first day of the event in its zone.
    pub fn first_date(&self) -> Date {
        match &self.timing {
            Timing::AllDay { first, .. } => *first,
            Timing::Timed { start, .. } => start.date(),
        }
    }

    /// Every date of the event in order: exceptions left out, `count` and `until` applied. A series
    /// without an end stops after [`rule::MAX_YEARS`] years.
    pub fn occurrences(&self) -> impl Iterator<Item = Occurrence> + '_ {
        self.dated()
            .filter(|(date, _)| self.exceptions.binary_search(date).is_err())
            .map(|(_, occurrence)| occurrence)
    }

    /// Every date of the event with the local date the rule gives it (which a clock change can
    /// move the start away from), exceptions included; `count` and `until` applied.
    pub fn dated(&self) -> series::Dated<'_> {
        series::Dated::new(self)
    }

    /// The date that the rule gives on `date`, following the event's time of day and length. A time
    /// the clocks skip is read with the offset before the change (later, as RFC 5545 and calendar
    /// apps read it); a time that happens twice is the first one.
    pub(crate) fn occurrence_on(&self, date: Date) -> Option<Occurrence> {
        let tz = &self.zone.tz;
        match &self.timing {
            Timing::AllDay { days, .. } => {
                let start = date.to_zoned(tz.clone()).ok()?;
                let end = date
                    .checked_add(days.days())
                    .ok()?
                    .to_zoned(tz.clone())
                    .ok()?;
                Some(Occurrence { start, end })
            }
            Timing::Timed { start, duration } => {
                let start = if date == start.date() {
                    start.clone()
                } else {
                    tz.to_ambiguous_zoned(date.to_datetime(start.time()))
                        .compatible()
                        .ok()?
                };
                let end = start.timestamp().checked_add(*duration).ok()?;
                Some(Occurrence {
                    end: end.to_zoned(tz.clone()),
                    start,
                })
            }
        }
    }

    fn schedule_at(&self, now: Timestamp) -> Schedule {
        let mut schedule = Schedule::default();
        for occurrence in self.occurrences() {
            if schedule.first.is_none() {
                schedule.first = Some(occurrence.clone());
            }
            if occurrence.end.timestamp() <= now {
                schedule.last = Some(occurrence);
                continue;
            }
            schedule.next.push(occurrence);
            if schedule.next.len() >= NEXT_OCCURRENCES {
                break;
            }
        }
        schedule.next_change = schedule
            .next
            .iter()
            .flat_map(|o| [o.start.timestamp(), o.end.timestamp()])
            .filter(|t| *t > now)
            .min();
        schedule
    }
}

/// The next instant at which a build's output changes, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    pub at: Timestamp,
    pub reason: String,
}

/// What event fields are read against.
pub struct Context<'a> {
    /// The front matter text from its first byte: front matter spans are offsets into it.
    pub source: &'a str,
    /// The site's `timezone`, when `guildhall.toml` sets one.
    pub site_zone: Option<&'a TimeZone>,
    /// The build's `now`.
    pub now: Timestamp,
}

/// The event fields of a front matter, for warnings on pages that are not events.
pub fn fields_present(front_matter: &FrontMatter) -> Vec<(&'static str, Range<usize>)> {
    let mut fields = Vec::new();
    let mut add = |name, span: Option<Range<usize>>| {
        if let Some(span) = span {
            fields.push((name, span));
        }
    };
    add("start", front_matter.start.as_ref().map(|v| v.span()));
    add("end", front_matter.end.as_ref().map(|v| v.span()));
    add("timezone", front_matter.timezone.as_ref().map(|v| v.span()));
    add("location", front_matter.location.as_ref().map(|v| v.span()));
    add("host", front_matter.host.as_ref().map(|v| v.span()));
    add(
        "registration",
        front_matter.registration.as_ref().map(|v| v.span()),
    );
    add("status", front_matter.status.as_ref().map(|v| v.span()));
    add("repeat", front_matter.repeat.as_ref().map(|v| v.span()));
    add(
        "exceptions",
        front_matter.exceptions.first().map(|v| v.span()),
    );
    fields
}

/// Reads the event fields of an event page. Returns `None` when the times cannot be used; every
/// problem found is in the list either way. The host is left for the caller, who knows the members.
pub fn parse(front_matter: &FrontMatter, context: &Context) -> (Option<Event>, Vec<Problem>) {
    let mut problems = Vec::new();
    let zone = event_zone(front_matter, context, &mut problems);
    let timing = timing(front_matter, zone.as_ref(), &mut problems);
    let location = location(front_matter, &mut problems);
    let registration = front_matter
        .registration
        .as_ref()
        .and_then(|url| http_url(url, "registration link", &mut problems));
    let status = front_matter
        .status
        .as_ref()
        .map_or(EventStatus::Scheduled, |s| *s.get_ref());
    if let Some(status_value) = &front_matter.status
        && status == EventStatus::MovedOnline
        && location.as_ref().is_none_or(|l| l.online.is_none())
    {
        problems.push(
            Problem::error(
                status_value.span(),
                "the event moved online but has no online link",
            )
            .with_hint("add `online = \"https://...\"` to `location`"),
        );
    }
    let Some((timing, zone)) = timing else {
        return (None, problems);
    };
    let rule = front_matter.repeat.as_ref().and_then(|repeat| {
        let rule_context = rule::Context {
            source: context.source,
            zone: &zone.tz,
        };
        match rule::parse(repeat.get_ref(), repeat.span(), &rule_context) {
            Ok(rule) => Some(rule),
            Err(found) => {
                problems.extend(found);
                None
            }
        }
    });
    let mut event = Event {
        timing,
        zone,
        location,
        host: None,
        registration,
        capacity: front_matter
            .capacity
            .as_ref()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        status,
        rule,
        exceptions: Vec::new(),
        schedule: Schedule::default(),
    };
    if front_matter.repeat.is_some() && event.rule.is_none() {
        return (None, problems);
    }
    if event.occurrence_on(event.first_date()).is_none() {
        if let Some(start) = &front_matter.start {
            problems.push(too_late(start.span()));
        }
        return (None, problems);
    }
    series::check_series(front_matter, &mut event, &mut problems);
    event.schedule = event.schedule_at(context.now);
    (Some(event), problems)
}

/// An event whose dates go past what guildhall (and iCalendar's four-digit years) can write.
fn too_late(span: Range<usize>) -> Problem {
    Problem::error(
        span,
        "the event goes past 9999-12-30, the last day guildhall can show",
    )
    .with_hint("choose an earlier date")
}

/// The zone of `timezone`, or of the site; `None` when neither is set.
fn event_zone(
    front_matter: &FrontMatter,
    context: &Context,
    problems: &mut Vec<Problem>,
) -> Option<Result<Zone, ()>> {
    match &front_matter.timezone {
        Some(name) => {
            let wanted = name.get_ref().trim();
            match crate::config::time_zones().get(wanted) {
                Ok(tz) => {
                    let canonical = tz.iana_name().unwrap_or(wanted).to_string();
                    Some(Ok(Zone {
                        tz,
                        name: Some(canonical),
                    }))
                }
                Err(_) => {
                    problems.push(unknown_zone(wanted, name.span()));
                    Some(Err(()))
                }
            }
        }
        None => context.site_zone.map(|tz| {
            Ok(Zone {
                name: tz.iana_name().map(str::to_string),
                tz: tz.clone(),
            })
        }),
    }
}

/// "unknown time zone", with the closest IANA name as a hint.
pub fn unknown_zone(wanted: &str, span: Range<usize>) -> Problem {
    Problem::error(span, format!("unknown time zone `{wanted}`")).with_hint(time_zone_hint(wanted))
}

fn location(front_matter: &FrontMatter, problems: &mut Vec<Problem>) -> Option<Location> {
    let Some(value) = &front_matter.location else {
        problems.push(
            Problem::whole(Severity::Warning, "the event has no location").with_hint(
                "add `location = { venue = \"...\", address = \"...\", locality = \"...\" }`, or `location = { online = \"https://...\" }`",
            ),
        );
        return None;
    };
    let config: &LocationConfig = value.get_ref();
    let text = |field: &Option<String>| {
        field
            .as_ref()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let location = Location {
        venue: text(&config.venue),
        address: text(&config.address),
        locality: text(&config.locality),
        region: text(&config.region),
        postal_code: text(&config.postal_code),
        country: text(&config.country),
        online: config
            .online
            .as_ref()
            .and_then(|url| http_url(url, "online link", problems)),
    };
    if !location.has_place() && config.online.is_none() {
        problems.push(
            Problem::error(
                value.span(),
                "the location has neither a venue nor an online link",
            )
            .with_hint("add `venue` and `address` for a place, or `online = \"https://...\"`"),
        );
    }
    Some(location)
}

/// An absolute http(s) URL, or an error at its value.
fn http_url(
    url: &toml::Spanned<String>,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let text = url.get_ref().trim();
    if url_host(text).is_some() && (text.starts_with("https://") || text.starts_with("http://")) {
        Some(text.to_string())
    } else {
        problems.push(
            Problem::error(
                url.span(),
                format!("the {what} `{text}` is not an absolute http(s) URL"),
            )
            .with_hint("write the full address, starting with https://"),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(front_matter: &str, now: &str) -> (Option<Event>, Vec<Problem>) {
        let parsed: FrontMatter = toml::from_str(front_matter).unwrap();
        parse(
            &parsed,
            &Context {
                source: front_matter,
                site_zone: None,
                now: now.parse().unwrap(),
            },
        )
    }

    #[test]
    fn local_times_are_read_in_the_event_zone_across_a_clock_change() {
        let (event, problems) = event(
            "start = 2026-03-28T19:00:00\nend = 2026-03-29T19:00:00\ntimezone = \"Europe/London\"\nlocation = { online = \"https://x.example/\" }\n",
            "2026-01-01T00:00:00Z",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let event = event.unwrap();
        let occurrence = event.occurrences().next().unwrap();
        assert_eq!(
            occurrence.start.timestamp().to_string(),
            "2026-03-28T19:00:00Z"
        );
        assert_eq!(
            occurrence.end.timestamp().to_string(),
            "2026-03-29T18:00:00Z"
        );
    }

    #[test]
    fn a_skipped_local_time_is_an_error_and_a_repeated_one_a_warning() {
        let (event_gap, problems) = event(
            "start = 2026-03-29T01:30:00\nend = 2026-03-29T03:00:00\ntimezone = \"Europe/London\"\nlocation = { online = \"https://x.example/\" }\n",
            "2026-01-01T00:00:00Z",
        );
        assert!(event_gap.is_none());
        assert_eq!(problems[0].span, Some(8..27));
        assert!(
            problems[0].message.contains("does not exist"),
            "{problems:?}"
        );
        let (event_fold, problems) = event(
            "start = 2026-10-25T01:30:00\nend = 2026-10-25T03:00:00\ntimezone = \"Europe/London\"\nlocation = { online = \"https://x.example/\" }\n",
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
        let start = event_fold.unwrap().occurrences().next().unwrap().start;
        assert_eq!(
            start.timestamp().to_string(),
            "2026-10-25T00:30:00Z",
            "the earlier one"
        );
    }

    #[test]
    fn series_skip_exceptions_and_stop_at_count() {
        let (event, problems) = event(
            "start = 2026-04-07T19:00:00\nend = 2026-04-07T20:00:00\ntimezone = \"Europe/London\"\nrepeat = { freq = \"weekly\", count = 4 }\nexceptions = [2026-04-14]\nlocation = { online = \"https://x.example/\" }\n",
            "2026-04-10T00:00:00Z",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let event = event.unwrap();
        let dates: Vec<String> = event
            .occurrences()
            .map(|o| o.start.date().to_string())
            .collect();
        assert_eq!(dates, ["2026-04-07", "2026-04-21", "2026-04-28"]);
        assert_eq!(event.schedule.next.len(), 2);
        assert_eq!(
            event.schedule.next_change.unwrap().to_string(),
            "2026-04-21T18:00:00Z"
        );
    }

    #[test]
    fn unknown_zones_suggest_the_closest_name() {
        let problem = unknown_zone("Europe/Lndon", 0..1);
        assert_eq!(
            problem.hint.as_deref(),
            Some("did you mean \"Europe/London\"?")
        );
        let problem = unknown_zone("london", 0..1);
        assert_eq!(
            problem.hint.as_deref(),
            Some("did you mean \"Europe/London\"?")
        );
    }
}
