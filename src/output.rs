//! Writing the output folder.
//!
//! Only a build that succeeded writes anything. The output folder is then brought up to date in
//! place: a file whose bytes did not change is left alone (so its modification time stays, and sync
//! tools upload only what changed), a changed or new file is written beside its target and renamed
//! over it (so no reader ever sees half a file), and files the build no longer produces are removed.
//! guildhall only ever touches a folder that it created itself (it carries a marker file), so a
//! mistyped `--out` never deletes someone's files.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::render::{Contents, Origin, OutputFile};

/// The file that marks a folder as guildhall's output, safe to replace.
pub const MARKER: &str = ".guildhall-output";

/// The suffix of a file being written, before it is renamed into place.
const PARTIAL: &str = ".guildhall-partial";

/// What a write changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written because they were new or their bytes changed.
    pub changed: usize,
    /// Files left alone because their bytes were already right.
    pub unchanged: usize,
    /// Files removed because the build no longer produces them.
    pub removed: usize,
}

/// Brings `out_dir` up to date with `files`.
pub fn write(out_dir: &Path, files: &[OutputFile]) -> anyhow::Result<Written> {
    check_replaceable(out_dir)?;
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    // The marker goes first, so an interrupted first build can be finished by the next one.
    std::fs::write(
        out_dir.join(MARKER),
        "This folder is written by guildhall and updated on every build.\n",
    )
    .with_context(|| format!("cannot write the marker in {}", out_dir.display()))?;
    let existing = existing_files(out_dir)?;
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();

    // Folders the new files need; a file standing where a folder must go is removed.
    let mut folders: Vec<&Path> = files
        .iter()
        .filter_map(|file| Path::new(&file.path).parent())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        let mut path = out_dir.to_path_buf();
        for part in folder.components() {
            path.push(part);
            if path.is_file() || path.is_symlink() {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        std::fs::create_dir_all(out_dir.join(folder))
            .with_context(|| format!("cannot create {}", out_dir.join(folder).display()))?;
    }

    let changed = AtomicUsize::new(0);
    files.par_iter().try_for_each(|file| {
        let target = out_dir.join(&file.path);
        if write_if_changed(&target, &file.contents)
            .with_context(|| format!("cannot write {}", target.display()))?
        {
            changed.fetch_add(1, Ordering::Relaxed);
        }
        anyhow::Ok(())
    })?;

    let mut removed = 0;
    let mut emptied = BTreeSet::new();
    for stale in existing.iter().filter(|p| !wanted.contains(p.as_str())) {
        let path = out_dir.join(stale);
        if path.is_file() || path.is_symlink() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            removed += 1;
            if let Some(parent) = Path::new(stale).parent() {
                emptied.insert(parent.to_path_buf());
            }
        }
    }
    remove_empty_folders(out_dir, emptied)?;
    let changed = changed.into_inner();
    Ok(Written {
        changed,
        unchanged: files.len() - changed,
        removed,
    })
}

/// The files under `dir` (not the marker), as `/`-separated relative paths.
fn existing_files(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let relative = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if relative != MARKER {
            found.insert(relative);
        }
    }
    Ok(found)
}

/// Writes `contents` to `target` unless it already holds exactly those bytes; true when written.
fn write_if_changed(target: &Path, contents: &Contents) -> std::io::Result<bool> {
    let bytes: std::borrow::Cow<'_, [u8]> = match contents {
        Contents::Bytes(bytes) => bytes.as_slice().into(),
        Contents::Static(Origin::Embedded(bytes)) => (*bytes).into(),
        Contents::Static(Origin::File(source)) => std::fs::read(source)?.into(),
    };
    if same_bytes(target, &bytes)? {
        return Ok(false);
    }
    if target.is_dir() && !target.is_symlink() {
        std::fs::remove_dir_all(target)?;
    }
    let mut partial = target.as_os_str().to_owned();
    partial.push(PARTIAL);
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, &bytes)?;
    std::fs::rename(&partial, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    Ok(true)
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return Ok(false);
    };
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut existing = Vec::with_capacity(bytes.len());
    std::fs::File::open(path)?.read_to_end(&mut existing)?;
    Ok(existing == bytes)
}

/// Removes the folders in `candidates` (relative to `dir`) and their parents when removed files left
/// them empty, deepest first.
fn remove_empty_folders(dir: &Path, candidates: BTreeSet<PathBuf>) -> anyhow::Result<()> {
    let mut all = BTreeSet::new();
    for folder in candidates {
        let mut current = folder.as_path();
        while !current.as_os_str().is_empty() {
            all.insert(current.to_path_buf());
            current = current.parent().unwrap_or(Path::new(""));
        }
    }
    // Deeper folders sort after their parents; remove them first.
    for folder in all.iter().rev() {
        let path = dir.join(folder);
        if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
            std::fs::remove_dir(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Refuses to replace a folder that has files but no marker: it was not written by guildhall.
fn check_replaceable(out_dir: &Path) -> anyhow::Result<()> {
    if !out_dir.exists() {
        return Ok(());
    }
    if !out_dir.is_dir() {
        bail!(
            "the output path {} is a file, not a folder",
            out_dir.display()
        );
    }
    let mut entries =
        std::fs::read_dir(out_dir).with_context(|| format!("cannot read {}", out_dir.display()))?;
    if entries.next().is_none() || out_dir.join(MARKER).is_file() {
        return Ok(());
    }
    bail!(
        "{} already holds files that guildhall did not write; refusing to replace it (choose an empty or new folder with --out, or delete it yourself)",
        out_dir.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("guildhall-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn updates_its_own_output_and_refuses_foreign_folders() {
        let dir = temp_dir("replace");
        let out = dir.join("public");
        write(&out, &[file("a/index.html", "one")]).unwrap();
        let written = write(&out, &[file("b.txt", "two")]).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "the emptied folder is removed");
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");

        let foreign = dir.join("documents");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
        assert!(write(&foreign, &[file("x", "y")]).is_err());
        assert_eq!(
            std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "keep me"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn leaves_unchanged_files_alone_and_rewrites_changed_ones() {
        let dir = temp_dir("unchanged");
        let out = dir.join("public");
        let files = [file("a/index.html", "same"), file("b.txt", "old")];
        write(&out, &files).unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["a/index.html", "b.txt"] {
            std::fs::File::options()
                .write(true)
                .open(out.join(name))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let written = write(&out, &[file("a/index.html", "same"), file("b.txt", "new")]).unwrap();
        assert_eq!((written.changed, written.unchanged), (1, 1));
        let modified = |name: &str| {
            std::fs::metadata(out.join(name))
                .unwrap()
                .modified()
                .unwrap()
        };
        assert_eq!(modified("a/index.html"), old);
        assert_ne!(modified("b.txt"), old);
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "new");
        // A file where a folder must go, and a folder where a file must go, are replaced.
        write(
            &out,
            &[
                file("a", "now a file"),
                file("b.txt/index.html", "now a folder"),
            ],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a")).unwrap(),
            "now a file"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("b.txt/index.html")).unwrap(),
            "now a folder"
        );
        let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(PARTIAL))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
