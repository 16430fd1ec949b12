//! Front matter fields per kind of page: each page, section, topic and intro is made from its entry
//! and rendered body, with every field checked where it was written.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use toml::Spanned;

use super::Available;
use super::links::{
    discontinued, encode_path, has_scheme, join_relative, percent_decode, relative_to,
    report_problems, unknown_sku,
};
use super::lists::DEFAULT_PAGINATE_BY;
use super::reuse::{PageMemo, front_matter_hash};
use super::routes::Entry;
use crate::collections::events::{self, Event, Host};
use crate::collections::members::Member;
use crate::collections::products::{Product, Status};
use crate::collections::topics::{self, Topic};
use crate::collections::{self};
use crate::config::Config;
use crate::content::{DateValue, FrontMatter, PageDate, parse_date};
use crate::diag::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::markdown::Rendered;
use crate::model::*;

/// What front matter is checked against, built once per build.
pub(crate) struct Checks<'a> {
    pub(crate) config: &'a Config,
    pub(crate) available: &'a Available,
    pub(crate) members: &'a [Member],
    /// Lowercased sku to product.
    pub(crate) products: &'a HashMap<String, Product>,
    /// Where the files of `content/` are published.
    pub(crate) assets: &'a super::assets::AssetRoutes,
    pub(crate) declared_topics: &'a HashSet<String>,
    /// The build's `now`, for what is upcoming.
    pub(crate) now: jiff::Timestamp,
}

/// Turns one entry's front matter into a page, section or topic, checking kind-specific fields.
pub(crate) struct FieldChecker<'a> {
    pub(crate) entry: &'a Entry<'a>,
    pub(crate) checks: &'a Checks<'a>,
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

    /// A warning about the front matter as a whole, at its opening fence.
    fn warning_at_opening(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(
            &self.entry.file.path,
            &self.entry.file.text,
            self.entry.parsed.opening.clone(),
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
                let written = value.get_ref().as_str().unwrap_or_default();
                let hint = crate::config::iso_date_hint(written).unwrap_or_else(|| {
                    "write a date as YYYY-MM-DD, or a date and time as YYYY-MM-DDTHH:MM:SS, with an offset like +01:00 if needed".to_string()
                });
                diagnostics.push(self.error(value.span(), message).with_hint(hint));
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

    /// Checks an image path of the front matter: site paths must exist under `static/` (or be
    /// where a file of `content/` is published), other paths name a file beside the page.
    fn image_path(&self, image: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
        let path = image.get_ref();
        let assets = self.checks.assets;
        let beside = !path.starts_with('/') && !has_scheme(path) && !path.is_empty();
        if beside {
            if let Some((_, route)) = assets.resolve(&self.entry.dir, path) {
                return Some(encode_path(&route.url));
            }
            let wanted = match path.strip_prefix("@/") {
                Some(rest) => rest.to_string(),
                None => join_relative(&self.entry.dir, &percent_decode(path)).unwrap_or_default(),
            };
            let hint = match assets.closest(&wanted) {
                Some(close) => format!("did you mean `{}`?", relative_to(&self.entry.dir, &close)),
                None => format!(
                    "put the picture at content/{wanted}, or write a path from the site root to a file under static/"
                ),
            };
            diagnostics.push(
                self.error(
                    image.span(),
                    format!("the image `{path}` does not exist (looked for content/{wanted})"),
                )
                .with_hint(hint),
            );
            return None;
        }
        let local = path.starts_with('/') && !path.starts_with("//");
        if local
            && !self
                .checks
                .available
                .static_files
                .contains(&percent_decode(path))
            && assets.at_url(&percent_decode(path)).is_none()
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
                        .with_hint(format!("write it like \"{}\"", crate::slug::words(slug))),
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
                    None => "`author` and `member` name a member of the community by their `handle` in data/members.toml: add them there (`[[members]]` with `handle` and `name`), or put a name that is not a member under `[extra]`".to_string(),
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

    /// The member a story is about; `member` on other pages is a warning.
    fn story_member(&self, kind: PageKind, diagnostics: &mut Diagnostics) -> Option<String> {
        let entry = self.entry;
        let front_matter = &entry.parsed.front_matter;
        // `member = ""`, as `guildhall new story` writes it, is no member yet.
        let named = front_matter
            .member
            .as_ref()
            .filter(|handle| !handle.get_ref().trim().is_empty());
        match (named, kind) {
            (Some(handle), PageKind::Story) => self.member(handle, diagnostics),
            // A draft may wait for its member; it cannot be published without one.
            (None, PageKind::Story) if entry.parsed.front_matter_ok && front_matter.draft => {
                diagnostics.push(self.warning_at_opening("the story has no member yet").with_hint(
                        "set `member = \"handle\"` to a member of data/members.toml before publishing it",
                    ));
                None
            }
            (None, PageKind::Story) if entry.parsed.front_matter_ok => {
                diagnostics.push(
                    self.error_at_opening("the story has no member").with_hint(
                        "add `member = \"handle\"` naming a member of data/members.toml",
                    ),
                );
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
        }
    }

    pub(crate) fn page(&self, body: Arc<Rendered>, diagnostics: &mut Diagnostics) -> Page {
        let entry = self.entry;
        let front_matter = &entry.parsed.front_matter;
        let kind = kind_of(&entry.top);
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
        // A guide without `level` is listed apart from the levels on its topics' pages.
        let level = front_matter.level.as_ref().map(|l| *l.get_ref());
        if let (PageKind::Page | PageKind::Story | PageKind::Event, Some(level)) =
            (kind, &front_matter.level)
        {
            diagnostics.push(
                self.warning(level.span(), "`level` is only used by guides")
                    .with_hint("remove it, or move the page into content/guides/"),
            );
        }
        let member = self.story_member(kind, diagnostics);
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
                    .with_hint("add `date = YYYY-MM-DD`, the day it was published"),
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
            let span = entry.parsed.slug_span();
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

    pub(crate) fn topic(&self, body: Rendered, diagnostics: &mut Diagnostics) -> Topic {
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
    pub(crate) fn intro(&self, body: Rendered, fallback_title: &str) -> Home {
        let front_matter = &self.entry.parsed.front_matter;
        Home {
            title: title_of(front_matter, fallback_title),
            summary: summary_of(front_matter, &body),
            body,
        }
    }

    pub(crate) fn section(&self, body: Rendered, diagnostics: &mut Diagnostics) -> Section {
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

/// The most topics one page can have: every topic page lists the page with its topics, so a page
/// with thousands of them would make the site's size grow with their square.
const TOPICS_PER_PAGE: usize = 50;

/// The kind of a page, from its top-level folder.
fn kind_of(top: &str) -> PageKind {
    match top {
        "guides" => PageKind::Guide,
        STORIES_DIR => PageKind::Story,
        FAQ_DIR => PageKind::Faq,
        EVENTS_DIR => PageKind::Event,
        UPDATES_DIR => PageKind::Update,
        _ => PageKind::Page,
    }
}

pub(crate) fn title_of(front_matter: &FrontMatter, fallback: &str) -> String {
    front_matter
        .title
        .as_ref()
        .or(front_matter.question.as_ref())
        .map(|t| t.get_ref().trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

pub(crate) fn summary_of(front_matter: &FrontMatter, body: &Rendered) -> String {
    match &front_matter.summary {
        Some(summary) if !summary.trim().is_empty() => summary.trim().to_string(),
        Some(_) => truncate_words(&body.first_paragraph, 200),
        None => truncate_words(&body.first_paragraph, 200),
    }
}

/// A title made from a file or folder name: `dropped-stitches.md` gives "Dropped stitches".
pub(crate) fn fallback_title(path: &str) -> String {
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
pub(crate) fn truncate_words(text: &str, limit: usize) -> String {
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

/// The slugs of the topics declared by a file of `content/topics/`.
pub(crate) fn declared_topics(entries: &[Entry]) -> HashSet<String> {
    entries
        .iter()
        .filter(|e| e.top == TOPICS_DIR && !e.is_index && e.included)
        .filter_map(|e| {
            e.url
                .strip_prefix("/topics/")
                .map(|slug| slug.trim_end_matches('/').to_string())
        })
        .collect()
}

/// Whether an entry is a page: the most of the entries, made in parallel by [`make_pages`].
fn is_page(entry: &Entry<'_>) -> bool {
    !entry.is_index && entry.top != TOPICS_DIR
}

/// Makes the page of every included entry that is one, in parallel, with what its checks reported;
/// other included entries (intros, sections, topics) give their body back, to be made in order.
/// A page of `earlier` (by path) whose body carried over is taken as it was.
pub(crate) fn make_pages(
    entries: &[Entry],
    rendered: Vec<Option<Arc<Rendered>>>,
    checks: &Checks,
    earlier: &HashMap<&str, (&Page, &PageMemo)>,
) -> Vec<Result<(Page, PageMemo), Arc<Rendered>>> {
    entries
        .par_iter()
        .zip(rendered)
        .filter_map(|(entry, body)| {
            let body = body?;
            if !is_page(entry) {
                return Some(Err(body));
            }
            if let Some((page, memo)) = earlier.get(entry.file.rel_path.as_str())
                && Arc::ptr_eq(&page.body, &body)
            {
                let mut page = (*page).clone();
                // Set again, from this model's sections.
                page.section = None;
                return Some(Ok((page, (*memo).clone())));
            }
            let mut problems = Diagnostics::new();
            report_problems(entry, &body, &mut problems);
            let checker = FieldChecker { entry, checks };
            let page = checker.page(body, &mut problems);
            let memo = PageMemo {
                problems,
                front_matter_hash: front_matter_hash(&entry.file.text, entry.parsed),
            };
            Some(Ok((page, memo)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_stops_at_a_word() {
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }
}
