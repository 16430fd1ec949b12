//! Links to site paths (`/start-here/#welcome`, `../other/`, `<a href="/events/">`): collected
//! with their place in the file while the model is built, and checked against the files the
//! build writes once they are all known: pages, lists, feeds, calendars, the search page, the
//! sitemap, redirects, static files and the files of `content/`.
//!
//! The check is linear: one set of output paths, and the ids of only those pages that a link
//! with a fragment points to, read from the HTML as it goes by.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::routes::Entry;
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Severity, did_you_mean};
use crate::markdown::{Rendered, html_ids};
use crate::model::{OutputLink, Site};
use crate::output::{Contents, OutputFile};

/// The links to site paths of every shown page and list, with their place in the file.
pub(crate) fn output_links(
    entries: &[Entry],
    rendered: &[Option<Arc<Rendered>>],
) -> Vec<OutputLink> {
    let mut links = Vec::new();
    for (entry, body) in entries.iter().zip(rendered) {
        let Some(body) = body else { continue };
        if body.output_refs.is_empty() {
            continue;
        }
        let index = LineIndex::new(&entry.file.text);
        for found in &body.output_refs {
            let offset = entry.parsed.body_offset;
            links.push(OutputLink {
                source: entry.file.path.clone(),
                location: index.locate(offset + found.span.start..offset + found.span.end),
                written: found.written.clone(),
                path: found.path.clone(),
                fragment: found.fragment.clone(),
            });
        }
    }
    links
}

/// The output paths a site path can be served from: `/a/` is `a/index.html`; `/a` is the file
/// `a`, or the folder `a/` that servers redirect to.
fn candidates(path: &str) -> [Option<String>; 2] {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        [Some(format!("{relative}index.html")), None]
    } else {
        [
            Some(relative.to_string()),
            Some(format!("{relative}/index.html")),
        ]
    }
}

/// What the build wrote, as far as links need to know: every path, and the ids of the pages
/// that links with a fragment point to.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct OutputIndex {
    paths: HashSet<String>,
    /// Output paths whose ids are wanted.
    #[serde(skip)]
    wanted: HashSet<String>,
    ids: HashMap<String, HashSet<String>>,
}

impl OutputIndex {
    /// An empty index, ready to read the output of `site`.
    pub fn new(site: &Site) -> OutputIndex {
        let mut wanted = HashSet::new();
        for link in site.output_links.iter().filter(|l| l.fragment.is_some()) {
            wanted.extend(candidates(&link.path).into_iter().flatten());
        }
        // A fragment on a redirect is looked for on the page it leads to.
        let mut followed = Vec::new();
        for (from, to) in &site.aliases {
            if candidates(from)
                .iter()
                .flatten()
                .any(|c| wanted.contains(c))
            {
                followed.extend(candidates(to).into_iter().flatten());
            }
        }
        wanted.extend(followed);
        OutputIndex {
            wanted,
            ..OutputIndex::default()
        }
    }

    /// Takes note of written files.
    pub fn add(&mut self, files: &[OutputFile]) {
        for file in files {
            if self.wanted.contains(&file.path)
                && let Contents::Bytes(bytes) = &file.contents
                && let Ok(html) = std::str::from_utf8(bytes)
            {
                let ids = html_ids(html).into_iter().collect();
                self.ids.insert(file.path.clone(), ids);
            }
            self.paths.insert(file.path.clone());
        }
    }

    /// Takes the paths and ids `last` noted of the files a build did not write again (the build
    /// cache keeps them); `false` when this index wants the ids of a file `last` did not read.
    pub fn take(&mut self, last: &OutputIndex) -> bool {
        if self
            .wanted
            .iter()
            .any(|path| last.paths.contains(path) && !last.ids.contains_key(path))
        {
            return false;
        }
        self.paths.clone_from(&last.paths);
        self.ids = last
            .ids
            .iter()
            .filter(|(path, _)| self.wanted.contains(*path))
            .map(|(path, ids)| (path.clone(), ids.clone()))
            .collect();
        true
    }

    /// Forgets files the build no longer writes.
    pub fn remove(&mut self, paths: &[String]) {
        for path in paths {
            self.paths.remove(path);
            self.ids.remove(path);
        }
    }

    /// The output path a site path is served from, if the build writes it.
    fn find(&self, path: &str) -> Option<String> {
        candidates(path)
            .into_iter()
            .flatten()
            .find(|candidate| self.paths.contains(candidate))
    }
}

/// Checks every link to a site path of `site` against what the build wrote.
pub fn check_output_links(site: &Site, index: &OutputIndex) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let redirects: HashMap<&str, &str> = site
        .aliases
        .iter()
        .map(|(from, to)| (from.as_str(), to.as_str()))
        .collect();
    let mut siblings: Option<BTreeMap<String, Vec<String>>> = None;
    for link in &site.output_links {
        let problem = |message: String, hint: String| {
            Diagnostic::located(
                Severity::Error,
                &link.source,
                link.location.clone(),
                message,
            )
            .with_hint(hint)
        };
        let Some(found) = index.find(&link.path) else {
            let siblings = siblings.get_or_insert_with(|| by_folder(&index.paths));
            let hint = missing_hint(site, index, siblings, &link.path, &link.written);
            diagnostics.push(problem(
                format!(
                    "the link `{}` leads to {}, which the site does not have",
                    link.written, link.path
                ),
                hint,
            ));
            continue;
        };
        let Some(fragment) = &link.fragment else {
            continue;
        };
        // A redirect is followed to the page it leads to.
        let target = redirects
            .get(link.path.as_str())
            .and_then(|to| index.find(to))
            .unwrap_or(found);
        let Some(ids) = index.ids.get(&target) else {
            continue;
        };
        if ids.contains(fragment.as_str()) {
            continue;
        }
        let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let hint = match super::links::closest_anchor(fragment, &sorted) {
            Some(close) => format!("did you mean `#{close}`?"),
            None => "link to one of the page's headings; each heading's link (#) shows its id"
                .to_string(),
        };
        diagnostics.push(problem(
            format!("there is no `#{fragment}` on {}", link.path),
            hint,
        ));
    }
    diagnostics
}

/// The site paths of every output file, by folder: `guides/a/index.html` is `a/` in `/guides/`.
fn by_folder(paths: &HashSet<String>) -> BTreeMap<String, Vec<String>> {
    let mut folders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in paths {
        let site_path = match path.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{path}"),
        };
        let trimmed = site_path.trim_end_matches('/');
        let (folder, _) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
        let name = &site_path[folder.len() + 1..];
        if !name.is_empty() {
            folders
                .entry(format!("{folder}/"))
                .or_default()
                .push(name.to_string());
        }
    }
    for names in folders.values_mut() {
        names.sort_unstable();
    }
    folders
}

/// What to tell about a site path the build does not write: the base path written twice, or the
/// closest address in the same folder.
fn missing_hint(
    site: &Site,
    index: &OutputIndex,
    siblings: &BTreeMap<String, Vec<String>>,
    path: &str,
    written: &str,
) -> String {
    let base = &site.config.base_url.path;
    if base != "/"
        && let Some(rest) = path.strip_prefix(base.trim_end_matches('/'))
        && index.find(rest).is_some()
    {
        return format!("guildhall adds the base path {base} itself; write `{rest}`");
    }
    let trimmed = path.trim_end_matches('/');
    let (folder, _) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    let name = &path[folder.len() + 1..];
    // `npm-config` written on /commands/npm-edit/ meant the page beside it, as on a site whose
    // addresses end without a slash.
    let bare_name = !written
        .split(['#', '?'])
        .next()
        .unwrap_or(written)
        .contains('/');
    if let Some((parent, _)) = folder.rsplit_once('/')
        && bare_name
        && index.find(&format!("{parent}/{name}")).is_some()
    {
        return format!(
            "relative links are read from the page's address, which ends in a slash; write `../{}` for {parent}/{name}",
            written.trim_start_matches("./")
        );
    }
    let close = siblings.get(&format!("{folder}/")).and_then(|names| {
        // Only names of about the same length can be close: a folder of thousands of pages
        // costs a few comparisons per dead link.
        let near = names
            .iter()
            .map(String::as_str)
            .filter(|candidate| candidate.len().abs_diff(name.len()) <= name.len() / 3 + 1);
        did_you_mean(name, near)
    });
    match close {
        Some(close) => format!("did you mean `{folder}/{close}`?"),
        None => "link to a page by its file (a relative link to the .md file) so the address follows the page".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_map_to_the_files_that_serve_them() {
        assert_eq!(candidates("/"), [Some("index.html".into()), None]);
        assert_eq!(candidates("/a/"), [Some("a/index.html".into()), None]);
        assert_eq!(
            candidates("/feed.xml"),
            [Some("feed.xml".into()), Some("feed.xml/index.html".into())]
        );
    }

    #[test]
    fn output_files_are_grouped_by_the_folder_of_their_address() {
        let paths: HashSet<String> = ["index.html", "guides/a/index.html", "guides/x.png"]
            .map(String::from)
            .into();
        let folders = by_folder(&paths);
        assert_eq!(folders["/guides/"], ["a/", "x.png"]);
        assert!(!folders.contains_key("/"));
    }
}
