//! What an import writes, decided before anything is written: where each source page goes, its
//! new and old addresses, its converted body, and the files beside it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use toml::Value;

use super::front::{self, Mapped};
use super::shortcodes::{self, Syntax};
use super::sources::{self, Inventory, OldPlace, Settings, SourcePage};
use super::{Counts, Note, Write, relative, shown};
use crate::args::ImportFormat;
use crate::slug::words as slugify;

/// Everything an import writes, with its counts and the notes for the editor.
pub(crate) struct Plan {
    /// Paths relative to the hub.
    pub files: Vec<(PathBuf, Write)>,
    pub counts: Counts,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    /// `dir/index.md` with the files beside it.
    Bundle,
    /// `_index.md` (or an `index.md` beside other pages): the list of a folder.
    Section,
}

struct Item<'a> {
    page: &'a SourcePage,
    text: String,
    body_offset: usize,
    mapped: Mapped,
    kind: Kind,
    /// The new file below `content/`.
    target: String,
    new_url: String,
    old_url: Option<String>,
    /// For a bundle, its source folder below the content root.
    bundle_dir: Option<String>,
    fallback_title: String,
}

/// The front matter of a source file as a table, and where its body starts.
fn read_front(text: &str) -> Result<(toml::Table, usize), (usize, String)> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') && !trimmed.starts_with("{{") && !trimmed.starts_with("{%") {
        return Err((
            1,
            "JSON front matter is not read; write it as YAML or TOML".into(),
        ));
    }
    if !trimmed.starts_with("+++") && !trimmed.starts_with("---") {
        return Ok((toml::Table::new(), 0));
    }
    let split = crate::content::split(text)
        .map_err(|(span, message, _)| (line_of(text, span.start), message))?;
    let table = if split.yaml {
        crate::content::yaml::to_table(split.front_matter).map_err(|e| {
            let at = split.front_matter_offset + e.span.map_or(0, |s| s.start);
            (line_of(text, at), e.message)
        })?
    } else {
        toml::from_str::<toml::Table>(split.front_matter).map_err(|e| {
            let at = split.front_matter_offset + e.span().map_or(0, |s| s.start);
            (line_of(text, at), e.message().trim().to_string())
        })?
    };
    Ok((table, split.body_offset))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn title_from(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".into(),
    }
}

/// The hub folder a source folder goes to.
fn destination(
    format: ImportFormat,
    dir: &str,
    sections: &BTreeMap<String, String>,
    page: bool,
) -> String {
    let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let mapped = |top: &str, rest: &[&str]| -> String {
        let key = top.trim_start_matches('_');
        let top = sections
            .get(top)
            .or_else(|| sections.get(key))
            .cloned()
            .unwrap_or_else(|| slugify(key));
        let mut all = vec![top];
        all.extend(rest.iter().map(|p| slugify(p)));
        all.join("/")
    };
    if format == ImportFormat::Jekyll && parts.iter().any(|p| *p == "_posts" || *p == "_drafts") {
        return sections
            .get("_posts")
            .or_else(|| sections.get("posts"))
            .cloned()
            .unwrap_or_else(|| "blog".into());
    }
    match parts.split_first() {
        Some((top, rest)) => mapped(top, rest),
        None if page => sections
            .get("")
            .cloned()
            .unwrap_or_else(|| crate::model::FREE_PAGES_DIR.to_string()),
        None => String::new(),
    }
}

fn url_of(kind: Kind, dest: &str, slug: &str) -> String {
    let dir = if dest == crate::model::FREE_PAGES_DIR {
        ""
    } else {
        dest.strip_prefix("pages/").unwrap_or(dest)
    };
    let mut url = String::from("/");
    for part in [dir, if kind == Kind::Section { "" } else { slug }] {
        if !part.is_empty() {
            url.push_str(part);
            url.push('/');
        }
    }
    url
}

/// An old address as guildhall writes aliases: a site path ending in `/` or `.html`.
fn alias_path(alias: &str, old_url: Option<&str>) -> Option<String> {
    let mut path = alias.trim().to_string();
    if let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    {
        path = rest.find('/').map_or("/".into(), |i| rest[i..].to_string());
    }
    if !path.starts_with('/') {
        let base = old_url.map_or("/", |u| &u[..u.rfind('/').map_or(0, |i| i + 1)]);
        let base = base.trim_end_matches('/');
        let parent = &base[..base.rfind('/').map_or(0, |i| i)];
        path = format!("{parent}/{path}");
    }
    if path.contains("..") || path.contains(['?', '#', '\\', '{', '}']) {
        return None;
    }
    if !path.ends_with('/') && !path.ends_with(".html") && !path.ends_with(".htm") {
        path.push('/');
    }
    Some(path)
}

/// The text, front matter and body offset of a source page, or `None` (with a note) when it
/// cannot be imported.
fn read_page(
    page: &SourcePage,
    root: &std::path::Path,
    stem: &str,
    notes: &mut Vec<Note>,
) -> anyhow::Result<Option<(String, toml::Table, usize)>> {
    let place = shown(root, &page.rel);
    if stem
        .rsplit_once('.')
        .is_some_and(|(_, lang)| lang.len() == 2 || lang.len() == 5)
    {
        notes.push(Note {
            place,
            message: "a translation; guildhall hubs are in one language, so it was not imported"
                .into(),
        });
        return Ok(None);
    }
    let bytes = std::fs::read(&page.full)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", page.full.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        notes.push(Note {
            place,
            message: "not UTF-8 text; save it as UTF-8 and import again".into(),
        });
        return Ok(None);
    };
    match read_front(&text) {
        Ok((table, body_offset)) => Ok(Some((text, table, body_offset))),
        Err((line, message)) => {
            notes.push(Note {
                place: format!("{place}:{line}"),
                message: format!("front matter not readable ({message}); fix it and import again"),
            });
            Ok(None)
        }
    }
}

/// Where each source page goes: its kind, new file, new and old address, mapped front matter.
fn place_pages<'a>(
    format: ImportFormat,
    settings: &Settings,
    inventory: &'a Inventory,
    sections: &BTreeMap<String, String>,
    notes: &mut Vec<Note>,
) -> anyhow::Result<Vec<Item<'a>>> {
    let mut items: Vec<Item> = Vec::new();
    let mut targets: BTreeMap<String, usize> = BTreeMap::new();
    let root = &inventory.content_root;
    // How many pages each folder holds, at any depth: an `index.md` alone in its folder is a bundle.
    let mut pages_below: BTreeMap<&str, usize> = BTreeMap::new();
    for page in &inventory.pages {
        let mut dir = page.rel.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            *pages_below.entry(parent).or_default() += 1;
            dir = parent;
        }
    }
    for page in &inventory.pages {
        let (dir, name) = page.rel.rsplit_once('/').unwrap_or(("", page.rel.as_str()));
        let (stem, file_day) = sources::stem_and_day(name);
        // Hugo names pages of the default language `about.en.md` as well as `about.md`.
        let stem = match &settings.default_language {
            Some(language) => stem
                .strip_suffix(&format!(".{language}"))
                .map_or(stem.clone(), str::to_string),
            None => stem,
        };
        let Some((text, table, body_offset)) = read_page(page, root, &stem, notes)? else {
            continue;
        };
        let siblings = pages_below.get(dir).is_some_and(|count| *count > 1);
        // `Index.md` names a folder's page as `index.md` does (its slug would be `index`, which a
        // hub reads as a bundle), and so does a `README.md` in plain Markdown, as GitHub shows it.
        let lower = stem.to_ascii_lowercase();
        let index = lower == "index" || (format == ImportFormat::Markdown && lower == "readme");
        let kind = match stem.as_str() {
            "_index" => Kind::Section,
            _ if index && (dir.is_empty() || format == ImportFormat::Jekyll || siblings) => {
                Kind::Section
            }
            _ if index => Kind::Bundle,
            _ => Kind::Page,
        };
        let (place_dir, place_stem) = match kind {
            Kind::Bundle => {
                let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir));
                (parent.to_string(), folder.to_string())
            }
            _ => (dir.to_string(), stem.clone()),
        };
        let (place_stem, folder_day) = sources::stem_and_day(&place_stem);
        let dest = destination(
            format,
            if kind == Kind::Section {
                dir
            } else {
                &place_dir
            },
            sections,
            kind != Kind::Section,
        );
        let mut mapped = front::map(
            &table,
            format == ImportFormat::Jekyll,
            dest.split('/').next() == Some("guides"),
        );
        let file_day = file_day.or(folder_day);
        if !mapped.fields.iter().any(|(k, _)| *k == "date")
            && let Some(day) = file_day
                .as_deref()
                .and_then(|d| front::date(&Value::String(d.into())))
        {
            mapped.address.day = file_day.clone();
            mapped.fields.push(("date", day));
        }
        if format == ImportFormat::Jekyll && dir.split('/').any(|p| p == "_drafts") && !mapped.draft
        {
            mapped.draft = true;
            mapped.fields.push(("draft", Value::Boolean(true)));
        }
        let slug = slugify(mapped.address.slug.as_deref().unwrap_or(&place_stem));
        let slug = if slug.is_empty() {
            "page".to_string()
        } else {
            slug
        };
        let target = match kind {
            Kind::Section if dest.is_empty() => "_index.md".to_string(),
            Kind::Section => format!("{dest}/_index.md"),
            Kind::Bundle => format!("{dest}/{slug}/index.md"),
            Kind::Page => format!("{dest}/{slug}.md"),
        };
        let place = OldPlace {
            format,
            settings,
            dir: if kind == Kind::Section {
                dir
            } else {
                &place_dir
            },
            stem: if kind == Kind::Section {
                ""
            } else {
                &place_stem
            },
            file_day: file_day.as_deref(),
            folder_address: kind == Kind::Section,
            address: &mapped.address,
        };
        let old_url = sources::old_url(&place);
        if let Some(&first) = targets.get(&target) {
            notes.push(Note {
                place: shown(root, &page.rel),
                message: format!(
                    "goes to content/{target} like {}; not imported, rename one of them",
                    shown(root, &items[first].page.rel)
                ),
            });
            continue;
        }
        targets.insert(target.clone(), items.len());
        let fallback_title = if kind == Kind::Section && dest.is_empty() {
            settings.title.clone().unwrap_or_else(|| "Home".into())
        } else {
            title_from(if kind == Kind::Section {
                dest.rsplit('/').next().unwrap_or(&dest)
            } else {
                &place_stem
            })
        };
        items.push(Item {
            page,
            text,
            body_offset,
            mapped,
            kind,
            new_url: url_of(kind, &dest, &slug),
            target,
            old_url,
            bundle_dir: (kind == Kind::Bundle).then(|| dir.to_string()),
            fallback_title,
        });
    }
    Ok(items)
}

/// Decides where every source page goes and what it becomes.
pub(crate) fn make(
    format: ImportFormat,
    settings: &Settings,
    inventory: &Inventory,
    sections: &BTreeMap<String, String>,
) -> anyhow::Result<Plan> {
    let mut notes = Vec::new();
    let mut counts = Counts::default();
    let items = place_pages(format, settings, inventory, sections, &mut notes)?;
    let root = &inventory.content_root;
    let mut files = Vec::new();
    let by_old: BTreeMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.page.rel.as_str(), i))
        .collect();
    // Every page by its file name, with and without extension, for references by name alone.
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        let file = item.page.rel.rsplit('/').next().unwrap_or_default();
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        by_name.entry(file).or_default().push(index);
        by_name.entry(stem).or_default().push(index);
        if let Some(language) = &settings.default_language
            && let Some(base) = stem.strip_suffix(language.as_str())
            && let Some(base) = base.strip_suffix('.')
        {
            by_name.entry(base).or_default().push(index);
        }
    }
    let mut bundle_writes = Vec::new();
    let claimed = bundle_files(&items, inventory, &mut bundle_writes, &mut counts);
    let index = Index {
        by_old,
        by_name,
        params: &settings.params,
        others: inventory
            .others
            .iter()
            .map(|(rel, _)| rel.as_str())
            .collect(),
        moved: super::moved::moved_files(format, inventory, &claimed),
    };
    for item in &items {
        let (text, unknown) = convert_item(format, item, &items, &index, &mut counts);
        let place = shown(root, &item.page.rel);
        for (line, written) in unknown {
            notes.push(Note {
                place: format!("{place}:{line}"),
                message: format!(
                    "unknown shortcode `{written}`, left in an HTML comment in content/{}",
                    item.target
                ),
            });
        }
        let mut aliases = Vec::new();
        let candidates = item
            .old_url
            .iter()
            .cloned()
            .chain(item.mapped.address.aliases.iter().cloned());
        for candidate in candidates {
            match alias_path(&candidate, item.old_url.as_deref()) {
                Some(path) if path != item.new_url && !aliases.contains(&path) => {
                    aliases.push(path)
                }
                Some(_) => {}
                None => notes.push(Note {
                    place: place.clone(),
                    message: format!(
                        "the old address `{candidate}` cannot be an alias; redirect it at your host"
                    ),
                }),
            }
        }
        if item.kind == Kind::Section {
            for alias in aliases.drain(..) {
                notes.push(Note {
                    place: place.clone(),
                    message: format!(
                        "the list at {alias} is now at {}; redirect it at your host",
                        item.new_url
                    ),
                });
            }
        }
        if item
            .mapped
            .address
            .permalink
            .as_deref()
            .is_some_and(|p| p.contains("{{") || p.contains("{%"))
        {
            notes.push(Note {
                place: place.clone(),
                message: "its permalink is a template; redirect its old address by hand".into(),
            });
        }
        for unreadable in &item.mapped.unreadable {
            notes.push(Note { place: place.clone(), message: format!("`{unreadable}` is not a date guildhall can read; kept under [extra], write it as 2024-01-05") });
        }
        for key in &item.mapped.kept {
            *counts.kept.entry(key.clone()).or_default() += 1;
        }
        counts.aliases += aliases.len();
        match item.kind {
            Kind::Section => counts.sections += 1,
            Kind::Bundle => {
                counts.pages += 1;
                counts.bundles += 1;
            }
            Kind::Page => counts.pages += 1,
        }
        let front_matter = front::write(&item.mapped, &item.fallback_title, &aliases);
        let written = format!("{front_matter}\n{}", text.trim_start_matches('\n'));
        notes.extend(pictures_without_alt(&written, &item.target));
        files.push((
            PathBuf::from(crate::content::CONTENT_DIR).join(&item.target),
            Write::Text(written),
        ));
    }
    files.extend(bundle_writes);
    static_files(format, inventory, &claimed, &mut files, &mut counts);
    add_missing_sections(&items, &mut files, &mut counts);
    let (topic_files, term_aliases) = super::terms::topic_files(
        format,
        settings,
        items
            .iter()
            .filter(|i| !i.mapped.draft)
            .map(|i| &i.mapped.address),
    );
    counts.aliases += term_aliases;
    counts.term_topics += topic_files.len();
    files.extend(topic_files);
    for (path, reason) in &inventory.skipped {
        notes.push(Note {
            place: path.display().to_string(),
            message: format!("not imported: {reason}"),
        });
    }
    notes.sort();
    Ok(Plan {
        files,
        counts,
        notes,
    })
}

/// A note for each picture of the written page that has no alt text (the source's shortcode gave
/// none): the build refuses it, so the editor describes it first.
fn pictures_without_alt(written: &str, target: &str) -> Vec<Note> {
    let mut in_code = false;
    let mut notes = Vec::new();
    for (number, line) in written.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        if !in_code && line.contains("![](") {
            notes.push(Note {
                place: format!("content/{target}:{}", number + 1),
                message: "a picture without alt text; describe it between the brackets, or the build stops"
                    .into(),
            });
        }
    }
    notes
}

/// The files beside each bundle's `index.md`, copied beside the new one.
fn bundle_files<'a>(
    items: &[Item],
    inventory: &'a Inventory,
    files: &mut Vec<(PathBuf, Write)>,
    counts: &mut Counts,
) -> BTreeSet<&'a str> {
    let mut claimed = BTreeSet::new();
    for item in items {
        let Some(dir) = &item.bundle_dir else {
            continue;
        };
        let target_dir = item.target.strip_suffix("index.md").unwrap_or(&item.target);
        let prefix = format!("{dir}/");
        for (rel, full) in &inventory.others {
            if let Some(rest) = rel.strip_prefix(&prefix) {
                claimed.insert(rel.as_str());
                files.push((
                    PathBuf::from(crate::content::CONTENT_DIR).join(format!("{target_dir}{rest}")),
                    Write::Copy(full.clone()),
                ));
                counts.bundle_files += 1;
            }
        }
    }
    claimed
}

/// The static files, and the files below the content folder that no bundle claimed, copied to
/// `static/` (Jekyll's are among its static files already).
fn static_files(
    format: ImportFormat,
    inventory: &Inventory,
    claimed: &BTreeSet<&str>,
    files: &mut Vec<(PathBuf, Write)>,
    counts: &mut Counts,
) {
    let others = inventory
        .others
        .iter()
        .filter(|(rel, _)| !claimed.contains(rel.as_str()) && format != ImportFormat::Jekyll);
    for (rel, full) in others.chain(&inventory.statics) {
        files.push((PathBuf::from("static").join(rel), Write::Copy(full.clone())));
        counts.statics += 1;
    }
}

/// A list page for each top folder that received pages but no `_index.md`.
fn add_missing_sections(items: &[Item], files: &mut Vec<(PathBuf, Write)>, counts: &mut Counts) {
    let present: BTreeSet<&str> = items
        .iter()
        .filter(|i| i.kind == Kind::Section)
        .map(|i| i.target.as_str())
        .collect();
    let mut tops = BTreeSet::new();
    for item in items.iter().filter(|i| i.kind != Kind::Section) {
        if let Some((top, _)) = item.target.split_once('/')
            && top != crate::model::FREE_PAGES_DIR
        {
            tops.insert(top.to_string());
        }
    }
    for top in tops {
        let target = format!("{top}/_index.md");
        if !present.contains(target.as_str()) {
            let title = Value::String(title_from(&top));
            files.push((
                PathBuf::from(crate::content::CONTENT_DIR).join(target),
                Write::Text(format!("+++\ntitle = {title}\n+++\n")),
            ));
            counts.sections += 1;
        }
    }
}

/// The imported pages by their source path and by their file name, and the site's parameters.
struct Index<'a> {
    by_old: BTreeMap<&'a str, usize>,
    by_name: BTreeMap<&'a str, Vec<usize>>,
    params: &'a toml::Table,
    /// The files below the content folder that are not pages.
    others: BTreeSet<&'a str>,
    /// Those of `others` that no bundle claimed: they move to `static/`, the site's root.
    moved: BTreeSet<&'a str>,
}

static MD_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\]\((@/)?([^)\s#:]+\.(?:md|markdown))(#[^)\s]*)?\)")
        .expect("a valid pattern")
});

/// A link reference definition to a Markdown file: `[fs]: fs.md#file-system`.
static REFERENCE_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^( {0,3}\[[^\]\n]+\]:[ \t]*)(@/)?([^\s#:<>]+\.(?:md|markdown))(#\S*)?")
        .expect("a valid pattern")
});

/// The body of `item` with shortcodes converted and links to other imported pages rewritten.
fn convert_item(
    format: ImportFormat,
    item: &Item,
    items: &[Item],
    index: &Index,
    counts: &mut Counts,
) -> (String, Vec<(usize, String)>) {
    let syntax = match format {
        ImportFormat::Zola => Syntax::Zola,
        ImportFormat::Hugo => Syntax::Hugo,
        ImportFormat::Jekyll | ImportFormat::Markdown => Syntax::Liquid,
    };
    let source_dir = item.page.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let new_dir = item.target.rsplit_once('/').map_or("", |(d, _)| d);
    let find = |reference: &str, from_root: bool| -> Option<String> {
        let (path, fragment) = reference
            .split_once('#')
            .map_or((reference, ""), |(p, f)| (p, f));
        let path = path.trim().trim_start_matches('/');
        let mut candidates = Vec::new();
        if !from_root && !source_dir.is_empty() {
            candidates.push(normalize(&format!("{source_dir}/{path}")));
        }
        candidates.push(normalize(path));
        let found = candidates.iter().find_map(|c| {
            [
                c.clone(),
                format!("{c}.md"),
                format!("{c}/index.md"),
                format!("{c}/_index.md"),
            ]
            .iter()
            .find_map(|k| index.by_old.get(k.as_str()).copied())
        });
        let found = found.or_else(|| {
            // Jekyll's post_url names a post by its file name; Hugo's ref may give a file name alone.
            let name = path.rsplit('/').next().unwrap_or(path);
            let matches = index.by_name.get(name)?;
            (matches.len() == 1).then(|| matches[0])
        })?;
        let link = relative(new_dir, &items[found].target);
        Some(if fragment.is_empty() {
            link
        } else {
            format!("{link}#{fragment}")
        })
    };
    let links = |reference: &str| find(reference, false);
    let body = &item.text[item.body_offset..];
    // Hugo's `param` reads the page's own front matter first, then the site's parameters.
    let mut params = index.params.clone();
    for (key, value) in &item.mapped.fields {
        params.insert(key.to_string(), value.clone());
    }
    params.extend(item.mapped.extra.clone());
    let pictures = |src: &str| -> String {
        if format != ImportFormat::Zola || src.contains("://") {
            return src.to_string();
        }
        picture_of_zola(src, item.bundle_dir.as_deref(), &index.others)
    };
    let lookup = shortcodes::Lookup {
        links: &links,
        params: &params,
        pictures: &pictures,
    };
    // A Jekyll page with `render_with_liquid: false` showed its braces as written.
    let liquid_off = syntax == Syntax::Liquid
        && item.mapped.extra.get("render_with_liquid") == Some(&Value::Boolean(false));
    let mut converted = if liquid_off {
        shortcodes::Converted {
            text: body.to_string(),
            ..shortcodes::Converted::default()
        }
    } else {
        shortcodes::convert(body, syntax, lookup)
    };
    if format == ImportFormat::Jekyll {
        let (text, attributes) = super::kramdown::convert(&converted.text);
        converted.text = text;
        if attributes > 0 {
            *counts
                .converted
                .entry("kramdown attributes".into())
                .or_default() += attributes;
        }
    }
    for (name, count) in &converted.converted {
        *counts.converted.entry(name.clone()).or_default() += count;
    }
    counts.unknown += converted.unknown.len();
    let text = MD_LINK
        .replace_all(&converted.text, |captures: &regex::Captures| {
            let from_root = captures.get(1).is_some();
            let target = format!(
                "{}{}",
                &captures[2],
                captures.get(3).map_or("", |f| f.as_str())
            );
            match find(&target, from_root) {
                Some(link) => format!("]({link})"),
                None => captures[0].to_string(),
            }
        })
        .into_owned();
    let text = REFERENCE_LINK
        .replace_all(&text, |captures: &regex::Captures| {
            let from_root = captures.get(2).is_some();
            let target = format!(
                "{}{}",
                &captures[3],
                captures.get(4).map_or("", |f| f.as_str())
            );
            match find(&target, from_root) {
                Some(link) => format!("{}{link}", &captures[1]),
                None => captures[0].to_string(),
            }
        })
        .into_owned();
    let text = super::moved::relink(&text, source_dir, &index.moved);
    let first_line = line_of(&item.text, item.body_offset);
    let unknown = converted
        .unknown
        .into_iter()
        .map(|u| (first_line + u.line - 1, u.written))
        .collect();
    (text, unknown)
}

/// The new address of a picture Zola named from the content folder, the static folder or the
/// page's own folder: beside the page when it is in the page's bundle, else below the site.
fn picture_of_zola(src: &str, bundle_dir: Option<&str>, others: &BTreeSet<&str>) -> String {
    if let Some(rest) = src
        .strip_prefix("/static/")
        .or_else(|| src.strip_prefix("static/"))
    {
        return format!("/{rest}");
    }
    let path = normalize(src);
    if let Some(bundle) = bundle_dir {
        if let Some(rest) = path.strip_prefix(&format!("{bundle}/")) {
            return rest.to_string();
        }
        if !src.starts_with('/') && others.contains(format!("{bundle}/{path}").as_str()) {
            return path;
        }
    }
    format!("/{path}")
}

/// `a/./b/../c` as `a/c`.
pub(super) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(
            alias_path("https://old.example/a/b", None).as_deref(),
            Some("/a/b/")
        );
        assert_eq!(
            alias_path("/2024/01/x.html", None).as_deref(),
            Some("/2024/01/x.html")
        );
        assert_eq!(
            alias_path("old-name", Some("/posts/new/")).as_deref(),
            Some("/posts/old-name/")
        );
        assert_eq!(alias_path("/a?b", None), None);
    }

    #[test]
    fn pictures_without_alt_text_are_named_at_their_line() {
        let notes = pictures_without_alt(
            "+++\ntitle = \"A\"\n+++\n\n![](a.png)\n```md\n![](in-code.png)\n```\n![B](b.png)\n",
            "blog/a.md",
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].place, "content/blog/a.md:5");
    }

    #[test]
    fn sections_go_where_they_are_mapped() {
        let map = BTreeMap::from([("docs".to_string(), "guides".to_string())]);
        assert_eq!(
            destination(ImportFormat::Hugo, "docs/Setup", &map, true),
            "guides/setup"
        );
        assert_eq!(destination(ImportFormat::Hugo, "", &map, true), "pages");
        assert_eq!(
            destination(ImportFormat::Jekyll, "news/_posts", &map, true),
            "blog"
        );
        assert_eq!(
            destination(ImportFormat::Jekyll, "_recipes", &map, true),
            "recipes"
        );
        assert_eq!(url_of(Kind::Page, "pages", "about"), "/about/");
        assert_eq!(url_of(Kind::Section, "blog", "x"), "/blog/");
    }
}
