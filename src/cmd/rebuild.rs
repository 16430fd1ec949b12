//! `build` from the cache: when the cache describes the output folder as the last build published
//! it and only files of existing pages changed since, the build renders the files those edits can
//! change (`render::render_update`), the search index from its kept scores and compressed parts,
//! and writes in place only the files whose bytes differ (`output::Update`). Anything else (a
//! changed template, configuration or data file, a page added or removed, another output folder)
//! renders and stages the whole site. Either way the output is the same, byte for byte.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::cache::rebuild::{self, LastBuild};
use crate::cache::state::BuildState;
use crate::cmd::build::{Compiled, RenderedAll, Timings};
use crate::cmd::progress::Progress;
use crate::output::{self, OutputFile, Written};
use crate::render::{self, Shape};
use crate::search;
use crate::site::{self, OutputIndex};

/// The search index's manifest: the one file of the index not named by its content.
const SEARCH_MANIFEST: &str = "search/index.gz";

/// What a build keeps for the build cache while it runs.
pub(crate) struct Kept {
    pub(crate) root: PathBuf,
    pub(crate) state: BuildState,
    /// [`rebuild::inputs_key`] of this build.
    pub(crate) inputs: u128,
    /// [`rebuild::file_hashes`] of this build.
    pub(crate) files: HashMap<String, u128>,
}

impl Kept {
    /// Writes the state for the next build (a cache that cannot be written costs the next build
    /// time, never this one its output).
    pub(crate) fn save(&self, progress: &Progress) {
        let timings = Timings::new(progress);
        progress.stage("writing the build cache");
        if let Err(error) = crate::cache::state::save(&self.root, &self.state) {
            eprintln!("warning: {error:#}");
        }
        timings.lap("write the build cache");
    }
}

/// The files an update in place writes and removes, and what the cache keeps of it.
pub(crate) struct Changes {
    update: output::Update,
    files: Vec<OutputFile>,
    stale: Vec<String>,
    shape: Shape,
    written: OutputIndex,
    search_paths: Vec<String>,
    file_count: usize,
}

/// How a build's output is published.
pub(crate) enum Pending {
    /// In place: only the files that can differ.
    Update(Box<Changes>),
    /// A whole new output, staged beside the old one, and what rendering it found.
    Whole(Box<(output::Staging, Option<RenderedAll>)>),
}

/// Renders only what the edits since the last build can change, when the cache and the output
/// folder allow it; `None` when the whole site must be rendered. Problems are added to
/// `compiled.diagnostics`.
pub(crate) fn render_changes(
    compiled: &mut Compiled,
    kept: &mut Kept,
    out: &Path,
    options: &output::WriteOptions,
    progress: &Progress,
) -> anyhow::Result<Option<Changes>> {
    let (Some(site), Some(theme)) = (&compiled.site, &compiled.theme) else {
        return Ok(None);
    };
    let Some(last) = kept.state.last.take() else {
        return Ok(None);
    };
    if last.inputs != kept.inputs {
        return Ok(None);
    }
    let Some(changed) = rebuild::changed_pages(&last.files, &kept.files, site) else {
        return Ok(None);
    };
    let mut written = OutputIndex::new(site);
    if !written.take(&last.written) {
        return Ok(None);
    }
    let Ok(tera) = render::compile(theme, &site.config.base_url) else {
        return Ok(None);
    };
    let Some(update) = output::Update::begin(out, options.clone(), &last.stamp)? else {
        return Ok(None);
    };
    let timings = Timings::new(progress);
    progress.stage("rendering what changed");
    let Some(Ok((mut files, shape))) =
        render::render_update(&last.shape, site, theme, &tera, &changed)
    else {
        return Ok(None);
    };
    written.add(&files);
    timings.lap_counted(
        "render what changed",
        format!("{} files for {} edited pages", files.len(), changed.len()),
    );
    progress.stage("search index");
    let (index_files, diagnostics) = search::build_with(site, Some(&mut kept.state.search));
    compiled.diagnostics.extend(diagnostics);
    let search_paths: Vec<String> = index_files.iter().map(|f| f.path.clone()).collect();
    let now: HashSet<&str> = search_paths.iter().map(String::as_str).collect();
    let stale: Vec<String> = last
        .search_paths
        .iter()
        .filter(|path| !now.contains(path.as_str()))
        .cloned()
        .collect();
    written.remove(&stale);
    written.add(&index_files);
    // Parts are named by their content: one whose name the last build wrote is right.
    let before: HashSet<&str> = last.search_paths.iter().map(String::as_str).collect();
    let index_count = index_files.len();
    files.extend(
        index_files
            .into_iter()
            .filter(|f| f.path == SEARCH_MANIFEST || !before.contains(f.path.as_str())),
    );
    timings.lap_counted("search index", format!("{index_count} files"));
    let link_diagnostics = site::check_output_links(site, &written);
    compiled.diagnostics.extend(link_diagnostics);
    timings.lap("check links");
    Ok(Some(Changes {
        update,
        files,
        stale,
        shape,
        written,
        search_paths,
        file_count: last.file_count,
    }))
}

impl Pending {
    /// Publishes the output, and notes in `kept` what the next build needs to update it.
    pub(crate) fn publish(
        self,
        compiled: &Compiled,
        out: &Path,
        kept: Option<&mut Kept>,
    ) -> anyhow::Result<Written> {
        match self {
            Pending::Update(changes) => {
                let changes = *changes;
                let (updated, stamp) = changes.update.apply(&changes.files, &changes.stale)?;
                let file_count = changes.file_count + updated.added - updated.removed;
                if let Some(kept) = kept {
                    kept.state.last = Some(LastBuild {
                        inputs: kept.inputs,
                        files: std::mem::take(&mut kept.files),
                        shape: changes.shape,
                        written: changes.written,
                        search_paths: changes.search_paths,
                        file_count,
                        stamp,
                    });
                }
                Ok(Written {
                    changed: updated.written,
                    unchanged: file_count - updated.written,
                    removed: updated.removed,
                })
            }
            Pending::Whole(whole) => {
                let (staging, rendered) = *whole;
                let written = staging.commit()?;
                let (Some(kept), Some(rendered), Some(site), Some(theme)) =
                    (kept, rendered, &compiled.site, &compiled.theme)
                else {
                    return Ok(written);
                };
                let stamp = output::Stamp::of(out);
                kept.state.last = stamp.filter(|_| rendered.clean).map(|stamp| LastBuild {
                    inputs: kept.inputs,
                    files: std::mem::take(&mut kept.files),
                    shape: Shape::of(site, theme),
                    written: rendered.written,
                    search_paths: rendered.search_paths,
                    file_count: written.changed + written.unchanged,
                    stamp,
                });
                Ok(written)
            }
        }
    }

    /// Whether only what changed was rendered.
    pub(crate) fn is_update(&self) -> bool {
        matches!(self, Pending::Update(_))
    }
}
