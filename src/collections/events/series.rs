//! Series: the dates a rule gives an event, and the checks of a series against its own dates (the
//! first date follows the rule, exceptions are dates of the series, clock changes and limits are
//! reported, never silent).
//!
//! Every check works on the local date the rule gives (the date calendar apps expand the RRULE to),
//! not on the date a clock change may move the start to: in zones whose clocks go forward at
//! midnight, a 00:30 date on the night of the change starts at 01:30 the same day.

use jiff::ToSpan as _;
use jiff::civil::Date;
use jiff::tz::AmbiguousOffset;

use super::rule::{self, Limit, Rule, Until};
use super::{
    Event, Occurrence, Problem, Timing, WrittenTime, offset_text, too_late, written_time,
    zone_display_name,
};
use crate::content::FrontMatter;

/// Why the dates of a series stopped before its own end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// `count` dates do not fit in [`rule::MAX_YEARS`] years.
    Years,
    /// A date would end after 9999-12-30.
    Calendar,
}

/// The dates of an event with the local date the rule gives each; see [`Event::dated`].
pub struct Dated<'a> {
    event: &'a Event,
    dates: Option<rule::Dates<'a>>,
    single_done: bool,
    generated: u32,
    /// Set when the series stopped before its `count`, or at the end of the calendar.
    pub cut: Option<Cut>,
}

impl<'a> Dated<'a> {
    pub fn new(event: &'a Event) -> Dated<'a> {
        Dated {
            event,
            dates: event.rule.as_ref().map(|r| r.dates(event.first_date())),
            single_done: false,
            generated: 0,
            cut: None,
        }
    }
}

impl Iterator for Dated<'_> {
    type Item = (Date, Occurrence);

    fn next(&mut self) -> Option<(Date, Occurrence)> {
        let event = self.event;
        let Some(dates) = &mut self.dates else {
            if self.single_done {
                return None;
            }
            self.single_done = true;
            let first = event.first_date();
            return event.occurrence_on(first).map(|o| (first, o));
        };
        let rule = event.rule.as_ref()?;
        if let Limit::Count(count) = rule.limit
            && self.generated >= count
        {
            return None;
        }
        let Some(date) = dates.next() else {
            if let Limit::Count(_) = rule.limit {
                self.cut = Some(Cut::Years);
            }
            return None;
        };
        if let Limit::Until(Until::Date(last)) = rule.limit
            && date > last
        {
            return None;
        }
        let Some(occurrence) = event.occurrence_on(date) else {
            self.cut = Some(Cut::Calendar);
            return None;
        };
        if let Limit::Until(Until::Instant(last)) = rule.limit
            && occurrence.start.timestamp() > last
        {
            return None;
        }
        self.generated += 1;
        Some((date, occurrence))
    }
}

/// Reads `exceptions`: dates, each with its span.
fn read_exceptions(
    front_matter: &FrontMatter,
    problems: &mut Vec<Problem>,
) -> Vec<(Date, std::ops::Range<usize>)> {
    let mut exceptions = Vec::new();
    for value in &front_matter.exceptions {
        match written_time(value.get_ref()) {
            Ok(WrittenTime::Date(date)) => exceptions.push((date, value.span())),
            Ok(_) => problems.push(
                Problem::error(
                    value.span(),
                    "an exception is the date of a day the series skips",
                )
                .with_hint("write the date only, as YYYY-MM-DD"),
            ),
            Err(message) => problems.push(
                Problem::error(value.span(), message).with_hint("write a date as YYYY-MM-DD"),
            ),
        }
    }
    exceptions
}

/// Checks a series against its own dates: the first date follows the rule, the series ends after
/// it starts and within [`rule::MAX_YEARS`] years, exceptions are dates of the series, and the
/// dates that fall in a clock change are reported. A series that cannot be used loses its rule.
pub fn check_series(front_matter: &FrontMatter, event: &mut Event, problems: &mut Vec<Problem>) {
    let exceptions = read_exceptions(front_matter, problems);
    let (Some(rule), Some(repeat)) = (event.rule.clone(), &front_matter.repeat) else {
        if let Some(value) = front_matter.exceptions.first() {
            problems.push(
                Problem::error(
                    value.span(),
                    "`exceptions` only apply to an event that repeats",
                )
                .with_hint("add `repeat`, or remove `exceptions`"),
            );
        }
        return;
    };
    let span = repeat.span();
    if let Err(problem) = check_bounds(event, &rule, span.clone()) {
        problems.push(problem);
        event.rule = None;
        return;
    }
    // Every date of the series before exceptions: `count` counts the skipped dates too.
    let mut series = event.clone();
    series.exceptions.clear();
    let mut dated = series.dated();
    let all: Vec<(Date, Occurrence)> = dated.by_ref().collect();
    if let Some(cut) = dated.cut {
        problems.push(match cut {
            Cut::Years => Problem::error(
                span.clone(),
                format!(
                    "the series would last more than {} years: only {} of its dates fit, up to {}",
                    rule::MAX_YEARS,
                    all.len(),
                    all.last().map_or(event.first_date(), |(date, _)| *date)
                ),
            )
            .with_hint(format!("lower `count` to {} or less", all.len())),
            Cut::Calendar => {
                too_late(span.clone()).with_hint("end the series earlier with `count` or `until`")
            }
        });
        event.rule = None;
        return;
    }
    let dates: Vec<Date> = all.iter().map(|(date, _)| *date).collect();
    for (date, exception_span) in exceptions {
        if dates.binary_search(&date).is_ok() {
            event.exceptions.push(date);
            continue;
        }
        let message = if dates.last().is_some_and(|last| date > *last) {
            format!("{date} is after the last date of the series")
        } else {
            format!(
                "the series has no date on {} {date}",
                rule::weekday_name(date.weekday())
            )
        };
        problems.push(Problem::warning(exception_span, message).with_hint(format!(
            "the series repeats {}; the date is ignored",
            rule.describe(event.first_date())
        )));
    }
    event.exceptions.sort_unstable();
    event.exceptions.dedup();
    check_clock_changes(event, &dates, span.clone(), problems);
    if event.occurrences().next().is_none() {
        problems.push(
            Problem::error(span, "every date of the series is an exception")
                .with_hint("remove some of the `exceptions`"),
        );
        event.rule = None;
    }
}

/// The first date follows the rule, and `until` is after the start and within the years a series
/// may last.
fn check_bounds(event: &Event, rule: &Rule, span: std::ops::Range<usize>) -> Result<(), Problem> {
    let first = event.first_date();
    if rule.dates(first).next() != Some(first) {
        return Err(Problem::error(
            span,
            format!(
                "the series starts on {} {first}, which is not a day the rule repeats on",
                rule::weekday_name(first.weekday())
            ),
        )
        .with_hint(format!(
            "move `start` to a day the rule gives, or change the rule: it repeats {}",
            rule.describe(first)
        )));
    }
    let Limit::Until(until) = rule.limit else {
        return Ok(());
    };
    let start = match &event.timing {
        Timing::Timed { start, .. } => start.timestamp(),
        Timing::AllDay { .. } => first
            .to_zoned(event.zone.tz.clone())
            .map_or(jiff::Timestamp::MIN, |z| z.timestamp()),
    };
    let (before, last_date) = match until {
        Until::Date(date) => (date < first, date),
        Until::Instant(instant) => (
            instant < start,
            instant.to_zoned(event.zone.tz.clone()).date(),
        ),
    };
    if before {
        return Err(Problem::error(span, "the series ends before it starts")
            .with_hint("`until` is the last day of the series"));
    }
    let limit = first
        .checked_add(i64::from(rule::MAX_YEARS).years())
        .unwrap_or(Date::MAX);
    if last_date > limit {
        return Err(Problem::error(
            span,
            format!("a series can last at most {} years", rule::MAX_YEARS),
        )
        .with_hint(format!("end it on {limit} or earlier")));
    }
    Ok(())
}

/// Reports the dates of a timed series (after the first, whose time was checked as written) that
/// fall in an hour the clocks skip or repeat, each kind once with how many dates it concerns. A
/// skipped time takes place as calendar apps show it: read with the offset before the change.
fn check_clock_changes(
    event: &Event,
    dates: &[Date],
    span: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) {
    let Timing::Timed { start, .. } = &event.timing else {
        return;
    };
    let time = start.time();
    let mut gaps = Vec::new();
    let mut first_fold = None;
    for date in dates.iter().skip(1) {
        if event.exceptions.binary_search(date).is_ok() {
            continue;
        }
        let ambiguous = event.zone.tz.to_ambiguous_zoned(date.to_datetime(time));
        match ambiguous.offset() {
            AmbiguousOffset::Gap { before, after } => gaps.push((*date, before, after)),
            AmbiguousOffset::Fold { before, .. } if first_fold.is_none() => {
                first_fold = Some((*date, before));
            }
            _ => {}
        }
    }
    let zone = zone_display_name(&event.zone);
    if let Some(&(date, before, after)) = gaps.first() {
        let shown = event
            .occurrence_on(date)
            .map(|o| o.start.strftime("%H:%M").to_string())
            .unwrap_or_default();
        let more = match gaps.len() {
            1 => String::new(),
            2 => " (and so does 1 later date)".to_string(),
            n => format!(" (and so do {} later dates)", n - 1),
        };
        problems.push(
            Problem::warning(
                span.clone(),
                format!(
                    "the date {} {date} of the series falls at {}, which does not exist in {zone}: the clocks go forward from {} to {} that night, so it starts at {shown}, as calendar apps show it{more}",
                    rule::weekday_name(date.weekday()),
                    time.strftime("%H:%M"),
                    offset_text(before),
                    offset_text(after)
                ),
            )
            .with_hint(format!(
                "add {date} to `exceptions` if the series skips that night, or choose a time the clocks do not skip"
            )),
        );
    }
    if let Some((date, before)) = first_fold {
        problems.push(
            Problem::warning(
                span,
                format!(
                    "the date {date} of the series falls at {}, which happens twice in {zone} (the clocks go back); the first one, at {}, is used",
                    time.strftime("%H:%M"),
                    offset_text(before)
                ),
            )
            .with_hint(format!("add {date} to `exceptions` if the series skips that night")),
        );
    }
}
