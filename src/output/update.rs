//! Updating a published output in place with the few files a build from the cache rendered again.
//!
//! A build whose cache describes the output folder as the last build published it (the
//! [`Stamp`]: the folder and the identity of its marker file) renders only the files an edit can
//! change, and [`Update::apply`] writes those whose bytes differ over their old versions, each
//! replaced atomically by a rename, then removes the files the build no longer produces. The marker
//! is replaced before the first write and again after the last, so an update that is interrupted
//! leaves a folder no cache describes any more: the next build then writes a whole new output.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use rayon::prelude::*;

use super::publish::{Lock, Target};
use super::{COMPRESS_FROM, MARKER, OutputFile, WriteOptions, compress, compressible, suffix};

/// Which output a build cache describes: the folder, and the marker file the build left in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Stamp {
    dir: String,
    /// The marker's inode, length and modification time (nanoseconds): a new marker is a new file.
    marker: (u64, u64, i128),
}

impl Stamp {
    /// The stamp of the output at `out_dir` as it is now; `None` where it cannot be told.
    pub(crate) fn of(out_dir: &Path) -> Option<Stamp> {
        let target = Target::resolve(out_dir).ok()?;
        stamp_of(&target.out_dir)
    }
}

fn stamp_of(dir: &Path) -> Option<Stamp> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let metadata = std::fs::symlink_metadata(dir.join(MARKER)).ok()?;
        let nanos =
            i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec());
        Some(Stamp {
            dir: dir.to_string_lossy().into_owned(),
            marker: (metadata.ino(), metadata.len(), nanos),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// What [`Update::apply`] did, precompressed copies included.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Updated {
    /// Files written because their bytes changed or they are new.
    pub(crate) written: usize,
    /// Of those, files that did not exist before.
    pub(crate) added: usize,
    /// Files removed.
    pub(crate) removed: usize,
}

/// A published output being updated in place, with the lock held.
pub(crate) struct Update {
    target: Target,
    _lock: Lock,
    options: WriteOptions,
}

impl Update {
    /// The output at `out_dir`, ready to update, when it is still the one `stamp` describes;
    /// `None` otherwise (a whole new output must be written).
    pub(crate) fn begin(
        out_dir: &Path,
        options: WriteOptions,
        stamp: &Stamp,
    ) -> anyhow::Result<Option<Update>> {
        let target = Target::resolve(out_dir)?;
        if stamp_of(&target.out_dir).as_ref() != Some(stamp) {
            return Ok(None);
        }
        let lock = target.lock()?;
        target.recover(&lock)?;
        // Another build may have published while this one waited for the lock.
        if stamp_of(&target.out_dir).as_ref() != Some(stamp) {
            return Ok(None);
        }
        Ok(Some(Update {
            target,
            _lock: lock,
            options,
        }))
    }

    /// Writes `files` where their bytes differ from the output's, removes `stale` (paths of files,
    /// with their precompressed copies), and gives what it did and the output's new stamp.
    pub(crate) fn apply(
        self,
        files: &[OutputFile],
        stale: &[String],
    ) -> anyhow::Result<(Updated, Stamp)> {
        let out_dir = &self.target.out_dir;
        // From here until the last file is written, no cache describes this folder.
        replace_marker(out_dir)?;
        let written = AtomicUsize::new(0);
        let added = AtomicUsize::new(0);
        files
            .par_iter()
            .try_for_each(|file| -> anyhow::Result<()> {
                let bytes = super::bytes_of(file)?;
                // A file that is right has right copies.
                if super::same_bytes(&out_dir.join(&file.path), &bytes) {
                    return Ok(());
                }
                let write = |path: &str, bytes: &[u8]| -> anyhow::Result<()> {
                    if std::fs::symlink_metadata(out_dir.join(path)).is_err() {
                        added.fetch_add(1, Ordering::Relaxed);
                    }
                    write_atomically(out_dir, path, bytes)?;
                    written.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                };
                write(&file.path, &bytes)?;
                if bytes.len() >= COMPRESS_FROM && compressible(&file.path) {
                    for &compression in &self.options.precompress {
                        let name = format!("{}{}", file.path, suffix(compression));
                        write(&name, &compress(&bytes, compression))?;
                    }
                }
                Ok(())
            })?;
        let mut removed = 0;
        for path in stale {
            let copies = self
                .options
                .precompress
                .iter()
                .map(|&c| format!("{path}{}", suffix(c)));
            for name in std::iter::once(path.clone()).chain(copies) {
                let full = out_dir.join(&name);
                if std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_file()) {
                    std::fs::remove_file(&full)
                        .with_context(|| format!("cannot remove {}", full.display()))?;
                    removed += 1;
                }
            }
        }
        replace_marker(out_dir)?;
        let stamp = stamp_of(out_dir).context("cannot read the output's marker")?;
        let updated = Updated {
            written: written.into_inner(),
            added: added.into_inner(),
            removed,
        };
        Ok((updated, stamp))
    }
}

/// Writes `bytes` to `path` below `out_dir` through a temporary file beside it (made as
/// `std::fs::write` makes files, so with the usual permissions), so that a reader sees the old
/// file or the new one.
pub(super) fn write_atomically(out_dir: &Path, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let target = out_dir.join(path);
    let folder = target.parent().unwrap_or(out_dir);
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let temporary = folder.join(format!(
        ".guildhall-write-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.with_context(|| format!("cannot write {}", target.display()))
}

/// Replaces the marker with a new file of the same bytes (a new inode: a new stamp).
fn replace_marker(out_dir: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(out_dir.join(MARKER))
        .with_context(|| format!("cannot read the marker in {}", out_dir.display()))?;
    write_atomically(out_dir, MARKER, &bytes)
}
