//! Publishing windows: `publish_date` and `expiry_date` at the build's `now`, and the next instant at
//! which the output changes (an event starts or ends, a page is published or expires, a member's
//! consent runs out).

use super::fields::{fallback_title, title_of};
use super::routes::Entry;
use crate::collections::events::NextChange;
use crate::collections::members::Member;
use crate::config::Config;
use crate::content::{DateValue, Parsed, SourceFile, parse_date};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;

/// Reads `publish_date` and `expiry_date` and says whether the page is online at `now`. Values that
/// are not dates are reported when the page is checked (the page then counts as published, so its
/// other problems are reported too).
pub(crate) fn schedule_of(
    file: &SourceFile,
    parsed: &Parsed,
    config: &Config,
    now: jiff::Timestamp,
    diagnostics: &mut Diagnostics,
) -> (Schedule, Option<jiff::Timestamp>) {
    let front_matter = &parsed.front_matter;
    let read = |value: &Option<DateValue>| {
        value
            .as_ref()
            .and_then(|v| parse_date(v.get_ref(), &config.timezone).ok())
            .map(|d| d.timestamp)
    };
    let publish = read(&front_matter.publish_date);
    let expiry = read(&front_matter.expiry_date);
    if let (Some(publish), Some(expiry), Some(value)) = (publish, expiry, &front_matter.expiry_date)
        && expiry <= publish
    {
        diagnostics.push(
            Diagnostic::error(
                &file.path,
                &file.text,
                parsed.at(value.span()),
                "`expiry_date` is not after `publish_date`, so the page would never be shown",
            )
            .with_hint(
                "the page is shown from `publish_date` until `expiry_date`; fix one of them",
            ),
        );
        return (Schedule::Expired(expiry), Some(expiry));
    }
    let schedule = match (publish, expiry) {
        (Some(publish), _) if publish > now => Schedule::Scheduled(publish),
        (_, Some(expiry)) if expiry <= now => Schedule::Expired(expiry),
        _ => Schedule::Live,
    };
    (schedule, expiry)
}

/// The instants after `now` at which a page is published or expires.
pub(crate) fn schedule_changes(entries: &[Entry], now: jiff::Timestamp) -> Vec<NextChange> {
    let mut changes = Vec::new();
    for entry in entries.iter().filter(|e| !e.is_index && !e.withheld) {
        let front_matter = &entry.parsed.front_matter;
        if front_matter.draft {
            continue;
        }
        let title = title_of(front_matter, &fallback_title(&entry.file.rel_path));
        let path = entry.file.path.display();
        match entry.schedule {
            Schedule::Scheduled(at) => changes.push(NextChange {
                at,
                reason: format!("the page \u{201c}{title}\u{201d} ({path}) is published"),
            }),
            Schedule::Expired(_) => {}
            Schedule::Live => {
                if let Some(at) = entry.expiry.filter(|at| *at > now) {
                    changes.push(NextChange {
                        at,
                        reason: format!("the page \u{201c}{title}\u{201d} ({path}) expires"),
                    });
                }
            }
        }
    }
    changes
}

/// The next instant after `now` at which the output changes: an event starts or ends, a page is
/// published or expires (`changes`), or a member's consent runs out.
pub(crate) fn next_change(
    pages: &[Page],
    members: &[Member],
    mut changes: Vec<NextChange>,
    now: jiff::Timestamp,
) -> Option<NextChange> {
    for page in pages {
        let Some(event) = &page.event else { continue };
        let Some(at) = event.schedule.next_change else {
            continue;
        };
        let starts = event
            .schedule
            .next
            .iter()
            .any(|o| o.start.timestamp() == at);
        changes.push(NextChange {
            at,
            reason: format!(
                "the event \u{201c}{}\u{201d} ({}) {}",
                page.title,
                page.source.display(),
                if starts { "starts" } else { "ends" }
            ),
        });
    }
    for member in members {
        if let Some(end) = member.consent_ends
            && end > now
            && member.public
        {
            changes.push(NextChange {
                at: end,
                reason: "a member's consent ends".to_string(),
            });
        }
    }
    changes
        .into_iter()
        .min_by(|a, b| a.at.cmp(&b.at).then_with(|| a.reason.cmp(&b.reason)))
}
