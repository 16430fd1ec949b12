//! The files of `content/` that are not Markdown: where each is published, which page bundle it
//! belongs to, which pages refer to it, and which are published at all.
//!
//! A file in the folder of a page bundle (`content/guides/socks/index.md`) is published under the
//! bundle's URL (`content/guides/socks/img/heel.png` at `/guides/socks/img/heel.png`) whenever the
//! bundle is; any other file is published under its folder's URL (`content/guides/chart.pdf` at
//! `/guides/chart.pdf`) when a published page refers to it. References are rewritten to those site
//! paths, so a picture works from any page and under a base path.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::links::join_relative;
use super::routes::Entry;
use crate::content::ContentAssets;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::Rendered;
use crate::model::{Asset, FREE_PAGES_DIR, is_bundle_index};

/// Where every file of `content/` goes, decided before any Markdown is rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct AssetRoutes {
    /// Path under `content/` to its route.
    by_path: HashMap<String, AssetRoute>,
    /// Site path to the path under `content/`.
    by_url: HashMap<String, String>,
    /// Folder under `content/` to the names of its files, for "did you mean" hints.
    by_dir: HashMap<String, Vec<String>>,
}

impl AssetRoutes {
    /// Every file and its route, sorted by path: what rendered bodies depend on.
    pub(crate) fn sorted(&self) -> Vec<(&String, &AssetRoute)> {
        let mut all: Vec<_> = self.by_path.iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all
    }
}

/// Where one file of `content/` is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssetRoute {
    /// The site path, without the base path: `/guides/socks/heel.png`.
    pub(crate) url: String,
    /// The bundle's `index.md` (path under `content/`) when the file belongs to a bundle.
    pub(crate) bundle: Option<String>,
}

impl AssetRoutes {
    /// The file of `content/` at `path` (under `content/`).
    pub(crate) fn get(&self, path: &str) -> Option<&AssetRoute> {
        self.by_path.get(path)
    }

    /// The path under `content/` of the file published at the site path `url`.
    pub(crate) fn at_url(&self, url: &str) -> Option<&str> {
        self.by_url.get(url).map(String::as_str)
    }

    /// The file a page in `from_dir` means by `written` (relative to its folder, or `@/` from
    /// `content/`), if that file exists.
    pub(crate) fn resolve(&self, from_dir: &str, written: &str) -> Option<(String, &AssetRoute)> {
        let path = written.split(['?', '#']).next().unwrap_or(written);
        let path = super::links::percent_decode(path);
        let target = match path.strip_prefix("@/") {
            Some(rest) => rest.to_string(),
            None => join_relative(from_dir, &path)?,
        };
        let route = self.by_path.get(&target)?;
        Some((target, route))
    }

    /// The file of the same folder whose name is closest to that of `target` (under `content/`).
    pub(crate) fn closest(&self, target: &str) -> Option<String> {
        let (dir, name) = target.rsplit_once('/').unwrap_or(("", target));
        let names = self.by_dir.get(dir)?;
        let close = did_you_mean(name, names.iter().map(String::as_str))?;
        Some(if dir.is_empty() {
            close.to_string()
        } else {
            format!("{dir}/{close}")
        })
    }
}

/// The site path of a folder's files: `content/guides/` is `/guides/`, `content/pages/x/` is `/x/`.
fn folder_url(dir: &str) -> String {
    let dir = if dir == FREE_PAGES_DIR {
        ""
    } else {
        dir.strip_prefix("pages/").unwrap_or(dir)
    };
    if dir.is_empty() {
        "/".to_string()
    } else {
        format!("/{dir}/")
    }
}

/// The folders above a path under `content/`, nearest first: `a/b/c.png` gives `a/b`, `a`.
fn folders(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let (dir, _) = rest.rsplit_once('/')?;
        rest = dir;
        Some(dir)
    })
}

/// Routes every file of `content/`, and reports folders that are both a bundle and a section
/// and pages written inside a bundle.
pub(crate) fn routes(
    assets: &ContentAssets,
    entries: &[Entry],
    diagnostics: &mut Diagnostics,
) -> AssetRoutes {
    let bundles: HashMap<&str, &Entry> = entries
        .iter()
        .filter(|entry| is_bundle_index(&entry.file.rel_path))
        .map(|entry| (entry.dir.as_str(), entry))
        .collect();
    for entry in entries {
        let own = is_bundle_index(&entry.file.rel_path).then_some(entry.dir.as_str());
        let inside = folders(&entry.file.rel_path).find(|dir| {
            Some(*dir) != own && bundles.contains_key(dir) && !(entry.is_index && *dir == entry.dir)
        });
        if entry.is_index && bundles.contains_key(entry.dir.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.opening.clone(),
                    format!(
                        "content/{}/ has an index.md, which makes it one page, so it cannot also be a section with _index.md",
                        entry.dir
                    ),
                )
                .with_hint("keep index.md for a page with its pictures beside it, or rename it to another name to make the folder a section of pages"),
            );
        } else if let Some(bundle) = inside {
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.opening.clone(),
                    format!(
                        "this page is inside content/{bundle}/, the folder of the page content/{bundle}/index.md; the files of that folder belong to that page and are not pages"
                    ),
                )
                .with_hint(format!(
                    "move this file out of content/{bundle}/, or rename content/{bundle}/index.md to _index.md to make the folder a section"
                )),
            );
        }
    }
    let mut routes = AssetRoutes::default();
    for path in assets.keys() {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
        let bundle = folders(path).find_map(|dir| bundles.get(dir).map(|entry| (dir, entry)));
        let route = match bundle {
            Some((dir, entry)) => AssetRoute {
                url: format!("{}{}", entry.url, &path[dir.len() + 1..]),
                bundle: Some(entry.file.rel_path.clone()),
            },
            None => AssetRoute {
                url: format!("{}{name}", folder_url(dir)),
                bundle: None,
            },
        };
        routes.by_url.insert(route.url.clone(), path.clone());
        routes.by_path.insert(path.clone(), route);
        routes
            .by_dir
            .entry(dir.to_string())
            .or_default()
            .push(name.to_string());
    }
    routes
}

/// The files of `content/` to publish: those of every shown bundle, and any other a shown page
/// refers to (in its body, or as its `image` or a photo), each with the pages that refer to it.
pub(crate) fn published(
    assets: &ContentAssets,
    routes: &AssetRoutes,
    entries: &[Entry],
    rendered: &[Option<Arc<Rendered>>],
) -> Vec<Asset> {
    let mut referenced: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (entry, body) in entries.iter().zip(rendered) {
        if !entry.included {
            continue;
        }
        let page = entry.file.rel_path.as_str();
        for asset in body.iter().flat_map(|body| &body.assets) {
            referenced.entry(asset).or_default().insert(page);
        }
        let front_matter = &entry.parsed.front_matter;
        let fields = front_matter
            .image
            .iter()
            .chain(front_matter.photos.iter().map(|photo| &photo.src));
        for field in fields {
            let value = field.get_ref();
            let found = match value.starts_with('/') {
                true => routes.at_url(&super::links::percent_decode(value)),
                false => routes
                    .resolve(&entry.dir, value)
                    .and_then(|(path, _)| routes.by_path.get_key_value(&path))
                    .map(|(path, _)| path.as_str()),
            };
            if let Some(path) = found {
                referenced.entry(path).or_default().insert(page);
            }
        }
    }
    let shown: BTreeSet<&str> = entries
        .iter()
        .filter(|entry| entry.included && !entry.withheld)
        .map(|entry| entry.file.rel_path.as_str())
        .collect();
    let mut published = Vec::new();
    for (path, origin) in assets {
        let Some(route) = routes.get(path) else {
            continue;
        };
        let by = referenced.remove(path.as_str()).unwrap_or_default();
        let bundle_shown = route
            .bundle
            .as_deref()
            .is_some_and(|bundle| shown.contains(bundle));
        if !bundle_shown && by.is_empty() {
            continue;
        }
        published.push(Asset {
            rel_path: path.clone(),
            url: route.url.clone(),
            origin: origin.clone(),
            bundle: route.bundle.clone(),
            referenced_by: by.into_iter().map(str::to_string).collect(),
        });
    }
    published.sort_by(|a, b| a.url.cmp(&b.url));
    published
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_listed_nearest_first() {
        assert_eq!(
            folders("guides/b/images/x.png").collect::<Vec<_>>(),
            ["guides/b/images", "guides/b", "guides"]
        );
        assert_eq!(folders("x.png").count(), 0);
    }

    #[test]
    fn loose_files_go_under_their_folder_url() {
        assert_eq!(folder_url("guides"), "/guides/");
        assert_eq!(folder_url("pages"), "/");
        assert_eq!(folder_url("pages/legal"), "/legal/");
        assert_eq!(folder_url(""), "/");
    }
}
