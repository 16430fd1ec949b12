//! Content files: loading `content/**/*.md` from disk and parsing their TOML front matter.
//!
//! `load` is the only function here that touches the file system. `parse` splits a file into front
//! matter and body and deserializes the front matter, reporting problems at the right line of the file
//! even when the front matter does not start on the first line.

mod date;
pub(crate) mod kinds;
pub mod yaml;

pub use date::{MONTHS, PageDate, parse_date};

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use crate::config::toml_diagnostic;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Origin, SiteFile};

/// The folder, under the site root, that holds the Markdown content.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to `content/`, with `/` separators: `guides/cast-on.md`.
    pub rel_path: String,
    /// The path shown in diagnostics, relative to the site root: `content/guides/cast-on.md`.
    pub path: PathBuf,
    pub text: String,
}

/// Refuses site folders and data files that are symbolic links leading outside the site folder
/// (`static -> /etc` would publish `/etc`): `folders` are paths relative to `root`, checked with
/// every link along the way resolved. A link that stays inside the site is fine.
pub fn linked_outside(root: &Path, folders: &[String]) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let Ok(site) = root.canonicalize() else {
        return diagnostics;
    };
    for relative in folders {
        let path = root.join(relative);
        let Ok(resolved) = path.canonicalize() else {
            continue;
        };
        if resolved.starts_with(&site) {
            continue;
        }
        diagnostics.push(
            Diagnostic::file_error(
                relative,
                format!(
                    "`{relative}` leads outside the site folder (to {}) through a symbolic link; guildhall reads only files inside the site",
                    resolved.display()
                ),
            )
            .with_hint("copy the files into the site folder, or replace the link with a folder"),
        );
    }
    diagnostics
}

/// Reads every `*.md` file below `root/content`, sorted by path. Hidden files and folders are skipped.
/// A file that is not UTF-8 is a diagnostic, not a failure of the whole run.
pub fn load(root: &Path) -> anyhow::Result<(Vec<SourceFile>, Diagnostics)> {
    load_with_assets(root).map(|(files, _, diagnostics)| (files, diagnostics))
}

/// [`load`], and the other files of `content/` (pictures, documents beside the pages), by their
/// path under `content/`: they are only listed, and copied when published.
pub(crate) fn load_with_assets(
    root: &Path,
) -> anyhow::Result<(Vec<SourceFile>, ContentAssets, Diagnostics)> {
    let content_dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    let mut assets = ContentAssets::new();
    let mut diagnostics = Diagnostics::new();
    if !content_dir.is_dir() {
        return Ok((files, assets, diagnostics));
    }
    let content_folder: std::sync::Arc<Path> = content_dir.clone().into();
    let walker = walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    // The walk is in order; the files are read in parallel, and kept in that order.
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", content_dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        if entry.path().extension().is_some_and(|ext| ext == "md") {
            found.push(entry.into_path());
        } else if let Ok(relative) = entry.path().strip_prefix(&content_dir)
            && let Some(rel_path) = relative.to_str()
        {
            let origin = Origin::File(SiteFile {
                dir: content_folder.clone(),
                relative: relative.to_path_buf(),
            });
            assets.insert(rel_path.replace('\\', "/"), origin);
        }
    }
    let read: Vec<anyhow::Result<Result<SourceFile, Diagnostic>>> = found
        .par_iter()
        .map(|full| {
            let relative = full.strip_prefix(&content_dir).unwrap_or(full);
            let rel_path = relative.to_string_lossy().replace('\\', "/");
            let path = Path::new(CONTENT_DIR).join(relative);
            let bytes =
                std::fs::read(full).with_context(|| format!("cannot read {}", full.display()))?;
            Ok(crate::diag::utf8(&path, bytes).map(|text| SourceFile {
                rel_path,
                path,
                text,
            }))
        })
        .collect();
    for result in read {
        match result? {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    Ok((files, assets, diagnostics))
}

/// The files of `content/` that are not Markdown, by their path under `content/`
/// (`guides/socks/heel.png`), with where to copy them from.
pub(crate) type ContentAssets = std::collections::BTreeMap<String, Origin>;

/// The folder, under the site root, that holds data files.
pub const DATA_DIR: &str = "data";

/// The data files a site may have; each is optional.
#[derive(Debug, Clone, Default)]
pub struct DataFiles {
    pub members: Option<SourceFile>,
    pub products: Option<SourceFile>,
    /// The helpdesk's exports, already redacted (see `faq::export`).
    pub support: crate::faq::export::Exports,
}

/// Reads the data files of the site (`data/members.toml`, `data/products.toml`) that exist.
pub fn load_data(root: &Path) -> anyhow::Result<(DataFiles, Diagnostics)> {
    let mut diagnostics = Diagnostics::new();
    let mut read = |name: &str| -> anyhow::Result<Option<SourceFile>> {
        let path = Path::new(DATA_DIR).join(name);
        let full = root.join(&path);
        if !full.is_file() {
            return Ok(None);
        }
        let bytes =
            std::fs::read(&full).with_context(|| format!("cannot read {}", full.display()))?;
        match crate::diag::utf8(&path, bytes) {
            Ok(text) => Ok(Some(SourceFile {
                rel_path: name.to_string(),
                path,
                text,
            })),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                Ok(None)
            }
        }
    };
    let data = DataFiles {
        members: read("members.toml")?,
        products: read("products.toml")?,
        support: Default::default(),
    };
    Ok((data, diagnostics))
}

/// A file split at its front matter fences, with the byte offsets needed for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Where `front_matter` starts in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Where `body` starts in the file.
    pub body_offset: usize,
    /// The opening `+++` line, for problems that concern the front matter as a whole.
    pub opening: Range<usize>,
    /// True for YAML front matter between `---` lines.
    pub yaml: bool,
}

/// Splits `text` into front matter and the Markdown body: TOML between `+++` lines, or YAML
/// between `---` lines (closed by `---` or `...`).
pub fn split(text: &str) -> Result<Split<'_>, (Range<usize>, String, String)> {
    let mut position = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Blank lines before the opening fence are allowed; their length still counts in the offsets.
    loop {
        let line_end = text[position..]
            .find('\n')
            .map_or(text.len(), |i| position + i + 1);
        if text[position..line_end].trim().is_empty() && line_end < text.len() {
            position = line_end;
        } else {
            break;
        }
    }
    let first_line_end = text[position..]
        .find('\n')
        .map_or(text.len(), |i| position + i);
    let first_line = text[position..first_line_end].trim();
    let opening = position..first_line_end;
    let yaml = first_line == "---";
    if first_line != "+++" && !yaml {
        return Err((
            opening,
            "the file does not start with front matter".to_string(),
            "start the file with a `+++` line, then `title = \"...\"`, then another `+++` line"
                .to_string(),
        ));
    }
    let front_matter_offset = (first_line_end + 1).min(text.len());
    let mut line_start = front_matter_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if (!yaml && line.trim() == "+++") || (yaml && (line == "---" || line == "...")) {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front_matter: &text[front_matter_offset..line_start],
                front_matter_offset,
                body: &text[body_offset..],
                body_offset,
                opening,
                yaml,
            });
        }
        line_start = line_end + 1;
    }
    let fence = if yaml { "---" } else { "+++" };
    Err((
        opening,
        "the front matter is never closed".to_string(),
        format!("add a line with `{fence}` after the last front matter field"),
    ))
}

/// A date as written in front matter: a TOML date or date-time, or a string holding one.
pub type DateValue = Spanned<toml::Value>;

/// The front matter of a page or section, as written. Every kind of content shares this one schema;
/// fields that only make sense for one kind are checked where that kind is built.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub date: Option<DateValue>,
    pub updated: Option<DateValue>,
    /// When the page appears: before it, the page is in no output (a date, or a date and time).
    pub publish_date: Option<DateValue>,
    /// When the page disappears from every output again.
    pub expiry_date: Option<DateValue>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub products: Vec<Spanned<String>>,
    pub image: Option<Spanned<String>>,
    pub image_alt: Option<String>,
    pub template: Option<Spanned<String>>,
    /// Guides: how much the reader needs to know already.
    pub level: Option<Spanned<Level>>,
    /// The member (handle) who wrote the page.
    pub author: Option<Spanned<String>>,
    /// Stories: the member (handle) the story is about.
    pub member: Option<Spanned<String>>,
    /// Stories: photos, each with alt text.
    #[serde(default)]
    pub photos: Vec<PhotoConfig>,
    /// Stories: a short pull quote.
    pub quote: Option<String>,
    /// FAQ entries: the question the page answers (the title when there is none).
    pub question: Option<Spanned<String>>,
    /// FAQ entries: other ways customers ask the question.
    #[serde(default)]
    pub asked_as: Vec<String>,
    /// Topics: related topic slugs.
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    /// Events: when the event starts and ends (a date, a local date-time, or a date-time with offset).
    pub start: Option<DateValue>,
    pub end: Option<DateValue>,
    /// Events: the IANA time zone that local start and end times are in.
    pub timezone: Option<Spanned<String>>,
    /// Events: the venue and its address, and/or the online link.
    pub location: Option<Spanned<LocationConfig>>,
    /// Events: a member handle, or a plain name.
    pub host: Option<Spanned<String>>,
    /// Events: where to sign up.
    pub registration: Option<Spanned<String>>,
    /// Events: a note on how many can come.
    pub capacity: Option<String>,
    pub status: Option<Spanned<EventStatus>>,
    /// Events: how the event repeats.
    pub repeat: Option<Spanned<RepeatConfig>>,
    /// Events: dates of a series on which it does not take place.
    #[serde(default)]
    pub exceptions: Vec<DateValue>,
    /// Sections (`_index.md`): how many pages per list page, and their order.
    pub paginate_by: Option<Spanned<usize>>,
    pub sort_by: Option<crate::config::SortBy>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// Every key the front matter accepts, for "did you mean" hints.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "publish_date",
    "expiry_date",
    "draft",
    "weight",
    "slug",
    "aliases",
    "topics",
    "products",
    "image",
    "image_alt",
    "template",
    "level",
    "author",
    "member",
    "photos",
    "src",
    "alt",
    "quote",
    "question",
    "asked_as",
    "related",
    "start",
    "end",
    "timezone",
    "location",
    "venue",
    "address",
    "locality",
    "region",
    "postal_code",
    "country",
    "online",
    "host",
    "registration",
    "capacity",
    "status",
    "repeat",
    "freq",
    "interval",
    "count",
    "until",
    "byday",
    "bymonthday",
    "exceptions",
    "paginate_by",
    "sort_by",
    "extra",
];

/// A photo of a story.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoConfig {
    pub src: Spanned<String>,
    pub alt: Option<String>,
}

/// The level of a guide.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

/// Where an event takes place: a venue with its address, an online link, or both.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationConfig {
    /// The name of the place: "Brightloom Yarns, Bath".
    pub venue: Option<String>,
    /// The street address: "12 Walcot Street".
    pub address: Option<String>,
    /// The town or city.
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    /// The link to join online.
    pub online: Option<Spanned<String>>,
}

/// Whether an event goes ahead as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventStatus {
    #[default]
    Scheduled,
    #[serde(alias = "canceled")]
    Cancelled,
    Postponed,
    MovedOnline,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Postponed => "postponed",
            EventStatus::MovedOnline => "moved-online",
        }
    }
}

/// How often a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// How an event repeats, as written: a table, or an RFC 5545 RRULE value.
#[derive(Debug, Clone)]
pub enum RepeatConfig {
    /// `"FREQ=WEEKLY;BYDAY=TU;COUNT=8"`, with or without a leading `RRULE:`.
    Rule(String),
    /// `{ freq = "weekly", byday = ["TU"], count = 8 }`.
    Table(RepeatTable),
}

/// The table form of `repeat`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatTable {
    pub freq: Spanned<Frequency>,
    pub interval: Option<Spanned<i64>>,
    pub count: Option<Spanned<i64>>,
    pub until: Option<DateValue>,
    #[serde(default)]
    pub byday: Vec<Spanned<String>>,
    #[serde(default)]
    pub bymonthday: Vec<Spanned<i64>>,
}

impl<'de> Deserialize<'de> for RepeatConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RepeatConfig;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a table like { freq = \"weekly\", count = 6 } or an RRULE like \"FREQ=WEEKLY;COUNT=6\"",
                )
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RepeatConfig, E> {
                Ok(RepeatConfig::Rule(value.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RepeatConfig, A::Error> {
                RepeatTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RepeatConfig::Table)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A content file with its front matter parsed.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub front_matter: FrontMatter,
    /// False when the front matter could not be read; the body is still checked.
    pub front_matter_ok: bool,
    pub body_offset: usize,
    /// Where the front matter starts in the file: spans of front matter values are relative to it.
    pub front_matter_offset: usize,
    pub opening: Range<usize>,
}

impl Parsed {
    /// Turns the span of a front matter value into a span of the whole file.
    pub fn at(&self, span: Range<usize>) -> Range<usize> {
        self.front_matter_offset + span.start..self.front_matter_offset + span.end
    }

    /// Where a problem with the page's address points: its `slug`, or the front matter's opening
    /// when the address comes from the file name.
    pub(crate) fn slug_span(&self) -> Range<usize> {
        self.front_matter
            .slug
            .as_ref()
            .map_or(self.opening.clone(), |slug| self.at(slug.span()))
    }
}

/// Parses the front matter of `file`. Problems are returned as diagnostics; the result is always usable,
/// so the body of a file with broken front matter is still checked for its own problems.
pub fn parse(file: &SourceFile) -> (Parsed, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let split = match split(&file.text) {
        Ok(split) => split,
        Err((span, message, hint)) => {
            diagnostics.push(
                Diagnostic::error(&file.path, &file.text, span.clone(), message).with_hint(hint),
            );
            let parsed = Parsed {
                front_matter: FrontMatter::default(),
                front_matter_ok: false,
                body_offset: 0,
                front_matter_offset: 0,
                opening: span,
            };
            return (parsed, diagnostics);
        }
    };
    // Every problem of the front matter is reported; what is left of it still names the page.
    let (front_matter, front_matter_ok) = if split.yaml {
        match yaml::from_str::<FrontMatter>(split.front_matter) {
            Ok(front_matter) => (front_matter, true),
            Err(error) => {
                diagnostics.push(yaml::diagnostic(file, split.front_matter_offset, &error));
                (FrontMatter::default(), false)
            }
        }
    } else {
        let read = crate::config::lenient::from_str::<FrontMatter>(split.front_matter);
        for error in &read.errors {
            diagnostics.push(toml_diagnostic(
                &file.path,
                &file.text,
                split.front_matter_offset,
                error,
                FRONT_MATTER_KEYS,
            ));
        }
        (read.value.unwrap_or_default(), read.errors.is_empty())
    };
    let at = |span: Range<usize>| {
        split.front_matter_offset + span.start..split.front_matter_offset + span.end
    };
    if front_matter_ok
        && front_matter
            .title
            .as_ref()
            .or(front_matter.question.as_ref())
            .is_none_or(|t| t.get_ref().trim().is_empty())
    {
        let span = front_matter
            .title
            .as_ref()
            .map_or(split.opening.clone(), |t| at(t.span()));
        diagnostics.push(
            Diagnostic::error(&file.path, &file.text, span, "the page has no title").with_hint(
                "add `title = \"...\"` to the front matter (`question = \"...\"` for an FAQ entry)",
            ),
        );
    }
    if let (Some(image), None) = (&front_matter.image, &front_matter.image_alt) {
        diagnostics.push(
            Diagnostic::error(
                &file.path,
                &file.text,
                at(image.span()),
                "the image has no alt text",
            )
            .with_hint(
                "add `image_alt = \"...\"` describing the picture for people who cannot see it",
            ),
        );
    }
    let parsed = Parsed {
        front_matter,
        front_matter_ok,
        body_offset: split.body_offset,
        front_matter_offset: split.front_matter_offset,
        opening: split.opening,
    };
    (parsed, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            rel_path: "guides/a.md".into(),
            path: "content/guides/a.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn split_allows_blank_lines_and_a_bom_before_the_fence() {
        let text = "\u{feff}\n\n+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split(text).unwrap();
        assert_eq!(split.front_matter, "title = \"A\"\n");
        assert_eq!(&text[split.front_matter_offset..][..5], "title");
        assert_eq!(split.body, "Body\n");
    }

    #[test]
    fn front_matter_errors_count_lines_from_the_top_of_the_file() {
        let (_, diagnostics) = parse(&file("\n+++\ntitle = \"A\"\nweight = \"three\"\n+++\n"));
        let rendered = diagnostics.render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with(
                "content/guides/a.md:4:10: error: `weight` takes a whole number, not text"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn value_spans_are_shifted_to_the_file() {
        let (parsed, _) = parse(&file("\n+++\ntitle = \"A\"\nslug = \"x y\"\n+++\n"));
        let text = "\n+++\ntitle = \"A\"\nslug = \"x y\"\n+++\n";
        let span = parsed.at(parsed.front_matter.slug.clone().unwrap().span());
        assert_eq!(&text[span], "\"x y\"");
    }

    #[test]
    fn yaml_front_matter_is_read_with_spans_in_the_file() {
        let text = "\n---\ntitle: A\nslug: b\n...\nBody\n";
        let (parsed, diagnostics) = parse(&file(text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let slug = parsed.front_matter.slug.clone().unwrap();
        assert_eq!(&text[parsed.at(slug.span())], "b");
        assert_eq!(&text[parsed.body_offset..], "Body\n");
        let (_, diagnostics) = parse(&file("---\ntitle: A\nweight: three\ntags: [a]\n---\n"));
        let rendered = diagnostics.render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with(
                "content/guides/a.md:3:9: error: `weight` takes a whole number, not text"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn missing_title_and_missing_alt_are_both_reported() {
        let (_, diagnostics) = parse(&file("+++\nimage = \"/a.png\"\n+++\n"));
        assert_eq!(diagnostics.error_count(), 2);
    }

    #[test]
    fn repeat_tables_keep_the_spans_of_their_values() {
        let text = "+++\ntitle = \"A\"\nrepeat = { freq = \"weekly\", count = 3 }\n+++\n";
        let (parsed, diagnostics) = parse(&file(text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let Some(RepeatConfig::Table(table)) =
            parsed.front_matter.repeat.as_ref().map(|r| r.get_ref())
        else {
            panic!("a table");
        };
        assert_eq!(&text[parsed.at(table.freq.span())], "\"weekly\"");
        let (_, diagnostics) = parse(&file(
            "+++\ntitle = \"A\"\nrepeat = { freq = \"weekly\", cont = 3 }\n+++\n",
        ));
        let rendered = diagnostics.render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with("content/guides/a.md:3:29: error: unknown key `cont`"),
            "{rendered}"
        );
        assert!(rendered.contains("did you mean `count`?"), "{rendered}");
        let (parsed, diagnostics) =
            parse(&file("+++\ntitle = \"A\"\nrepeat = \"FREQ=DAILY\"\n+++\n"));
        assert!(diagnostics.is_empty());
        assert!(matches!(
            parsed.front_matter.repeat.map(|r| r.into_inner()),
            Some(RepeatConfig::Rule(_))
        ));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let (parsed, diagnostics) = parse(&file("+++\ntitle = \"A\"\n"));
        assert!(!parsed.front_matter_ok);
        assert!(
            diagnostics
                .render(crate::diag::Format::Short)
                .contains("never closed")
        );
    }
}
