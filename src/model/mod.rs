//! The resolved site as data: every page and section with its URL, rendered body, dates and place in
//! the tree, the collections, the relationships between them and the FAQ model. The passes of
//! [`crate::site`] build it; render and search read it. Nothing here computes anything beyond a
//! page's own fields.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::collections::events::{Event, NextChange};
use crate::collections::members::Member;
use crate::collections::products::Product;
use crate::collections::topics::Topic;
use crate::config::{BaseUrl, Config, SortBy};
use crate::content::{Level, PageDate};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;

mod assets;
mod graph;

pub use assets::{Asset, BUNDLE_INDEX, OutputLink, is_bundle_index, list_folder};
pub use graph::Graph;

/// The kind of a page, from the folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `content/guides/`.
    Guide,
    /// `content/stories/`: a member's story.
    Story,
    /// `content/faq/`: an answer to a question customers ask support.
    Faq,
    /// `content/events/`: an event or a series of events.
    Event,
    /// `content/updates/`: what changed because of members' feedback.
    Update,
    /// Free pages (`content/pages/`) and pages of any other folder.
    Page,
}

impl PageKind {
    pub(crate) fn default_template(self) -> &'static str {
        match self {
            PageKind::Guide => "guide.html",
            PageKind::Story => "story.html",
            PageKind::Faq => "faq.html",
            PageKind::Event => "event.html",
            PageKind::Update => "update.html",
            PageKind::Page => "page.html",
        }
    }
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// The path under `content/`: `guides/cast-on.md`.
    pub rel_path: String,
    /// The path shown in diagnostics: `content/guides/cast-on.md`.
    pub source: PathBuf,
    pub kind: PageKind,
    /// The index of the section the page belongs to, if any (free pages have none).
    pub section: Option<usize>,
    /// The site path, without the base path: `/guides/cast-on/`.
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Whether the editor wrote the summary (else it is the first paragraph).
    pub summary_written: bool,
    pub date: Option<PageDate>,
    pub updated: Option<PageDate>,
    /// A draft, or (with `--drafts`) a page that is not published at the build's `now`.
    pub draft: bool,
    /// Whether `publish_date` and `expiry_date` put the page online at the build's `now`.
    pub schedule: Schedule,
    pub weight: i64,
    pub aliases: Vec<String>,
    pub topics: Vec<String>,
    pub products: Vec<String>,
    pub image: Option<String>,
    pub image_alt: String,
    pub template: String,
    pub level: Option<Level>,
    /// The member who wrote the page, when they are public.
    pub author: Option<String>,
    /// Stories: the member the story is about (always public: other stories are withheld).
    pub member: Option<String>,
    pub photos: Vec<Photo>,
    pub quote: Option<String>,
    /// FAQ entries: the question, and other ways customers ask it (written by editors).
    pub question: Option<String>,
    pub asked_as: Vec<String>,
    pub reading_time: usize,
    /// Events: when, where, who; `None` for other pages and for events whose times are unusable.
    pub event: Option<Box<Event>>,
    pub body: Arc<Rendered>,
    pub extra: toml::Table,
}

impl Page {
    /// The later of `date` and `updated`.
    pub fn last_updated(&self) -> Option<PageDate> {
        self.updated.max(self.date)
    }
}

/// A photo of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub src: String,
    pub alt: String,
}

/// The onboarding path: pages in reading order.
#[derive(Debug, Clone)]
pub struct StartHere {
    pub title: String,
    /// Indices into [`Site::pages`].
    pub pages: Vec<usize>,
}

/// A folder of `content/` with its list page.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder under `content/`: `guides` or `guides/knitting`.
    pub dir: String,
    pub source: Option<PathBuf>,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub body: Rendered,
    pub template: String,
    pub paginate_by: usize,
    pub sort_by: SortBy,
    pub parent: Option<usize>,
    /// Indices into [`Site::pages`], in list order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub draft: bool,
}

impl Section {
    /// The pages page `number` (from 1) of the list shows.
    pub fn page_slice(&self, number: usize) -> &[usize] {
        let start = number.saturating_sub(1).saturating_mul(self.paginate_by);
        let start = start.min(self.pages.len());
        let end = start.saturating_add(self.paginate_by).min(self.pages.len());
        &self.pages[start..end]
    }
}

/// The home page's own text, from `content/_index.md`.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub title: String,
    pub summary: String,
    pub body: Rendered,
}

/// The whole resolved site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub home: Home,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Redirects: `(alias site path, target site path)`, sorted.
    pub aliases: Vec<(String, String)>,
    /// Where each alias of `aliases` is written (an error with an empty message at its front matter
    /// value), for problems found when the site's files are placed.
    pub alias_origins: HashMap<String, Diagnostic>,
    /// Every member, public or not; templates only ever see public ones.
    pub members: Vec<Member>,
    pub products: Vec<Product>,
    /// Declared and generated topics, by slug.
    pub topics: Vec<Topic>,
    /// The text of the topics index (`content/topics/_index.md`).
    pub topics_intro: Option<Home>,
    pub graph: Graph,
    pub start_here: Option<StartHere>,
    /// Static files only withheld members' data refers to (their avatars, their stories' photos):
    /// never published.
    pub withheld_files: BTreeSet<String>,
    /// Support questions, their clusters and the FAQ entries answering them.
    pub faq: crate::faq::model::Model,
    /// The text of the events list (`content/events/_index.md`).
    pub events_intro: Option<Home>,
    /// Event pages, upcoming and past at the build's `now`.
    pub events: EventIndex,
    /// The next instant after `now` at which the output would change.
    pub next_change: Option<NextChange>,
    /// The instant the build is for.
    pub now: jiff::Timestamp,
    /// The files of `content/` that are published, by site path.
    pub assets: Vec<Asset>,
    /// Links to site paths, checked once the output is known.
    pub output_links: Vec<OutputLink>,
}

impl Site {
    pub fn base(&self) -> &BaseUrl {
        &self.config.base_url
    }

    /// Top-level sections, in folder order.
    pub fn top_sections(&self) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
    }
}

/// Whether a page is published at the build's `now`, from its `publish_date` and `expiry_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Live,
    /// Published later, at this instant.
    Scheduled(jiff::Timestamp),
    /// Expired at this instant.
    Expired(jiff::Timestamp),
}

/// The folder of updates: posts telling members what changed because of their feedback.
pub const UPDATES_DIR: &str = "updates";

/// The folder of member stories.
pub(crate) const STORIES_DIR: &str = "stories";

pub const FAQ_DIR: &str = "faq";

/// The folder of topic declarations.
pub(crate) const TOPICS_DIR: &str = "topics";

/// The folder of events.
pub const EVENTS_DIR: &str = "events";

/// The folder whose pages are served at the site root and have no list page.
pub(crate) const FREE_PAGES_DIR: &str = "pages";

/// The order of a list: the sort key, then title, then path, so ties never depend on input order.
pub fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    let primary = match sort_by {
        SortBy::Date => b.date.cmp(&a.date),
        SortBy::Weight => a.weight.cmp(&b.weight),
        SortBy::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
    };
    primary
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.rel_path.cmp(&b.rel_path))
}

/// Newest first, then by path: a total order, so lists never depend on input order.
pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.rel_path.cmp(&b.rel_path))
}

/// Event pages at the build's `now`, by index into the site's pages.
#[derive(Debug, Clone, Default)]
pub struct EventIndex {
    /// Events with a date that has not ended, the soonest next date first.
    pub upcoming: Vec<usize>,
    /// Events whose dates have all ended, the latest first.
    pub past: Vec<usize>,
}
