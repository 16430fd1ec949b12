//! Writing the output folder.
//!
//! Only a build that succeeded writes anything. The new site is assembled in a temporary sibling
//! folder and swapped in only once every file is there, so neither a failed build nor a failed write
//! (a full disk) leaves a half-written site; `publish` holds the lock, the recovery after a kill
//! and the swap. A file whose bytes did not change is hard-linked from
//! the previous output instead of written again (its modification time stays, so sync tools upload
//! only what changed). guildhall only ever replaces a folder that it created itself (it carries a
//! marker file), so a mistyped `--out` never deletes someone's files.

use std::collections::{BTreeSet, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::config::Compression;

mod file;

pub(crate) use file::{Contents, Origin, OutputFile, SiteFile, gzip, hash_text};

mod publish;
pub(crate) use publish::lock as lock_file;
mod update;

use publish::{Lock, Target};
pub(crate) use update::{Stamp, Update};

/// The file that marks a folder as guildhall's output, safe to replace.
pub(crate) const MARKER: &str = ".guildhall-output";

/// What a write changed, compared with the previous output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    /// Files (precompressed copies included) written because they were new or their bytes changed.
    pub changed: usize,
    /// Files (and copies) kept (hard-linked) because their bytes were already right.
    pub unchanged: usize,
    /// Files of the previous output the build no longer produces.
    pub removed: usize,
}

/// How files are written.
#[derive(Debug, Clone, Default)]
pub(crate) struct WriteOptions {
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

/// A new output being assembled beside the old one. Batches of files are written as they are
/// rendered, so a build never holds the whole site in memory; [`Staging::commit`] swaps the new
/// output in, and dropping it uncommitted (a failed build) removes it, leaving the old one as it was.
pub(crate) struct Staging {
    target: Target,
    dir: PathBuf,
    /// Held until the new output is published or given up.
    _lock: Lock,
    /// The current output, to link unchanged files from.
    old: Option<PathBuf>,
    options: WriteOptions,
    /// Folders made so far, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    /// Every path written, precompressed copies included.
    paths: Mutex<Vec<String>>,
    /// Files (and copies) linked from the old output.
    unchanged: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder next to `out_dir`, after checking that `out_dir` may be
    /// replaced.
    pub(crate) fn begin(out_dir: &Path, options: WriteOptions) -> anyhow::Result<Staging> {
        let target = Target::resolve(out_dir)?;
        check_replaceable(&target)?;
        let lock = target.lock()?;
        target.recover(&lock)?;
        let dir = target.new_staging(&lock)?;
        let out_dir = &target.out_dir;
        Ok(Staging {
            old: out_dir.is_dir().then(|| out_dir.to_path_buf()),
            dir,
            target,
            _lock: lock,
            options,
            folders: Mutex::new(HashSet::new()),
            paths: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Writes a batch of files (in parallel), linking those whose bytes equal the old output's.
    pub(crate) fn write(&self, files: &[OutputFile]) -> anyhow::Result<()> {
        let mut folders: Vec<PathBuf> = files
            .iter()
            .filter_map(|file| Path::new(&file.path).parent().map(|p| self.dir.join(p)))
            .collect();
        folders.sort();
        folders.dedup();
        {
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            for folder in folders {
                if !made.contains(&folder) {
                    std::fs::create_dir_all(&folder)
                        .with_context(|| format!("cannot create {}", folder.display()))?;
                    made.insert(folder);
                }
            }
        }
        let written: Vec<Vec<String>> = files
            .par_iter()
            .map(|file| self.write_one(file))
            .collect::<anyhow::Result<_>>()?;
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.extend(written.into_iter().flatten());
        Ok(())
    }

    /// Writes one file and its precompressed copies; returns the paths written.
    fn write_one(&self, file: &OutputFile) -> anyhow::Result<Vec<String>> {
        let target = self.dir.join(&file.path);
        let bytes = bytes_of(file)?;
        let old = self.old.as_deref();
        let kept = old.is_some_and(|old| {
            let before = old.join(&file.path);
            same_bytes(&before, &bytes) && std::fs::hard_link(&before, &target).is_ok()
        });
        if kept {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            std::fs::write(&target, &bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        let mut paths = vec![file.path.clone()];
        if bytes.len() < COMPRESS_FROM || !compressible(&file.path) {
            return Ok(paths);
        }
        for &compression in &self.options.precompress {
            let name = format!("{}{}", file.path, suffix(compression));
            let copy = self.dir.join(&name);
            // The previous copy is right when the file it compresses did not change.
            let linked =
                kept && old.is_some_and(|old| std::fs::hard_link(old.join(&name), &copy).is_ok());
            if linked {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
            } else {
                std::fs::write(&copy, compress(&bytes, compression))
                    .with_context(|| format!("cannot write {}", copy.display()))?;
            }
            paths.push(name);
        }
        Ok(paths)
    }

    /// Writes the marker and swaps the new output in for the old one.
    pub(crate) fn commit(mut self) -> anyhow::Result<Written> {
        self.committed = true;
        let result = self.swap();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        result
    }

    fn swap(&self) -> anyhow::Result<Written> {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.sort();
        let removed = match &self.old {
            Some(old) => {
                let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
                existing_files(old, &self.target)?
                    .iter()
                    .filter(|p| !wanted.contains(p.as_str()))
                    .count()
            }
            None => 0,
        };
        self.target.publish(&self.dir, &paths)?;
        let total = paths.len();
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        Ok(Written {
            changed: total - unchanged,
            unchanged,
            removed,
        })
    }
}

impl Drop for Staging {
    /// An output that was never committed is removed: the old one stays as it was.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The bytes of an output file, read from its source for a static file.
fn bytes_of(file: &OutputFile) -> anyhow::Result<std::borrow::Cow<'_, [u8]>> {
    Ok(match &file.contents {
        Contents::Bytes(bytes) => bytes.as_slice().into(),
        Contents::Static(Origin::Embedded(bytes)) => (*bytes).into(),
        Contents::Static(Origin::File(source)) => read_regular(source)
            .with_context(|| format!("cannot read {}", source.path().display()))?
            .into(),
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

/// The bytes compressed, deterministically: gzip at level 6 without a timestamp or file name,
/// brotli at quality 9.
pub(crate) fn compress(bytes: &[u8], compression: Compression) -> Vec<u8> {
    match compression {
        Compression::Gzip => gzip(bytes),
        Compression::Brotli => {
            let mut out = Vec::with_capacity(bytes.len() / 3);
            // Quality 9: within a few percent of the best, at about twenty times its speed (the best,
            // 11, takes over a minute for a 10,000-page hub).
            let params = brotli::enc::BrotliEncoderParams {
                quality: 9,
                lgwin: 22,
                size_hint: bytes.len(),
                ..Default::default()
            };
            let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
            out
        }
    }
}

/// The files under `dir` (not the marker, nor the lock and staging folders of an output published
/// in place), as `/`-separated relative paths.
fn existing_files(dir: &Path, target: &Target) -> anyhow::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() > 1 || !target.is_own(&entry.file_name().to_string_lossy())
        });
    for entry in walk {
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

/// Reads a static file of the site, refusing a symbolic link anywhere below its folder, put there
/// since the site was loaded (links inside `static/` are skipped when it is read; one swapped in
/// later, as the file or as a folder on its way, must not be followed either). Each step of the path
/// is opened from the one before it, without following links, so nothing can be swapped in between.
pub(crate) fn read_regular(source: &SiteFile) -> std::io::Result<Vec<u8>> {
    let mut file = open_beneath(&source.dir, &source.relative)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn open_beneath(dir: &Path, relative: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    let mut current = openat(
        CWD,
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let mut components = relative.components().peekable();
    while let Some(component) = components.next() {
        let std::path::Component::Normal(name) = component else {
            return Err(std::io::Error::other("not a path below the folder"));
        };
        let mut flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        if components.peek().is_some() {
            flags |= OFlags::DIRECTORY;
        }
        current = openat(&current, name, flags, Mode::empty())?;
    }
    Ok(std::fs::File::from(current))
}

#[cfg(not(unix))]
fn open_beneath(dir: &Path, relative: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(dir.join(relative))
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
fn check_replaceable(target: &Target) -> anyhow::Result<()> {
    let out_dir = &target.out_dir;
    if !out_dir.exists() {
        return Ok(());
    }
    if !out_dir.is_dir() {
        bail!(
            "the output path {} is a file, not a folder",
            out_dir.display()
        );
    }
    let entries =
        std::fs::read_dir(out_dir).with_context(|| format!("cannot read {}", out_dir.display()))?;
    let mut entries = entries
        .filter_map(Result::ok)
        .filter(|entry| !target.is_own(&entry.file_name().to_string_lossy()));
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

    /// Writes `files` as the new content of `out_dir`, replacing what was there only when everything
    /// was written.
    fn write(
        out_dir: &Path,
        files: &[OutputFile],
        options: &WriteOptions,
    ) -> anyhow::Result<Written> {
        let staging = Staging::begin(out_dir, options.clone())?;
        staging.write(files)?;
        staging.commit()
    }

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
        let mut leftovers: Vec<_> = leftovers.iter().map(|n| n.to_string_lossy()).collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            [".public.guildhall-lock", "public"],
            "no staging folder is left behind"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
