//! The source sites `guildhall import` reads: where each generator keeps its pages and static files,
//! what its configuration says about addresses, and the address each page had (so that every old
//! address can redirect to the new one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use toml::Value;

use super::front::Address;
use crate::args::ImportFormat;

/// What the source site's configuration says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub title: Option<String>,
    pub base_url: Option<String>,
    /// Hugo: permalink pattern per section.
    pub permalinks: BTreeMap<String, String>,
    /// Jekyll: the permalink of posts (a style name or a pattern).
    pub post_permalink: String,
    /// Jekyll: collections (`_name/`) that are published, with their permalink pattern.
    pub collections: BTreeMap<String, Option<String>>,
    /// Jekyll: the `exclude` patterns of the configuration.
    pub exclude: Vec<String>,
    /// Jekyll: the permalinks `defaults` gives by scope, in the configuration's order.
    pub default_permalinks: Vec<super::jekyll::ScopedPermalink>,
    /// Hugo: the content folder of the default language, below the site's folder.
    pub content_dir: Option<String>,
    /// Hugo: what the old addresses start with (`/en` when the default language had its folder).
    pub url_prefix: String,
    /// Hugo: `uglyURLs`, pages at `/section/name.html`.
    pub ugly_urls: bool,
    /// Hugo: the default language, whose pages may be named `about.en.md`.
    pub default_language: Option<String>,
    /// Hugo: the site's `params`, for the `param` shortcode.
    pub params: toml::Table,
    /// The pages the source made for each taxonomy's terms, as a pattern with `:name`.
    pub term_pages: BTreeMap<String, String>,
    /// Folders the configuration names that are not imported, with the reason.
    pub left_out: Vec<(PathBuf, String)>,
}

/// One Markdown file of the source site.
#[derive(Debug, Clone)]
pub(crate) struct SourcePage {
    /// The path below the content folder, with `/`: `posts/hello/index.md`.
    pub rel: String,
    pub full: PathBuf,
}

/// The files of a source site, sorted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inventory {
    pub content_root: PathBuf,
    pub pages: Vec<SourcePage>,
    /// Other files below the content folder, by path below it.
    pub others: Vec<(String, PathBuf)>,
    /// Static files: path below `static/` in the hub, and the source file.
    pub statics: Vec<(String, PathBuf)>,
    /// Files left out on purpose, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Files below `dir` (sorted, hidden ones and those `skip` refuses left out), by relative path.
fn walk(dir: &Path, skip: &dyn Fn(&str) -> bool) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                !name.starts_with('.') && !skip(&rel)
            }
        });
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, entry.into_path()));
        }
    }
    Ok(files)
}

/// Reads a configuration file, TOML or YAML by its extension.
pub(crate) fn read_config(path: &Path) -> anyhow::Result<toml::Table> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
    if yaml {
        crate::content::yaml::to_table(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message))
    } else {
        toml::from_str(&text).with_context(|| format!("cannot read {}", path.display()))
    }
}

pub(crate) fn string(table: &toml::Table, key: &str) -> Option<String> {
    table
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// Reads the source's configuration.
pub(crate) fn settings(format: ImportFormat, root: &Path) -> anyhow::Result<Settings> {
    let mut settings = Settings {
        post_permalink: "date".into(),
        ..Settings::default()
    };
    match format {
        ImportFormat::Zola => {
            let path = root.join("config.toml");
            if path.is_file() {
                let config = read_config(&path)?;
                settings.title = string(&config, "title");
                settings.base_url = string(&config, "base_url");
                if let Some(Value::Array(taxonomies)) = config.get("taxonomies") {
                    for taxonomy in taxonomies {
                        if let Some(name) = taxonomy.get("name").and_then(Value::as_str) {
                            settings
                                .term_pages
                                .insert(name.to_string(), format!("/{name}/:name/"));
                        }
                    }
                }
            }
        }
        ImportFormat::Hugo => super::hugo::settings(root, &mut settings)?,
        ImportFormat::Jekyll => super::jekyll::settings(root, &mut settings)?,
        ImportFormat::Markdown => {}
    }
    Ok(settings)
}

const JEKYLL_LEFT_OUT: &[&str] = &[
    "Gemfile",
    "Gemfile.lock",
    "_config.yml",
    "vendor",
    "node_modules",
    "_site",
    "_layouts",
    "_includes",
    "_sass",
    "_data",
    "_plugins",
    "README.md",
    "LICENSE",
    "package.json",
    "package-lock.json",
];

/// Finds the pages and static files of the source site.
pub(crate) fn inventory(
    format: ImportFormat,
    root: &Path,
    settings: &Settings,
) -> anyhow::Result<Inventory> {
    let mut inventory = Inventory {
        skipped: settings.left_out.clone(),
        ..Inventory::default()
    };
    match format {
        ImportFormat::Zola | ImportFormat::Hugo => {
            inventory.content_root =
                root.join(settings.content_dir.as_deref().unwrap_or("content"));
            for (rel, full) in walk(&inventory.content_root, &|_| false)? {
                inventory.push(rel, full);
            }
            inventory.statics = walk(&root.join("static"), &|_| false)?;
            if format == ImportFormat::Hugo && root.join("assets").is_dir() {
                inventory.skipped.push((
                    root.join("assets"),
                    "Hugo's assets/ are built by Hugo Pipes; copy what pages need into static/"
                        .into(),
                ));
            }
        }
        ImportFormat::Jekyll => {
            inventory.content_root = root.to_path_buf();
            let mut excluded = globset::GlobSetBuilder::new();
            for pattern in &settings.exclude {
                let pattern = pattern.trim_matches('/');
                match globset::Glob::new(pattern) {
                    Ok(glob) => {
                        excluded.add(glob);
                    }
                    Err(_) => inventory.skipped.push((
                        root.join("_config.yml"),
                        format!(
                            "the exclude pattern `{pattern}` is not a pattern guildhall can read"
                        ),
                    )),
                }
            }
            let excluded = excluded.build().unwrap_or_default();
            let left_out = |rel: &str| JEKYLL_LEFT_OUT.contains(&rel) || excluded.is_match(rel);
            for (rel, full) in walk(root, &left_out)? {
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                let first = rel.split('/').next().unwrap_or_default();
                if is_markdown(name) {
                    inventory.pages.push(SourcePage { rel, full });
                } else if first.starts_with('_') {
                    inventory.others.push((rel, full));
                } else if name.ends_with(".html") && starts_with_front_matter(&full) {
                    inventory.skipped.push((
                        full,
                        "an HTML page run through Liquid; rewrite it as Markdown".into(),
                    ));
                } else {
                    inventory.statics.push((rel, full));
                }
            }
        }
        ImportFormat::Markdown => {
            inventory.content_root = root.to_path_buf();
            let left_out = |rel: &str| matches!(rel, "node_modules" | "_site" | "dist" | "public");
            for (rel, full) in walk(root, &left_out)? {
                inventory.push(rel, full);
            }
            // Astro's public/ beside src/ holds the static files.
            for public in [root.join("public"), root.join("../public")] {
                if public.is_dir() {
                    inventory.statics = walk(&public, &|_| false)?;
                    break;
                }
            }
        }
    }
    Ok(inventory)
}

impl Inventory {
    fn push(&mut self, rel: String, full: PathBuf) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if is_markdown(name) {
            self.pages.push(SourcePage { rel, full });
        } else {
            self.others.push((rel, full));
        }
    }
}

fn starts_with_front_matter(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.starts_with(b"---"))
}

/// A page's file name without its extension and without a leading date (`2024-01-05-hello`).
pub(crate) fn stem_and_day(name: &str) -> (String, Option<String>) {
    let stem = name
        .strip_suffix(".markdown")
        .or_else(|| name.strip_suffix(".md"))
        .unwrap_or(name);
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && stem.is_char_boundary(10)
        && stem[..10].chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
        && matches!(bytes[10], b'-' | b'_');
    if dated {
        (stem[11..].to_string(), Some(stem[..10].to_string()))
    } else {
        (stem.to_string(), None)
    }
}

/// Where a page lived in the source site.
pub(crate) struct OldPlace<'a> {
    pub format: ImportFormat,
    pub settings: &'a Settings,
    /// The folder below the content root, `posts` or `docs/setup` ("" at the top).
    pub dir: &'a str,
    /// The file name without extension, date prefix removed (the folder's name for a bundle).
    pub stem: &'a str,
    /// The date from the file name (Jekyll posts, Zola).
    pub file_day: Option<&'a str>,
    /// A bundle (`dir/index.md`) or a section (`_index.md`): the address is the folder's.
    pub folder_address: bool,
    pub address: &'a Address,
}

pub(crate) fn slug_like_hugo(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let mut out = String::new();
    for c in lower.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Fills a permalink pattern's `:token`s.
pub(crate) fn fill(pattern: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let length = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let token = &after[..length];
        match values.get(token) {
            Some(value) => out.push_str(value),
            None => {
                out.push(':');
                out.push_str(token);
            }
        }
        rest = &after[length..];
    }
    out.push_str(rest);
    let mut clean = String::new();
    for c in out.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    if clean.starts_with('/') {
        clean
    } else {
        format!("/{clean}")
    }
}

/// The address a page had in the source site, when it can be known.
pub(crate) fn old_url(place: &OldPlace) -> Option<String> {
    let url = url_in_site(place)?;
    if place.format != ImportFormat::Hugo || place.address.permalink.is_some() {
        return Some(url);
    }
    let url = match url.strip_suffix('/') {
        Some(path) if place.settings.ugly_urls && !place.folder_address && !path.is_empty() => {
            format!("{path}.html")
        }
        _ => url,
    };
    Some(format!("{}{url}", place.settings.url_prefix))
}

fn url_in_site(place: &OldPlace) -> Option<String> {
    let address = place.address;
    let jekyll_pattern = place.format == ImportFormat::Jekyll
        && address
            .permalink
            .as_deref()
            .is_some_and(|p| p.contains(':'));
    if let Some(permalink) = address.permalink.as_ref().filter(|_| !jekyll_pattern) {
        if permalink.contains("{{") || permalink.contains("{%") {
            return None;
        }
        let path = permalink.trim();
        return Some(if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        });
    }
    let day = address.day.as_deref().or(place.file_day);
    let (year, month, date) = match day {
        Some(d) if d.len() == 10 => (
            d[..4].to_string(),
            d[5..7].to_string(),
            d[8..10].to_string(),
        ),
        _ => (String::new(), String::new(), String::new()),
    };
    let folder = |dir: &str, name: &str| -> String {
        let mut path = String::from("/");
        if !dir.is_empty() {
            path.push_str(dir);
            path.push('/');
        }
        if !name.is_empty() {
            path.push_str(name);
            path.push('/');
        }
        path
    };
    match place.format {
        ImportFormat::Zola => {
            let dir = place.dir.to_lowercase();
            if place.folder_address && address.slug.is_none() {
                return Some(folder(&dir, ""));
            }
            let slug = address
                .slug
                .clone()
                .unwrap_or_else(|| crate::slug::words(place.stem));
            Some(folder(&dir, &slug))
        }
        ImportFormat::Hugo => {
            let dir = place.dir.to_lowercase();
            if place.folder_address && place.stem.is_empty() {
                return Some(folder(&dir, ""));
            }
            let section = dir.split('/').next().unwrap_or_default().to_string();
            let filename = place.stem.to_lowercase();
            let slug = address.slug.clone().map(|s| slug_like_hugo(&s));
            if let Some(pattern) = place
                .settings
                .permalinks
                .get(&section)
                .filter(|_| !place.folder_address || !place.stem.is_empty())
            {
                let title = address
                    .title
                    .as_deref()
                    .map(slug_like_hugo)
                    .unwrap_or_else(|| filename.clone());
                let values = BTreeMap::from([
                    ("year", year),
                    ("month", month),
                    ("day", date),
                    ("section", section.clone()),
                    ("sections", dir.clone()),
                    ("title", title.clone()),
                    ("slug", slug.clone().unwrap_or(title)),
                    ("filename", filename.clone()),
                    ("contentbasename", filename.clone()),
                    (
                        "slugorfilename",
                        slug.clone().unwrap_or_else(|| filename.clone()),
                    ),
                    (
                        "slugorcontentbasename",
                        slug.clone().unwrap_or(filename.clone()),
                    ),
                ]);
                return Some(fill(pattern, &values));
            }
            Some(folder(&dir, &slug.unwrap_or(filename)))
        }
        ImportFormat::Jekyll => super::jekyll::old_url(place, (year, month, date)),
        ImportFormat::Markdown => {
            if place.folder_address {
                return Some(folder(place.dir, ""));
            }
            Some(folder(place.dir, place.stem))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(
        format: ImportFormat,
        settings: &'a Settings,
        dir: &'a str,
        stem: &'a str,
        address: &'a Address,
    ) -> OldPlace<'a> {
        OldPlace {
            format,
            settings,
            dir,
            stem,
            file_day: None,
            folder_address: false,
            address,
        }
    }

    #[test]
    fn dated_file_names_are_split() {
        assert_eq!(
            stem_and_day("2024-01-05-hello-world.md"),
            ("hello-world".into(), Some("2024-01-05".into()))
        );
        assert_eq!(stem_and_day("hello.md"), ("hello".into(), None));
    }

    #[test]
    fn jekyll_posts_follow_their_permalink_style() {
        let settings = Settings {
            post_permalink: "date".into(),
            ..Settings::default()
        };
        let address = Address {
            categories: vec!["News".into()],
            day: Some("2024-01-05".into()),
            ..Address::default()
        };
        let mut old = place(ImportFormat::Jekyll, &settings, "_posts", "hello", &address);
        assert_eq!(
            old_url(&old).as_deref(),
            Some("/news/2024/01/05/hello.html")
        );
        let pretty = Settings {
            post_permalink: "/blog/:year/:title/".into(),
            ..Settings::default()
        };
        old.settings = &pretty;
        assert_eq!(old_url(&old).as_deref(), Some("/blog/2024/hello/"));
    }

    #[test]
    fn hugo_permalinks_and_slugs() {
        let mut settings = Settings::default();
        settings
            .permalinks
            .insert("posts".into(), "/:year/:month/:slug/".into());
        let address = Address {
            slug: Some("Cast On".into()),
            day: Some("2023-11-02".into()),
            ..Address::default()
        };
        assert_eq!(
            old_url(&place(
                ImportFormat::Hugo,
                &settings,
                "posts",
                "casting",
                &address
            ))
            .as_deref(),
            Some("/2023/11/cast-on/")
        );
        assert_eq!(
            old_url(&place(
                ImportFormat::Hugo,
                &settings,
                "docs/Setup",
                "Install",
                &Address::default()
            ))
            .as_deref(),
            Some("/docs/setup/install/")
        );
    }
}
