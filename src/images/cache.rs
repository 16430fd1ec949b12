//! The content-addressed cache of processed pictures and social cards, a folder given by its root
//! (`.guildhall/cache/images/` under the site by default, `[build] cache_dir`).
//!
//! An entry is a folder `entries/<k2>/<key>/` named by the hash of the source bytes and the
//! settings, holding the made files and `meta.json`; it is written under `tmp/` and renamed into
//! place, so concurrent builds never see half an entry (the second rename loses and is dropped).
//! `stat/<hash>` remembers the key of a file by its path, length and modification time, so a
//! warm build reads no picture at all. Every build marks the entries it used (their `meta.json`
//! gets the build's time); after a build that succeeded, [`Cache::sweep`] removes the entries no
//! build has used since it started and then the oldest ones until the folder is within its cap.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// The file of an entry that holds what is known of it; written last, so its presence means the
/// entry is whole.
const META_FILE: &str = "meta.json";

/// A cache folder opened by one build.
#[derive(Debug)]
pub(crate) struct Cache {
    root: PathBuf,
    /// When the build started: entries marked before it and not since were used by no later build.
    started: SystemTime,
    /// Names the temporary folders of this process apart.
    counter: AtomicU64,
}

/// What a sweep removed and kept.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Swept {
    pub removed: usize,
    pub kept: usize,
    pub kept_bytes: u64,
}

/// The hex BLAKE3 hash of some parts, each length-prefixed so no two lists hash alike.
pub(crate) fn key(parts: &[&[u8]]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().to_hex().to_string()
}

impl Cache {
    /// The cache at `root`; nothing is created until an entry is stored.
    pub(crate) fn open(root: PathBuf) -> Cache {
        Cache {
            root,
            started: SystemTime::now(),
            counter: AtomicU64::new(0),
        }
    }

    /// The folder of an entry, whole or not.
    pub(crate) fn entry_dir(&self, key: &str) -> PathBuf {
        self.root.join("entries").join(&key[..2]).join(key)
    }

    /// The `meta.json` text of a whole entry, marking it used by this build.
    pub(crate) fn lookup(&self, key: &str) -> Option<String> {
        let meta = self.entry_dir(key).join(META_FILE);
        let text = fs::read_to_string(&meta).ok()?;
        mark(&meta);
        Some(text)
    }

    /// Stores an entry: its files, then `meta.json`, under a temporary name, then renamed into
    /// place. When another build stored the same entry first, its copy is kept.
    pub(crate) fn store(
        &self,
        key: &str,
        files: &[(String, Vec<u8>)],
        meta: &str,
    ) -> io::Result<()> {
        let temporary = self.root.join("tmp").join(format!(
            "{key}.{}.{}",
            std::process::id(),
            self.counter.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&temporary)?;
        for (name, bytes) in files {
            fs::write(temporary.join(name), bytes)?;
        }
        fs::write(temporary.join(META_FILE), meta)?;
        let target = self.entry_dir(key);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::rename(&temporary, &target).is_err() {
            // Another build stored it meanwhile (the target is a folder that is not empty).
            fs::remove_dir_all(&temporary)?;
            if !target.join(META_FILE).is_file() {
                return Err(io::Error::other(format!(
                    "cannot store {} in the cache",
                    target.display()
                )));
            }
        }
        // The file system's clock may lag the build's start by a tick.
        mark(&target.join(META_FILE));
        Ok(())
    }

    /// The key remembered for a file with this path, length and modification time, if any.
    pub(crate) fn remembered(&self, stat_key: &str) -> Option<String> {
        let path = self.root.join("stat").join(stat_key);
        let key = fs::read_to_string(&path).ok()?;
        let key = key.trim();
        if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        mark(&path);
        Some(key.to_string())
    }

    /// Remembers the key of a file by its path, length and modification time.
    pub(crate) fn remember(&self, stat_key: &str, key: &str) -> io::Result<()> {
        let folder = self.root.join("stat");
        fs::create_dir_all(&folder)?;
        let temporary = folder.join(format!(
            ".{stat_key}.{}.{}",
            std::process::id(),
            self.counter.fetch_add(1, Ordering::Relaxed)
        ));
        fs::write(&temporary, key)?;
        fs::rename(&temporary, folder.join(stat_key))?;
        mark(&folder.join(stat_key));
        Ok(())
    }

    /// Removes what no build used since this one started, then the least recently used entries
    /// until the entries take at most `limit` bytes. Called after a build that succeeded.
    pub(crate) fn sweep(&self, limit: u64) -> io::Result<Swept> {
        let mut swept = Swept::default();
        let mut kept: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for shard in read_dir(&self.root.join("entries"))? {
            for entry in read_dir(&shard)? {
                let used = fs::metadata(entry.join(META_FILE)).and_then(|m| m.modified());
                match used {
                    Ok(used) if used >= self.started => {
                        kept.push((used, folder_size(&entry), entry));
                    }
                    _ => {
                        remove(&entry)?;
                        swept.removed += 1;
                    }
                }
            }
        }
        for stat in read_dir(&self.root.join("stat"))? {
            let used = fs::metadata(&stat).and_then(|m| m.modified());
            if !matches!(used, Ok(used) if used >= self.started) {
                remove(&stat)?;
            }
        }
        // Temporary folders of builds that were stopped (not of builds still running).
        for temporary in read_dir(&self.root.join("tmp"))? {
            let changed = fs::metadata(&temporary).and_then(|m| m.modified());
            if matches!(changed, Ok(changed) if changed < self.started) {
                remove(&temporary)?;
            }
        }
        kept.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        let mut total = 0u64;
        for (_, size, entry) in kept {
            if total + size > limit && swept.kept > 0 {
                remove(&entry)?;
                swept.removed += 1;
                continue;
            }
            total += size;
            swept.kept += 1;
        }
        swept.kept_bytes = total;
        Ok(swept)
    }
}

/// Marks a file used now (its modification time); a cache on a read-only disk is still read.
fn mark(path: &Path) {
    if let Ok(file) = fs::File::options().append(true).open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// The paths in a folder, sorted; none when it does not exist.
fn read_dir(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    match fs::read_dir(folder) {
        Ok(entries) => {
            for entry in entries {
                paths.push(entry?.path());
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    paths.sort();
    Ok(paths)
}

fn folder_size(folder: &Path) -> u64 {
    read_dir(folder)
        .unwrap_or_default()
        .iter()
        .filter_map(|path| fs::metadata(path).ok())
        .map(|metadata| metadata.len())
        .sum()
}

/// Removes a file or folder that another build may have removed already.
fn remove(path: &Path) -> io::Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}
