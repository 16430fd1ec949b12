//! How a series reads in languages other than English: "Alle 2 Wochen am Dienstag, 10-mal (nicht am
//! 29. Dezember 2026)", from the `repeat_*` words of the translation table. English keeps the rule's
//! own wording (`Rule::describe`), which says "every other week" and "the second to last Tuesday".

use crate::collections::events::Event;
use crate::collections::events::rule::{DaySpec, Limit, Until};
use crate::content::Frequency;
use crate::render::words::Words;

/// The series of `event` in the table's language, or `None` for a single event.
pub(super) fn describe(event: &Event, words: &Words) -> Option<String> {
    let rule = event.rule.as_ref()?;
    let first = event.first_date();
    let key = match rule.freq {
        Frequency::Daily => "repeat_daily",
        Frequency::Weekly => "repeat_weekly",
        Frequency::Monthly => "repeat_monthly",
        Frequency::Yearly => "repeat_yearly",
    };
    let mut text = words.count(key, i64::from(rule.interval));
    let join = |items: Vec<String>| join(items, &words.get("repeat_and"));
    let day = |spec: &DaySpec| match spec.nth {
        None => words.weekday(spec.weekday),
        Some(nth) => {
            let ordinal = if nth == -1 {
                words.get("repeat_last")
            } else {
                let list = words.get_list("ordinals");
                let index = usize::from(nth.unsigned_abs()).saturating_sub(1);
                let ordinal = list.get(index).cloned().unwrap_or_else(|| nth.to_string());
                if nth < 0 {
                    words.get("repeat_from_end").replace("{nth}", &ordinal)
                } else {
                    ordinal
                }
            };
            words
                .get("repeat_nth")
                .replace("{nth}", &ordinal)
                .replace("{weekday}", &words.weekday(spec.weekday))
        }
    };
    let on = match rule.freq {
        Frequency::Weekly if rule.by_day.is_empty() => Some(words.weekday(first.weekday())),
        Frequency::Weekly | Frequency::Monthly if !rule.by_day.is_empty() => {
            Some(join(rule.by_day.iter().map(day).collect()))
        }
        Frequency::Monthly => {
            let days: Vec<i8> = if rule.by_month_day.is_empty() {
                vec![first.day()]
            } else {
                rule.by_month_day.clone()
            };
            let numbers = days
                .iter()
                .map(|d| {
                    words
                        .get("repeat_day_number")
                        .replace("{n}", &d.to_string())
                })
                .collect();
            Some(join(numbers))
        }
        _ => None,
    };
    if let Some(on) = on {
        text.push(' ');
        text.push_str(&words.get("repeat_on").replace("{days}", &on));
    }
    let until = |date| {
        words
            .get("repeat_until")
            .replace("{date}", &words.date(date))
    };
    let limit = match rule.limit {
        Limit::Count(count) => Some(words.count("repeat_times", i64::from(count))),
        Limit::Until(Until::Date(date)) => Some(until(date)),
        Limit::Until(Until::Instant(instant)) => {
            Some(until(instant.to_zoned(event.zone.tz.clone()).date()))
        }
        Limit::Forever => None,
    };
    if let Some(limit) = limit {
        text.push_str(", ");
        text.push_str(&limit);
    }
    if !event.exceptions.is_empty() {
        let dates = event.exceptions.iter().map(|d| words.date(*d)).collect();
        text.push_str(&format!(
            " ({})",
            words.get("repeat_not_on").replace("{dates}", &join(dates))
        ));
    }
    let mut chars = text.chars();
    Some(match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    })
}

fn join(items: Vec<String>, and: &str) -> String {
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}
