//! Templates and themes: turns the resolved [`Site`] into the files of the output.
//!
//! The default theme is compiled into the binary. [`load_theme`] (the only function here that reads
//! files) layers the site's chosen theme folder and its own `templates/` and `static/` over it.
//! [`render`] is pure: it renders every page, list, redirect and the sitemap in parallel and returns
//! the output files in a stable order.

use std::collections::{BTreeMap, HashMap};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use serde_json::{Value, json};

use crate::collections::members::Member;

use crate::collections::products::Product;

use crate::collections::topics::Topic;

use crate::diag::{Diagnostic, Diagnostics};

use crate::model::{Page, PageKind, Section, Site};

use crate::output::{Contents, OutputFile};

mod assets;
mod community;
mod components;

mod events;

mod faq;

mod brand;
mod feeds;
mod headers;
mod pictures;
mod recursion;
mod reserve;
mod search;
mod static_files;
pub mod structured;
mod templates;
mod theme;
mod update;
mod values;
mod words;

pub use components::available;
pub use templates::compile;
use templates::{Put, error_chain};
use theme::ASSETS_DIR;
pub use theme::{Theme, load_theme};
use values::{absolute_url, date_value, site_url};

pub use update::{Shape, render_update};

pub use events::NEXT_BUILD_FILE;
pub use headers::HEADERS_FILE;
use headers::headers_file;

/// Renders the pages at `indices` of `site`, and the feeds that carry their text, alone: what
/// `serve` does after an edit to the bodies of those pages, which nothing else shows.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    indices: &[usize],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let globals = Globals::new(site, theme);
    let mut jobs: Vec<Job> = indices.iter().map(|&index| Job::Page(index)).collect();
    for feed in &globals.feeds {
        if globals.feed_carries(feed, indices) {
            jobs.push(Job::Feed(feed.clone()));
        }
    }
    let mut files = jobs
        .iter()
        .map(|job| globals.run(tera, job))
        .collect::<Result<Vec<_>, _>>()?;
    files.extend(globals.finish().0);
    Ok(files)
}

/// Renders the whole site. Template problems are diagnostics naming the page and the template.
pub fn render(site: &Site, theme: &Theme) -> (Vec<OutputFile>, Diagnostics) {
    let mut files = Vec::new();
    let diagnostics = render_each(site, theme, None, &mut |batch| {
        files.extend(batch);
        Ok(())
    })
    .unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, diagnostics)
}

/// How many files are rendered before they are handed on, in [`render_each`].
const RENDER_BATCH: usize = 1024;

/// Renders the whole site batch by batch, handing each batch of files to `sink` (which may write
/// them and drop them, so the whole site is never in memory at once). Files come in no particular
/// order. Only `sink` can fail; template problems are diagnostics. `compiled` is the theme's
/// templates when the caller has compiled them (`serve` keeps them, with the cards they rendered, for
/// the next edit); they are compiled here otherwise.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    compiled: Option<&tera::Tera>,
    sink: &mut dyn FnMut(Vec<OutputFile>) -> anyhow::Result<()>,
) -> anyhow::Result<Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let own;
    let tera = match compiled {
        Some(tera) => tera,
        None => match compile(theme, &site.config.base_url) {
            Ok(tera) => {
                own = tera;
                &own
            }
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                return Ok(diagnostics);
            }
        },
    };
    let globals = Globals::new(site, theme);
    let jobs = jobs(site, theme, &globals);
    // Which job made each path: a second file at a path is reported, never written over the first.
    let mut generated: HashMap<String, usize> = HashMap::with_capacity(jobs.len());
    // A card or a copy of a picture goes where no page and no static file of the site goes.
    let unclaimed = |path: &str, generated: &HashMap<String, usize>| {
        !generated.contains_key(path) && !theme.static_files.contains_key(&format!("/{path}"))
    };
    let mut card_paths = Vec::new();
    for (batch_number, batch) in jobs.chunks(RENDER_BATCH).enumerate() {
        let results: Vec<Result<OutputFile, Diagnostic>> =
            batch.par_iter().map(|job| globals.run(tera, job)).collect();
        let mut files = Vec::with_capacity(results.len());
        for (offset, result) in results.into_iter().enumerate() {
            let job = batch_number * RENDER_BATCH + offset;
            match result {
                Ok(file) => {
                    if let Some(reason) = crate::site::unwritable(&file.path) {
                        diagnostics
                            .push(reserve::unwritable(site, &jobs[job], &file.path, &reason));
                    } else if let Some(&first) = generated.get(&file.path) {
                        // Two pages at one address are reported by the model already.
                        if !matches!((&jobs[first], &jobs[job]), (Job::Page(_), Job::Page(_))) {
                            diagnostics.push(reserve::duplicate(
                                site,
                                &jobs[first],
                                &jobs[job],
                                &file.path,
                            ));
                        }
                    } else {
                        generated.insert(file.path.clone(), job);
                        files.push(file);
                    }
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        // The cards of this batch's pages go with it, so they are never all in memory at once.
        for card in globals.drawn_cards() {
            if unclaimed(&card.path, &generated) {
                card_paths.push(card.path.clone());
                files.push(card);
            }
        }
        sink(files)?;
    }
    let mut placed = reserve::Placed::default();
    for path in generated.keys().chain(&card_paths) {
        placed.insert(path);
    }
    let files = static_files::files(site, theme, &generated, &mut placed, &mut diagnostics);
    sink(files)?;
    // The copies of pictures and the social cards, where nothing else goes.
    let (cards, warnings) = globals.finish();
    diagnostics.extend(warnings);
    let mut files = theme
        .pictures
        .copies(|site_path| !site.withheld_files.contains(site_path));
    files.retain(|file| unclaimed(&file.path, &generated));
    files.extend(
        cards
            .into_iter()
            .filter(|card| unclaimed(&card.path, &generated)),
    );
    for file in &files {
        placed.insert(&file.path);
    }
    files.extend(assets::files(
        site,
        &theme.pictures,
        &generated,
        &mut placed,
        &mut diagnostics,
    ));
    sink(files)?;
    // Redirects last, only where nothing else goes.
    let aliases = placed.aliases(site, &mut diagnostics);
    let results: Vec<Result<OutputFile, Diagnostic>> = aliases
        .par_iter()
        .map(|job| globals.run(tera, job))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    sink(files)?;
    Ok(diagnostics)
}

/// Every file to render but the redirects, in a fixed order.
fn jobs<'s>(site: &'s Site, theme: &Theme, globals: &Globals) -> Vec<Job<'s>> {
    let mut jobs: Vec<Job> = Vec::new();
    jobs.push(Job::Home);
    for (index, section) in site.sections.iter().enumerate() {
        if section.dir == crate::model::FAQ_DIR {
            jobs.push(Job::FaqIndex(index));
            continue;
        }
        let page_count = section.pages.len().div_ceil(section.paginate_by).max(1);
        for number in 1..=page_count {
            jobs.push(Job::SectionPage { index, number });
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.topics.len()).map(Job::Topic));
    if !site.topics.is_empty() || site.topics_intro.is_some() {
        jobs.push(Job::TopicIndex);
    }
    jobs.extend((0..site.products.len()).flat_map(|i| [Job::Product(i), Job::ProductJson(i)]));
    if !site.products.is_empty() {
        jobs.push(Job::ProductIndex);
    }
    let public_members: Vec<usize> = (0..site.members.len())
        .filter(|&i| site.members[i].public)
        .collect();
    if !public_members.is_empty() {
        jobs.push(Job::MemberIndex);
    }
    jobs.extend(public_members.into_iter().map(Job::Member));
    jobs.extend(globals.feeds.iter().cloned().map(Job::Feed));
    let event_pages: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].event.is_some())
        .collect();
    if !event_pages.is_empty() || site.events_intro.is_some() {
        jobs.extend(
            events::event_list_pages(site)
                .into_iter()
                .map(Job::EventList),
        );
        jobs.push(Job::EventsCalendar);
    }
    jobs.extend(event_pages.into_iter().map(Job::EventIcs));
    jobs.extend(
        (0..site.topics.len())
            .filter(|&i| {
                let slug = &site.topics[i].slug;
                site.pages
                    .iter()
                    .any(|p| p.event.is_some() && p.topics.contains(slug))
            })
            .map(Job::TopicCalendar),
    );
    jobs.push(Job::NextBuild);
    jobs.push(Job::NotFound);
    if site.config.site.search.enabled {
        jobs.push(Job::Search);
    }
    jobs.push(Job::Sitemap);
    jobs.push(Job::Robots);
    if site.config.site.output.headers && !theme.static_files.contains_key(HEADERS_FILE) {
        jobs.push(Job::Headers);
    }
    jobs
}

/// How many numbered page links the paginator shows on each side of the current page.
const PAGINATION_WINDOW: usize = 2;

/// One file to render.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Job<'a> {
    Home,
    SectionPage { index: usize, number: usize },
    Page(usize),
    Topic(usize),
    TopicIndex,
    Product(usize),
    ProductJson(usize),
    ProductIndex,
    Member(usize),
    MemberIndex,
    Feed(feeds::Feed),
    FaqIndex(usize),
    EventList(events::EventListPage),
    EventIcs(usize),
    EventsCalendar,
    TopicCalendar(usize),
    NextBuild,
    NotFound,
    Search,
    Sitemap,
    Robots,
    Headers,
    Alias { from: &'a str, to: &'a str },
}

/// What every template receives, computed once per build.
struct Globals<'a> {
    site: &'a Site,
    /// Static files' content-hashed copies ([`Theme::hashed`]).
    hashed: &'a BTreeMap<String, String>,
    /// The theme's words in the site's language.
    words: &'a words::Words,
    /// Public members only: nothing else may reach a template.
    members: HashMap<&'a str, &'a Member>,
    products: HashMap<&'a str, &'a Product>,
    topics: HashMap<&'a str, &'a Topic>,
    /// Page index to its position on the start-here path.
    path_positions: HashMap<usize, usize>,
    /// Page path under `content/` to its index in the site's pages.
    page_indices: HashMap<&'a str, usize>,
    /// Each page as lists show it (`page_value(page, false)`), made once on first use.
    cards: Vec<std::sync::OnceLock<Value>>,
    site_value: Value,
    /// The Atom feeds the site has.
    feeds: Vec<feeds::Feed>,
    /// How pages announce each of `feeds`.
    feed_links: Vec<feeds::FeedLink>,
    nav: Vec<(String, String)>,
    generator: String,
    pictures: &'a crate::images::Pictures,
    /// The social cards pages asked for, and what rewriting their pictures found.
    card_texts: std::sync::Mutex<Vec<crate::images::CardText>>,
    /// The card files [`Globals::drawn_cards`] has drawn.
    cards_drawn: std::sync::Mutex<std::collections::HashSet<String>>,
    painter: std::sync::OnceLock<crate::images::Painter<'a>>,
    /// The site's most-asked questions, made once on first use: where an answer without topics leads.
    most_asked: std::sync::OnceLock<Vec<usize>>,
    picture_warnings: std::sync::Mutex<Vec<Diagnostic>>,
}

impl<'a> Globals<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let config = &site.config;
        let base = &config.base_url;
        let nav: Vec<(String, String)> = config
            .site
            .nav
            .iter()
            .map(|link| (link.name.clone(), site_url(base, &link.url)))
            .collect();
        let site_value = json!({
            "title": config.site.title,
            "description": config.site.description,
            "language": config.site.language,
            "base_url": base.absolute,
            "base_path": base.path,
            "store": config.site.store,
            "extra": config.site.extra,
            "search": config.site.search.enabled,
            "brand": brand::brand_value(config, &theme.hashed),
            "script_words": theme.words.script_json(),
        });
        let path_positions = site
            .start_here
            .as_ref()
            .map(|path| {
                path.pages
                    .iter()
                    .enumerate()
                    .map(|(position, &page)| (page, position))
                    .collect()
            })
            .unwrap_or_default();
        let mut globals = Globals {
            site,
            hashed: &theme.hashed,
            words: &theme.words,
            pictures: &theme.pictures,
            card_texts: std::sync::Mutex::new(Vec::new()),
            cards_drawn: std::sync::Mutex::new(std::collections::HashSet::new()),
            painter: std::sync::OnceLock::new(),
            most_asked: std::sync::OnceLock::new(),
            picture_warnings: std::sync::Mutex::new(Vec::new()),
            members: site
                .members
                .iter()
                .filter(|m| m.public)
                .map(|m| (m.handle.as_str(), m))
                .collect(),
            products: site.products.iter().map(|p| (p.sku.as_str(), p)).collect(),
            topics: site.topics.iter().map(|t| (t.slug.as_str(), t)).collect(),
            path_positions,
            page_indices: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.rel_path.as_str(), i))
                .collect(),
            site_value,
            nav,
            generator: format!("guildhall {}", env!("CARGO_PKG_VERSION")),
            cards: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            feeds: Vec::new(),
            feed_links: Vec::new(),
        };
        globals.feeds = globals.feed_list();
        globals.feed_links = globals.feed_links();
        globals
    }

    pub(super) fn run_job(&self, tera: &tera::Tera, job: &Job) -> Result<OutputFile, Diagnostic> {
        match job {
            Job::Home => self.home(tera),
            Job::SectionPage { index, number } => self.section_page(tera, *index, *number),
            Job::Page(index) => self.page(tera, &self.site.pages[*index]),
            Job::Topic(index) => self.topic_page(tera, &self.site.topics[*index]),
            Job::TopicIndex => self.topic_index(tera),
            Job::Product(index) => self.product_page(tera, &self.site.products[*index]),
            Job::ProductJson(index) => Ok(self.product_json(&self.site.products[*index])),
            Job::ProductIndex => self.product_index(tera),
            Job::Member(index) => self.member_page(tera, &self.site.members[*index]),
            Job::MemberIndex => self.member_index(tera),
            Job::Feed(feed) => self.feed(tera, feed),
            Job::FaqIndex(index) => self.faq_index(tera, *index),
            Job::EventList(list) => self.event_list(tera, *list),
            Job::EventIcs(index) => {
                let page = &self.site.pages[*index];
                self.event_ics(page).ok_or_else(|| {
                    Diagnostic::file_error(&page.source, "the event has no dates to write")
                })
            }
            Job::EventsCalendar => Ok(self.calendar_file(
                events::EVENTS_CALENDAR,
                format!("{}: {}", self.site.config.site.title, self.events_title()),
                &self.all_events(),
            )),
            Job::TopicCalendar(index) => {
                let topic = &self.site.topics[*index];
                Ok(self.calendar_file(
                    &format!("topics/{}/calendar.ics", topic.slug),
                    format!("{}: {}", self.site.config.site.title, topic.title),
                    &self.topic_events(&topic.slug),
                ))
            }
            Job::NextBuild => Ok(self.next_build_file()),
            Job::NotFound => {
                let title = self.words.get("not_found");
                let mut meta = self.meta(Some(&title), "", "/404.html", "website", None);
                meta[structured::LD_KEY] = json!([]);
                meta["noindex"] = Value::Bool(true);
                let mut context = self.context("/404.html", meta, Vec::new());
                // The hub's own lists to go on from: only sections it has.
                let sections: Vec<Value> = self
                    .site
                    .top_sections()
                    .filter(|(_, section)| !section.pages.is_empty() || section.source.is_some())
                    .map(|(_, section)| self.section_value(section))
                    .collect();
                context.put("sections", sections);
                self.render_to(
                    tera,
                    "404.html",
                    &context,
                    "404.html",
                    Path::new("404.html"),
                )
            }
            Job::Search => self.search_page(tera),
            Job::Sitemap => self.sitemap(tera),
            Job::Robots => {
                let mut context = tera::Context::new();
                context.put("sitemap_url", self.base().permalink("/sitemap.xml"));
                self.render_to(
                    tera,
                    "robots.txt",
                    &context,
                    "robots.txt",
                    Path::new("robots.txt"),
                )
            }
            Job::Headers => Ok(OutputFile {
                path: HEADERS_FILE.trim_start_matches('/').to_string(),
                contents: Contents::Bytes(headers_file(self.site).into_bytes()),
            }),
            Job::Alias { from, to } => {
                let mut context = tera::Context::new();
                context.put("site", self.site_value.clone());
                context.put("redirect_to", self.base().permalink(to));
                let path = output_path(from);
                self.render_to(
                    tera,
                    "alias.html",
                    &context,
                    &path,
                    Path::new(crate::content::CONTENT_DIR),
                )
            }
        }
    }

    fn render_to(
        &self,
        tera: &tera::Tera,
        template: &str,
        context: &tera::Context,
        path: &str,
        source: &Path,
    ) -> Result<OutputFile, Diagnostic> {
        match tera.render(template, context) {
            Ok(text) => Ok(OutputFile {
                path: path.to_string(),
                contents: Contents::Bytes(text.into_bytes()),
            }),
            Err(error) => Err(Diagnostic::file_error(
                source,
                format!("cannot render `{path}` with the template `{template}`: {}", error_chain(&error)),
            )
            .with_hint("the message names the variable or tag at fault; see themes/README.md for what each template receives")),
        }
    }

    fn home(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let home = &site.home;
        let mut meta = self.meta(None, &home.summary, "/", "website", None);
        meta[structured::LD_KEY] = Value::Array(vec![self.publisher(), self.website_ld()]);
        let mut context = self.context("/", meta, Vec::new());
        context.put(
            "home",
            json!({"title": home.title, "summary": home.summary, "content": home.body.html}),
        );
        let sections: Vec<Value> = site
            .top_sections()
            .filter(|(_, section)| !section.pages.is_empty() || section.source.is_some())
            .map(|(_, section)| {
                let mut value = self.section_value(section);
                let pages: Vec<Value> = newest(site, section, 3)
                    .into_iter()
                    .map(|p| self.page_value(p, false))
                    .collect();
                value["pages"] = Value::Array(pages);
                value
            })
            .collect();
        context.put("sections", sections);
        self.home_community(&mut context);
        self.home_events(&mut context);
        self.render_to(
            tera,
            "index.html",
            &context,
            "index.html",
            Path::new("content/_index.md"),
        )
    }

    fn section_page(
        &self,
        tera: &tera::Tera,
        index: usize,
        number: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let section = &self.site.sections[index];
        let total_pages = section.pages.len().div_ceil(section.paginate_by).max(1);
        let page_url = |n: usize| {
            if n == 1 {
                section.url.clone()
            } else {
                format!("{}page/{n}/", section.url)
            }
        };
        let url = page_url(number);
        let title = if number == 1 {
            section.title.clone()
        } else {
            format!("{} (page {number} of {total_pages})", section.title)
        };
        let mut meta = self.meta(Some(&title), &section.summary, &url, "website", None);
        self.collection_ld(&mut meta, &url);
        let context_crumbs = self.section_crumbs(Some(index));
        let mut context = self.context(&url, meta, context_crumbs);
        let mut section_value = self.section_value(section);
        let subsections: Vec<Value> = section
            .subsections
            .iter()
            .map(|&i| self.section_value(&self.site.sections[i]))
            .collect();
        section_value["subsections"] = Value::Array(subsections);
        context.put("section", section_value);
        let pages: Vec<Value> = section
            .page_slice(number)
            .iter()
            .map(|&p| self.page_value(&self.site.pages[p], false))
            .collect();
        let link = |n: usize| self.base().site_path(&page_url(n));
        // A window of numbered links around the current page (first and last are separate), so a
        // long list costs the same per page as a short one.
        let window = number.saturating_sub(PAGINATION_WINDOW).max(1)
            ..=(number + PAGINATION_WINDOW).min(total_pages);
        let links: Vec<Value> = window
            .map(|n| json!({"number": n, "url": link(n), "current": n == number}))
            .collect();
        let mut paginator = json!({
            "current": number,
            "total_pages": total_pages,
            "total_items": section.pages.len(),
            "previous": (number > 1).then(|| link(number - 1)),
            "next": (number < total_pages).then(|| link(number + 1)),
            "first": link(1),
            "last": link(total_pages),
        });
        paginator["pages"] = Value::Array(pages);
        paginator["links"] = Value::Array(links);
        context.put("paginator", paginator);
        let source = section
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("content/{}", section.dir)));
        self.render_to(
            tera,
            &section.template,
            &context,
            &output_path(&url),
            &source,
        )
    }

    fn page(&self, tera: &tera::Tera, page: &Page) -> Result<OutputFile, Diagnostic> {
        let image = page
            .image
            .as_deref()
            .map(|src| (src, page.image_alt.as_str()));
        let mut meta = self.meta(
            Some(&page.title),
            &page.summary,
            &page.url,
            "article",
            image,
        );
        if page.draft {
            meta["noindex"] = Value::Bool(true);
        }
        meta[structured::LD_KEY] = match page.kind {
            PageKind::Guide | PageKind::Story | PageKind::Update => {
                Value::Array(vec![self.article_ld(page)])
            }
            // Their templates carry the Event and the FAQPage.
            PageKind::Event | PageKind::Faq => json!([]),
            PageKind::Page => Value::Array(vec![self.webpage_ld(
                "WebPage",
                &page.title,
                &page.summary,
                &page.url,
            )]),
        };
        let mut crumbs = if page.kind == crate::model::PageKind::Event {
            vec![
                (self.words.get("home"), "/".to_string()),
                (self.events_title(), events::EVENTS_URL.to_string()),
            ]
        } else {
            self.section_crumbs(page.section)
        };
        crumbs.push((page.title.clone(), page.url.clone()));
        let mut context = self.context(&page.url, meta, crumbs);
        context.put("page", self.page_value(page, true));
        self.render_to(
            tera,
            &page.template,
            &context,
            &output_path(&page.url),
            &page.source,
        )
    }

    fn sitemap(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let base = self.base();
        let mut entries: Vec<(String, Option<String>)> = vec![(base.permalink("/"), None)];
        for section in &site.sections {
            if !section.draft {
                let lastmod = section
                    .pages
                    .iter()
                    .filter_map(|&p| site.pages[p].last_updated())
                    .max();
                entries.push((base.permalink(&section.url), lastmod.map(|d| d.iso())));
            }
        }
        for page in site.pages.iter().filter(|p| !p.draft) {
            entries.push((
                base.permalink(&page.url),
                page.last_updated().map(|d| d.iso()),
            ));
        }
        entries.extend(self.community_sitemap_entries());
        if !site.events.upcoming.is_empty()
            || !site.events.past.is_empty()
            || site.events_intro.is_some()
        {
            entries.push((base.permalink(events::EVENTS_URL), None));
        }
        entries.sort();
        let entries: Vec<Value> = entries
            .into_iter()
            .map(|(loc, lastmod)| json!({"loc": loc, "lastmod": lastmod}))
            .collect();
        let mut context = tera::Context::new();
        context.put("entries", entries);
        self.render_to(
            tera,
            "sitemap.xml",
            &context,
            "sitemap.xml",
            Path::new("sitemap.xml"),
        )
    }
}

fn newest<'s>(site: &'s Site, section: &Section, count: usize) -> Vec<&'s Page> {
    let mut pages: Vec<&Page> = section.pages.iter().map(|&p| &site.pages[p]).collect();
    pages.sort_by(|a, b| crate::model::compare_pages(a, b, crate::config::SortBy::Date));
    pages.truncate(count);
    pages
}

/// The file a site path is written to: `/guides/x/` becomes `guides/x/index.html`.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() {
        "index.html".to_string()
    } else if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/guides/x/"), "guides/x/index.html");
        assert_eq!(output_path("/old/x.html"), "old/x.html");
    }

    #[test]
    fn default_theme_has_every_template_the_build_renders() {
        let mut theme = Theme::default();
        theme::add_embedded(&theme::DEFAULT_THEME, &mut theme);
        for name in [
            "index.html",
            "section.html",
            "guide.html",
            "page.html",
            "404.html",
            "alias.html",
            "sitemap.xml",
            "robots.txt",
        ] {
            assert!(theme.templates.contains_key(name), "missing {name}");
        }
        assert!(theme.static_files.contains_key("/style.css"));
    }
}
