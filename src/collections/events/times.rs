//! The times of an event: `start` and `end` as written (a date, a local time, a time with its
//! offset), read in the event's zone, with the times clocks skip or repeat reported at the value.

use std::ops::Range;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{Timestamp, Zoned};

use super::{Problem, Timing, Zone};
use crate::content::FrontMatter;
use crate::diag::Severity;

/// A front matter time as written: a date, a local date-time, or a date-time with an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenTime {
    Date(Date),
    Local(DateTime),
    Offset(DateTime, Offset),
}

/// Reads a TOML date, date-time or string holding one.
pub fn written_time(value: &toml::Value) -> Result<WrittenTime, String> {
    let datetime = match value {
        toml::Value::Datetime(datetime) => *datetime,
        toml::Value::String(text) => text
            .trim()
            .parse::<toml::value::Datetime>()
            .map_err(|_| format!("`{text}` is not a date or a date and time"))?,
        other => {
            return Err(format!(
                "expected a date or a date and time, found {}",
                other.type_str()
            ));
        }
    };
    let Some(date) = datetime.date else {
        return Err(format!("`{datetime}` has a time but no date"));
    };
    let date = Date::new(date.year as i16, date.month as i8, date.day as i8)
        .map_err(|_| format!("`{datetime}` is not a valid date"))?;
    let Some(time) = datetime.time else {
        return Ok(WrittenTime::Date(date));
    };
    let time = jiff::civil::Time::new(
        time.hour as i8,
        time.minute as i8,
        time.second as i8,
        time.nanosecond as i32,
    )
    .map_err(|_| format!("`{datetime}` is not a valid time"))?;
    let local = date.to_datetime(time);
    Ok(match datetime.offset {
        None => WrittenTime::Local(local),
        Some(toml::value::Offset::Z) => WrittenTime::Offset(local, Offset::UTC),
        Some(toml::value::Offset::Custom { minutes }) => {
            let offset = Offset::from_seconds(i32::from(minutes) * 60)
                .map_err(|_| format!("`{datetime}` has an impossible offset"))?;
            WrittenTime::Offset(local, offset)
        }
    })
}

/// Reads `start` and `end` into the event's timing and zone.
pub(super) fn timing(
    front_matter: &FrontMatter,
    zone: Option<&Result<Zone, ()>>,
    problems: &mut Vec<Problem>,
) -> Option<(Timing, Zone)> {
    let Some(start_value) = &front_matter.start else {
        problems.push(
            Problem::whole(Severity::Error, "the event has no start").with_hint(
                "add `start = 2026-05-14T19:00:00` and `timezone = \"Europe/London\"`, or `start = 2026-05-14` for an all-day event",
            ),
        );
        return None;
    };
    let read = |value: &crate::content::DateValue, problems: &mut Vec<Problem>| match written_time(
        value.get_ref(),
    ) {
        Ok(time) => Some(time),
        Err(message) => {
            problems.push(Problem::error(value.span(), message).with_hint(
                    "write a date like 2026-05-14, a local time like 2026-05-14T19:00:00, or a time with its offset like 2026-05-14T19:00:00+01:00",
                ));
            None
        }
    };
    let start = read(start_value, problems)?;
    let end = match &front_matter.end {
        Some(value) => Some((read(value, problems)?, value.span())),
        None => None,
    };
    let zone = match zone {
        Some(Err(())) => return None,
        Some(Ok(zone)) => Some(zone.clone()),
        None => None,
    };
    if let WrittenTime::Date(first) = start {
        let zone = zone.unwrap_or(Zone {
            tz: TimeZone::UTC,
            name: Some("UTC".to_string()),
        });
        let last = match end {
            None => first,
            Some((WrittenTime::Date(last), span)) => {
                if last < first {
                    problems.push(
                        Problem::error(
                            span,
                            format!("the event ends on {last}, before it starts on {first}"),
                        )
                        .with_hint("`end` is the last day of the event, included"),
                    );
                    return None;
                }
                last
            }
            Some((_, span)) => {
                problems.push(
                    Problem::error(span, "the event starts on a date but ends at a time")
                        .with_hint(format!("an all-day event ends on its last day, like `end = {first}`; or give `start` a time too")),
                );
                return None;
            }
        };
        let days = first
            .until(last)
            .map_or(1, |span| i64::from(span.get_days()) + 1);
        return Some((Timing::AllDay { first, days }, zone));
    }
    let resolve = |time: WrittenTime, span: Range<usize>, problems: &mut Vec<Problem>| {
        resolve_time(time, span, zone.as_ref(), problems)
    };
    let start = resolve(start, start_value.span(), problems)?;
    // An example end an hour after the start, in the start's own terms.
    let example = start
        .datetime()
        .checked_add(jiff::Span::new().hours(1))
        .map_or_else(|_| "YYYY-MM-DDTHH:MM:SS".to_string(), |end| end.to_string());
    let Some((end, end_span)) = end else {
        problems.push(
            Problem::error(
                start_value.span(),
                "the event starts at a time but has no end",
            )
            .with_hint(format!(
                "add `end` with the time it finishes, like `end = {example}`"
            )),
        );
        return None;
    };
    if let WrittenTime::Date(_) = end {
        problems.push(
            Problem::error(end_span, "the event starts at a time but ends on a date")
                .with_hint(format!("give `end` a time too, like {example}; or make `start` a date for an all-day event")),
        );
        return None;
    }
    let end = resolve(end, end_span.clone(), problems)?;
    let zone = zone.unwrap_or_else(|| Zone {
        tz: start.time_zone().clone(),
        name: None,
    });
    let start = start.with_time_zone(zone.tz.clone());
    let end = end.with_time_zone(zone.tz.clone());
    if end.timestamp() <= start.timestamp() {
        problems.push(
            Problem::error(
                end_span,
                format!(
                    "the event ends at {}, {} it starts at {}",
                    local_text(&end),
                    if end.timestamp() == start.timestamp() {
                        "when"
                    } else {
                        "before"
                    },
                    local_text(&start)
                ),
            )
            .with_hint("`end` is when the event finishes; check the date and the time"),
        );
        return None;
    }
    let duration = end.timestamp().duration_since(start.timestamp());
    Some((Timing::Timed { start, duration }, zone))
}

/// `2026-05-14 19:00 (UTC+01:00)`, for messages.
fn local_text(zoned: &Zoned) -> String {
    format!(
        "{} ({})",
        zoned.strftime("%Y-%m-%d %H:%M"),
        offset_text(zoned.offset())
    )
}

/// `UTC+01:00`, `UTC-05:00`, `UTC+05:30`, `UTC+00:00`.
pub fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Turns a written time into an instant in the event's zone, reporting times the clocks skip or
/// repeat, and offsets that do not match the zone.
fn resolve_time(
    time: WrittenTime,
    span: Range<usize>,
    zone: Option<&Zone>,
    problems: &mut Vec<Problem>,
) -> Option<Zoned> {
    match time {
        WrittenTime::Date(_) => None,
        WrittenTime::Offset(local, offset) => {
            let timestamp = offset.to_timestamp(local).ok()?;
            match zone {
                None => Some(timestamp.to_zoned(TimeZone::fixed(offset))),
                Some(zone) => {
                    let zoned = timestamp.to_zoned(zone.tz.clone());
                    if zoned.offset() != offset {
                        problems.push(
                            Problem::error(
                                span,
                                format!(
                                    "{} is not a time in {}: there it is {} on that day",
                                    local.strftime("%Y-%m-%dT%H:%M"),
                                    zone_display_name(zone),
                                    offset_text(zoned.offset())
                                ),
                            )
                            .with_hint(format!(
                                "drop the offset and let `timezone` give it, or write {}",
                                offset_example(local, zoned.offset())
                            )),
                        );
                        return None;
                    }
                    Some(zoned)
                }
            }
        }
        WrittenTime::Local(local) => {
            let Some(zone) = zone else {
                problems.push(
                    Problem::error(span, "the time has no time zone")
                        .with_hint("add `timezone = \"Europe/London\"` (the zone the event is in), set `timezone` in guildhall.toml, or write the time with its offset, like 2026-05-14T19:00:00+01:00"),
                );
                return None;
            };
            let ambiguous = zone.tz.to_ambiguous_zoned(local);
            match ambiguous.offset() {
                AmbiguousOffset::Unambiguous { .. } => ambiguous.earlier().ok(),
                AmbiguousOffset::Gap { before, after } => {
                    let moved = ambiguous.later().ok();
                    let suggestion = moved
                        .as_ref()
                        .map(|z| format!(", like {}", z.strftime("%H:%M")))
                        .unwrap_or_default();
                    problems.push(
                        Problem::error(
                            span,
                            format!(
                                "{} does not exist in {}: the clocks go forward from {} to {} that night",
                                local.strftime("%Y-%m-%d %H:%M"),
                                zone_display_name(zone),
                                offset_text(before),
                                offset_text(after)
                            ),
                        )
                        .with_hint(format!("choose a time after the change{suggestion}")),
                    );
                    None
                }
                AmbiguousOffset::Fold { before, after } => {
                    problems.push(
                        Problem::warning(
                            span,
                            format!(
                                "{} happens twice in {} (the clocks go back); the first one, at {}, is used",
                                local.strftime("%Y-%m-%d %H:%M"),
                                zone_display_name(zone),
                                offset_text(before)
                            ),
                        )
                        .with_hint(format!(
                            "to mean the second one, write {}",
                            offset_example(local, after)
                        )),
                    );
                    ambiguous.earlier().ok()
                }
            }
        }
    }
}

pub(super) fn zone_display_name(zone: &Zone) -> String {
    zone.name
        .clone()
        .unwrap_or_else(|| offset_text(zone.tz.to_offset(Timestamp::UNIX_EPOCH)))
}

/// `2026-10-25T01:30:00+00:00`: a local time with an explicit offset, for hints.
fn offset_example(local: DateTime, offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!(
        "{}{sign}{:02}:{:02}",
        local.strftime("%Y-%m-%dT%H:%M:%S"),
        minutes / 60,
        minutes % 60
    )
}
