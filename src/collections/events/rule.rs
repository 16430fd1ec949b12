//! Recurrence rules of event series: a small, checked subset of RFC 5545's RRULE.
//!
//! A rule is written either as a TOML table (`{ freq = "weekly", byday = ["TU"], count = 8 }`) or as
//! an RRULE value (`"FREQ=WEEKLY;BYDAY=TU;COUNT=8"`); both become the same [`Rule`]. Only parts whose
//! meaning every calendar app agrees on are accepted, so the dates the hub shows are the dates a
//! subscriber's calendar shows: FREQ (daily, weekly, monthly, yearly), INTERVAL, COUNT or UNTIL,
//! BYDAY (weekly: days of the week; monthly: with an optional position, `2TU`, `-1FR`) and
//! BYMONTHDAY (monthly). Weeks start on Monday (RFC 5545's default `WKST=MO`).

use jiff::ToSpan as _;
use jiff::civil::{Date, Weekday};

pub use super::repeat::{Context, parse};
use crate::content::Frequency;

/// How long a series may last, in years from its first date: a series is followed that far at most.
pub const MAX_YEARS: i16 = 100;
/// The most periods (days, weeks, months...) a rule is followed for (100 years of days).
const MAX_PERIODS: u32 = 36_600;

/// A checked recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub freq: Frequency,
    pub interval: u32,
    pub limit: Limit,
    /// Weekly: days of the week; monthly: days with an optional position in the month.
    pub by_day: Vec<DaySpec>,
    /// Monthly: days of the month, negative from the end (-1 is the last day).
    pub by_month_day: Vec<i8>,
}

/// When a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Forever,
    /// After this many occurrences (the first one included, skipped dates included).
    Count(u32),
    /// Occurrences on or before this date (in the event's zone) or instant.
    Until(Until),
}

/// The last day or moment of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Date(Date),
    Instant(jiff::Timestamp),
}

/// A day of the week, with its position in the month for monthly rules (`2TU`: the second Tuesday;
/// `-1FR`: the last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySpec {
    pub nth: Option<i8>,
    pub weekday: Weekday,
}

pub(super) const CODES: [(&str, Weekday); 7] = [
    ("MO", Weekday::Monday),
    ("TU", Weekday::Tuesday),
    ("WE", Weekday::Wednesday),
    ("TH", Weekday::Thursday),
    ("FR", Weekday::Friday),
    ("SA", Weekday::Saturday),
    ("SU", Weekday::Sunday),
];

pub fn weekday_code(weekday: Weekday) -> &'static str {
    CODES
        .iter()
        .find(|(_, w)| *w == weekday)
        .map_or("MO", |(code, _)| code)
}

pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

impl DaySpec {
    pub(super) fn to_rrule(self) -> String {
        match self.nth {
            Some(nth) => format!("{nth}{}", weekday_code(self.weekday)),
            None => weekday_code(self.weekday).to_string(),
        }
    }
}

impl Rule {
    /// The dates the rule gives from `first` (included when it matches), in order, before `count`,
    /// `until` and exceptions are applied.
    pub fn dates(&self, first: Date) -> Dates<'_> {
        Dates {
            rule: self,
            first,
            last: first
                .checked_add(i64::from(MAX_YEARS).years())
                .unwrap_or(Date::MAX),
            period: 0,
            pending: Vec::new(),
        }
    }

    /// The candidate dates of period number `period` (the `period`th week, month... from `first`).
    fn period_dates(&self, first: Date, period: u32) -> Option<Vec<Date>> {
        let step = i64::from(period) * i64::from(self.interval);
        let dates = match self.freq {
            Frequency::Daily => vec![first.checked_add(step.days()).ok()?],
            Frequency::Weekly => {
                let monday = first
                    .checked_sub(i64::from(first.weekday().to_monday_zero_offset()).days())
                    .ok()?
                    .checked_add((step * 7).days())
                    .ok()?;
                let days: Vec<Weekday> = if self.by_day.is_empty() {
                    vec![first.weekday()]
                } else {
                    self.by_day.iter().map(|d| d.weekday).collect()
                };
                let mut dates = Vec::new();
                for weekday in days {
                    dates.push(
                        monday
                            .checked_add(i64::from(weekday.to_monday_zero_offset()).days())
                            .ok()?,
                    );
                }
                dates
            }
            Frequency::Monthly => {
                let months = i64::from(first.year()) * 12 + i64::from(first.month() - 1) + step;
                let year = i16::try_from(months.div_euclid(12)).ok()?;
                let month = (months.rem_euclid(12) + 1) as i8;
                let start = Date::new(year, month, 1).ok()?;
                let length = start.days_in_month();
                let mut dates = Vec::new();
                if !self.by_day.is_empty() {
                    for spec in &self.by_day {
                        match spec.nth {
                            Some(nth) => {
                                if let Ok(date) = start.nth_weekday_of_month(nth, spec.weekday) {
                                    dates.push(date);
                                }
                            }
                            None => {
                                for day in 1..=length {
                                    if let Ok(date) = Date::new(year, month, day)
                                        && date.weekday() == spec.weekday
                                    {
                                        dates.push(date);
                                    }
                                }
                            }
                        }
                    }
                } else {
                    let days: Vec<i8> = if self.by_month_day.is_empty() {
                        vec![first.day()]
                    } else {
                        self.by_month_day.clone()
                    };
                    for day in days {
                        let day = if day < 0 { length + day + 1 } else { day };
                        if (1..=length).contains(&day)
                            && let Ok(date) = Date::new(year, month, day)
                        {
                            dates.push(date);
                        }
                    }
                }
                dates
            }
            Frequency::Yearly => {
                let year = i16::try_from(i64::from(first.year()) + step).ok()?;
                Date::new(year, first.month(), first.day())
                    .ok()
                    .into_iter()
                    .collect()
            }
        };
        Some(dates)
    }

    /// The rule as an RRULE value, with UNTIL already written by the caller (it depends on how the
    /// event's times are written).
    pub fn to_rrule(&self, until: Option<&str>) -> String {
        let freq = match self.freq {
            Frequency::Daily => "DAILY",
            Frequency::Weekly => "WEEKLY",
            Frequency::Monthly => "MONTHLY",
            Frequency::Yearly => "YEARLY",
        };
        let mut parts = vec![format!("FREQ={freq}")];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        match (self.limit, until) {
            (Limit::Count(count), _) => parts.push(format!("COUNT={count}")),
            (Limit::Until(_), Some(until)) => parts.push(format!("UNTIL={until}")),
            _ => {}
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self.by_day.iter().map(|d| d.to_rrule()).collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if !self.by_month_day.is_empty() {
            let days: Vec<String> = self.by_month_day.iter().map(|d| d.to_string()).collect();
            parts.push(format!("BYMONTHDAY={}", days.join(",")));
        }
        parts.join(";")
    }

    /// "every week on Tuesday", "every 2 months on the last Friday", for people.
    pub fn describe(&self, first: Date) -> String {
        let unit = match self.freq {
            Frequency::Daily => "day",
            Frequency::Weekly => "week",
            Frequency::Monthly => "month",
            Frequency::Yearly => "year",
        };
        let mut text = match self.interval {
            1 => format!("every {unit}"),
            2 => format!("every other {unit}"),
            n => format!("every {n} {unit}s"),
        };
        let days = |specs: &[DaySpec]| -> Vec<String> {
            specs
                .iter()
                .map(|spec| match spec.nth {
                    None => weekday_name(spec.weekday).to_string(),
                    Some(nth) => {
                        format!("the {} {}", ordinal_word(nth), weekday_name(spec.weekday))
                    }
                })
                .collect()
        };
        match self.freq {
            Frequency::Weekly => {
                let names = if self.by_day.is_empty() {
                    vec![weekday_name(first.weekday()).to_string()]
                } else {
                    days(&self.by_day)
                };
                text.push_str(&format!(" on {}", join_words(&names)));
            }
            Frequency::Monthly if !self.by_day.is_empty() => {
                let names: Vec<String> = days(&self.by_day)
                    .into_iter()
                    .map(|name| {
                        if name.starts_with("the ") {
                            name
                        } else {
                            format!("every {name}")
                        }
                    })
                    .collect();
                text.push_str(&format!(" on {}", join_words(&names)));
            }
            Frequency::Monthly => {
                let numbers: Vec<String> = if self.by_month_day.is_empty() {
                    vec![day_ordinal(first.day())]
                } else {
                    self.by_month_day.iter().map(|&d| day_ordinal(d)).collect()
                };
                text.push_str(&format!(" on the {}", join_words(&numbers)));
            }
            Frequency::Daily | Frequency::Yearly => {}
        }
        text
    }
}

fn ordinal_word(nth: i8) -> &'static str {
    match nth {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        -1 => "last",
        -2 => "second to last",
        -3 => "third to last",
        -4 => "fourth to last",
        _ => "fifth to last",
    }
}

fn day_ordinal(day: i8) -> String {
    if day == -1 {
        return "last day".to_string();
    }
    if day < 0 {
        return format!("{} day from the end", day_ordinal(-day));
    }
    let suffix = match (day % 10, day % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// "a", "a and b", "a, b and c".
pub fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The dates of a rule, lazily; see [`Rule::dates`].
pub struct Dates<'a> {
    rule: &'a Rule,
    first: Date,
    /// Nothing after this date: [`MAX_YEARS`] after the first.
    last: Date,
    period: u32,
    pending: Vec<Date>,
}

impl Iterator for Dates<'_> {
    type Item = Date;

    fn next(&mut self) -> Option<Date> {
        loop {
            if let Some(date) = self.pending.pop() {
                return (date <= self.last).then_some(date);
            }
            if self.period >= MAX_PERIODS {
                return None;
            }
            let mut dates = self.rule.period_dates(self.first, self.period)?;
            self.period += 1;
            dates.retain(|d| *d >= self.first);
            dates.sort_unstable();
            dates.dedup();
            dates.reverse();
            self.pending = dates;
        }
    }
}
