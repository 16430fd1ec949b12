//! The resolved site: every page and section with its URL, rendered body, dates and place in the tree.
//!
//! [`build`] is a pure function of the configuration, the content files, the names of the available
//! templates and static files, and the build options. It parses front matter and renders Markdown in
//! parallel, resolves links between pages, checks anchors, and collects every diagnostic on the way.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use toml::Spanned;

use crate::collections::events::{self, Event, EventIndex, Host, NextChange};
use crate::collections::graph::{self, Graph};
use crate::collections::members::{self, Member};
use crate::collections::products::{self, Product, Status, campaign_for, tag_store_url};
use crate::collections::topics::{self, Topic};
use crate::collections::{self};
use crate::config::{BaseUrl, CONFIG_FILE, Config, SortBy, UtmConfig};
use crate::content::{self, DataFiles, DateValue, FrontMatter, Level, Parsed, SourceFile};
use crate::diag::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::markdown::{self, LinkError, MarkdownOptions, Rendered, Resolve, ResolvedLink};

/// Runtime knobs of a build, from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// The instant the build is for: `--now`, `SOURCE_DATE_EPOCH`, or the clock.
    pub now: jiff::Timestamp,
}

/// What the rest of the site is checked against: the templates and static files that exist.
#[derive(Debug, Clone, Default)]
pub struct Available {
    pub templates: BTreeSet<String>,
    /// Site paths of static files, like `/images/swatch.svg`.
    pub static_files: HashSet<String>,
}

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
    fn default_template(self) -> &'static str {
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

/// A date from front matter, resolved to an instant and a calendar day in the site's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    pub timestamp: jiff::Timestamp,
    pub day: jiff::civil::Date,
}

impl PageDate {
    pub fn iso(&self) -> String {
        self.day.to_string()
    }

    pub fn display(&self) -> String {
        format!(
            "{} {} {}",
            self.day.day(),
            MONTHS[(self.day.month() - 1) as usize],
            self.day.year()
        )
    }

    pub fn rfc3339(&self) -> String {
        self.timestamp.to_string()
    }
}

/// English month names, for dates people read.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
    /// A hash of the file up to the end of its front matter: equal hashes mean only the body changed.
    pub front_matter_hash: u64,
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
    /// What links were resolved against, for [`update_body`].
    pub links: Option<LinkContext>,
    /// What the checks of each page reported (`page_problems[i]` is `pages[i]`'s), so a model built
    /// again after an edit can take unchanged pages as they were, with their problems.
    pub page_problems: Vec<Diagnostics>,
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

const DEFAULT_PAGINATE_BY: usize = 10;
/// The folder whose pages are served at the site root and have no list page.
const FREE_PAGES_DIR: &str = "pages";

/// Where a content file goes, decided before any Markdown is rendered so links can be resolved.
#[derive(Debug, Clone, PartialEq)]
struct Route {
    url: String,
    /// Excluded drafts keep a route so a link to them gets a precise error.
    included: bool,
    /// A story withheld because its member's consent is missing or ended: links to it go to the list.
    withheld: bool,
    /// Not published at the build's `now` (`publish_date` to come, or `expiry_date` passed).
    schedule: Schedule,
    /// Where links to a page that is not shown lead instead: the list it belongs to.
    list_url: String,
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

/// A parsed file and what is known of it before rendering.
struct Entry<'a> {
    file: &'a SourceFile,
    parsed: &'a Parsed,
    is_index: bool,
    dir: String,
    /// The top-level folder: `guides`, `stories`, `topics`, `pages`...
    top: String,
    url: String,
    included: bool,
    withheld: bool,
    schedule: Schedule,
    /// When the page expires, if it has an `expiry_date`.
    expiry: Option<jiff::Timestamp>,
}

/// The folder of updates: posts telling members what changed because of their feedback.
pub const UPDATES_DIR: &str = "updates";
/// The folder of member stories.
const STORIES_DIR: &str = "stories";
pub const FAQ_DIR: &str = "faq";
/// The folder of topic declarations.
const TOPICS_DIR: &str = "topics";
/// The folder of events.
pub const EVENTS_DIR: &str = "events";

/// Builds the site model. Problems are collected in the returned diagnostics; the model is always
/// complete enough to report every problem of every file.
pub fn build(
    config: &Config,
    files: &[SourceFile],
    data: &DataFiles,
    available: &Available,
    options: &BuildOptions,
) -> (Site, Diagnostics) {
    let parsed = parse_all(files);
    build_from(config, files, &parsed, data, available, options, None)
}

/// The front matter of every file (in parallel), with each file's problems.
pub fn parse_all(files: &[SourceFile]) -> Vec<(Parsed, Diagnostics)> {
    files.par_iter().map(content::parse).collect()
}

/// What the model of the same site before an edit lends the model after it, so `serve` does not
/// redo what the edit cannot have changed. The contract: `site` was built from the same
/// configuration, theme and data files, and of the content files only those in `changed` (paths
/// under `content/`) differ, or were added or removed.
pub struct Reuse<'a> {
    pub site: &'a Site,
    pub changed: &'a HashSet<String>,
}

/// [`build`], from files already parsed (`parsed[i]` is `files[i]`'s), borrowing from `reuse` what
/// the changed files cannot have changed: the Markdown of the other pages when every link resolves
/// as before, those pages themselves (with the problems their checks reported) when their bodies
/// carried over and no topic file changed, related content when no page changed what it is
/// computed from, and the FAQ model when no FAQ entry changed. The result is the same as without
/// `reuse`.
pub fn build_from(
    config: &Config,
    files: &[SourceFile],
    parsed: &[(Parsed, Diagnostics)],
    data: &DataFiles,
    available: &Available,
    options: &BuildOptions,
    reuse: Option<Reuse<'_>>,
) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    check_social(config, available, &mut diagnostics);
    let (members, products) = parse_data(config, data, available, options, &mut diagnostics);
    let public_members: HashSet<&str> = members
        .iter()
        .filter(|m| m.public)
        .map(|m| m.handle.as_str())
        .collect();
    let mut entries = Vec::with_capacity(files.len());
    for (file, (parsed, file_diagnostics)) in files.iter().zip(parsed) {
        diagnostics.extend(file_diagnostics.clone());
        let (dir, name) = match file.rel_path.rsplit_once('/') {
            Some((dir, name)) => (dir.to_string(), name),
            None => (String::new(), file.rel_path.as_str()),
        };
        let top = dir.split('/').next().unwrap_or_default().to_string();
        let is_index = name == "_index.md";
        let withheld = top == STORIES_DIR
            && !is_index
            && parsed.front_matter.member.as_ref().is_some_and(|m| {
                members.iter().any(|known| known.handle == *m.get_ref())
                    && !public_members.contains(m.get_ref().as_str())
            });
        let (schedule, expiry) = if is_index {
            (Schedule::Live, None)
        } else {
            schedule_of(file, parsed, config, options.now, &mut diagnostics)
        };
        let published = !parsed.front_matter.draft && schedule == Schedule::Live;
        let included = (options.drafts || published) && !withheld;
        let url = if is_index {
            section_url(&dir)
        } else {
            page_url(file, &dir, name, parsed, &mut diagnostics)
        };
        entries.push(Entry {
            file,
            parsed,
            is_index,
            dir,
            top,
            url,
            included,
            withheld,
            schedule,
            expiry,
        });
    }
    let schedule_changes = schedule_changes(&entries, options.now);
    let withheld_files = withheld_files(config, data, available, &members, &entries);
    let links = LinkContext {
        routes: routes(&entries, &mut diagnostics),
        base: config.base_url.clone(),
        static_files: available.static_files.clone(),
        products: products
            .iter()
            .map(|p| (p.sku.to_ascii_lowercase(), p.clone()))
            .collect(),
        store_host: config.store_host(),
        utm: config
            .site
            .store
            .as_ref()
            .map(|s| s.utm.clone())
            .unwrap_or_default(),
    };
    let markdown_options = MarkdownOptions {
        smart_punctuation: config.site.markdown.smart_punctuation,
    };
    // An unchanged page renders as before when every link resolves as before.
    let earlier_bodies: HashMap<&str, &Arc<Rendered>> = reuse
        .as_ref()
        .filter(|r| {
            r.site
                .links
                .as_ref()
                .is_some_and(|l| l.routes == links.routes)
        })
        .map(|r| {
            r.site
                .pages
                .iter()
                .filter(|p| !r.changed.contains(&p.rel_path))
                .map(|p| (p.rel_path.as_str(), &p.body))
                .collect()
        })
        .unwrap_or_default();
    let rendered: Vec<Option<Arc<Rendered>>> = entries
        .par_iter()
        .map(|entry| {
            entry.included.then(|| {
                if let Some(body) = earlier_bodies.get(entry.file.rel_path.as_str()) {
                    return Arc::clone(body);
                }
                let resolver = Resolver {
                    links: &links,
                    from_dir: &entry.dir,
                    campaign: campaign_for(&entry.url),
                };
                Arc::new(markdown::render(
                    &entry.file.text[entry.parsed.body_offset..],
                    markdown_options,
                    &resolver,
                ))
            })
        })
        .collect();

    check_anchors(&entries, &rendered, &mut diagnostics);

    let declared_topics: HashSet<String> = entries
        .iter()
        .filter(|e| e.top == TOPICS_DIR && !e.is_index && e.included)
        .filter_map(|e| {
            e.url
                .strip_prefix("/topics/")
                .map(|slug| slug.trim_end_matches('/').to_string())
        })
        .collect();
    let checks = Checks {
        config,
        available,
        members: &members,
        products: &links.products,
        declared_topics: &declared_topics,
        now: options.now,
    };
    let mut site = Site {
        config: config.clone(),
        home: Home {
            title: config.site.title.clone(),
            ..Home::default()
        },
        pages: Vec::new(),
        sections: Vec::new(),
        aliases: Vec::new(),
        alias_origins: HashMap::new(),
        members: Vec::new(),
        products: Vec::new(),
        topics: Vec::new(),
        topics_intro: None,
        graph: Graph::default(),
        start_here: None,
        withheld_files: BTreeSet::new(),
        faq: crate::faq::model::Model::default(),
        events_intro: None,
        events: EventIndex::default(),
        next_change: None,
        now: options.now,
        links: None,
        page_problems: Vec::new(),
    };
    let mut section_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut topic_entries = Vec::new();
    // Pages, the most of the entries, are checked and made in parallel; the rest in order below.
    let is_page = |entry: &Entry<'_>| !entry.is_index && entry.top != TOPICS_DIR;
    // An unchanged page with the body it had is made as it was, unless a topic file changed (pages
    // are checked against the declared topics).
    let earlier_pages: HashMap<&str, (&Page, &Diagnostics)> = reuse
        .as_ref()
        .filter(|r| !r.changed.iter().any(|path| path.starts_with("topics/")))
        .map(|r| {
            r.site
                .pages
                .iter()
                .zip(&r.site.page_problems)
                .filter(|(p, _)| !r.changed.contains(&p.rel_path))
                .map(|(p, problems)| (p.rel_path.as_str(), (p, problems)))
                .collect()
        })
        .unwrap_or_default();
    let made: Vec<Result<(Page, Diagnostics), Arc<Rendered>>> = entries
        .par_iter()
        .zip(rendered)
        .filter_map(|(entry, body)| {
            let body = body?;
            if !is_page(entry) {
                return Some(Err(body));
            }
            if let Some((page, problems)) = earlier_pages.get(entry.file.rel_path.as_str())
                && Arc::ptr_eq(&page.body, &body)
            {
                let mut page = (*page).clone();
                // Set again below, from this model's sections.
                page.section = None;
                return Some(Ok((page, (*problems).clone())));
            }
            let mut found = Diagnostics::new();
            report_problems(entry, &body, &mut found);
            let checker = FieldChecker {
                entry,
                checks: &checks,
            };
            Some(Ok((checker.page(body, &mut found), found)))
        })
        .collect();
    let included = entries.iter().filter(|e| e.included);
    for (entry, made) in included.zip(made) {
        let body = match made {
            Ok((page, found)) => {
                diagnostics.extend(found.clone());
                site.pages.push(page);
                site.page_problems.push(found);
                continue;
            }
            // Bodies of these are never reused: this is their only owner.
            Err(body) => Arc::unwrap_or_clone(body),
        };
        report_problems(entry, &body, &mut diagnostics);
        let checker = FieldChecker {
            entry,
            checks: &checks,
        };
        if entry.is_index {
            if entry.dir.is_empty() {
                site.home = checker.intro(body, &config.site.title);
            } else if entry.dir == TOPICS_DIR {
                site.topics_intro = Some(checker.intro(body, "Topics"));
            } else if entry.dir == EVENTS_DIR {
                let title = config
                    .collection(EVENTS_DIR)
                    .title
                    .unwrap_or_else(|| "Events".into());
                site.events_intro = Some(checker.intro(body, &title));
            } else if entry.top == EVENTS_DIR {
                diagnostics.push(
                    Diagnostic::error(&entry.file.path, &entry.file.text, entry.parsed.opening.clone(), "folders inside content/events/ have no list page")
                        .with_hint("all events are listed at /events/; delete this _index.md, or move its text to content/events/_index.md"),
                );
            } else if entry.dir == FREE_PAGES_DIR {
                diagnostics.push(
                    Diagnostic::error(&entry.file.path, &entry.file.text, entry.parsed.opening.clone(), "free pages have no list page")
                        .with_hint("pages in content/pages/ are served at the site root; delete this _index.md"),
                );
            } else {
                let section = checker.section(body, &mut diagnostics);
                section_index.insert(entry.dir.clone(), site.sections.len());
                site.sections.push(section);
            }
        } else {
            topic_entries.push((entry, body));
        }
    }
    site.topics = collect_topics(
        &site.pages,
        &products,
        topic_entries,
        &checks,
        &mut diagnostics,
    );
    link_sections(
        &mut site,
        &mut section_index,
        config,
        available,
        &mut diagnostics,
    );
    (site.aliases, site.alias_origins) = aliases(&site, &entries, &mut diagnostics);
    site.start_here = start_here(config, &site.pages, &entries, &mut diagnostics);
    site.withheld_files = withheld_files;
    // Earlier results hold indices of pages: they only carry over to the same list of pages.
    let same_pages = reuse.as_ref().filter(|r| {
        r.site.pages.len() == site.pages.len()
            && r.site
                .pages
                .iter()
                .zip(&site.pages)
                .all(|(a, b)| a.rel_path == b.rel_path)
    });
    // The pages the edit changed, before and after.
    let edited: Vec<(&Page, &Page)> = same_pages
        .map(|r| {
            r.site
                .pages
                .iter()
                .zip(&site.pages)
                .filter(|(a, _)| r.changed.contains(&a.rel_path))
                .collect()
        })
        .unwrap_or_default();
    site.graph = match same_pages {
        Some(r)
            if graph::same_inputs(&r.site.products, &products, &r.site.topics, &site.topics)
                && edited.iter().all(|(a, b)| graph::same_page_inputs(a, b)) =>
        {
            r.site.graph.clone()
        }
        _ => graph::build(&site.pages, &products, &site.topics),
    };
    site.faq = match same_pages {
        Some(r)
            if edited
                .iter()
                .all(|(a, b)| a.kind != PageKind::Faq && b.kind != PageKind::Faq) =>
        {
            r.site.faq.clone()
        }
        _ => faq_model(config, &site.pages, &data.support, options),
    };
    site.events = events::index(&site.pages);
    site.next_change = next_change(&site.pages, &members, schedule_changes, options.now);
    site.members = members;
    site.products = products;
    site.links = Some(links);
    (site, diagnostics)
}

/// The pictures of `[social]` must be files under `static/`; social sites cannot show SVG.
fn check_social(config: &Config, available: &Available, diagnostics: &mut Diagnostics) {
    let social = &config.site.social;
    for (key, image) in [("image", &social.image), ("logo", &social.logo)] {
        let Some(image) = image else { continue };
        let path = image.get_ref();
        let error = |message: String, hint: String| {
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                &config.text,
                image.span(),
                message,
            )
            .with_hint(hint)
        };
        if !path.starts_with('/') || path.starts_with("//") {
            diagnostics.push(error(
                format!("`[social] {key}` must be a file of the site, like \"/images/card.png\""),
                "put the picture under static/ and write its path from the site root".into(),
            ));
        } else if !available.static_files.contains(&percent_decode(path)) {
            diagnostics.push(error(
                format!("the picture `{path}` does not exist"),
                format!("put the file at static{path}"),
            ));
        } else if key == "image" && path.to_ascii_lowercase().ends_with(".svg") {
            diagnostics.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    &config.text,
                    image.span(),
                    "social sites do not show SVG pictures",
                )
                .with_hint("use a PNG or JPEG of about 1200 × 630 pixels"),
            );
        }
    }
}

/// The hash of a file's text up to the end of its front matter.
fn front_matter_hash(text: &str, parsed: &Parsed) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text[..parsed.body_offset.min(text.len())].hash(&mut hasher);
    hasher.finish()
}

/// Takes the new text of one page's file when only its body changed, and nothing but the page
/// itself can show the change: same front matter, same headings and anchors, same links to pages
/// and products, same summary and reading time, and no problem in the new body. Returns the index
/// of the updated page, or `None` when the change needs a full build (which is always correct).
pub fn update_body(site: &mut Site, file: &SourceFile) -> Option<usize> {
    let index = site
        .pages
        .iter()
        .position(|p| p.rel_path == file.rel_path)?;
    let page = &site.pages[index];
    // FAQ answers and events reach other outputs with their bodies (FAQPage data, calendars).
    if !matches!(
        page.kind,
        PageKind::Guide | PageKind::Story | PageKind::Page
    ) {
        return None;
    }
    let (parsed, problems) = content::parse(file);
    if !problems.is_empty()
        || !parsed.front_matter_ok
        || front_matter_hash(&file.text, &parsed) != page.front_matter_hash
    {
        return None;
    }
    let links = site.links.as_ref()?;
    let from_dir = file.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let resolver = Resolver {
        links,
        from_dir,
        campaign: campaign_for(&page.url),
    };
    let options = MarkdownOptions {
        smart_punctuation: site.config.site.markdown.smart_punctuation,
    };
    let body = markdown::render(&file.text[parsed.body_offset..], options, &resolver);
    let old = &page.body;
    let unchanged_for_others = body.problems.is_empty()
        && body.anchor_ids == old.anchor_ids
        && body.headings == old.headings
        && body.linked_pages == old.linked_pages
        && body.linked_products == old.linked_products
        && body.word_count.div_ceil(200).max(1) == page.reading_time
        && summary_of(&parsed.front_matter, &body) == page.summary;
    if !unchanged_for_others {
        return None;
    }
    // Every link to a heading must still land: on this page, or on another page's known headings.
    let anchors_ok = body.anchors.iter().all(|anchor| {
        let ids = match anchor.page.as_deref() {
            None => &body.anchor_ids,
            Some(target) if target == file.rel_path => &body.anchor_ids,
            Some(target) => match site.pages.iter().find(|p| p.rel_path == target) {
                Some(other) => &other.body.anchor_ids,
                None => return false,
            },
        };
        ids.contains(&anchor.anchor)
    });
    if !anchors_ok {
        return None;
    }
    site.pages[index].body = Arc::new(body);
    Some(index)
}

/// Clusters the support questions and matches the FAQ entries to them.
fn faq_model(
    config: &Config,
    pages: &[Page],
    support: &crate::faq::export::Exports,
    options: &BuildOptions,
) -> crate::faq::model::Model {
    let entries: Vec<crate::faq::model::EntryInput<'_>> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Faq && !p.draft)
        .map(|(index, p)| crate::faq::model::EntryInput {
            page: index,
            question: p.question.as_deref().unwrap_or(&p.title),
            asked_as: &p.asked_as,
            topics: &p.topics,
            body: &p.body.first_paragraph,
        })
        .collect();
    let faq = &config.site.faq;
    let today = options.now.to_zoned(config.timezone.clone()).date();
    let recent_since = today
        .checked_sub(jiff::Span::new().days(i64::from(faq.recent_days)))
        .ok();
    crate::faq::model::build(
        support,
        &entries,
        *faq.match_threshold.get_ref(),
        recent_since,
        faq.min_customers,
    )
}

/// Parses the data files that exist.
fn parse_data(
    config: &Config,
    data: &DataFiles,
    available: &Available,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> (Vec<Member>, Vec<Product>) {
    let members = match &data.members {
        Some(file) => {
            let (members, found) =
                members::parse(file, &config.timezone, options.now, &available.static_files);
            diagnostics.extend(found);
            members
        }
        None => Vec::new(),
    };
    let products = match &data.products {
        Some(file) => {
            let (products, found) = products::parse(
                file,
                config.store_host().as_deref(),
                &available.static_files,
            );
            diagnostics.extend(found);
            products
        }
        None => Vec::new(),
    };
    (members, products)
}

/// Turns the problems Markdown rendering found into diagnostics at their place in the file.
fn report_problems(entry: &Entry, body: &Rendered, diagnostics: &mut Diagnostics) {
    if body.problems.is_empty() {
        return;
    }
    // One index for the file: placing thousands of problems stays linear.
    let index = crate::diag::LineIndex::new(&entry.file.text);
    for problem in &body.problems {
        let span = entry.parsed.body_offset + problem.span.start
            ..entry.parsed.body_offset + problem.span.end;
        let mut diagnostic = Diagnostic::located(
            problem.severity,
            &entry.file.path,
            index.locate(span),
            &problem.message,
        );
        if let Some(hint) = &problem.hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostics.push(diagnostic);
    }
}

/// Every topic of the site: the declared ones, then those only used in front matter or by products.
fn collect_topics(
    pages: &[Page],
    products: &[Product],
    topic_entries: Vec<(&Entry, Rendered)>,
    checks: &Checks,
    diagnostics: &mut Diagnostics,
) -> Vec<Topic> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    let mut related_spans = Vec::new();
    for (entry, body) in topic_entries {
        let checker = FieldChecker { entry, checks };
        let topic = checker.topic(body, diagnostics);
        related_spans.push((entry, topic.slug.clone()));
        topics.insert(topic.slug.clone(), topic);
    }
    let used = pages
        .iter()
        .flat_map(|p| p.topics.iter())
        .chain(products.iter().flat_map(|p| p.topics.iter()));
    for slug in used {
        if !topics.contains_key(slug) {
            topics.insert(slug.clone(), Topic::generated(slug));
        }
    }
    for (entry, slug) in related_spans {
        for related in &entry.parsed.front_matter.related {
            if !topics.contains_key(related.get_ref()) {
                let names = topics.keys().map(String::as_str);
                let hint = match did_you_mean(related.get_ref(), names) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => "name a topic that has a file in content/topics/ or is used by a page"
                        .to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        &entry.file.path,
                        &entry.file.text,
                        entry.parsed.at(related.span()),
                        format!("the related topic `{}` does not exist", related.get_ref()),
                    )
                    .with_hint(hint),
                );
            } else if *related.get_ref() == slug {
                diagnostics.push(Diagnostic::warning(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.at(related.span()),
                    "a topic is not related to itself",
                ));
            }
        }
    }
    topics.into_values().collect()
}

/// Static files that only withheld members and their withheld stories refer to.
fn withheld_files(
    config: &Config,
    data: &DataFiles,
    available: &Available,
    members: &[Member],
    entries: &[Entry<'_>],
) -> BTreeSet<String> {
    let texts = |withheld: bool| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| if withheld { e.withheld } else { e.included })
            .map(|e| e.file.text.as_str())
            .collect()
    };
    let mut public = texts(false);
    public.push(&config.text);
    public.extend(data.products.iter().map(|f| f.text.as_str()));
    crate::collections::members::withheld_files(
        &available.static_files,
        members,
        &texts(true),
        &public,
    )
}

/// Resolves `[start_here]`: every listed page must exist and be published.
fn start_here(
    config: &Config,
    pages: &[Page],
    entries: &[Entry],
    diagnostics: &mut Diagnostics,
) -> Option<StartHere> {
    let path = config.site.start_here.as_ref()?;
    let mut indices = Vec::new();
    for spec in &path.pages {
        let wanted = spec.get_ref().trim_start_matches("content/");
        match pages.iter().position(|p| p.rel_path == wanted) {
            Some(index) => indices.push(index),
            // Consent ends on its own schedule: the path goes on without the story.
            None if entries
                .iter()
                .any(|e| e.file.rel_path == wanted && e.withheld) =>
            {
                diagnostics.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        &config.text,
                        spec.span(),
                        format!("`{wanted}` is withheld (its member's consent is missing or has ended), so the start-here path skips it"),
                    )
                    .with_hint("take it off the path, or renew the member's consent"),
                );
            }
            None => {
                let exists = entries.iter().any(|e| e.file.rel_path == wanted);
                let (message, hint) = if exists {
                    (
                        format!(
                            "`{wanted}` is a draft or withheld and cannot be on the start-here path"
                        ),
                        "publish it or take it off the path".to_string(),
                    )
                } else {
                    let names = pages.iter().map(|p| p.rel_path.as_str());
                    let hint = did_you_mean(wanted, names).map_or_else(
                        || "list paths under content/, like \"guides/casting-on.md\"".to_string(),
                        |close| format!("did you mean \"{close}\"?"),
                    );
                    (
                        format!("the start-here page `{wanted}` does not exist"),
                        hint,
                    )
                };
                diagnostics.push(
                    Diagnostic::error(CONFIG_FILE, &config.text, spec.span(), message)
                        .with_hint(hint),
                );
            }
        }
    }
    Some(StartHere {
        title: path.title.clone(),
        pages: indices,
    })
}

fn section_url(dir: &str) -> String {
    if dir.is_empty() {
        "/".to_string()
    } else {
        format!("/{dir}/")
    }
}

fn page_url(
    file: &SourceFile,
    dir: &str,
    name: &str,
    parsed: &Parsed,
    diagnostics: &mut Diagnostics,
) -> String {
    let front_matter = &parsed.front_matter;
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = match &front_matter.slug {
        Some(slug) => {
            let wanted = slug.get_ref();
            let clean = markdown::slugify(wanted);
            if *wanted != clean {
                diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        &file.text,
                        parsed.at(slug.span()),
                        format!("the slug `{wanted}` cannot be used in a URL"),
                    )
                    .with_hint(format!(
                        "use lowercase letters, digits and hyphens, like \"{clean}\""
                    )),
                );
            }
            clean
        }
        None => markdown::slugify(stem),
    };
    let url_dir = if dir == FREE_PAGES_DIR {
        ""
    } else {
        dir.strip_prefix("pages/").unwrap_or(dir)
    };
    if url_dir.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{url_dir}/{slug}/")
    }
}

/// Maps every content path to its URL, reporting two files that would write the same URL.
fn routes(entries: &[Entry], diagnostics: &mut Diagnostics) -> HashMap<String, Route> {
    let mut by_url: HashMap<&str, &Entry> = HashMap::new();
    let mut routes = HashMap::with_capacity(entries.len());
    for entry in entries {
        routes.insert(
            entry.file.rel_path.clone(),
            Route {
                url: entry.url.clone(),
                included: entry.included,
                withheld: entry.withheld,
                schedule: entry.schedule,
                list_url: list_url(&entry.top, &entry.dir),
            },
        );
        if !entry.included {
            continue;
        }
        if let Some(first) = by_url.insert(&entry.url, entry) {
            let span = entry
                .parsed
                .front_matter
                .slug
                .as_ref()
                .map_or(entry.parsed.opening.clone(), |s| entry.parsed.at(s.span()));
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    span,
                    format!(
                        "this page has the same URL `{}` as {}",
                        entry.url,
                        first.file.path.display()
                    ),
                )
                .with_hint("give one of them another file name or `slug`"),
            );
        }
    }
    routes
}

/// What every page's links are resolved against, built once per build (and kept with the site, so
/// `serve` can render one edited page again).
#[derive(Debug, Clone)]
pub struct LinkContext {
    routes: HashMap<String, Route>,
    base: BaseUrl,
    static_files: HashSet<String>,
    /// Lowercased sku to product.
    products: HashMap<String, Product>,
    store_host: Option<String>,
    utm: UtmConfig,
}

/// Resolves the links of one page.
struct Resolver<'a> {
    links: &'a LinkContext,
    from_dir: &'a str,
    /// The UTM campaign of this page.
    campaign: String,
}

impl Resolver<'_> {
    /// The existing page whose file name is closest to the one in a broken link.
    fn closest_page(&self, target: &str) -> Option<&str> {
        let stem = |path: &str| {
            path.rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".md")
                .to_string()
        };
        let wanted = stem(target);
        let stems: BTreeMap<String, &str> = self
            .links
            .routes
            .keys()
            .map(|path| (stem(path), path.as_str()))
            .collect();
        let close = did_you_mean(&wanted, stems.keys().map(String::as_str))?;
        stems.get(close).copied()
    }
}

impl Resolve for Resolver<'_> {
    fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError> {
        let keep = || ResolvedLink {
            href: destination.to_string(),
            page: None,
            anchor: None,
            warning: None,
            product: None,
        };
        if let Some(anchor) = destination.strip_prefix('#') {
            let anchor = (!anchor.is_empty()).then(|| (None, percent_decode(anchor)));
            return Ok(ResolvedLink { anchor, ..keep() });
        }
        if let Some(sku) = destination.strip_prefix("product:") {
            return self.product_link(sku.trim());
        }
        if has_scheme(destination) || destination.starts_with("//") {
            let href = tag_store_url(
                destination,
                self.links.store_host.as_deref(),
                &self.links.utm,
                &self.campaign,
            );
            return Ok(ResolvedLink { href, ..keep() });
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let target = if let Some(rest) = path.strip_prefix("@/") {
            rest.to_string()
        } else if path.starts_with('/') {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(destination),
                ..keep()
            });
        } else if path.ends_with(".md") {
            join_relative(self.from_dir, &percent_decode(path)).ok_or_else(|| LinkError {
                message: format!("the link `{destination}` goes outside the content folder"),
                hint: Some("link to a file inside content/".into()),
            })?
        } else {
            return Ok(keep());
        };
        let Some(route) = self.links.routes.get(&target) else {
            let hint = match self.closest_page(&target) {
                Some(close) => format!("did you mean `{}`?", relative_to(self.from_dir, close)),
                None => {
                    "check the file name; links are relative to the folder of this file".to_string()
                }
            };
            return Err(LinkError {
                message: format!(
                    "the link `{destination}` points to content/{target}, which does not exist"
                ),
                hint: Some(hint),
            });
        };
        if !route.included
            && let Some(warning) = unpublished_link(destination, route)
        {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(&route.list_url),
                warning: Some(warning),
                ..keep()
            });
        }
        if route.withheld {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(&route.list_url),
                warning: Some(LinkError {
                    message: format!(
                        "the link `{destination}` points to a story that is withheld, so it leads to the list of stories"
                    ),
                    hint: Some(
                        "the story's member has not given consent, or their consent has ended"
                            .into(),
                    ),
                }),
                ..keep()
            });
        }
        if !route.included {
            return Err(LinkError {
                message: format!("the link `{destination}` points to a draft page"),
                hint: Some("publish that page (remove `draft = true`) or remove the link".into()),
            });
        }
        let mut href = self.links.base.site_path(&route.url);
        let anchor = fragment.filter(|f| !f.is_empty()).map(|fragment| {
            href.push('#');
            href.push_str(fragment);
            (Some(target.clone()), percent_decode(fragment))
        });
        Ok(ResolvedLink {
            href,
            page: Some(target),
            anchor,
            warning: None,
            product: None,
        })
    }

    fn image(&self, source: &str) -> Result<String, LinkError> {
        if has_scheme(source) || source.starts_with("//") || !source.starts_with('/') {
            return Ok(source.to_string());
        }
        let path = source.split(['?', '#']).next().unwrap_or(source);
        if !self.links.static_files.contains(&percent_decode(path)) {
            return Err(LinkError {
                message: format!("the image `{source}` does not exist"),
                hint: Some(format!("put the file at static{path}")),
            });
        }
        Ok(self.links.base.site_path(source))
    }
}

impl Resolver<'_> {
    /// `product:SKU`: the product's store page, tagged; an unknown sku is an error.
    fn product_link(&self, sku: &str) -> Result<ResolvedLink, LinkError> {
        let Some(product) = self.links.products.get(&sku.to_ascii_lowercase()) else {
            return Err(unknown_sku(sku, &self.links.products));
        };
        let warning = (product.status == Status::Discontinued).then(|| discontinued(product));
        Ok(ResolvedLink {
            href: tag_store_url(
                &product.url,
                self.links.store_host.as_deref(),
                &self.links.utm,
                &self.campaign,
            ),
            page: None,
            anchor: None,
            warning,
            product: Some(product.sku.clone()),
        })
    }
}

fn unknown_sku(sku: &str, products: &HashMap<String, Product>) -> LinkError {
    let skus: BTreeMap<String, &str> = products
        .values()
        .map(|p| (p.sku.to_ascii_lowercase(), p.sku.as_str()))
        .collect();
    let hint = match did_you_mean(&sku.to_ascii_lowercase(), skus.keys().map(String::as_str)) {
        Some(close) => format!("did you mean `{}`?", skus[close]),
        None if products.is_empty() => {
            "there is no data/products.toml; add the product there".to_string()
        }
        None => "check the sku against data/products.toml".to_string(),
    };
    LinkError {
        message: format!("unknown product sku `{sku}`"),
        hint: Some(hint),
    }
}

fn discontinued(product: &Product) -> LinkError {
    LinkError {
        message: format!(
            "the product `{}` ({}) is discontinued",
            product.sku, product.name
        ),
        hint: Some("point readers to a product they can still buy".into()),
    }
}

fn has_scheme(destination: &str) -> bool {
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !destination[..colon].contains('/')
        }
        None => false,
    }
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of `content/`.
fn join_relative(from_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// How `target` (a path under `content/`) is written relative to `from_dir`.
fn relative_to(from_dir: &str, target: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Checks that every `#anchor` of every link names a heading of its target page.
fn check_anchors(
    entries: &[Entry],
    rendered: &[Option<Arc<Rendered>>],
    diagnostics: &mut Diagnostics,
) {
    let ids: HashMap<&str, HashSet<&str>> = entries
        .iter()
        .zip(rendered)
        .filter_map(|(entry, body)| {
            let body = body.as_ref()?;
            let ids: HashSet<&str> = body.anchor_ids.iter().map(String::as_str).collect();
            Some((entry.file.rel_path.as_str(), ids))
        })
        .collect();
    for (entry, body) in entries.iter().zip(rendered) {
        let Some(body) = body else { continue };
        for anchor in &body.anchors {
            let target = anchor.page.as_deref().unwrap_or(&entry.file.rel_path);
            let Some(target_ids) = ids.get(target) else {
                continue;
            };
            if target_ids.contains(anchor.anchor.as_str()) {
                continue;
            }
            let span = entry.parsed.body_offset + anchor.span.start
                ..entry.parsed.body_offset + anchor.span.end;
            let mut sorted: Vec<&str> = target_ids.iter().copied().collect();
            sorted.sort_unstable();
            let hint = match did_you_mean(&anchor.anchor, sorted.iter().copied()) {
                Some(close) => format!("did you mean `#{close}`?"),
                None if sorted.is_empty() => "that page has no headings".to_string(),
                None => format!(
                    "its headings are: {}",
                    sorted
                        .iter()
                        .map(|id| format!("#{id}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    span,
                    format!(
                        "there is no heading `#{}` in content/{target}",
                        anchor.anchor
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

/// What front matter is checked against, built once per build.
struct Checks<'a> {
    config: &'a Config,
    available: &'a Available,
    members: &'a [Member],
    /// Lowercased sku to product.
    products: &'a HashMap<String, Product>,
    declared_topics: &'a HashSet<String>,
    /// The build's `now`, for what is upcoming.
    now: jiff::Timestamp,
}

/// Turns one entry's front matter into a page, section or topic, checking kind-specific fields.
struct FieldChecker<'a> {
    entry: &'a Entry<'a>,
    checks: &'a Checks<'a>,
}

impl FieldChecker<'_> {
    /// An error at the span of a front matter value.
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            &self.entry.file.path,
            &self.entry.file.text,
            self.entry.parsed.at(span),
            message,
        )
    }

    /// A warning at the span of a front matter value.
    fn warning(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(
            &self.entry.file.path,
            &self.entry.file.text,
            self.entry.parsed.at(span),
            message,
        )
    }

    /// An error about the front matter as a whole, at its opening fence.
    fn error_at_opening(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            &self.entry.file.path,
            &self.entry.file.text,
            self.entry.parsed.opening.clone(),
            message,
        )
    }

    fn date(&self, value: &Option<DateValue>, diagnostics: &mut Diagnostics) -> Option<PageDate> {
        let value = value.as_ref()?;
        match parse_date(value.get_ref(), &self.checks.config.timezone) {
            Ok(date) => Some(date),
            Err(message) => {
                diagnostics.push(
                    self.error(value.span(), message)
                        .with_hint("write a date like 2025-03-14, or a date and time like 2025-03-14T18:30:00+01:00"),
                );
                None
            }
        }
    }

    fn template(&self, default: String, diagnostics: &mut Diagnostics) -> String {
        let front_matter = &self.entry.parsed.front_matter;
        let Some(template) = &front_matter.template else {
            return default;
        };
        let name = template.get_ref();
        let templates = &self.checks.available.templates;
        if templates.contains(name) {
            return name.clone();
        }
        let hint = match did_you_mean(name, templates.iter().map(String::as_str)) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => format!("create templates/{name} in the site, or remove `template`"),
        };
        diagnostics.push(
            self.error(
                template.span(),
                format!("the template `{name}` does not exist"),
            )
            .with_hint(hint),
        );
        default
    }

    /// Checks an image path of the front matter: site paths must exist under `static/`.
    fn image_path(&self, image: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
        let path = image.get_ref();
        let local = path.starts_with('/') && !path.starts_with("//");
        if local
            && !self
                .checks
                .available
                .static_files
                .contains(&percent_decode(path))
        {
            diagnostics.push(
                self.error(image.span(), format!("the image `{path}` does not exist"))
                    .with_hint(format!("put the file at static{path}")),
            );
            return None;
        }
        Some(path.clone())
    }

    fn image(&self, diagnostics: &mut Diagnostics) -> Option<String> {
        let image = self.entry.parsed.front_matter.image.as_ref()?;
        self.image_path(image, diagnostics)
    }

    /// Product references: unknown skus are errors, discontinued ones warnings.
    fn products(&self, diagnostics: &mut Diagnostics) -> Vec<String> {
        let mut skus = Vec::new();
        for sku in &self.entry.parsed.front_matter.products {
            match self
                .checks
                .products
                .get(&sku.get_ref().to_ascii_lowercase())
            {
                None => {
                    let error = unknown_sku(sku.get_ref(), self.checks.products);
                    let mut diagnostic = self.error(sku.span(), error.message);
                    if let Some(hint) = error.hint {
                        diagnostic = diagnostic.with_hint(hint);
                    }
                    diagnostics.push(diagnostic);
                }
                Some(product) => {
                    if product.status == Status::Discontinued {
                        let warning = discontinued(product);
                        diagnostics.push(
                            self.warning(sku.span(), warning.message)
                                .with_hint(warning.hint.unwrap_or_default()),
                        );
                    }
                    if !skus.contains(&product.sku) {
                        skus.push(product.sku.clone());
                    }
                }
            }
        }
        skus
    }

    /// Topic references: slugs, and declared ones when the site requires it; at most
    /// [`TOPICS_PER_PAGE`].
    fn topics(&self, diagnostics: &mut Diagnostics) -> Vec<String> {
        let mut topics = Vec::new();
        let mut seen = HashSet::new();
        for topic in &self.entry.parsed.front_matter.topics {
            let slug = topic.get_ref();
            if topics.len() == TOPICS_PER_PAGE && !seen.contains(slug) {
                diagnostics.push(
                    self.error(
                        topic.span(),
                        format!(
                            "a page can have at most {TOPICS_PER_PAGE} topics; `{slug}` is one more"
                        ),
                    )
                    .with_hint(
                        "keep the topics readers browse by, and mention the others in the text",
                    ),
                );
                break;
            }
            if !collections::is_slug(slug) {
                diagnostics.push(
                    self.error(topic.span(), format!("the topic `{slug}` is not a slug"))
                        .with_hint(format!("write it like \"{}\"", markdown::slugify(slug))),
                );
                continue;
            }
            if self.checks.config.site.topics.require_declared
                && !self.checks.declared_topics.contains(slug)
            {
                let declared = self.checks.declared_topics.iter().map(String::as_str);
                let hint = match did_you_mean(slug, declared) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => format!("create content/topics/{slug}.md, or use a declared topic"),
                };
                diagnostics.push(
                    self.error(topic.span(), format!("the topic `{slug}` is not declared"))
                        .with_hint(hint),
                );
            }
            if seen.insert(slug) {
                topics.push(slug.clone());
            }
        }
        topics
    }

    /// A member reference: unknown handles are errors; members who are not public are left out.
    fn member(&self, handle: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
        let wanted = handle.get_ref();
        match self.checks.members.iter().find(|m| m.handle == *wanted) {
            Some(member) => member.public.then(|| member.handle.clone()),
            None => {
                let handles = self.checks.members.iter().map(|m| m.handle.as_str());
                let hint = match did_you_mean(wanted, handles) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => "add the member to data/members.toml".to_string(),
                };
                diagnostics.push(
                    self.error(handle.span(), format!("unknown member `{wanted}`"))
                        .with_hint(hint),
                );
                None
            }
        }
    }

    fn photos(&self, diagnostics: &mut Diagnostics) -> Vec<Photo> {
        let mut photos = Vec::new();
        for photo in &self.entry.parsed.front_matter.photos {
            let alt = photo.alt.clone().unwrap_or_default();
            if alt.trim().is_empty() {
                diagnostics.push(
                    self.error(photo.src.span(), "the photo has no alt text")
                        .with_hint(
                            "add `alt = \"...\"` describing the photo for people who cannot see it",
                        ),
                );
            }
            if let Some(src) = self.image_path(&photo.src, diagnostics) {
                photos.push(Photo { src, alt });
            }
        }
        photos
    }

    fn page(&self, body: Arc<Rendered>, diagnostics: &mut Diagnostics) -> Page {
        let entry = self.entry;
        let front_matter = &entry.parsed.front_matter;
        let kind = match entry.top.as_str() {
            "guides" => PageKind::Guide,
            STORIES_DIR => PageKind::Story,
            FAQ_DIR => PageKind::Faq,
            EVENTS_DIR => PageKind::Event,
            UPDATES_DIR => PageKind::Update,
            _ => PageKind::Page,
        };
        let event = if kind == PageKind::Event {
            self.event(diagnostics)
        } else {
            for (field, span) in events::fields_present(front_matter) {
                diagnostics.push(
                    self.warning(span, format!("`{field}` is only used by events"))
                        .with_hint("remove it, or move the page into content/events/"),
                );
            }
            None
        };
        let level = front_matter.level.as_ref().map(|l| *l.get_ref());
        if kind == PageKind::Guide && level.is_none() && entry.parsed.front_matter_ok {
            diagnostics.push(self.error_at_opening("the guide has no level").with_hint(
                "add `level = \"beginner\"`, \"intermediate\" or \"advanced\" to the front matter",
            ));
        }
        if let (PageKind::Page | PageKind::Story | PageKind::Event, Some(level)) =
            (kind, &front_matter.level)
        {
            diagnostics.push(
                self.warning(level.span(), "`level` is only used by guides")
                    .with_hint("remove it, or move the page into content/guides/"),
            );
        }
        let member =
            match (&front_matter.member, kind) {
                (Some(handle), PageKind::Story) => self.member(handle, diagnostics),
                (None, PageKind::Story) if entry.parsed.front_matter_ok => {
                    diagnostics.push(self.error_at_opening("the story has no member").with_hint(
                        "add `member = \"handle\"` naming a member of data/members.toml",
                    ));
                    None
                }
                (Some(handle), _) => {
                    diagnostics.push(
                        self.warning(handle.span(), "`member` is only used by stories")
                            .with_hint("use `author` for the member who wrote a page"),
                    );
                    None
                }
                (None, _) => None,
            };
        if matches!(kind, PageKind::Story | PageKind::Update)
            && front_matter.date.is_none()
            && entry.parsed.front_matter_ok
        {
            let what = if kind == PageKind::Story {
                "story"
            } else {
                "update"
            };
            diagnostics.push(
                self.error_at_opening(format!("the {what} has no date"))
                    .with_hint("add `date = 2026-03-14`"),
            );
        }
        let author = front_matter
            .author
            .as_ref()
            .and_then(|handle| self.member(handle, diagnostics));
        let collection = self.checks.config.collection(&entry.top);
        let default_template = collection
            .page_template
            .clone()
            .unwrap_or_else(|| kind.default_template().to_string());
        let template = self.template(default_template, diagnostics);
        let date = self.date(&front_matter.date, diagnostics);
        let updated = self.date(&front_matter.updated, diagnostics);
        // Read for inclusion before the page was built; here only to report values that are not dates.
        self.date(&front_matter.publish_date, diagnostics);
        self.date(&front_matter.expiry_date, diagnostics);
        if let (Some(date), Some(updated), Some(value)) = (date, updated, &front_matter.updated)
            && updated < date
        {
            diagnostics.push(
                self.warning(value.span(), "`updated` is before `date`")
                    .with_hint("`updated` is when the page last changed; it cannot be earlier than its first date"),
            );
        }
        let mut products = self.products(diagnostics);
        for sku in &body.linked_products {
            if let Some(product) = self.checks.products.get(&sku.to_ascii_lowercase())
                && !products.contains(&product.sku)
            {
                products.push(product.sku.clone());
            }
        }
        let image = self.image(diagnostics);
        let reading_time = body.word_count.div_ceil(200).max(1);
        Page {
            front_matter_hash: front_matter_hash(&entry.file.text, entry.parsed),
            rel_path: entry.file.rel_path.clone(),
            source: entry.file.path.clone(),
            kind,
            section: None,
            url: entry.url.clone(),
            title: title_of(front_matter, &fallback_title(&entry.file.rel_path)),
            summary: summary_of(front_matter, &body),
            summary_written: front_matter
                .summary
                .as_ref()
                .is_some_and(|s| !s.trim().is_empty()),
            date,
            updated,
            draft: front_matter.draft || entry.schedule != Schedule::Live,
            schedule: entry.schedule,
            weight: front_matter.weight.unwrap_or(0),
            aliases: front_matter
                .aliases
                .iter()
                .map(|a| a.get_ref().clone())
                .collect(),
            topics: self.topics(diagnostics),
            products,
            image,
            image_alt: front_matter.image_alt.clone().unwrap_or_default(),
            template,
            level,
            author,
            member,
            photos: self.photos(diagnostics),
            quote: front_matter.quote.clone().filter(|q| !q.trim().is_empty()),
            question: front_matter
                .question
                .as_ref()
                .map(|q| q.get_ref().trim().to_string())
                .filter(|q| !q.is_empty()),
            asked_as: front_matter
                .asked_as
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            reading_time,
            event,
            body,
            extra: front_matter.extra.clone(),
        }
    }

    /// The event fields of an event page; problems are reported at their values.
    fn event(&self, diagnostics: &mut Diagnostics) -> Option<Box<Event>> {
        let entry = self.entry;
        if !entry.parsed.front_matter_ok {
            return None;
        }
        let front_matter = &entry.parsed.front_matter;
        if entry.url == "/events/calendar/" {
            let span = front_matter
                .slug
                .as_ref()
                .map_or(entry.parsed.opening.clone(), |s| entry.parsed.at(s.span()));
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    span,
                    "the event's address /events/calendar/ is taken by the events calendar",
                )
                .with_hint("give the event another file name or `slug`"),
            );
        }
        let config = self.checks.config;
        let context = events::Context {
            source: entry
                .file
                .text
                .get(entry.parsed.front_matter_offset..)
                .unwrap_or_default(),
            site_zone: config.site.timezone.is_some().then_some(&config.timezone),
            now: self.checks.now,
        };
        let (event, problems) = events::parse(front_matter, &context);
        for problem in problems {
            let span = problem
                .span
                .map_or(entry.parsed.opening.clone(), |span| entry.parsed.at(span));
            let mut diagnostic = match problem.severity {
                Severity::Error => {
                    Diagnostic::error(&entry.file.path, &entry.file.text, span, problem.message)
                }
                Severity::Warning => {
                    Diagnostic::warning(&entry.file.path, &entry.file.text, span, problem.message)
                }
            };
            if let Some(hint) = problem.hint {
                diagnostic = diagnostic.with_hint(hint);
            }
            diagnostics.push(diagnostic);
        }
        let mut event = event?;
        event.host = front_matter
            .host
            .as_ref()
            .and_then(|host| self.host(host, diagnostics));
        Some(Box::new(event))
    }

    /// An event's host: a handle (lowercase, no spaces) must be a member and is shown only while the
    /// member is public; anything else is a name, shown as written.
    fn host(&self, host: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<Host> {
        let text = host.get_ref().trim();
        if text.is_empty() {
            diagnostics.push(self.error(host.span(), "the host is empty").with_hint(
                "write a member's handle, like \"ada\", or a name, like \"Ada Lovelace\"",
            ));
            return None;
        }
        if collections::is_slug(text) {
            let handle = Spanned::new(host.span(), text.to_string());
            return self.member(&handle, diagnostics).map(Host::Member);
        }
        Some(Host::Name(text.to_string()))
    }

    fn topic(&self, body: Rendered, diagnostics: &mut Diagnostics) -> Topic {
        let entry = self.entry;
        let front_matter = &entry.parsed.front_matter;
        let slug = entry
            .url
            .trim_start_matches("/topics/")
            .trim_end_matches('/')
            .to_string();
        let related = front_matter
            .related
            .iter()
            .map(|r| r.get_ref().clone())
            .collect();
        Topic {
            title: title_of(front_matter, &topics::title_from_slug(&slug)),
            summary: summary_of(front_matter, &body),
            image: self.image(diagnostics),
            image_alt: front_matter.image_alt.clone().unwrap_or_default(),
            related,
            source: Some(entry.file.path.clone()),
            weight: front_matter.weight.unwrap_or(0),
            body,
            slug,
        }
    }

    /// The text of the home page or of a generated list (`content/_index.md`, `content/topics/_index.md`).
    fn intro(&self, body: Rendered, fallback_title: &str) -> Home {
        let front_matter = &self.entry.parsed.front_matter;
        Home {
            title: title_of(front_matter, fallback_title),
            summary: summary_of(front_matter, &body),
            body,
        }
    }

    fn section(&self, body: Rendered, diagnostics: &mut Diagnostics) -> Section {
        let entry = self.entry;
        let front_matter = &entry.parsed.front_matter;
        let collection = self.checks.config.collection(&entry.top);
        let default_template = collection
            .section_template
            .clone()
            .unwrap_or_else(|| "section.html".to_string());
        let template = self.template(default_template, diagnostics);
        let paginate_by = match &front_matter.paginate_by {
            Some(value) if *value.get_ref() == 0 => {
                diagnostics.push(self.error(value.span(), "`paginate_by` must be at least 1"));
                DEFAULT_PAGINATE_BY
            }
            Some(value) => *value.get_ref(),
            None => collection.paginate_by.unwrap_or(DEFAULT_PAGINATE_BY).max(1),
        };
        let fallback = collection
            .title
            .filter(|_| entry.dir == entry.top)
            .unwrap_or_else(|| fallback_title(&entry.dir));
        Section {
            dir: entry.dir.clone(),
            source: Some(entry.file.path.clone()),
            url: entry.url.clone(),
            title: title_of(front_matter, &fallback),
            summary: summary_of(front_matter, &body),
            body,
            template,
            paginate_by,
            sort_by: front_matter
                .sort_by
                .or(collection.sort_by)
                .unwrap_or_default(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            draft: front_matter.draft,
        }
    }
}

fn title_of(front_matter: &FrontMatter, fallback: &str) -> String {
    front_matter
        .title
        .as_ref()
        .or(front_matter.question.as_ref())
        .map(|t| t.get_ref().trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

fn summary_of(front_matter: &FrontMatter, body: &Rendered) -> String {
    match &front_matter.summary {
        Some(summary) if !summary.trim().is_empty() => summary.trim().to_string(),
        Some(_) => truncate_words(&body.first_paragraph, 200),
        None => truncate_words(&body.first_paragraph, 200),
    }
}

/// A title made from a file or folder name: `dropped-stitches.md` gives "Dropped stitches".
fn fallback_title(path: &str) -> String {
    let name = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts `text` at a word boundary so it is at most `limit` characters, adding an ellipsis.
pub fn truncate_words(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > limit.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Reads a front matter date: a TOML date or date-time, or a string holding one. Dates and local
/// date-times are read in `zone`.
pub fn parse_date(value: &toml::Value, zone: &jiff::tz::TimeZone) -> Result<PageDate, String> {
    let text = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => return Err(format!("expected a date, found {}", other.type_str())),
    };
    let timestamp = if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        timestamp
    } else if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        let has_time = text.len() > 10;
        let datetime = if has_time {
            datetime
        } else {
            datetime.date().to_datetime(jiff::civil::Time::midnight())
        };
        zone.to_ambiguous_zoned(datetime)
            .compatible()
            .map_err(|_| {
                format!(
                    "the date `{text}` is too far in the past or future to place in time; use a date between the years 1 and 9999 (before 30 December 9999)"
                )
            })?
            .timestamp()
    } else {
        return Err(format!("invalid date `{text}`"));
    };
    let day = timestamp.to_zoned(zone.clone()).date();
    Ok(PageDate { timestamp, day })
}

/// Reads `publish_date` and `expiry_date` and says whether the page is online at `now`. Values that
/// are not dates are reported when the page is checked (the page then counts as published, so its
/// other problems are reported too).
fn schedule_of(
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
fn schedule_changes(entries: &[Entry], now: jiff::Timestamp) -> Vec<NextChange> {
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

/// The list a page belongs to, where links to it lead while it is not shown.
fn list_url(top: &str, dir: &str) -> String {
    match top {
        "" | FREE_PAGES_DIR => "/".to_string(),
        EVENTS_DIR => "/events/".to_string(),
        _ => section_url(dir),
    }
}

/// The warning for a link to a page that is scheduled or expired (it leads to the page's list).
fn unpublished_link(destination: &str, route: &Route) -> Option<LinkError> {
    let (message, hint) = match route.schedule {
        Schedule::Live => return None,
        Schedule::Scheduled(at) => (
            format!(
                "the link `{destination}` points to a page that is published at {at}; until then it leads to `{}`",
                route.list_url
            ),
            "publish both pages at the same time, or build again when the page is published (see .guildhall/next-build.json)",
        ),
        Schedule::Expired(at) => (
            format!(
                "the link `{destination}` points to a page that expired at {at}, so it leads to `{}`",
                route.list_url
            ),
            "remove the link, or move the page's `expiry_date` later",
        ),
    };
    Some(LinkError {
        message,
        hint: Some(hint.into()),
    })
}

/// The next instant after `now` at which the output changes: an event starts or ends, a page is
/// published or expires (`changes`), or a member's consent runs out.
fn next_change(
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

/// Creates the sections that have pages but no `_index.md`, links sections into a tree, and sorts
/// each section's pages.
fn link_sections(
    site: &mut Site,
    section_index: &mut BTreeMap<String, usize>,
    config: &Config,
    available: &Available,
    diagnostics: &mut Diagnostics,
) {
    let dirs: BTreeSet<String> = site
        .pages
        .iter()
        .filter_map(|page| {
            page.rel_path
                .rsplit_once('/')
                .map(|(dir, _)| dir.to_string())
        })
        .filter(|dir| dir != FREE_PAGES_DIR && !dir.starts_with("pages/"))
        .filter(|dir| dir.split('/').next() != Some(EVENTS_DIR))
        .collect();
    for dir in dirs {
        // Every ancestor folder gets a section too, so breadcrumbs never skip a level.
        let mut path = String::new();
        for part in dir.split('/') {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            if section_index.contains_key(&path) {
                continue;
            }
            let top = path.split('/').next().unwrap_or_default();
            let collection = config.collection(top);
            let template = collection
                .section_template
                .clone()
                .unwrap_or_else(|| "section.html".into());
            if !available.templates.contains(&template) {
                diagnostics.push(
                    Diagnostic::file_error(crate::config::CONFIG_FILE, format!("the template `{template}` does not exist"))
                        .with_hint(format!("create templates/{template} or change `section_template` of [collections.{top}]")),
                );
            }
            section_index.insert(path.clone(), site.sections.len());
            site.sections.push(Section {
                dir: path.clone(),
                source: None,
                url: section_url(&path),
                title: collection
                    .title
                    .filter(|_| path == top)
                    .unwrap_or_else(|| fallback_title(&path)),
                summary: String::new(),
                body: Rendered::default(),
                template,
                paginate_by: collection.paginate_by.unwrap_or(DEFAULT_PAGINATE_BY).max(1),
                sort_by: collection.sort_by.unwrap_or_default(),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                draft: false,
            });
        }
    }
    // Sections sorted by folder, so lists and output are stable.
    let mut order: Vec<usize> = (0..site.sections.len()).collect();
    order.sort_by(|&a, &b| site.sections[a].dir.cmp(&site.sections[b].dir));
    let mut sections: Vec<Section> = order.iter().map(|&i| site.sections[i].clone()).collect();
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 0..sections.len() {
        let parent = sections[i]
            .dir
            .rsplit_once('/')
            .and_then(|(parent, _)| index.get(parent).copied());
        sections[i].parent = parent;
        if let Some(parent) = parent {
            sections[parent].subsections.push(i);
        }
    }
    for (page_index, page) in site.pages.iter_mut().enumerate() {
        if let Some((dir, _)) = page.rel_path.rsplit_once('/')
            && let Some(&section) = index.get(dir)
        {
            page.section = Some(section);
            sections[section].pages.push(page_index);
        }
    }
    for section in &mut sections {
        let pages = &site.pages;
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], section.sort_by));
    }
    *section_index = index.into_iter().collect();
    site.sections = sections;
}

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

/// The most topics one page can have: every topic page lists the page with its topics, so a page
/// with thousands of them would make the site's size grow with their square.
const TOPICS_PER_PAGE: usize = 50;

/// The longest file or folder name systems accept, in bytes.
const NAME_LIMIT: usize = 255;

/// Why `path` cannot be a file of the output, if it cannot.
pub(crate) fn unwritable(path: &str) -> Option<String> {
    if path.contains(char::is_control) {
        return Some("it holds a control character".to_string());
    }
    let longest = path.split('/').map(str::len).max().unwrap_or(0);
    (longest > NAME_LIMIT).then(|| {
        format!("one of its names is {longest} bytes long, over the {NAME_LIMIT} that file systems accept")
    })
}

/// Where each alias is written, by its site path.
type AliasOrigins = HashMap<String, Diagnostic>;

/// Collects the redirects, reporting aliases that are not site paths or that collide with a page.
fn aliases(
    site: &Site,
    entries: &[Entry],
    diagnostics: &mut Diagnostics,
) -> (Vec<(String, String)>, AliasOrigins) {
    let mut taken: HashSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    taken.extend(site.sections.iter().map(|s| s.url.as_str()));
    taken.insert("/");
    let mut out = BTreeMap::new();
    let mut origins = HashMap::new();
    for entry in entries.iter().filter(|e| e.included && !e.is_index) {
        for alias in &entry.parsed.front_matter.aliases {
            let path = alias.get_ref().trim();
            let span = entry.parsed.at(alias.span());
            let error = |message: String, hint: &str| {
                Diagnostic::error(&entry.file.path, &entry.file.text, span.clone(), message)
                    .with_hint(hint.to_string())
            };
            if !path.starts_with('/') || path.contains("..") || path.contains(['?', '#', '\\']) {
                diagnostics.push(error(
                    format!("the alias `{path}` is not a site path"),
                    "write the old address as a path from the site root, like \"/old/cast-on/\"",
                ));
                continue;
            }
            let normalized = if path.ends_with('/') || path.ends_with(".html") {
                path.to_string()
            } else {
                format!("{path}/")
            };
            if let Some(reason) = unwritable(path) {
                diagnostics.push(error(
                    format!("the alias cannot be a file name: {reason}"),
                    "shorten the address, and keep it to printable characters",
                ));
                continue;
            }
            if taken.contains(normalized.as_str()) {
                diagnostics.push(error(
                    format!("the alias `{path}` is the address of another page"),
                    "remove the alias, or move the other page",
                ));
                continue;
            }
            origins
                .entry(normalized.clone())
                .or_insert_with(|| error(String::new(), ""));
            if let Some(previous) = out.insert(normalized, entry.url.clone())
                && previous != entry.url
            {
                diagnostics.push(error(
                    format!("the alias `{path}` is used by two pages"),
                    "keep it on one page only",
                ));
            }
        }
    }
    (out.into_iter().collect(), origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_join_and_refuse_to_climb_out() {
        assert_eq!(
            join_relative("guides", "../faq/returns.md").as_deref(),
            Some("faq/returns.md")
        );
        assert_eq!(
            join_relative("guides", "./a.md").as_deref(),
            Some("guides/a.md")
        );
        assert_eq!(join_relative("", "../a.md"), None);
        assert_eq!(relative_to("guides", "faq/returns.md"), "../faq/returns.md");
        assert_eq!(relative_to("guides", "guides/a.md"), "a.md");
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x.example"));
        assert!(has_scheme("mailto:a@b.example"));
        assert!(!has_scheme("guide.md"));
        assert!(!has_scheme("a/b:c.md"));
    }

    #[test]
    fn dates_accept_toml_dates_strings_and_offsets() {
        let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let date = parse_date(&toml::Value::String("2025-03-01".into()), &zone).unwrap();
        assert_eq!(date.rfc3339(), "2025-02-28T23:00:00Z");
        assert_eq!(date.display(), "1 March 2025");
        let date = parse_date(&toml::Value::String("2025-03-01T10:00:00Z".into()), &zone).unwrap();
        assert_eq!(date.iso(), "2025-03-01");
        assert!(parse_date(&toml::Value::String("2025-13-01".into()), &zone).is_err());
        assert!(parse_date(&toml::Value::Integer(3), &zone).is_err());
    }

    #[test]
    fn truncation_stops_at_a_word() {
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }

    #[test]
    fn percent_decoding_handles_bad_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
