//! `guildhall check`: the CI gate. Everything `build` validates, without writing the site, plus what
//! a careful editor would catch: pages nothing links to, missing summaries, guides not updated for a
//! long time, duplicate titles, and with `--external` broken outbound links (checked
//! politely: one request at a time per host, timeouts, retries, a user agent naming guildhall, and a
//! cache so repeated CI runs do not hammer the same hosts).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::args::CheckArgs;
use crate::cmd::Outcome;
use crate::cmd::build::{self, CompileOptions};
use crate::diag::{Diagnostic, Diagnostics, Format};
use crate::model::{Page, PageKind, Site};

pub(crate) fn run(args: &CheckArgs, format: Format) -> anyhow::Result<Outcome> {
    let compiled = build::compile(&CompileOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: args.drafts,
        now: args.now.clone(),
        cache: None,
        no_cache: false,
    })?;
    let mut diagnostics = compiled.diagnostics;
    if let Some(site) = &compiled.site {
        let sources = read_sources(&args.root, site);
        let now = build::resolve_now(args.now.as_deref(), &site.config)?;
        let mut advice = Diagnostics::new();
        editorial(site, &sources, args, now, &mut advice);
        structured_data(&args.root, site, &sources, &compiled.files, &mut advice);
        // A file with errors gets no advice: its warnings would mostly follow from the errors
        // (a summary or date that could not be read), and the errors come first.
        let with_errors: HashSet<&Path> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.path.as_path())
            .collect();
        let advice: Vec<Diagnostic> = advice
            .into_iter()
            .filter(|d| d.is_error() || !with_errors.contains(d.path.as_path()))
            .collect();
        diagnostics.extend(advice);
        if args.external {
            external_links(&args.root, site, &sources, args, &mut diagnostics)?;
        }
    }
    let pages = compiled.site.as_ref().map_or(0, |s| s.pages.len());
    if format == Format::Json {
        build::emit(&diagnostics, format);
        let status = if diagnostics.has_errors() {
            "failed"
        } else {
            "passed"
        };
        let fields = serde_json::json!({ "pages": pages });
        build::json_summary("check", status, &diagnostics, fields);
    } else {
        build::report_to(&diagnostics, format, args.report.as_deref())?;
        if diagnostics.has_errors() {
            eprintln!("check failed: {pages} pages checked");
        } else {
            eprintln!("check passed: {pages} pages checked");
        }
    }
    Ok(if diagnostics.has_errors() {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

/// The text of each page's source file, by page index (read again: `compile` keeps only the model).
fn read_sources(root: &Path, site: &Site) -> Vec<String> {
    site.pages
        .iter()
        .map(|page| std::fs::read_to_string(root.join(&page.source)).unwrap_or_default())
        .collect()
}

/// The byte span of the first line of `text` that starts with `key =`, or the first line.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return start..start + line.trim_end().len() - (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0..text.find('\n').unwrap_or(text.len())
}

fn warn(page: &Page, text: &str, span: std::ops::Range<usize>, message: String) -> Diagnostic {
    Diagnostic::warning(&page.source, text, span, message)
}

fn editorial(
    site: &Site,
    sources: &[String],
    args: &CheckArgs,
    now: jiff::Timestamp,
    diagnostics: &mut Diagnostics,
) {
    // Pages something links to: bodies, the navigation, the start-here path.
    let mut linked: HashSet<&str> = HashSet::new();
    for page in &site.pages {
        for target in &page.body.linked_pages {
            linked.insert(target.as_str());
        }
    }
    // A link to a page's address (`/about/`) counts as much as one to its file.
    let by_url: HashMap<&str, &str> = site
        .pages
        .iter()
        .map(|page| (page.url.as_str(), page.rel_path.as_str()))
        .collect();
    for link in &site.output_links {
        if let Some(page) = by_url.get(link.path.as_str()) {
            linked.insert(page);
        }
    }
    let nav: HashSet<String> = site.config.site.nav.iter().map(|n| n.url.clone()).collect();
    let on_path: HashSet<usize> = site
        .start_here
        .as_ref()
        .map(|p| p.pages.iter().copied().collect())
        .unwrap_or_default();
    let today = site.config.timezone.to_datetime(now);
    let stale_after = jiff::Span::new().days(i64::from(args.stale_days));
    let mut titles: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut no_date = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        let text = &sources[index];
        if page.section.is_none()
            && page.kind == PageKind::Page
            && !linked.contains(page.rel_path.as_str())
            && !nav.contains(&page.url)
            && !on_path.contains(&index)
        {
            diagnostics.push(
                warn(page, text, key_span(text, "title"), "no page, list or menu links to this page".into())
                    .with_hint("link to it from another page (a relative link to the .md file) or add it to [[nav]]"),
            );
        }
        // Without `summary` the first paragraph stands in; only a page with neither shows
        // nothing under its title in lists, search results and link previews.
        if page.summary.trim().is_empty() && page.kind != PageKind::Faq {
            diagnostics.push(
                warn(
                    page,
                    text,
                    key_span(text, "title"),
                    "the page has no summary and no paragraph to show in its place".into(),
                )
                .with_hint(
                    "add `summary = \"...\"`: lists, search results and link previews show it",
                ),
            );
        }
        if page.kind == PageKind::Guide
            && let Some(last) = page.last_updated()
            && let Ok(limit) = last.day.checked_add(stale_after)
            && limit < today.date()
        {
            let key = if page.updated.is_some() {
                "updated"
            } else {
                "date"
            };
            diagnostics.push(
                warn(
                    page,
                    text,
                    key_span(text, key),
                    format!(
                        "this guide was last updated on {}, more than {} days ago",
                        last.day, args.stale_days
                    ),
                )
                .with_hint("check it is still right, then set `updated` to today"),
            );
        }
        // Titles need to differ where pages are listed together: in one folder. "Changelog" in
        // two folders of a manual is told apart by its folder.
        let folder = page.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let title = (folder.to_string(), page.title.trim().to_lowercase());
        if let Some(&other) = titles.get(&title) {
            diagnostics.push(
                warn(
                    page,
                    text,
                    key_span(text, "title"),
                    format!(
                        "another page has the same title: {}",
                        site.pages[other].source.display()
                    ),
                )
                .with_hint(
                    "readers and search engines tell pages apart by title; make each one distinct",
                ),
            );
        } else {
            titles.insert(title, index);
        }
        // Pages of different folders may share the last part of their address (`install` in
        // two versions of a manual): that is how sites are organised, not a mistake.
        if page.date.is_none()
            && let Some(message) = undated(site, page)
        {
            no_date.push(warn(page, text, key_span(text, "title"), message).with_hint(DATE_HINT));
        }
    }
    diagnostics.extend(undated_guides(site, no_date));
}

const DATE_HINT: &str =
    "add `date = YYYY-MM-DD` to the front matter, the day the page was first published";

/// The warnings of pages without a date, or one warning when most guides have none: then dates
/// are the hub's habit to take up, not one page's slip.
fn undated_guides(site: &Site, no_date: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let guides = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Guide)
        .count();
    let (undated, other): (Vec<Diagnostic>, Vec<Diagnostic>) = no_date
        .into_iter()
        .partition(|d| d.message.starts_with("the guide has no"));
    if undated.len() < 3 || undated.len() * 2 <= guides {
        return undated.into_iter().chain(other).collect();
    }
    let mut one = Diagnostic::file_error(
        "content/guides",
        format!(
            "{} of the {guides} guides have no `date`, so readers and search engines cannot tell how fresh they are (the first: {})",
            undated.len(),
            crate::diag::display_path(&undated[0].path),
        ),
    )
    .with_hint(DATE_HINT);
    one.severity = crate::diag::Severity::Warning;
    std::iter::once(one).chain(other).collect()
}

/// Why a page without `date` is worth a warning: a guide's readers judge it by its date (and
/// `check` cannot tell when it is stale), a page of a folder with a feed is left out of the feed.
/// Other pages (free pages, manuals) need no date.
fn undated(site: &Site, page: &Page) -> Option<String> {
    if page.kind == PageKind::Guide {
        return Some(
            "the guide has no `date`, so readers and search engines cannot tell how fresh it is"
                .to_string(),
        );
    }
    let folder = page.rel_path.split_once('/').map(|(top, _)| top)?;
    let collection = site.config.site.collections.get(folder)?;
    (collection.feed && page.kind == PageKind::Page)
        .then(|| format!("the page has no `date`, so the feed of `{folder}/` leaves it out"))
}

/// Where the problems of one output page are reported: its source file, and a span for each
/// property (the front matter key it comes from), or the first line.
struct Origin<'a> {
    path: std::path::PathBuf,
    text: std::borrow::Cow<'a, str>,
    /// The span of the record the page is made from (a member or product in a data file).
    record: Option<std::ops::Range<usize>>,
}

/// The line of each record's `key = "value"` in a data file, found in one pass; the first one wins.
fn record_lines<'a>(text: &'a str, key: &str) -> HashMap<&'a str, std::ops::Range<usize>> {
    let mut lines = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.trim_start().starts_with(key) {
            continue;
        }
        if let Some(value) = line.split('"').nth(1) {
            let end = start + line.trim_end_matches(['\n', '\r']).len();
            lines.entry(value).or_insert(start..end);
        }
    }
    lines
}

impl Origin<'_> {
    fn span(&self, property: &str) -> std::ops::Range<usize> {
        if let Some(record) = &self.record {
            return record.clone();
        }
        let key = match property {
            "headline" | "name" => "title",
            "datePublished" => "date",
            "dateModified" => "updated",
            "description" => "summary",
            "image" => "image",
            "author" => "author",
            "startDate" => "start",
            "endDate" => "end",
            "location" | "address" | "streetAddress" | "addressLocality" | "addressCountry" => {
                "location"
            }
            _ => "title",
        };
        key_span(&self.text, key)
    }
}

/// The front matter to add for a property that a page's structured data lacks.
fn property_hint(property: &str) -> &'static str {
    match property {
        "datePublished" => {
            "add `date = YYYY-MM-DD` to the front matter, the day the page was first published"
        }
        "dateModified" => "add `updated = YYYY-MM-DD` to the front matter when the page changes",
        "description" => "add `summary = \"...\"` to the front matter",
        "image" => {
            "add `image` and `image_alt`, or set `[social] image` in guildhall.toml for every page"
        }
        "logo" => "set `[social] logo = \"/images/logo.png\"` in guildhall.toml",
        "location" | "address" => {
            "give the event a `location` with a venue and address, or an online link"
        }
        "streetAddress" => "add `address` (the street) to the event's `location`",
        "addressLocality" => "add `locality` (the town) to the event's `location`",
        "addressCountry" => "add `country` to the event's `location`",
        _ => {
            "the theme's templates print this data; restore the default theme's partials/head.html or base.html"
        }
    }
}

/// Where the problems of each output page are reported, by output path: pages and topics at
/// their source, members and products at their record in the data file.
fn origins<'a>(
    root: &Path,
    site: &Site,
    sources: &'a [String],
    data_texts: &'a [String; 2],
) -> HashMap<String, Origin<'a>> {
    let mut origins: HashMap<String, Origin> = HashMap::new();
    for (index, page) in site.pages.iter().enumerate() {
        origins.insert(
            crate::render::output_path(&page.url),
            Origin {
                path: page.source.clone(),
                text: sources[index].as_str().into(),
                record: None,
            },
        );
    }
    for topic in &site.topics {
        if let Some(source) = &topic.source {
            let text = std::fs::read_to_string(root.join(source)).unwrap_or_default();
            origins.insert(
                crate::render::output_path(&topic.url()),
                Origin {
                    path: source.clone(),
                    text: text.into(),
                    record: None,
                },
            );
        }
    }
    let [members_text, products_text] = data_texts;
    let data_files = [
        (
            "data/members.toml",
            "handle",
            &members_text,
            site.members
                .iter()
                .map(|m| (format!("members/{}/index.html", m.handle), m.handle.clone()))
                .collect::<Vec<_>>(),
        ),
        (
            "data/products.toml",
            "sku",
            &products_text,
            site.products
                .iter()
                .map(|p| (format!("products/{}/index.html", p.slug()), p.sku.clone()))
                .collect(),
        ),
    ];
    for (file, key, text, records) in data_files {
        let lines = record_lines(text, key);
        for (output, value) in records {
            origins.insert(
                output,
                Origin {
                    path: file.into(),
                    text: text.as_str().into(),
                    record: Some(lines.get(value.as_str()).cloned().unwrap_or(0..0)),
                },
            );
        }
    }
    origins
}

/// Validates the JSON-LD of every HTML page against what search engines need of each type, and
/// that every page has its canonical URL and social card tags. Problems are reported at the source
/// of the page (the front matter key the property comes from).
fn structured_data(
    root: &Path,
    site: &Site,
    sources: &[String],
    files: &[crate::output::OutputFile],
    diagnostics: &mut Diagnostics,
) {
    use crate::render::structured::{Need, json_ld_scripts, missing_properties};
    let config_origin = || Origin {
        path: crate::config::CONFIG_FILE.into(),
        text: site.config.text.as_str().into(),
        record: None,
    };
    let read = |file: &str| std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let data_texts = [read("data/members.toml"), read("data/products.toml")];
    let mut origins = origins(root, site, sources, &data_texts);
    // List pages that take their description from `description` in guildhall.toml.
    let mut undescribed: Vec<String> = Vec::new();
    for file in files {
        if !file.path.ends_with(".html") {
            continue;
        }
        let crate::output::Contents::Bytes(bytes) = &file.contents else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        // Redirects of old addresses and the 404 page are not pages to share or index.
        if html.contains("http-equiv=\"refresh\"") || file.path == "404.html" {
            continue;
        }
        let from_config = !origins.contains_key(&file.path);
        let origin = origins.remove(&file.path).unwrap_or_else(config_origin);
        let at = |property: &str, need: Need, message: String| {
            let span = origin.span(property);
            let diagnostic = match need {
                Need::Required => Diagnostic::error(&origin.path, &origin.text, span, message),
                Need::Recommended => Diagnostic::warning(&origin.path, &origin.text, span, message),
            };
            diagnostic.with_hint(origin_hint(&origin.path, property))
        };
        let scripts = json_ld_scripts(&html);
        if scripts.is_empty() {
            diagnostics.push(at(
                "",
                Need::Recommended,
                format!("`{}` has no structured data (JSON-LD)", file.path),
            ));
        }
        for script in scripts {
            match script {
                Err(message) => diagnostics.push(at(
                    "",
                    Need::Required,
                    format!(
                        "the structured data of `{}` is not JSON: {message}",
                        file.path
                    ),
                )),
                Ok(value) => {
                    let missing = missing_properties(&value);
                    let no_date = missing.iter().any(|m| m.property == "datePublished");
                    let page = !from_config && origin.record.is_none();
                    for missing in missing {
                        match (missing.property, from_config, page) {
                            // One warning for the whole hub, below.
                            ("description", true, _) => undescribed.push(file.path.clone()),
                            // Said of the page itself (no summary, no date where one matters),
                            // or by the build (an event without location).
                            ("description" | "location" | "datePublished", _, true) => {}
                            ("dateModified", _, true) if no_date => {}
                            _ => diagnostics.push(at(
                                missing.property,
                                missing.need,
                                format!(
                                    "the {} data of `{}` has no `{}`",
                                    missing.schema_type, file.path, missing.property
                                ),
                            )),
                        }
                    }
                }
            }
        }
        for (tag, what) in [
            ("<link rel=\"canonical\"", "a canonical URL"),
            ("property=\"og:title\"", "an og:title"),
            ("property=\"og:image\"", "an og:image"),
            ("name=\"twitter:card\"", "a twitter:card"),
        ] {
            if !html.contains(tag) {
                diagnostics.push(at(
                    "",
                    Need::Recommended,
                    format!("`{}` lacks {what}", file.path),
                ));
            }
        }
    }
    diagnostics.extend(undescribed_hub(site, &undescribed));
}

/// One warning for every list page without a description because the hub has none.
fn undescribed_hub(site: &Site, undescribed: &[String]) -> Option<Diagnostic> {
    let first = undescribed.first()?;
    let text = site.config.text.as_str();
    let pages = match undescribed.len() {
        1 => format!("`{first}` has"),
        2 => format!("`{first}` and 1 other list page have"),
        n => format!("`{first}` and {} other list pages have", n - 1),
    };
    Some(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                text,
                key_span(text, "title"),
                format!("the hub has no `description`, so {pages} no description for search engines and link previews"),
            )
            .with_hint("add `description = \"...\"` to guildhall.toml: one sentence on what the hub is for"),
        )
}

/// The hint for a missing property, in the words of the file the problem is reported in.
fn origin_hint(path: &Path, property: &str) -> &'static str {
    match (path.to_str(), property) {
        (Some("data/products.toml"), "description") => {
            "add `description = \"...\"` to this product in data/products.toml"
        }
        (Some("data/members.toml"), "description") => {
            "add `bio = \"...\"` to this member in data/members.toml"
        }
        _ => property_hint(property),
    }
}

/// One checked URL in the cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Checked {
    /// The HTTP status, or 0 when no answer came.
    status: u16,
    error: Option<String>,
    /// Seconds since the Unix epoch.
    checked_at: i64,
}

const CACHE_FILE: &str = ".guildhall-cache/links.json";

fn external_links(
    root: &Path,
    site: &Site,
    sources: &[String],
    args: &CheckArgs,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<()> {
    // Links as written in the sources: `[text](https://...)` and `<https://...>`.
    let pattern = Regex::new(r#"\]\((https?://[^)\s"]+)|<(https?://[^>\s]+)>"#)
        .context("the link pattern")?;
    let mut places: BTreeMap<String, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    for (index, text) in sources.iter().enumerate() {
        for captures in pattern.captures_iter(text) {
            if let Some(m) = captures.get(1).or_else(|| captures.get(2)) {
                let url = m.as_str().trim_end_matches(['.', ',']).to_string();
                places.entry(url).or_default().push((index, m.range()));
            }
        }
    }
    let cache_path = root.join(CACHE_FILE);
    let mut cache: BTreeMap<String, Checked> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let now = jiff::Timestamp::now().as_second();
    let fresh_for = i64::from(args.cache_hours) * 3600;
    let to_check: Vec<String> = places
        .keys()
        .filter(|url| {
            cache
                .get(*url)
                .is_none_or(|c| now - c.checked_at > fresh_for)
        })
        .cloned()
        .collect();
    // One queue per host, hosts in parallel.
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in to_check {
        let host = crate::config::url_host(&url).unwrap_or_default();
        by_host.entry(host).or_default().push(url);
    }
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(args.timeout)))
        .user_agent(format!(
            "guildhall/{} (link check of a community hub)",
            env!("CARGO_PKG_VERSION")
        ))
        .http_status_as_error(false)
        .max_redirects(5)
        .build()
        .new_agent();
    let results: Vec<(String, Checked)> = std::thread::scope(|scope| {
        let handles: Vec<_> = by_host
            .into_values()
            .map(|urls| {
                let agent = agent.clone();
                scope.spawn(move || {
                    urls.into_iter()
                        .map(|url| {
                            let checked = check_url(&agent, &url, now);
                            (url, checked)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    cache.extend(results);
    if let Some(parent) = cache_path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(text) = serde_json::to_string_pretty(&cache) {
        let _ = std::fs::write(&cache_path, text + "\n");
    }
    let pages: HashMap<usize, &Page> = site.pages.iter().enumerate().collect();
    for (url, uses) in &places {
        let Some(checked) = cache.get(url) else {
            continue;
        };
        let broken = matches!(checked.status, 404 | 410);
        let failed = checked.status == 0 || checked.status >= 400;
        if !failed {
            continue;
        }
        let message = match (&checked.error, checked.status) {
            (Some(error), 0) => format!("the link {url} could not be checked: {error}"),
            (_, status) => format!("the link {url} answers {status}"),
        };
        for (index, span) in uses {
            let page = pages[index];
            let text = &sources[*index];
            let diagnostic = if broken {
                Diagnostic::error(&page.source, text, span.clone(), message.clone())
                    .with_hint("the page is gone: link to where it moved, or remove the link")
            } else {
                Diagnostic::warning(&page.source, text, span.clone(), message.clone())
                    .with_hint("the site may be down or refusing checks; try it in a browser")
            };
            diagnostics.push(diagnostic);
        }
    }
    Ok(())
}

/// HEAD, falling back to GET for servers that do not allow HEAD; retries twice on timeouts, 429 and
/// 5xx, waiting longer each time.
fn check_url(agent: &ureq::Agent, url: &str, now: i64) -> Checked {
    let mut last = Checked {
        status: 0,
        error: None,
        checked_at: now,
    };
    for attempt in 0..3u64 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500 * attempt));
        }
        let mut result = agent.head(url).call();
        if let Ok(response) = &result
            && matches!(response.status().as_u16(), 405 | 501)
        {
            result = agent.get(url).call();
        }
        match result {
            Ok(response) => {
                let status = response.status().as_u16();
                last = Checked {
                    status,
                    error: None,
                    checked_at: now,
                };
                if status != 429 && status < 500 {
                    return last;
                }
            }
            Err(error) => {
                last = Checked {
                    status: 0,
                    error: Some(error.to_string()),
                    checked_at: now,
                };
            }
        }
    }
    last
}
