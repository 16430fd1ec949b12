//! The events list, `/events/` a page at a time, and its archive of past events, `/events/past/`.

use std::path::Path;

use serde_json::{Value, json};

use super::{EVENTS_CALENDAR, EVENTS_URL};
use crate::diag::Diagnostic;
use crate::render::Put as _;
use crate::render::{Globals, OutputFile};

/// How many past events the first page of the events list shows (the rest are in the archive).
const RECENT_PAST_ON_LIST: usize = 10;
/// Events per page of the events list and its archive, unless `[collections.events] paginate_by`.
const EVENTS_PER_PAGE: usize = 50;

/// A page of the events list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventListPage {
    /// `/events/`, `/events/page/2/`...: upcoming events.
    Upcoming(usize),
    /// `/events/past/`, `/events/past/page/2/`...: the archive of past events.
    Past(usize),
}

impl EventListPage {
    fn url(self) -> String {
        match self {
            EventListPage::Upcoming(1) => EVENTS_URL.to_string(),
            EventListPage::Upcoming(n) => format!("{EVENTS_URL}page/{n}/"),
            EventListPage::Past(1) => format!("{EVENTS_URL}past/"),
            EventListPage::Past(n) => format!("{EVENTS_URL}past/page/{n}/"),
        }
    }
}

fn events_per_page(site: &crate::model::Site) -> usize {
    site.config
        .collection(crate::model::EVENTS_DIR)
        .paginate_by
        .unwrap_or(EVENTS_PER_PAGE)
        .max(1)
}

/// Every page of the events list: the upcoming pages (at least one), then the archive's.
pub(crate) fn event_list_pages(site: &crate::model::Site) -> Vec<EventListPage> {
    let per_page = events_per_page(site);
    let upcoming = site.events.upcoming.len().div_ceil(per_page).max(1);
    let past = site.events.past.len().div_ceil(per_page);
    (1..=upcoming)
        .map(EventListPage::Upcoming)
        .chain((1..=past).map(EventListPage::Past))
        .collect()
}

impl Globals<'_> {
    /// One page of the events list: upcoming events soonest first (with the latest past ones on the
    /// first page), or of the archive of past events, latest first.
    pub(crate) fn event_list(
        &self,
        tera: &tera::Tera,
        list: EventListPage,
    ) -> Result<OutputFile, Diagnostic> {
        let events = &self.site.events;
        let per_page = events_per_page(self.site);
        let (indices, number, kind) = match list {
            EventListPage::Upcoming(number) => (&events.upcoming, number, "upcoming"),
            EventListPage::Past(number) => (&events.past, number, "past"),
        };
        let total_pages = indices.len().div_ceil(per_page).max(1);
        let url = list.url();
        let events_title = self.events_title();
        let base_title = match list {
            EventListPage::Upcoming(_) => events_title.clone(),
            EventListPage::Past(_) => self
                .words
                .get("past_events_of")
                .replace("{title}", &events_title),
        };
        let title = if number == 1 {
            base_title
        } else {
            format!("{base_title} (page {number} of {total_pages})")
        };
        let intro = self.site.events_intro.as_ref();
        let summary = intro.map(|i| i.summary.clone()).unwrap_or_default();
        let mut meta = self.meta(Some(&title), &summary, &url, "website", None);
        self.collection_ld(&mut meta, &url);
        let mut crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (events_title.clone(), EVENTS_URL.to_string()),
        ];
        if url != EVENTS_URL {
            crumbs.push((title.clone(), url.clone()));
        }
        let mut context = self.context(&url, meta, crumbs);
        let first_page = list == EventListPage::Upcoming(1);
        context.put(
            "intro",
            json!({
                "title": title,
                "summary": summary,
                "content": intro.filter(|_| first_page).map(|i| i.body.html.clone()).unwrap_or_default(),
            }),
        );
        let slice: Vec<usize> = indices
            .iter()
            .skip((number - 1) * per_page)
            .take(per_page)
            .copied()
            .collect();
        let (upcoming, past) = match list {
            EventListPage::Upcoming(1) => (
                slice,
                events
                    .past
                    .iter()
                    .take(RECENT_PAST_ON_LIST)
                    .copied()
                    .collect(),
            ),
            EventListPage::Upcoming(_) => (slice, Vec::new()),
            EventListPage::Past(_) => (Vec::new(), slice),
        };
        context.put("kind", kind);
        context.put("upcoming", self.event_pages(&upcoming, usize::MAX));
        context.put("past", self.event_pages(&past, usize::MAX));
        context.put("past_total", events.past.len());
        context.put(
            "past_url",
            (!events.past.is_empty()).then(|| self.base().site_path(&EventListPage::Past(1).url())),
        );
        context.put("events_url", self.base().site_path(EVENTS_URL));
        let page_url = |n: usize| match list {
            EventListPage::Upcoming(_) => EventListPage::Upcoming(n).url(),
            EventListPage::Past(_) => EventListPage::Past(n).url(),
        };
        context.put(
            "pagination",
            self.list_paginator(number, total_pages, page_url),
        );
        context.put("calendar", self.calendar_value(EVENTS_CALENDAR));
        let source = intro
            .map(|_| format!("content/{}/_index.md", crate::model::EVENTS_DIR))
            .unwrap_or_else(|| format!("content/{}", crate::model::EVENTS_DIR));
        self.render_to(
            tera,
            "events.html",
            &context,
            &format!("{}index.html", url.trim_start_matches('/')),
            Path::new(&source),
        )
    }

    /// The paginator of a list page, as `section.html`'s pagination macro reads it.
    fn list_paginator(
        &self,
        number: usize,
        total_pages: usize,
        page_url: impl Fn(usize) -> String,
    ) -> Value {
        let link = |n: usize| self.base().site_path(&page_url(n));
        let window = number
            .saturating_sub(crate::render::PAGINATION_WINDOW)
            .max(1)
            ..=(number + crate::render::PAGINATION_WINDOW).min(total_pages);
        let links: Vec<Value> = window
            .map(|n| json!({"number": n, "url": link(n), "current": n == number}))
            .collect();
        json!({
            "current": number,
            "total_pages": total_pages,
            "previous": (number > 1).then(|| link(number - 1)),
            "next": (number < total_pages).then(|| link(number + 1)),
            "first": link(1),
            "last": link(total_pages),
            "links": links,
        })
    }
}
