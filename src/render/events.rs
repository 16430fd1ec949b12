//! Event pages and what surrounds them: the event object templates receive, the events list, the
//! `.ics` files (one per event, one for all events, one per topic), the Event JSON-LD, and the
//! next-build file that tells CI when to build again.

use jiff::{ToSpan as _, Zoned};
use serde_json::{Value, json};

mod list;
mod recurrence;

use super::Put as _;
use super::words::Words;
use super::{Contents, Globals, OutputFile};
use crate::collections::events::rule::{Limit, Until, join_words, weekday_name};
use crate::collections::events::{Attendance, Event, Host, Occurrence, Timing, ics, offset_text};
use crate::config::url_host;
use crate::content::{EventStatus, Frequency};
use crate::model::Page;
pub(super) use list::{EventListPage, event_list_pages};

/// The events list's address.
pub(super) const EVENTS_URL: &str = "/events/";
/// The calendar of every event.
pub(super) const EVENTS_CALENDAR: &str = "events/calendar.ics";
/// Where the next-build file is written in the output.
pub const NEXT_BUILD_FILE: &str = ".guildhall/next-build.json";
/// How many upcoming events the home page shows.
const HOME_EVENTS: usize = 3;

/// The `.ics` file of an event page: `/events/sock-clinic/` has `/events/sock-clinic.ics`.
pub(super) fn ics_path(page: &Page) -> String {
    format!("{}.ics", page.url.trim_end_matches('/'))
}

/// The zone's abbreviation at that moment (`BST`, `EDT`, `IST`), or the offset where the time zone
/// database has no letters for it.
fn abbreviation(zoned: &Zoned, named: bool) -> String {
    if !named {
        return if zoned.offset().seconds() == 0 {
            "UTC".to_string()
        } else {
            offset_text(zoned.offset())
        };
    }
    let info = zoned.time_zone().to_offset_info(zoned.timestamp());
    let letters = info.abbreviation();
    if letters.is_empty() || letters.starts_with(['+', '-']) {
        offset_text(zoned.offset())
    } else {
        letters.to_string()
    }
}

/// The last day of an all-day occurrence (its end is the start of the next day).
fn last_day(occurrence: &Occurrence) -> jiff::civil::Date {
    let end = occurrence.end.date();
    end.checked_sub(1.day()).unwrap_or(end)
}

/// How a date of the event reads: "Tuesday 14 April 2026, 19:00–20:30 BST".
fn when_text(event: &Event, occurrence: &Occurrence, words: &Words) -> String {
    let long_date = |date| words.long_date(date);
    let named = event.zone.name.is_some();
    let (start, end) = (&occurrence.start, &occurrence.end);
    if event.all_day() {
        let (first, last) = (start.date(), last_day(occurrence));
        return if first == last {
            long_date(first)
        } else if first.year() == last.year() {
            let without_year = |d: jiff::civil::Date| words.long_date_without_year(d);
            format!("{} – {}", without_year(first), long_date(last))
        } else {
            format!("{} – {}", long_date(first), long_date(last))
        };
    }
    let (start_zone, end_zone) = (abbreviation(start, named), abbreviation(end, named));
    let time = |z: &Zoned| z.strftime("%H:%M").to_string();
    if start.date() == end.date() {
        if start_zone == end_zone {
            format!(
                "{}, {}–{} {start_zone}",
                long_date(start.date()),
                time(start),
                time(end)
            )
        } else {
            format!(
                "{}, {} {start_zone} – {} {end_zone}",
                long_date(start.date()),
                time(start),
                time(end)
            )
        }
    } else {
        format!(
            "{}, {} {start_zone} – {}, {} {end_zone}",
            long_date(start.date()),
            time(start),
            long_date(end.date()),
            time(end)
        )
    }
}

/// A moment as templates see it.
fn time_value(zoned: &Zoned, all_day: bool, named: bool, words: &Words) -> Value {
    json!({
        "iso": if all_day {
            zoned.date().to_string()
        } else {
            zoned.strftime("%Y-%m-%dT%H:%M%:z").to_string()
        },
        "utc": zoned.timestamp().to_string(),
        "date": zoned.date().to_string(),
        "date_display": words.long_date(zoned.date()),
        "time": zoned.strftime("%H:%M").to_string(),
        "zone_abbreviation": abbreviation(zoned, named),
        "offset": offset_text(zoned.offset()),
        "offset_minutes": zoned.offset().seconds() / 60,
    })
}

fn occurrence_value(event: &Event, occurrence: &Occurrence, words: &Words) -> Value {
    let named = event.zone.name.is_some();
    let all_day = event.all_day();
    let end = if all_day {
        let last = last_day(occurrence);
        last.to_zoned(event.zone.tz.clone())
            .unwrap_or_else(|_| occurrence.end.clone())
    } else {
        occurrence.end.clone()
    };
    json!({
        "when": when_text(event, occurrence, words),
        "start": time_value(&occurrence.start, all_day, named, words),
        "end": time_value(&end, all_day, named, words),
        // Exact instants for the script that moves ended events to the past between builds.
        "start_utc": occurrence.start.timestamp().to_string(),
        "end_utc": occurrence.end.timestamp().to_string(),
    })
}

/// "Every week on Tuesday, 8 times", "Every month on the second Tuesday, until 30 June 2026".
fn recurrence_text(event: &Event, words: &Words) -> Option<String> {
    if words.language.split('-').next() != Some(super::words::BASE_LANGUAGE) {
        return recurrence::describe(event, words);
    }
    let short_date = |date| words.date(date);
    let rule = event.rule.as_ref()?;
    let mut text = rule.describe(event.first_date());
    match rule.limit {
        Limit::Count(count) => text.push_str(&format!(", {count} times")),
        Limit::Until(Until::Date(date)) => text.push_str(&format!(", until {}", short_date(date))),
        Limit::Until(Until::Instant(instant)) => text.push_str(&format!(
            ", until {}",
            short_date(instant.to_zoned(event.zone.tz.clone()).date())
        )),
        Limit::Forever => {}
    }
    if !event.exceptions.is_empty() {
        let dates: Vec<String> = event.exceptions.iter().map(|d| short_date(*d)).collect();
        text.push_str(&format!(" (not on {})", join_words(&dates)));
    }
    let mut chars = text.chars();
    Some(match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    })
}

fn status_label(status: EventStatus, words: &Words) -> String {
    words.get(match status {
        EventStatus::Scheduled => "scheduled_label",
        EventStatus::Cancelled => "cancelled",
        EventStatus::Postponed => "postponed",
        EventStatus::MovedOnline => "moved_online",
    })
}

fn attendance_name(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::Offline => "offline",
        Attendance::Online => "online",
        Attendance::Mixed => "mixed",
    }
}

impl Globals<'_> {
    /// The event object of an event page; `full` adds the JSON-LD.
    pub(super) fn event_value(&self, page: &Page, full: bool) -> Value {
        let Some(event) = &page.event else {
            return Value::Null;
        };
        let base = self.base();
        let schedule = &event.schedule;
        let shown = schedule
            .shown()
            .map(|o| occurrence_value(event, o, self.words));
        let location = event.location.as_ref().map(|location| {
            json!({
                "venue": location.venue,
                "address": location.address_line(),
                "street": location.address,
                "locality": location.locality,
                "region": location.region,
                "postal_code": location.postal_code,
                "country": location.country,
                "online": location.online,
            })
        });
        let now = self.site.now;
        let ongoing = schedule
            .next
            .first()
            .is_some_and(|o| o.start.timestamp() <= now);
        let mut value = json!({
            "status": event.status.as_str(),
            "status_label": status_label(event.status, self.words),
            "cancelled": event.status == EventStatus::Cancelled,
            "all_day": event.all_day(),
            "timezone": event.zone.name,
            "zone": event.zone.name.clone().unwrap_or_else(|| {
                schedule.shown().map_or_else(String::new, |o| offset_text(o.start.offset()))
            }),
            "when": shown.as_ref().map(|s| s["when"].clone()),
            "start": shown.as_ref().map(|s| s["start"].clone()),
            "end": shown.as_ref().map(|s| s["end"].clone()),
            "start_utc": shown.as_ref().map(|s| s["start_utc"].clone()),
            "end_utc": shown.as_ref().map(|s| s["end_utc"].clone()),
            "upcoming": schedule.upcoming(),
            "ongoing": ongoing,
            "series": event.rule.is_some(),
            "recurrence": recurrence_text(event, self.words),
            "occurrences": schedule.next.iter().map(|o| occurrence_value(event, o, self.words)).collect::<Vec<_>>(),
            "location": location,
            "attendance": attendance_name(event.attendance()),
            "host": self.host_value(event),
            "registration": event.registration.as_deref().map(|url| self.store_link(url, &page.url)),
            "capacity": event.capacity,
            "calendar_url": base.site_path(&ics_path(page)),
        });
        // The next dates for the events script: [start, end, when, start as written, offset minutes].
        let dates: Vec<Value> = schedule
            .next
            .iter()
            .chain(
                schedule
                    .next
                    .is_empty()
                    .then_some(schedule.last.as_ref())
                    .flatten(),
            )
            .map(|o| {
                let v = occurrence_value(event, o, self.words);
                json!([
                    v["start_utc"],
                    v["end_utc"],
                    v["when"],
                    v["start"]["iso"],
                    v["start"]["offset_minutes"]
                ])
            })
            .collect();
        value["dates_json"] = Value::String(Value::Array(dates).to_string());
        if full {
            value["json_ld"] = Value::String(self.json_ld(page, event));
        }
        value
    }

    /// A public member as a member reference, or a plain name as `{name, url: null}`.
    fn host_value(&self, event: &Event) -> Value {
        match &event.host {
            Some(Host::Member(handle)) => self.member_ref(handle).unwrap_or(Value::Null),
            Some(Host::Name(name)) => json!({"name": name, "url": null}),
            None => Value::Null,
        }
    }

    fn host_name(&self, event: &Event) -> Option<String> {
        match &event.host {
            Some(Host::Member(handle)) => self.members.get(handle.as_str()).map(|m| m.name.clone()),
            Some(Host::Name(name)) => Some(name.clone()),
            None => None,
        }
    }

    /// schema.org Event JSON-LD, escaped so that no `</script>` (or `<!--`) can end the script.
    fn json_ld(&self, page: &Page, event: &Event) -> String {
        let base = self.base();
        let (start, end) = match event.schedule.shown() {
            Some(occurrence) if event.all_day() => (
                Value::String(occurrence.start.date().to_string()),
                Value::String(last_day(occurrence).to_string()),
            ),
            Some(occurrence) => (
                Value::String(
                    occurrence
                        .start
                        .strftime("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string(),
                ),
                Value::String(occurrence.end.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            ),
            None => (Value::Null, Value::Null),
        };
        let status = match event.status {
            EventStatus::Scheduled => "EventScheduled",
            EventStatus::Cancelled => "EventCancelled",
            EventStatus::Postponed => "EventPostponed",
            EventStatus::MovedOnline => "EventMovedOnline",
        };
        let attendance = match event.attendance() {
            Attendance::Offline => "OfflineEventAttendanceMode",
            Attendance::Online => "OnlineEventAttendanceMode",
            Attendance::Mixed => "MixedEventAttendanceMode",
        };
        let organizer = match &event.host {
            Some(Host::Member(handle)) => match self.members.get(handle.as_str()) {
                Some(member) => json!({
                    "@type": "Person",
                    "name": member.name,
                    "url": base.permalink(&super::community::member_url(member)),
                }),
                None => self.organization(),
            },
            Some(Host::Name(name)) => json!({"@type": "Person", "name": name}),
            None => self.organization(),
        };
        let mut value = json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.title,
            "description": page.summary,
            "url": base.permalink(&page.url),
            "startDate": start,
            "endDate": end,
            "eventStatus": format!("https://schema.org/{status}"),
            "eventAttendanceMode": format!("https://schema.org/{attendance}"),
            "organizer": organizer,
        });
        if let Some(location) = self.json_ld_location(event) {
            value["location"] = location;
        }
        let own = page
            .image
            .as_deref()
            .map(|src| (src, page.image_alt.as_str()));
        let (image, _) = self
            .page_card(Some(&page.title), &page.url, "article", own)
            .unwrap_or_else(|| self.social_image(own));
        value["image"] = Value::String(image);
        if let Some(schedule) = json_ld_schedule(event) {
            value["eventSchedule"] = schedule;
        }
        if let Some(registration) = &event.registration
            && event.status != EventStatus::Cancelled
        {
            value["offers"] = json!({
                "@type": "Offer",
                "url": self.store_link(registration, &page.url),
            });
        }
        escape_json_for_script(&value.to_string())
    }

    fn organization(&self) -> Value {
        json!({
            "@type": "Organization",
            "name": self.site.config.site.title,
            "url": self.base().absolute,
        })
    }

    fn json_ld_location(&self, event: &Event) -> Option<Value> {
        let location = event.location.as_ref()?;
        let place = location.has_place().then(|| {
            let mut address = json!({"@type": "PostalAddress"});
            for (key, field) in [
                ("streetAddress", &location.address),
                ("addressLocality", &location.locality),
                ("addressRegion", &location.region),
                ("postalCode", &location.postal_code),
                ("addressCountry", &location.country),
            ] {
                if let Some(text) = field {
                    address[key] = Value::String(text.clone());
                }
            }
            let name = location
                .venue
                .clone()
                .or_else(|| location.address_line())
                .unwrap_or_default();
            json!({"@type": "Place", "name": name, "address": address})
        });
        let virtual_location = location
            .online
            .as_ref()
            .map(|url| json!({"@type": "VirtualLocation", "url": url}));
        match (event.attendance(), place, virtual_location) {
            (Attendance::Online, _, Some(online)) => Some(online),
            (_, Some(place), Some(online)) => Some(Value::Array(vec![place, online])),
            (_, Some(place), None) => Some(place),
            (_, None, online) => online,
        }
    }

    /// `{url, subscribe_url}` of a calendar file: a download link and a `webcal:` link for apps.
    pub(super) fn calendar_value(&self, path: &str) -> Value {
        let base = self.base();
        let permalink = base.permalink(path);
        let subscribe = permalink
            .strip_prefix("https://")
            .or_else(|| permalink.strip_prefix("http://"))
            .map(|rest| format!("webcal://{rest}"));
        json!({"url": base.site_path(path), "subscribe_url": subscribe})
    }

    pub(super) fn events_title(&self) -> String {
        self.site.events_intro.as_ref().map_or_else(
            || {
                self.site
                    .config
                    .collection(crate::model::EVENTS_DIR)
                    .title
                    .unwrap_or_else(|| self.words.get("events"))
            },
            |intro| intro.title.clone(),
        )
    }

    /// Event pages as list items, each with its event object.
    pub(super) fn event_pages(&self, indices: &[usize], limit: usize) -> Vec<Value> {
        indices
            .iter()
            .take(limit)
            .map(|&i| self.page_value(&self.site.pages[i], false))
            .collect()
    }

    /// What the home page shows: the next upcoming events.
    pub(super) fn home_events(&self, context: &mut tera::Context) {
        let upcoming = self.event_pages(&self.site.events.upcoming, HOME_EVENTS);
        context.put("events", upcoming);
        let any = !self.site.events.upcoming.is_empty() || !self.site.events.past.is_empty();
        context.put("events_url", any.then(|| self.base().site_path(EVENTS_URL)));
    }

    fn ics_entry<'p>(&self, page: &'p Page, event: &'p Event) -> ics::Entry<'p> {
        let base = self.base();
        let host = url_host(&base.absolute).unwrap_or_else(|| "guildhall".to_string());
        ics::Entry {
            event,
            uid: format!("{}@{host}", page.url.trim_matches('/')),
            url: base.permalink(&page.url),
            summary: page.title.clone(),
            description: page.summary.clone(),
            // Never the build's clock: a calendar file changes only when its event does.
            dtstamp: page.updated.or(page.date).map_or_else(
                || {
                    event
                        .occurrence_on(event.first_date())
                        .map_or(jiff::Timestamp::UNIX_EPOCH, |o| o.start.timestamp())
                },
                |d| d.timestamp,
            ),
            categories: page
                .topics
                .iter()
                .map(|slug| {
                    self.topics
                        .get(slug.as_str())
                        .map_or_else(|| slug.clone(), |t| t.title.clone())
                })
                .collect(),
            host: self.host_name(event),
        }
    }

    /// The `.ics` file of one event page.
    pub(super) fn event_ics(&self, page: &Page) -> Option<OutputFile> {
        let event = page.event.as_deref()?;
        let calendar = ics::Calendar {
            name: page.title.clone(),
            description: String::new(),
            subscribable: false,
            entries: vec![self.ics_entry(page, event)],
            now: self.site.now,
        };
        Some(OutputFile {
            path: ics_path(page).trim_start_matches('/').to_string(),
            contents: Contents::Bytes(ics::write(&calendar).into_bytes()),
        })
    }

    /// A subscribable calendar of the published events among `indices`.
    pub(super) fn calendar_file(&self, path: &str, name: String, indices: &[usize]) -> OutputFile {
        // Upcoming events, and those that ended within the recent past.
        let days = i64::from(self.site.config.site.events.calendar_past_days);
        let since = self
            .site
            .now
            .checked_sub(jiff::SignedDuration::from_hours(24 * days))
            .unwrap_or(jiff::Timestamp::MIN);
        let mut entries: Vec<(jiff::Timestamp, ics::Entry)> = indices
            .iter()
            .map(|&i| &self.site.pages[i])
            .filter(|page| !page.draft)
            .filter(|page| {
                page.event.as_deref().is_some_and(|event| {
                    event.schedule.upcoming()
                        || event
                            .schedule
                            .last
                            .as_ref()
                            .is_some_and(|last| last.end.timestamp() >= since)
                })
            })
            .filter_map(|page| {
                let event = page.event.as_deref()?;
                let first = event.schedule.first.as_ref()?.start.timestamp();
                Some((first, self.ics_entry(page, event)))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.uid.cmp(&b.1.uid)));
        let calendar = ics::Calendar {
            name,
            description: self.site.config.site.description.clone(),
            subscribable: true,
            entries: entries.into_iter().map(|(_, entry)| entry).collect(),
            now: self.site.now,
        };
        OutputFile {
            path: path.to_string(),
            contents: Contents::Bytes(ics::write(&calendar).into_bytes()),
        }
    }

    /// Every event's page index, upcoming then past.
    pub(super) fn all_events(&self) -> Vec<usize> {
        let events = &self.site.events;
        events
            .upcoming
            .iter()
            .chain(&events.past)
            .copied()
            .collect()
    }

    /// The events of a topic: all of them (for its calendar).
    pub(super) fn topic_events(&self, slug: &str) -> Vec<usize> {
        self.all_events()
            .into_iter()
            .filter(|&i| self.site.pages[i].topics.iter().any(|t| t == slug))
            .collect()
    }

    /// `.guildhall/next-build.json`: when to build again, for CI. It is not linked from any page.
    pub(super) fn next_build_file(&self) -> OutputFile {
        let next = self.site.next_change.as_ref();
        let value = json!({
            "next_build": next.map(|n| n.at.to_string()),
            "reason": next.map(|n| n.reason.clone()),
            "time_zone_data": crate::config::time_zone_release(),
        });
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        OutputFile {
            path: NEXT_BUILD_FILE.to_string(),
            contents: Contents::Bytes(bytes),
        }
    }
}

/// schema.org `Schedule` of a series.
fn json_ld_schedule(event: &Event) -> Option<Value> {
    let rule = event.rule.as_ref()?;
    // The rule's own first date, even when it is an exception: `repeatCount` counts from it.
    let first = event.occurrence_on(event.first_date())?;
    let unit = match rule.freq {
        Frequency::Daily => "D",
        Frequency::Weekly => "W",
        Frequency::Monthly => "M",
        Frequency::Yearly => "Y",
    };
    let mut schedule = json!({
        "@type": "Schedule",
        "repeatFrequency": format!("P{}{unit}", rule.interval),
        "startDate": first.start.date().to_string(),
    });
    if let Some(zone) = &event.zone.name {
        schedule["scheduleTimezone"] = Value::String(zone.clone());
    }
    if let Timing::Timed { start, .. } = &event.timing {
        schedule["startTime"] = Value::String(start.strftime("%H:%M:%S").to_string());
        schedule["endTime"] = Value::String(first.end.strftime("%H:%M:%S").to_string());
    }
    if !rule.by_day.is_empty() && rule.by_day.iter().all(|d| d.nth.is_none()) {
        schedule["byDay"] = rule
            .by_day
            .iter()
            .map(|d| Value::String(format!("https://schema.org/{}", weekday_name(d.weekday))))
            .collect::<Vec<_>>()
            .into();
    }
    if !rule.by_month_day.is_empty() {
        schedule["byMonthDay"] = rule
            .by_month_day
            .iter()
            .map(|&d| Value::from(d))
            .collect::<Vec<_>>()
            .into();
    }
    match rule.limit {
        Limit::Count(count) => schedule["repeatCount"] = count.into(),
        Limit::Until(Until::Date(date)) => schedule["endDate"] = date.to_string().into(),
        Limit::Until(Until::Instant(instant)) => {
            schedule["endDate"] = instant
                .to_zoned(event.zone.tz.clone())
                .date()
                .to_string()
                .into();
        }
        Limit::Forever => {}
    }
    if !event.exceptions.is_empty() {
        schedule["exceptDate"] = event
            .exceptions
            .iter()
            .map(|d| Value::String(d.to_string()))
            .collect::<Vec<_>>()
            .into();
    }
    Some(schedule)
}

/// JSON that is safe inside `<script>`: `<`, `>` and `&` become `\u` escapes (still the same JSON),
/// and so do the two line separators JavaScript once treated as newlines.
pub(super) fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let value = json!({"name": "</script><script>alert(1)</script> & <!--"});
        let escaped = escape_json_for_script(&value.to_string());
        assert!(!escaped.contains('<') && !escaped.contains('>'));
        let back: Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
