//! Writing the output folder.
//!
//! Only a build that succeeded writes anything. The new site is assembled in a temporary sibling
//! folder and swapped in only once every file is there, so neither a failed build nor a failed write
//! (a full disk) leaves a half-written site. A file whose bytes did not change is hard-linked from
//! the previous output instead of written again (its modification time stays, so sync tools upload
//! only what changed). guildhall only ever replaces a folder that it created itself (it carries a
//! marker file), so a mistyped `--out` never deletes someone's files.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::config::Compression;
use crate::render::{Contents, Origin, OutputFile};

/// The file that marks a folder as guildhall's output, safe to replace.
pub const MARKER: &str = ".guildhall-output";

/// What a write changed, compared with the previous output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written because they were new or their bytes changed.
    pub changed: usize,
    /// Files kept (hard-linked) because their bytes were already right.
    pub unchanged: usize,
    /// Files of the previous output the build no longer produces.
    pub removed: usize,
}

/// How files are written.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Precompressed copies to write beside each text file (`page.html.gz`, `page.html.br`).
    pub precompress: Vec<Compression>,
}

/// Text files worth precompressing, by extension.
const COMPRESSIBLE: [&str; 11] = [
    "html",
    "css",
    "js",
    "mjs",
    "json",
    "xml",
    "svg",
    "txt",
    "ics",
    "webmanifest",
    "map",
];
/// Files smaller than this gain nothing from compression (a response header costs as much).
const COMPRESS_FROM: usize = 512;

/// Writes `files` as the new content of `out_dir`, replacing what was there only when everything
/// was written.
pub fn write(
    out_dir: &Path,
    files: &[OutputFile],
    options: &WriteOptions,
) -> anyhow::Result<Written> {
    let name = out_dir
        .file_name()
        .with_context(|| format!("the output folder {} has no name", out_dir.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match out_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check_replaceable(out_dir)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.guildhall-new"));
    let previous = parent.join(format!(".{name}.guildhall-old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).with_context(|| {
                format!("cannot remove the leftover folder {}", leftover.display())
            })?;
        }
    }
    std::fs::create_dir(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let old = out_dir.is_dir().then_some(out_dir);
    let written = match write_all(&staging, old, files, options) {
        Ok(written) => written,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    let removed = match old {
        Some(old) => {
            let mut wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
            for file in files.iter().filter(|f| compressible(&f.path)) {
                for compression in &options.precompress {
                    wanted.insert(format!("{}{}", file.path, suffix(*compression)));
                }
            }
            existing_files(old)?
                .iter()
                .filter(|p| !wanted.contains(p.as_str()))
                .count()
        }
        None => 0,
    };
    if out_dir.exists() {
        std::fs::rename(out_dir, &previous)
            .with_context(|| format!("cannot move the old output {} aside", out_dir.display()))?;
    }
    if let Err(error) = std::fs::rename(&staging, out_dir) {
        // Put the last good site back before reporting.
        let _ = std::fs::rename(&previous, out_dir);
        return Err(error)
            .with_context(|| format!("cannot move the new output into {}", out_dir.display()));
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous)
            .with_context(|| format!("cannot remove {}", previous.display()))?;
    }
    Ok(Written { removed, ..written })
}

/// Writes every file into the empty folder `dir`, linking those whose bytes equal the file of the
/// same path in `old`.
fn write_all(
    dir: &Path,
    old: Option<&Path>,
    files: &[OutputFile],
    options: &WriteOptions,
) -> anyhow::Result<Written> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|file| Path::new(&file.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let unchanged = AtomicUsize::new(0);
    let compressed = AtomicUsize::new(0);
    files
        .par_iter()
        .try_for_each(|file| -> anyhow::Result<()> {
            let target = dir.join(&file.path);
            let bytes: std::borrow::Cow<'_, [u8]> = match &file.contents {
                Contents::Bytes(bytes) => bytes.as_slice().into(),
                Contents::Static(Origin::Embedded(bytes)) => (*bytes).into(),
                Contents::Static(Origin::File(source)) => std::fs::read(source)
                    .with_context(|| format!("cannot read {}", source.display()))?
                    .into(),
            };
            let kept = old.is_some_and(|old| {
                let before = old.join(&file.path);
                same_bytes(&before, &bytes) && std::fs::hard_link(&before, &target).is_ok()
            });
            if kept {
                unchanged.fetch_add(1, Ordering::Relaxed);
            } else {
                std::fs::write(&target, &bytes)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            if bytes.len() < COMPRESS_FROM || !compressible(&file.path) {
                return Ok(());
            }
            for &compression in &options.precompress {
                let name = format!("{}{}", file.path, suffix(compression));
                let copy = dir.join(&name);
                // The previous copy is right when the file it compresses did not change.
                if kept && old.is_some_and(|old| std::fs::hard_link(old.join(&name), &copy).is_ok())
                {
                    continue;
                }
                std::fs::write(&copy, compress(&bytes, compression))
                    .with_context(|| format!("cannot write {}", copy.display()))?;
                compressed.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })?;
    std::fs::write(
        dir.join(MARKER),
        "This folder is written by guildhall and replaced on every build.\n",
    )
    .with_context(|| format!("cannot write the marker in {}", dir.display()))?;
    let unchanged = unchanged.into_inner();
    Ok(Written {
        changed: files.len() - unchanged + compressed.into_inner(),
        unchanged,
        removed: 0,
    })
}

fn compressible(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, extension)| COMPRESSIBLE.contains(&extension))
}

fn suffix(compression: Compression) -> &'static str {
    match compression {
        Compression::Gzip => ".gz",
        Compression::Brotli => ".br",
    }
}

/// The bytes compressed, deterministically: gzip at level 9 without a timestamp or file name,
/// brotli at its best quality.
pub fn compress(bytes: &[u8], compression: Compression) -> Vec<u8> {
    use std::io::Write as _;
    match compression {
        Compression::Gzip => {
            let mut encoder = flate2::GzBuilder::new()
                .mtime(0)
                .write(Vec::new(), flate2::Compression::best());
            // Writing to memory cannot fail.
            let _ = encoder.write_all(bytes);
            encoder.finish().unwrap_or_default()
        }
        Compression::Brotli => {
            let mut out = Vec::with_capacity(bytes.len() / 3);
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                size_hint: bytes.len(),
                ..Default::default()
            };
            let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
            out
        }
    }
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

/// Whether `path` is a regular file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return false;
    }
    let mut existing = Vec::with_capacity(bytes.len());
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut existing))
        .is_ok()
        && existing == bytes
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
        write(
            &out,
            &[file("a/index.html", "one")],
            &WriteOptions::default(),
        )
        .unwrap();
        let written = write(&out, &[file("b.txt", "two")], &WriteOptions::default()).unwrap();
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
        assert!(write(&foreign, &[file("x", "y")], &WriteOptions::default()).is_err());
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
        write(&out, &files, &WriteOptions::default()).unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["a/index.html", "b.txt"] {
            std::fs::File::options()
                .write(true)
                .open(out.join(name))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let written = write(
            &out,
            &[file("a/index.html", "same"), file("b.txt", "new")],
            &WriteOptions::default(),
        )
        .unwrap();
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
            &WriteOptions::default(),
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
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"], "no staging folder is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
