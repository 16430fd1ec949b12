//! Where every content file goes: its URL, whether it is shown, the list that stands in for it while
//! it is not, and the redirects of its aliases. Routes are made before any Markdown is rendered, so
//! links resolve in one pass.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Sources;
use crate::collections::members::Member;
use crate::content::{Parsed, SourceFile};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;

/// A parsed file and what is known of it before rendering.
pub(crate) struct Entry<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) parsed: &'a Parsed,
    pub(crate) is_index: bool,
    pub(crate) dir: String,
    /// The top-level folder: `guides`, `stories`, `topics`, `pages`...
    pub(crate) top: String,
    pub(crate) url: String,
    pub(crate) included: bool,
    pub(crate) withheld: bool,
    pub(crate) schedule: Schedule,
    /// When the page expires, if it has an `expiry_date`.
    pub(crate) expiry: Option<jiff::Timestamp>,
}

/// Where a content file goes, decided before any Markdown is rendered so links can be resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Route {
    pub(crate) url: String,
    /// Excluded drafts keep a route so a link to them gets a precise error.
    pub(crate) included: bool,
    /// A story withheld because its member's consent is missing or ended: links to it go to the list.
    pub(crate) withheld: bool,
    /// Not published at the build's `now` (`publish_date` to come, or `expiry_date` passed).
    pub(crate) schedule: Schedule,
    /// Where links to a page that is not shown lead instead: the list it belongs to.
    pub(crate) list_url: String,
}

pub(crate) fn section_url(dir: &str) -> String {
    if dir.is_empty() {
        "/".to_string()
    } else {
        format!("/{dir}/")
    }
}

pub(crate) fn page_url(
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
            match crate::slug::check_segment(wanted) {
                None => wanted.clone(),
                Some(reason) => {
                    let clean = crate::slug::words(wanted);
                    diagnostics.push(
                        Diagnostic::error(
                            &file.path,
                            &file.text,
                            parsed.at(slug.span()),
                            format!("the slug `{wanted}` cannot be used in a URL: {reason}"),
                        )
                        .with_hint(format!(
                            "use letters, digits, `-`, `_` and `.`, like \"{clean}\""
                        )),
                    );
                    clean
                }
            }
        }
        None => crate::slug::words(stem),
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
pub(crate) fn routes(entries: &[Entry], diagnostics: &mut Diagnostics) -> HashMap<String, Route> {
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
                list_url: list_url(&entry.top, list_folder(&entry.file.rel_path)),
            },
        );
        if !entry.included {
            continue;
        }
        if let Some(first) = by_url.insert(&entry.url, entry) {
            let span = entry.parsed.slug_span();
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

/// The list a page belongs to, where links to it lead while it is not shown.
pub(crate) fn list_url(top: &str, dir: &str) -> String {
    match top {
        "" | FREE_PAGES_DIR => "/".to_string(),
        EVENTS_DIR => "/events/".to_string(),
        _ => section_url(dir),
    }
}

/// Collects the redirects, reporting aliases that are not site paths or that collide with a page.
pub(crate) fn aliases(
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
                    "write the old address as a path from the site root, like \"/old-address/\"",
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
            if normalized == entry.url {
                diagnostics.push(
                    Diagnostic::warning(
                        &entry.file.path,
                        &entry.file.text,
                        span.clone(),
                        format!("the alias `{path}` is this page's own address"),
                    )
                    .with_hint("remove it: aliases are old addresses that lead to the page"),
                );
                continue;
            }
            if taken.contains(normalized.as_str()) {
                let other = site
                    .pages
                    .iter()
                    .find(|p| p.url == normalized)
                    .map(|p| format!(" ({})", crate::diag::display_path(&p.source)))
                    .unwrap_or_default();
                diagnostics.push(error(
                    format!("the alias `{path}` is the address of another page{other}"),
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

/// Makes an entry of every content file: where it goes and whether it is shown at the build's `now`.
pub(crate) fn entries<'a>(
    sources: Sources<'a>,
    members: &[Member],
    diagnostics: &mut Diagnostics,
) -> Vec<Entry<'a>> {
    let Sources {
        config, options, ..
    } = sources;
    let public_members: HashSet<&str> = members
        .iter()
        .filter(|m| m.public)
        .map(|m| m.handle.as_str())
        .collect();
    let mut entries = Vec::with_capacity(sources.files.len());
    for (file, (parsed, file_diagnostics)) in sources.files.iter().zip(sources.parsed) {
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
            super::schedule::schedule_of(file, parsed, config, options.now, diagnostics)
        };
        let published = !parsed.front_matter.draft && schedule == Schedule::Live;
        let included = (options.drafts || published) && !withheld;
        let url = if is_index {
            section_url(&dir)
        } else if is_bundle_index(&file.rel_path) {
            // A bundle is named by its folder: `guides/socks/index.md` is `/guides/socks/`.
            let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir.as_str()));
            page_url(file, parent, folder, parsed, diagnostics)
        } else {
            page_url(file, &dir, name, parsed, diagnostics)
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
    entries
}
