//! Reading `repeat`: the TOML table and the RRULE value, each part checked and every problem kept at
//! its value, into one [`Rule`].

use std::ops::Range;

use jiff::civil::Date;

use super::rule::{CODES, DaySpec, Limit, Rule, Until, weekday_name};
use super::{Problem, WrittenTime, written_time};
use crate::content::{Frequency, RepeatConfig, RepeatTable};
use crate::diag::did_you_mean;

/// Reads `MO`, `mon`, `Monday`, with an optional position before it (`2TU`, `-1FR`, `+1MO`).
fn parse_day(text: &str) -> Result<DaySpec, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, name) = text.split_at(split);
    let nth = if number.is_empty() {
        None
    } else {
        Some(
            number
                .parse::<i8>()
                .map_err(|_| format!("`{text}` is not a day like \"TU\" or \"2TU\""))?,
        )
    };
    let lower = name.to_ascii_lowercase();
    let weekday = CODES
        .iter()
        .find(|(code, weekday)| {
            let full = weekday_name(*weekday).to_ascii_lowercase();
            lower == code.to_ascii_lowercase() || lower == full || lower == full[..3]
        })
        .map(|(_, weekday)| *weekday)
        .ok_or_else(|| {
            let names = CODES.iter().map(|(code, _)| *code);
            match did_you_mean(&name.to_ascii_uppercase(), names) {
                Some(close) => format!("`{text}` is not a day of the week (did you mean {close}?)"),
                None => format!("`{text}` is not a day of the week"),
            }
        })?;
    Ok(DaySpec { nth, weekday })
}

/// What a rule is read against: the event's zone (for local `until` times) and where the value is.
pub struct Context<'a> {
    /// The front matter text, from its first byte: spans are offsets into it.
    pub source: &'a str,
    pub zone: &'a jiff::tz::TimeZone,
}

/// Reads `repeat`, in either form. Every problem found is returned, each at its value.
pub fn parse(
    config: &RepeatConfig,
    span: Range<usize>,
    context: &Context,
) -> Result<Rule, Vec<Problem>> {
    match config {
        RepeatConfig::Table(table) => from_table(table, context),
        RepeatConfig::Rule(text) => from_rrule(text, span, context),
    }
}

/// A rule as written, before the checks shared by both forms.
struct Draft {
    freq: Frequency,
    freq_span: Range<usize>,
    interval: Option<(i64, Range<usize>)>,
    count: Option<(i64, Range<usize>)>,
    until: Option<(Until, Range<usize>)>,
    by_day: Vec<(DaySpec, Range<usize>)>,
    by_month_day: Vec<(i64, Range<usize>)>,
}

fn from_table(table: &RepeatTable, context: &Context) -> Result<Rule, Vec<Problem>> {
    let mut problems = Vec::new();
    let until =
        table
            .until
            .as_ref()
            .and_then(|value| match read_until(value.get_ref(), context.zone) {
                Ok(until) => Some((until, value.span())),
                Err(message) => {
                    problems
                        .push(Problem::error(value.span(), message).with_hint(
                            "write the last day of the series, like until = 2026-06-30",
                        ));
                    None
                }
            });
    let mut by_day = Vec::new();
    for day in &table.byday {
        match parse_day(day.get_ref()) {
            Ok(spec) => by_day.push((spec, day.span())),
            Err(message) => problems.push(
                Problem::error(day.span(), message)
                    .with_hint("write days as MO, TU, WE, TH, FR, SA, SU; monthly rules may add a position, like \"2TU\" or \"-1FR\""),
            ),
        }
    }
    let draft = Draft {
        freq: *table.freq.get_ref(),
        freq_span: table.freq.span(),
        interval: table.interval.as_ref().map(|v| (*v.get_ref(), v.span())),
        count: table.count.as_ref().map(|v| (*v.get_ref(), v.span())),
        until,
        by_day,
        by_month_day: table
            .bymonthday
            .iter()
            .map(|v| (*v.get_ref(), v.span()))
            .collect(),
    };
    finish(draft, problems, "")
}

/// The parts of an RRULE value guildhall understands, for hints.
const RRULE_PARTS: &[&str] = &[
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "WKST",
];

fn from_rrule(text: &str, span: Range<usize>, context: &Context) -> Result<Rule, Vec<Problem>> {
    // Point at the part inside the string when the string is written as it reads (no escapes).
    let inner_start = span.start + 1;
    let exact = context.source.get(inner_start..span.end.saturating_sub(1)) == Some(text);
    let at = |range: Range<usize>| {
        if exact {
            inner_start + range.start..inner_start + range.end
        } else {
            span.clone()
        }
    };
    let mut problems = Vec::new();
    let mut rest_start = 0;
    let body = match text.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => {
            rest_start = 6;
            &text[6..]
        }
        _ => text,
    };
    let mut freq: Option<(Frequency, Range<usize>)> = None;
    let mut draft = Draft {
        freq: Frequency::Weekly,
        freq_span: span.clone(),
        interval: None,
        count: None,
        until: None,
        by_day: Vec::new(),
        by_month_day: Vec::new(),
    };
    let mut seen: Vec<String> = Vec::new();
    let mut offset = rest_start;
    for part in body.split(';') {
        let part_range = offset..offset + part.len();
        offset += part.len() + 1;
        if part.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            problems.push(
                Problem::error(
                    at(part_range),
                    format!("`{part}` is not a NAME=VALUE part of an RRULE"),
                )
                .with_hint("separate parts with `;`, like \"FREQ=WEEKLY;BYDAY=TU;COUNT=8\""),
            );
            continue;
        };
        let name_upper = name.trim().to_ascii_uppercase();
        let value_start = part_range.start + name.len() + 1;
        let value_range = value_start..part_range.end;
        if seen.contains(&name_upper) {
            problems.push(
                Problem::error(at(part_range), format!("`{name_upper}` is given twice"))
                    .with_hint("keep one of them"),
            );
            continue;
        }
        seen.push(name_upper.clone());
        let value = value.trim();
        match name_upper.as_str() {
            "FREQ" => match read_freq(value, at(value_range)) {
                Ok(found) => freq = Some(found),
                Err(problem) => problems.push(problem),
            },
            "INTERVAL" | "COUNT" => match value.parse::<i64>() {
                Ok(number) => {
                    let entry = Some((number, at(value_range)));
                    if name_upper == "INTERVAL" {
                        draft.interval = entry;
                    } else {
                        draft.count = entry;
                    }
                }
                Err(_) => problems.push(
                    Problem::error(
                        at(value_range),
                        format!("{name_upper} must be a whole number, not `{value}`"),
                    )
                    .with_hint(format!("write it like {name_upper}=2")),
                ),
            },
            "UNTIL" => match read_rrule_until(value, context.zone) {
                Ok(until) => draft.until = Some((until, at(value_range))),
                Err(message) => problems
                    .push(Problem::error(at(value_range), message).with_hint(
                        "write UNTIL=20260630 (a date) or UNTIL=20260630T170000Z (UTC)",
                    )),
            },
            "BYDAY" => {
                for (item, item_range) in list_items(value, value_range) {
                    match parse_day(item) {
                        Ok(spec) => draft.by_day.push((spec, at(item_range))),
                        Err(message) => {
                            problems.push(Problem::error(at(item_range), message).with_hint(
                                "write days as MO, TU, WE, TH, FR, SA, SU, like BYDAY=TU,TH",
                            ))
                        }
                    }
                }
            }
            "BYMONTHDAY" => {
                for (item, item_range) in list_items(value, value_range) {
                    match item.trim().parse::<i64>() {
                        Ok(day) => draft.by_month_day.push((day, at(item_range))),
                        Err(_) => problems.push(
                            Problem::error(at(item_range), format!("`{item}` is not a day of the month"))
                                .with_hint("write days as numbers, like BYMONTHDAY=1,15 (or -1 for the last day)"),
                        ),
                    }
                }
            }
            _ => problems.extend(other_part(
                &name_upper,
                name,
                value,
                at(part_range),
                at(value_range),
            )),
        }
    }
    match freq {
        Some((value, range)) => {
            draft.freq = value;
            draft.freq_span = range;
        }
        None => {
            if !seen.iter().any(|s| s == "FREQ") {
                problems.push(
                    Problem::error(span.clone(), "the RRULE has no FREQ")
                        .with_hint("start it with FREQ=WEEKLY (or DAILY, MONTHLY, YEARLY)"),
                );
            }
            return Err(problems);
        }
    }
    finish(draft, problems, "RRULE ")
}

/// The problem with a part other than FREQ, INTERVAL, COUNT, UNTIL, BYDAY and BYMONTHDAY, if any.
fn other_part(
    name_upper: &str,
    name: &str,
    value: &str,
    part_span: Range<usize>,
    value_span: Range<usize>,
) -> Option<Problem> {
    match name_upper {
        "WKST" if value.eq_ignore_ascii_case("MO") => None,
        "WKST" => Some(
            Problem::error(value_span, format!("WKST={value} is not supported"))
                .with_hint("weeks start on Monday; remove WKST"),
        ),
        "BYSETPOS" | "BYMONTH" | "BYWEEKNO" | "BYYEARDAY" | "BYHOUR" | "BYMINUTE" | "BYSECOND"
        | "RSCALE" | "SKIP" => Some(
            Problem::error(
                part_span,
                format!("the RRULE part {name_upper} is not supported"),
            )
            .with_hint("events support FREQ, INTERVAL, COUNT or UNTIL, BYDAY and BYMONTHDAY"),
        ),
        _ => {
            let hint = match did_you_mean(name_upper, RRULE_PARTS.iter().copied()) {
                Some(close) => format!("did you mean {close}?"),
                None => format!("the parts are {}", RRULE_PARTS.join(", ")),
            };
            Some(Problem::error(part_span, format!("unknown RRULE part `{name}`")).with_hint(hint))
        }
    }
}

/// FREQ, read.
fn read_freq(value: &str, span: Range<usize>) -> Result<(Frequency, Range<usize>), Problem> {
    match value.to_ascii_uppercase().as_str() {
        "DAILY" => Ok((Frequency::Daily, span)),
        "WEEKLY" => Ok((Frequency::Weekly, span)),
        "MONTHLY" => Ok((Frequency::Monthly, span)),
        "YEARLY" => Ok((Frequency::Yearly, span)),
        "HOURLY" | "MINUTELY" | "SECONDLY" => Err(Problem::error(
            span,
            format!("FREQ={value} is not supported"),
        )
        .with_hint("events repeat DAILY, WEEKLY, MONTHLY or YEARLY")),
        _ => Err(
            Problem::error(span, format!("`{value}` is not a frequency"))
                .with_hint("use DAILY, WEEKLY, MONTHLY or YEARLY"),
        ),
    }
}

/// The comma-separated items of a value, each with its range in the RRULE text.
fn list_items(value: &str, value_range: Range<usize>) -> Vec<(&str, Range<usize>)> {
    let mut item_start = value_range.start;
    value
        .split(',')
        .map(|item| {
            let range = item_start..item_start + item.len();
            item_start += item.len() + 1;
            (item, range)
        })
        .collect()
}

/// The checks both forms share; `style` is "" for the table form and "RRULE " for the string.
fn finish(draft: Draft, mut problems: Vec<Problem>, style: &str) -> Result<Rule, Vec<Problem>> {
    let rrule = !style.is_empty();
    let key = |table: &'static str, rule: &'static str| if rrule { rule } else { table };
    let interval = match draft.interval.clone() {
        None => 1,
        Some((value, span)) => match u32::try_from(value) {
            Ok(value) if (1..=1000).contains(&value) => value,
            _ => {
                problems.push(
                    Problem::error(
                        span,
                        format!(
                            "the {} must be between 1 and 1000",
                            key("interval", "INTERVAL")
                        ),
                    )
                    .with_hint("1 means every week (or day, month, year), 2 every other one"),
                );
                1
            }
        },
    };
    let count = draft
        .count
        .clone()
        .and_then(|(value, span)| match u32::try_from(value) {
            Ok(value) if (1..=10_000).contains(&value) => Some((value, span)),
            _ => {
                problems.push(
                    Problem::error(
                        span,
                        format!("the {} must be between 1 and 10000", key("count", "COUNT")),
                    )
                    .with_hint(
                        "it is how many times the event takes place, the first one included",
                    ),
                );
                None
            }
        });
    let limit = match (count, draft.until.clone()) {
        (Some(_), Some((_, span))) => {
            problems.push(
                Problem::error(
                    span,
                    format!(
                        "a series has either {} or {}, not both",
                        key("`count`", "COUNT"),
                        key("`until`", "UNTIL")
                    ),
                )
                .with_hint("keep the one you mean"),
            );
            Limit::Forever
        }
        (Some((count, _)), None) => Limit::Count(count),
        (None, Some((until, _))) => Limit::Until(until),
        (None, None) => Limit::Forever,
    };
    let freq_name = match draft.freq {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
        Frequency::Yearly => "yearly",
    };
    let mut by_day = checked_by_day(&draft, freq_name, rrule, &mut problems);
    let mut by_month_day = checked_by_month_day(&draft, rrule, &mut problems);
    if !by_day.is_empty() && !by_month_day.is_empty() {
        problems.push(
            Problem::error(
                draft.freq_span.clone(),
                format!(
                    "a monthly series repeats on {} or on {}, not both",
                    key("`byday`", "BYDAY"),
                    key("`bymonthday`", "BYMONTHDAY")
                ),
            )
            .with_hint("keep the one you mean"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    by_day.sort_by_key(|spec| (spec.weekday.to_monday_zero_offset(), spec.nth));
    by_month_day.sort_unstable();
    Ok(Rule {
        freq: draft.freq,
        interval,
        limit,
        by_day,
        by_month_day,
    })
}

/// BYDAY, checked against the frequency: days, with positions only in monthly rules.
fn checked_by_day(
    draft: &Draft,
    freq_name: &str,
    rrule: bool,
    problems: &mut Vec<Problem>,
) -> Vec<DaySpec> {
    let key = |table: &'static str, rule: &'static str| if rrule { rule } else { table };
    let mut by_day = Vec::new();
    for (spec, span) in draft.by_day.iter().cloned() {
        let allowed = matches!(draft.freq, Frequency::Weekly | Frequency::Monthly);
        if !allowed {
            problems.push(
                Problem::error(
                    span,
                    format!(
                        "{} is not used by {freq_name} series",
                        key("`byday`", "BYDAY")
                    ),
                )
                .with_hint("use byday with weekly or monthly series"),
            );
            continue;
        }
        match spec.nth {
            Some(_) if draft.freq == Frequency::Weekly => {
                problems.push(
                    Problem::error(
                        span,
                        "a weekly series repeats on days of the week, without a position",
                    )
                    .with_hint(
                        "write \"TU\", not \"2TU\"; positions like 2TU are for monthly series",
                    ),
                );
                continue;
            }
            Some(nth) if nth == 0 || !(-5..=5).contains(&nth) => {
                problems.push(
                    Problem::error(span, format!("there is no {nth}th weekday in a month"))
                        .with_hint("positions go from 1 to 5, or -1 (the last) to -5"),
                );
                continue;
            }
            _ => {}
        }
        if !by_day.contains(&spec) {
            by_day.push(spec);
        }
    }
    by_day
}

/// BYMONTHDAY, checked: monthly rules only, days from 1 to 31 or -1 to -31.
fn checked_by_month_day(draft: &Draft, rrule: bool, problems: &mut Vec<Problem>) -> Vec<i8> {
    let key = |table: &'static str, rule: &'static str| if rrule { rule } else { table };
    let mut by_month_day = Vec::new();
    for (day, span) in draft.by_month_day.iter().cloned() {
        if draft.freq != Frequency::Monthly {
            problems.push(
                Problem::error(
                    span,
                    format!(
                        "{} is only used by monthly series",
                        key("`bymonthday`", "BYMONTHDAY")
                    ),
                )
                .with_hint("remove it, or make the series monthly"),
            );
            continue;
        }
        match i8::try_from(day) {
            Ok(day) if day != 0 && (-31..=31).contains(&day) => {
                if !by_month_day.contains(&day) {
                    by_month_day.push(day);
                }
            }
            _ => problems.push(
                Problem::error(span, format!("there is no day {day} in a month"))
                    .with_hint("days go from 1 to 31, or -1 (the last day) to -31"),
            ),
        }
    }
    by_month_day
}

/// Reads `until` of the table form: a date (the last day, included) or a date-time.
fn read_until(value: &toml::Value, zone: &jiff::tz::TimeZone) -> Result<Until, String> {
    match written_time(value)? {
        WrittenTime::Date(date) => Ok(Until::Date(date)),
        WrittenTime::Local(datetime) => zone
            .to_ambiguous_zoned(datetime)
            .earlier()
            .map(|zoned| Until::Instant(zoned.timestamp()))
            .map_err(|e| format!("invalid end of series: {e}")),
        WrittenTime::Offset(datetime, offset) => offset
            .to_timestamp(datetime)
            .map(Until::Instant)
            .map_err(|e| format!("invalid end of series: {e}")),
    }
}

/// Reads UNTIL of an RRULE: `20260630`, `20260630T170000Z`, or a local `20260630T170000`.
fn read_rrule_until(value: &str, zone: &jiff::tz::TimeZone) -> Result<Until, String> {
    let invalid = || format!("`{value}` is not an RRULE date like 20260630 or 20260630T170000Z");
    let digits = |range: Range<usize>| -> Result<i32, String> {
        let part = value.get(range).ok_or_else(invalid)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        part.parse::<i32>().map_err(|_| invalid())
    };
    let date = |year: i32, month: i32, day: i32| {
        Date::new(year as i16, month as i8, day as i8)
            .map_err(|_| format!("`{value}` is not a valid date"))
    };
    match value.len() {
        8 => Ok(Until::Date(date(
            digits(0..4)?,
            digits(4..6)?,
            digits(6..8)?,
        )?)),
        15 | 16 if value.as_bytes()[8] == b'T' => {
            let day = date(digits(0..4)?, digits(4..6)?, digits(6..8)?)?;
            let time = jiff::civil::Time::new(
                digits(9..11)? as i8,
                digits(11..13)? as i8,
                digits(13..15)? as i8,
                0,
            )
            .map_err(|_| format!("`{value}` is not a valid time"))?;
            let datetime = day.to_datetime(time);
            if value.len() == 16 {
                if !value.ends_with('Z') {
                    return Err(invalid());
                }
                jiff::tz::Offset::UTC
                    .to_timestamp(datetime)
                    .map(Until::Instant)
                    .map_err(|_| invalid())
            } else {
                zone.to_ambiguous_zoned(datetime)
                    .earlier()
                    .map(|z| Until::Instant(z.timestamp()))
                    .map_err(|_| invalid())
            }
        }
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};

    fn rule(text: &str) -> Result<Rule, Vec<Problem>> {
        let source = format!("repeat = \"{text}\"\n");
        let span = 9..source.len() - 1;
        let zone = crate::config::time_zones().get("Europe/London").unwrap();
        from_rrule(
            text,
            span,
            &Context {
                source: &source,
                zone: &zone,
            },
        )
    }

    fn first_dates(rule: &Rule, first: Date, n: usize) -> Vec<String> {
        rule.dates(first).take(n).map(|d| d.to_string()).collect()
    }

    #[test]
    fn weekly_rules_follow_the_listed_days_from_the_first() {
        let rule = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH").unwrap();
        assert_eq!(
            first_dates(&rule, date(2026, 4, 16), 4),
            ["2026-04-16", "2026-04-28", "2026-04-30", "2026-05-12"]
        );
    }

    #[test]
    fn monthly_rules_take_positions_and_skip_missing_days() {
        let last_friday = rule("FREQ=MONTHLY;BYDAY=-1FR").unwrap();
        assert_eq!(
            first_dates(&last_friday, date(2026, 1, 30), 3),
            ["2026-01-30", "2026-02-27", "2026-03-27"]
        );
        let thirty_first = rule("RRULE:FREQ=MONTHLY").unwrap();
        assert_eq!(
            first_dates(&thirty_first, date(2026, 1, 31), 3),
            ["2026-01-31", "2026-03-31", "2026-05-31"]
        );
        let second_tuesday = rule("FREQ=MONTHLY;BYDAY=2TU").unwrap();
        assert_eq!(
            first_dates(&second_tuesday, date(2026, 4, 14), 2),
            ["2026-04-14", "2026-05-12"]
        );
    }

    #[test]
    fn rrule_problems_point_at_the_part() {
        let problems = rule("FREQ=WEEKLY;BYDAY=TX;COUNT=0").unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        // `repeat = "` is 10 bytes; in the value, TX starts at 18 and the 0 of COUNT at 27.
        assert_eq!(problems[0].span, Some(28..30));
        assert_eq!(problems[1].span, Some(37..38));
        assert!(rule("FREQ=WEEKLY;BYSETPOS=1").is_err());
        assert!(rule("BYDAY=TU").is_err());
        assert!(rule("FREQ=WEEKLY;COUNT=3;UNTIL=20260101").is_err());
        let problems = rule("FREQ=WEEKLY;BYDAI=TU").unwrap_err();
        assert!(
            problems[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("BYDAY")),
            "{problems:?}"
        );
    }

    #[test]
    fn rules_round_trip_to_rrule_and_describe_themselves() {
        let rule = rule("freq=monthly;byday=2tu;count=6").unwrap();
        assert_eq!(rule.to_rrule(None), "FREQ=MONTHLY;COUNT=6;BYDAY=2TU");
        assert_eq!(
            rule.describe(date(2026, 4, 14)),
            "every month on the second Tuesday"
        );
        let rule = super::tests::rule("FREQ=WEEKLY;INTERVAL=2").unwrap();
        assert_eq!(
            rule.describe(date(2026, 4, 14)),
            "every other week on Tuesday"
        );
    }

    #[test]
    fn days_are_read_in_several_spellings() {
        for text in ["TU", "tu", "Tue", "tuesday"] {
            assert_eq!(parse_day(text).unwrap().weekday, Weekday::Tuesday);
        }
        assert_eq!(parse_day("-1FR").unwrap().nth, Some(-1));
        assert!(parse_day("XX").is_err());
        assert!(parse_day("9999TU").is_err());
    }
}
