//! Templates and themes: turns the resolved [`Site`] into the files of the output.
//!
//! The default theme is compiled into the binary. [`load_theme`] (the only function here that reads
//! files) layers the site's chosen theme folder and its own `templates/` and `static/` over it.
//! [`render`] is pure: it renders every page, list, redirect and the sitemap in parallel and returns
//! the output files in a stable order.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::collections::members::Member;
use crate::collections::products::Product;
use crate::collections::topics::Topic;
use crate::config::{BaseUrl, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::escape_html;
use crate::site::{Page, PageDate, PageKind, Section, Site};

mod community;
mod events;
mod faq;
mod feeds;
mod recursion;
mod reserve;
mod search;
pub mod structured;
mod update;

pub use update::render_update;

pub use events::NEXT_BUILD_FILE;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a template or static file came from, for diagnostics and copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// The templates and static files a site is rendered with, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name to (where it came from, for messages; its text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Site path (`/style.css`) to its source.
    pub static_files: BTreeMap<String, Origin>,
    /// Site path of a stylesheet, script or font to its content-hashed copy
    /// (`/assets/style.3kq7d2mfa1.css`), when `[output] hash_assets` is on.
    pub hashed: BTreeMap<String, String>,
}

/// The extensions of static files that get content-hashed copies: what themes load and change.
const HASHED_EXTENSIONS: [&str; 5] = ["css", "js", "mjs", "woff", "woff2"];
/// The folder of content-hashed copies, which hosts may cache for a year.
pub const ASSETS_DIR: &str = "assets";

impl Theme {
    pub fn template_names(&self) -> std::collections::BTreeSet<String> {
        self.templates.keys().cloned().collect()
    }
}

/// Loads the default theme, then the site's theme folder, `templates/` and `static/` over it.
pub fn load_theme(root: &Path, config: &Config) -> anyhow::Result<Result<Theme, Diagnostics>> {
    let mut theme = Theme::default();
    add_embedded(&DEFAULT_THEME, &mut theme);
    if config.theme != "default" || root.join("themes/default").is_dir() {
        let dir = root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(
                Diagnostic::file_error(
                    crate::config::CONFIG_FILE,
                    format!("the theme `{}` does not exist", config.theme),
                )
                .with_hint(format!(
                    "create themes/{}/ with templates/ and static/ inside, or remove `theme`",
                    config.theme
                )),
            );
            return Ok(Err(diagnostics));
        }
        add_folder(
            &dir.join("templates"),
            &format!("themes/{}/templates", config.theme),
            &mut theme,
            true,
        )?;
        add_folder(&dir.join("static"), "", &mut theme, false)?;
    }
    add_folder(&root.join("templates"), "templates", &mut theme, true)?;
    add_folder(&root.join("static"), "", &mut theme, false)?;
    if config.site.output.hash_assets {
        hash_assets(&mut theme)?;
    }
    Ok(Ok(theme))
}

/// Names a content-hashed copy of every stylesheet, script and font: `/x/site.css` becomes
/// `/assets/x/site.HASH.css`.
fn hash_assets(theme: &mut Theme) -> anyhow::Result<()> {
    for (site_path, origin) in &theme.static_files {
        let Some((stem, extension)) = site_path.rsplit_once('.') else {
            continue;
        };
        if stem.ends_with('/') || !HASHED_EXTENSIONS.contains(&extension) {
            continue;
        }
        let bytes: std::borrow::Cow<'_, [u8]> = match origin {
            Origin::Embedded(bytes) => (*bytes).into(),
            Origin::File(path) => std::fs::read(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .into(),
        };
        let hash = crate::search::files::hash_text(&bytes, 10);
        theme.hashed.insert(
            site_path.clone(),
            format!("/{ASSETS_DIR}{stem}.{hash}.{extension}"),
        );
    }
    Ok(())
}

fn add_embedded(dir: &'static Dir<'static>, theme: &mut Theme) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(sub) => add_embedded(sub, theme),
            include_dir::DirEntry::File(file) => {
                let path = file.path().to_string_lossy().replace('\\', "/");
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(file.contents()).into_owned();
                    theme.templates.insert(
                        name.to_string(),
                        (format!("(default theme) templates/{name}"), text),
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    theme
                        .static_files
                        .insert(format!("/{name}"), Origin::Embedded(file.contents()));
                }
            }
        }
    }
}

fn add_folder(dir: &Path, label: &str, theme: &mut Theme, templates: bool) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let relative = relative.to_string_lossy().replace('\\', "/");
        if templates {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("cannot read template {}", entry.path().display()))?;
            theme
                .templates
                .insert(relative.clone(), (format!("{label}/{relative}"), text));
        } else {
            theme.static_files.insert(
                format!("/{relative}"),
                Origin::File(entry.path().to_path_buf()),
            );
        }
    }
    Ok(())
}

/// One file of the output, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

/// The bytes of an output file, or where to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    Static(Origin),
}

/// Renders the pages at `indices` of `site`, and the feeds that carry their text, alone: what
/// `serve` does after an edit to the bodies of those pages, which nothing else shows.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    indices: &[usize],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let globals = Globals::new(site, &theme.hashed);
    let mut jobs: Vec<Job> = indices.iter().map(|&index| Job::Page(index)).collect();
    for feed in &globals.feeds {
        if globals.feed_carries(feed, indices) {
            jobs.push(Job::Feed(feed.clone()));
        }
    }
    jobs.iter().map(|job| globals.run(tera, job)).collect()
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
    let globals = Globals::new(site, &theme.hashed);
    let jobs = jobs(site, theme, &globals);
    // Which job made each path: a second file at a path is reported, never written over the first.
    let mut generated: HashMap<String, usize> = HashMap::with_capacity(jobs.len());
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
        sink(files)?;
    }
    let mut placed = reserve::Placed::default();
    for path in generated.keys() {
        placed.insert(path);
    }
    let mut files = Vec::with_capacity(theme.static_files.len() + theme.hashed.len());
    for (site_path, origin) in &theme.static_files {
        if site.withheld_files.contains(site_path) {
            continue;
        }
        let path = site_path.trim_start_matches('/').to_string();
        if generated.contains_key(&path) {
            diagnostics.push(
                Diagnostic::file_error(
                    format!("static{site_path}"),
                    format!("`{path}` is also a page of the site; the page wins"),
                )
                .with_hint("rename or remove the static file"),
            );
            continue;
        }
        if let Some(hashed) = theme.hashed.get(site_path) {
            let hashed = hashed.trim_start_matches('/').to_string();
            placed.insert(&hashed);
            files.push(OutputFile {
                path: hashed,
                contents: Contents::Static(origin.clone()),
            });
        }
        placed.insert(&path);
        files.push(OutputFile {
            path,
            contents: Contents::Static(origin.clone()),
        });
    }
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
        if section.dir == crate::site::FAQ_DIR {
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

/// Moves a value into a template context (`tera::Context::insert` serializes a copy, which for the
/// big page and list values is a large share of a build).
trait Put {
    fn put(&mut self, key: &str, value: impl Into<Value>);
}

impl Put for tera::Context {
    fn put(&mut self, key: &str, value: impl Into<Value>) {
        let mut map = serde_json::Map::new();
        map.insert(key.to_string(), value.into());
        if let Ok(owned) = tera::Context::from_value(Value::Object(map)) {
            self.extend(owned);
        }
    }
}

/// Compiles the theme's templates once, for every page of a build.
pub fn compile(theme: &Theme, base: &BaseUrl) -> Result<tera::Tera, Box<Diagnostic>> {
    let mut tera = tera::Tera::default();
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    if let Err(error) = tera.add_raw_templates(templates) {
        let chain = error_chain(&error);
        let origin = theme
            .templates
            .iter()
            .find(|(name, _)| chain.contains(&format!("'{name}'")))
            .map_or("templates".to_string(), |(_, (origin, _))| origin.clone());
        return Err(Box::new(
            Diagnostic::file_error(origin, format!("the template cannot be read: {chain}"))
                .with_hint("check the {% %} and {{ }} tags near the position shown"),
        ));
    }
    let origin = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| format!("templates/{name}"), |(origin, _)| origin.clone())
    };
    if let Some(diagnostic) = recursion::check(&tera, origin) {
        return Err(Box::new(diagnostic));
    }
    // Tera's own escaping also rewrites `/` as `&#x2F;`, which bloats every URL for no safety gain.
    tera.set_escape_fn(escape_html);
    tera.register_function("url", UrlFunction { base: base.clone() });
    tera.register_function(
        "asset",
        AssetFunction {
            base: base.clone(),
            hashed: theme.hashed.clone(),
        },
    );
    // The card partial is rendered by a copy of the templates made before `card` exists: a card
    // cannot hold cards.
    let partials = tera.clone();
    tera.register_filter("card", CardFilter::new(partials));
    Ok(tera)
}

/// Every message of an error and its sources, joined, so nothing Tera says is hidden.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ").replace('\n', " ")
}

struct UrlFunction {
    base: BaseUrl,
}

impl tera::Function for UrlFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("url() needs a `path` argument, like url(path=\"/guides/\")")
        })?;
        Ok(Value::String(self.base.site_path(path)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

struct AssetFunction {
    base: BaseUrl,
    hashed: BTreeMap<String, String>,
}

impl tera::Function for AssetFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("asset() needs a `path` argument, like asset(path=\"style.css\")")
        })?;
        let site_path = format!("/{}", path.trim_start_matches('/'));
        let path = self.hashed.get(&site_path).unwrap_or(&site_path);
        Ok(Value::String(self.base.site_path(path)))
    }
}

/// The template of one card, rendered by the `card` filter.
pub const CARD_TEMPLATE: &str = "partials/card.html";

/// How many pages' cards [`CardFilter`] keeps before it starts again.
const CARD_CACHE_ENTRIES: usize = 1 << 20;

/// `p | card(heading=3)`: a page in a list of cards, rendered with [`CARD_TEMPLATE`] once per page
/// and heading level and reused on every list that shows it. The template sees `page` and `heading`
/// only, as a macro would, so the card of equal values is always the same HTML. (A filter, not a
/// function or macro: Tera hands a filter its input by reference, where it copies their arguments.)
struct CardFilter {
    partials: tera::Tera,
    /// A page's cards by its URL. A page whose value changed (in `serve`, which keeps the templates
    /// between builds) has a different hash and is rendered again.
    cache: std::sync::Mutex<rustc_hash::FxHashMap<String, Vec<Card>>>,
}

/// One card of a page: its heading level, the hash of the page value and the HTML.
struct Card {
    heading: i64,
    hash: u64,
    html: Arc<str>,
}

impl CardFilter {
    fn new(partials: tera::Tera) -> CardFilter {
        CardFilter {
            partials,
            cache: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
        }
    }
}

impl tera::Filter for CardFilter {
    fn filter(
        &self,
        page: &Value,
        args: &std::collections::HashMap<String, Value>,
    ) -> tera::Result<Value> {
        if !page.is_object() {
            return Err(tera::Error::msg(format!(
                "the card filter takes a page, like `p | card(heading=3)`, not {page}"
            )));
        }
        let heading = match args.get("heading") {
            None => 2,
            Some(value) => value.as_i64().ok_or_else(|| {
                tera::Error::msg(format!("card: `heading` must be a number, not {value}"))
            })?,
        };
        let url = page.get("url").and_then(Value::as_str).unwrap_or_default();
        let hash = {
            let mut hasher = rustc_hash::FxHasher::default();
            hash_value(page, &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        let cached = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.get(url).and_then(|cards| {
                cards
                    .iter()
                    .find(|card| card.heading == heading && card.hash == hash)
                    .map(|card| card.html.clone())
            })
        };
        let html = match cached {
            Some(html) => html,
            None => {
                let mut context = tera::Context::new();
                context.put("page", page.clone());
                context.put("heading", heading);
                let html: Arc<str> = self
                    .partials
                    .render(CARD_TEMPLATE, &context)
                    .map_err(|error| {
                        tera::Error::msg(format!(
                            "cannot render the card of `{url}` with `{CARD_TEMPLATE}`: {}",
                            error_chain(&error)
                        ))
                    })?
                    .into();
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CARD_CACHE_ENTRIES {
                    cache.clear();
                }
                let cards = cache.entry(url.to_string()).or_default();
                cards.retain(|card| card.heading != heading);
                cards.push(Card {
                    heading,
                    hash,
                    html: html.clone(),
                });
                html
            }
        };
        Ok(Value::String(html.to_string()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Feeds a JSON value to a hasher: its type, then its contents (object keys in their order).
fn hash_value(value: &Value, hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash as _;
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => {
            (2u8, n.as_i64(), n.as_u64(), n.as_f64().map(f64::to_bits)).hash(hasher)
        }
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                hash_value(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
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
}

impl<'a> Globals<'a> {
    fn new(site: &'a Site, hashed: &'a BTreeMap<String, String>) -> Self {
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
            hashed,
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

    fn base(&self) -> &BaseUrl {
        &self.site.config.base_url
    }

    /// The context shared by every HTML page: site, nav (with the current link), meta, breadcrumbs.
    fn context(
        &self,
        current_url: &str,
        meta: Value,
        breadcrumbs: Vec<(String, String)>,
    ) -> tera::Context {
        let mut site_value = self.site_value.clone();
        let current = self.base().site_path(current_url);
        let nav: Vec<Value> = self
            .nav
            .iter()
            .map(|(name, url)| {
                let is_current = *url == current
                    || (url != &self.base().path && current.starts_with(url.as_str()));
                json!({"name": name, "url": url, "current": is_current})
            })
            .collect();
        site_value["nav"] = Value::Array(nav);
        if let Some(store) = &self.site.config.site.store {
            site_value["store"]["url"] = Value::String(self.store_link(&store.url, current_url));
        }
        let mut context = tera::Context::new();
        let mut meta = meta;
        let entities = match meta
            .as_object_mut()
            .and_then(|m| m.remove(structured::LD_KEY))
        {
            Some(Value::Array(entities)) => entities,
            _ => vec![self.webpage_ld(
                "WebPage",
                meta["name"].as_str().unwrap_or_default(),
                meta["description"].as_str().unwrap_or_default(),
                current_url,
            )],
        };
        if let Some(json_ld) = self.json_ld_graph(entities, &breadcrumbs) {
            context.put("structured_data", json_ld);
        }
        context.put("site", site_value);
        context.put("meta", meta);
        let crumbs: Vec<Value> = breadcrumbs
            .into_iter()
            .map(|(title, url)| json!({"title": title, "url": self.base().site_path(&url)}))
            .collect();
        context.put("breadcrumbs", crumbs);
        context.put("generator", self.generator.clone());
        context.put("feeds", self.feeds_for(current_url));
        context
    }

    fn meta(
        &self,
        title: Option<&str>,
        description: &str,
        url: &str,
        og_type: &str,
        image: Option<(&str, &str)>,
    ) -> Value {
        let config = &self.site.config.site;
        let full_title = match title {
            Some(title) => format!("{title} · {}", config.title),
            None => config.title.clone(),
        };
        let description = if description.is_empty() {
            &config.description
        } else {
            description
        };
        let (image, image_alt) = self.social_image(image);
        json!({
            "title": full_title,
            "name": title.unwrap_or(&config.title),
            "description": description,
            "canonical": self.base().permalink(url),
            "og_type": og_type,
            "image": image,
            "image_alt": image_alt,
            "twitter_site": config.social.twitter,
            "locale": config.language.replace('-', "_"),
            "noindex": false,
        })
    }

    /// The URL of a static file (`/style.css`), under its content-hashed name when it has one;
    /// absolute for feeds and social cards.
    fn asset_url(&self, src: &str, absolute: bool) -> String {
        let src = self.hashed.get(src).map_or(src, String::as_str);
        if absolute {
            absolute_url(self.base(), src)
        } else {
            site_url(self.base(), src)
        }
    }

    fn run(&self, tera: &tera::Tera, job: &Job) -> Result<OutputFile, Diagnostic> {
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
                let mut meta = self.meta(Some("Page not found"), "", "/404.html", "website", None);
                meta[structured::LD_KEY] = json!([]);
                meta["noindex"] = Value::Bool(true);
                let context = self.context("/404.html", meta, Vec::new());
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
        let start = (number - 1) * section.paginate_by;
        let pages: Vec<Value> = section
            .pages
            .iter()
            .skip(start)
            .take(section.paginate_by)
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
        let mut crumbs = if page.kind == crate::site::PageKind::Event {
            vec![
                ("Home".to_string(), "/".to_string()),
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

    fn section_crumbs(&self, section: Option<usize>) -> Vec<(String, String)> {
        let mut chain = Vec::new();
        let mut current = section;
        while let Some(index) = current {
            let section = &self.site.sections[index];
            chain.push((section.title.clone(), section.url.clone()));
            current = section.parent;
        }
        chain.push(("Home".to_string(), "/".to_string()));
        chain.reverse();
        chain
    }

    fn section_value(&self, section: &Section) -> Value {
        json!({
            "title": section.title,
            "summary": section.summary,
            "url": self.base().site_path(&section.url),
            "permalink": self.base().permalink(&section.url),
            "content": section.body.html,
            "page_count": section.pages.len(),
        })
    }

    /// A page as templates see it; `full` adds the body and table of contents.
    fn page_value(&self, page: &Page, full: bool) -> Value {
        if !full
            && let Some(card) = self
                .page_indices
                .get(page.rel_path.as_str())
                .and_then(|&i| self.cards.get(i))
        {
            return card
                .get_or_init(|| self.make_page_value(page, false))
                .clone();
        }
        self.make_page_value(page, full)
    }

    fn make_page_value(&self, page: &Page, full: bool) -> Value {
        let base = self.base();
        let section = page.section.map(|i| &self.site.sections[i]);
        let mut value = json!({
            "title": page.title,
            "summary": page.summary,
            "url": base.site_path(&page.url),
            "permalink": base.permalink(&page.url),
            "kind": page.kind,
            "section": section.map(|s| s.title.clone()),
            "section_url": section.map(|s| base.site_path(&s.url)),
            "reading_time": page.reading_time,
            "word_count": page.body.word_count,
            "level": page.level,
            "image": page.image.as_deref().map(|src| site_url(base, src)),
            "image_alt": page.image_alt,
            "draft": page.draft,
            "schedule_note": self.schedule_note(page),
            "weight": page.weight,
            "quote": page.quote,
        });
        // Values made here are moved in: `json!` would serialize each of them again, field by field.
        let date = |date: Option<PageDate>| date.map_or(Value::Null, date_value);
        value["date"] = date(page.date);
        value["updated"] = date(page.updated);
        value["last_updated"] = date(page.last_updated());
        value["topics"] = Value::Array(page.topics.iter().map(|t| self.topic_ref(t)).collect());
        let member = |handle: Option<&str>| {
            handle
                .and_then(|h| self.member_ref(h))
                .unwrap_or(Value::Null)
        };
        value["author"] = member(page.author.as_deref());
        value["member"] = member(page.member.as_deref());
        value["event"] = self.event_value(page, full);
        if page.kind == crate::site::PageKind::Faq {
            self.faq_fields(page, &mut value, full);
        }
        if full {
            value["products"] = page
                .products
                .iter()
                .filter_map(|sku| self.product_ref(sku, &page.url))
                .collect::<Vec<_>>()
                .into();
            value["photos"] = page
                .photos
                .iter()
                .map(|photo| json!({"src": site_url(base, &photo.src), "alt": photo.alt}))
                .collect::<Vec<_>>()
                .into();
            value["related"] = self.related_value(page);
            value["path"] = self.path_value(page);
            value["content"] = Value::String(page.body.html.clone());
            value["toc"] =
                serde_json::to_value(&page.body.toc).unwrap_or_else(|_| Value::Array(Vec::new()));
            value["extra"] = serde_json::to_value(&page.extra).unwrap_or(Value::Null);
        }
        value
    }

    /// What the draft banner says of a page that `--drafts` shows before or after its time.
    fn schedule_note(&self, page: &Page) -> Option<String> {
        let zone = &self.site.config.timezone;
        let when = |at: jiff::Timestamp| {
            let zoned = at.to_zoned(zone.clone());
            format!(
                "{} {} {} at {}",
                zoned.day(),
                crate::site::MONTHS[usize::from(zoned.month().unsigned_abs()) - 1],
                zoned.year(),
                zoned.strftime("%H:%M %Z")
            )
        };
        match page.schedule {
            crate::site::Schedule::Live => None,
            crate::site::Schedule::Scheduled(at) => Some(format!(
                "Scheduled: this page is published on {}.",
                when(at)
            )),
            crate::site::Schedule::Expired(at) => Some(format!(
                "Expired: this page was taken down on {}.",
                when(at)
            )),
        }
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

/// The `_headers` file of hosts that read one (Netlify, Cloudflare Pages); a site's own
/// `static/_headers` replaces it.
pub const HEADERS_FILE: &str = "/_headers";

/// Cache and security headers. Paths are relative to the output folder, as the host serves it.
/// No two rules that can match one path set the same header (Cloudflare Pages would join them).
fn headers_file(site: &Site) -> String {
    const YEAR: &str = "  Cache-Control: public, max-age=31536000, immutable\n";
    let mut text = String::from(
        "# Written by guildhall for static hosts that read _headers (Netlify, Cloudflare Pages).\n\
         # Paths are relative to the output folder. Pages get the host's default (revalidated) caching.\n\
         /*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
    );
    if site.config.site.output.hash_assets {
        text.push_str(&format!(
            "# Stylesheets, scripts and fonts named by their content.\n/{ASSETS_DIR}/*\n{YEAR}"
        ));
    }
    if site.config.site.search.enabled {
        text.push_str("# Search index files named by their content (search/index.gz is not).\n");
        for pattern in ["t/*", "f/*", "p/*", "m/*", "d.*", "x.*", "z.*"] {
            text.push_str(&format!("/search/{pattern}\n{YEAR}"));
        }
    }
    if !site.products.is_empty() {
        text.push_str(
            "# The store's product pages read /products/<sku>.json (guildhall-embed.js).\n\
             /products/*\n  Access-Control-Allow-Origin: *\n",
        );
    }
    text
}

fn newest<'s>(site: &'s Site, section: &Section, count: usize) -> Vec<&'s Page> {
    let mut pages: Vec<&Page> = section.pages.iter().map(|&p| &site.pages[p]).collect();
    pages.sort_by(|a, b| crate::site::compare_pages(a, b, crate::config::SortBy::Date));
    pages.truncate(count);
    pages
}

fn date_value(date: PageDate) -> Value {
    json!({"iso": date.iso(), "display": date.display(), "rfc3339": date.rfc3339()})
}

/// A URL from configuration or front matter: site paths get the base path, others are kept.
fn site_url(base: &BaseUrl, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        base.site_path(url)
    } else {
        url.to_string()
    }
}

fn absolute_url(base: &BaseUrl, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        base.permalink(url)
    } else {
        url.to_string()
    }
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
        add_embedded(&DEFAULT_THEME, &mut theme);
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
