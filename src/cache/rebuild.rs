//! What the build cache keeps of the last build's output ([`LastBuild`]), so that a build after
//! edits to a few pages renders and writes only the files those edits can change
//! (`render::render_update`, `output::Update`), and how a build knows it may: everything it read
//! besides the pages' files is the same ([`inputs_key`]), only files of existing pages changed
//! ([`changed_pages`]), and the output folder is still the one the last build published.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::{ContentAssets, DataFiles, SourceFile};
use crate::model::{PageKind, Site};
use crate::output::{Origin, Stamp};
use crate::render::{Shape, Theme};
use crate::site::{BuildOptions, OutputIndex};

/// What a build published, for the next build to update it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LastBuild {
    /// [`inputs_key`] of the build.
    pub(crate) inputs: u128,
    /// A hash of the text of every file of `content/` it read, by path under `content/`.
    pub(crate) files: HashMap<String, u128>,
    /// The shape of its model: what `render_update` compares.
    pub(crate) shape: Shape,
    /// Every path it wrote, and the ids of the pages links with a fragment point to.
    pub(crate) written: OutputIndex,
    /// The files of its search index (named by their content, but for the manifest).
    pub(crate) search_paths: Vec<String>,
    /// How many files the output holds, precompressed copies included.
    pub(crate) file_count: usize,
    /// The output folder as it published it.
    pub(crate) stamp: Stamp,
}

/// A hash of the text of every file of `content/`, by path.
pub(crate) fn file_hashes(files: &[SourceFile]) -> HashMap<String, u128> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|f| {
            let hash = xxhash_rust::xxh3::xxh3_128(f.text.as_bytes());
            (f.rel_path.clone(), hash)
        })
        .collect()
}

/// A hash of everything a build reads besides the files of `content/` that are pages: the
/// configuration, the theme (templates, static files by size and modification time, words,
/// icons), the data files and support exports, the other files of `content/`, and the build's
/// options (drafts, the instant it builds for). Builds with equal keys whose pages' files are
/// the same make the same site.
pub(crate) fn inputs_key(
    root: &Path,
    config: &Config,
    theme: &Theme,
    data: &DataFiles,
    assets: &ContentAssets,
    options: &BuildOptions,
) -> u128 {
    let mut text = String::new();
    let _ = write!(
        text,
        "{}\0{:?}\0{}\0{}\0{}\0{}\0{:?}\0{:?}\0",
        config.text,
        config.base_url,
        config.timezone_name,
        config.theme,
        options.drafts,
        options.now,
        theme.templates,
        theme.hashed,
    );
    let _ = write!(text, "{:?}\0", theme.words);
    for (path, bytes) in &theme.icons {
        let _ = write!(text, "{path}:{:x}\0", xxhash_rust::xxh3::xxh3_128(bytes));
    }
    for (path, origin) in theme.static_files.iter().chain(assets) {
        let _ = write!(text, "{path}:{}\0", origin_key(origin));
    }
    for file in data.members.iter().chain(&data.products) {
        let _ = write!(text, "{}:{}\0", file.rel_path, file.text);
    }
    for file in &data.support.files {
        let _ = write!(text, "{file}:{}\0", file_key(&root.join(file)));
    }
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// What tells a static file's bytes apart without reading it: the binary's own bytes when it is
/// embedded (the binary is in the cache's key), else its path, size and modification time.
fn origin_key(origin: &Origin) -> String {
    match origin {
        Origin::Embedded(bytes) => format!("embedded {}", bytes.len()),
        Origin::File(file) => file_key(&file.path()),
    }
}

fn file_key(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(metadata) => {
            let modified = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {} {modified}", path.display(), metadata.len())
        }
        Err(_) => format!("{} missing", path.display()),
    }
}

/// The indices of the pages of `site` whose files changed since the last build, when nothing
/// else of `content/` did (no file added, removed, or changed that is not a page: a topic's file,
/// a draft); `None` otherwise.
pub(crate) fn changed_pages(
    last: &HashMap<String, u128>,
    now: &HashMap<String, u128>,
    site: &Site,
) -> Option<Vec<usize>> {
    if last.len() != now.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (path, hash) in now {
        if last.get(path)? != hash {
            changed.push(path.as_str());
        }
    }
    let by_path: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.rel_path.as_str(), index))
        .collect();
    let mut indices: Vec<usize> = changed
        .into_iter()
        .map(|path| by_path.get(path).copied())
        .collect::<Option<_>>()?;
    // An FAQ entry's words decide which questions of the support exports the other entries get,
    // and an event's dates what the other events show: all of that kind count as edited.
    for kind in [PageKind::Faq, PageKind::Event] {
        if indices.iter().any(|&i| site.pages[i].kind == kind) {
            indices.extend((0..site.pages.len()).filter(|&i| site.pages[i].kind == kind));
        }
    }
    indices.sort_unstable();
    indices.dedup();
    Some(indices)
}
