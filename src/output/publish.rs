//! Publishing a staged output without ever losing the site.
//!
//! Builds writing the same folder take turns: each holds a lock file beside the output from the
//! moment it prepares its staging folder until it has published or given up, and a second build
//! waits for the first (saying so). Staging folders have a name of their own per build, and
//! carry the marker from the moment they are made, so what a killed build left is recognised, and
//! removed only while the lock is held. Recovery restores before it deletes: when the output is
//! missing because a build was killed between moving the old site aside and moving the new one
//! in, the old site is moved back first.
//!
//! The swap itself exchanges the two folders in one step where the system can (Linux
//! `renameat2(RENAME_EXCHANGE)`), so the output folder exists at every moment; elsewhere it takes
//! two renames, recovered as above. An output that cannot be renamed (a mount point: a web root, a
//! container volume) is published in place: every file is moved over its old version one by one
//! (each replacement atomic), the marker follows, and files the build no longer produces are
//! removed last. An `--out` that is a symbolic link publishes into the folder it points to.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::MARKER;

/// Where an output is published, and how.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The folder published (a symbolic link resolved to the folder it points to).
    pub(crate) out_dir: PathBuf,
    /// The folder that holds the lock, staging folders and leftovers: beside the output, or inside
    /// it when it is published in place.
    pub(crate) home: PathBuf,
    /// What the names of the lock, staging folders and leftovers start with.
    prefix: String,
    /// Whether the output is a mount point, published in place.
    pub(crate) in_place: bool,
    faults: Faults,
}

/// Failures the tests inject through `GUILDHALL_TEST_FAULT` (a comma-separated list), to check that
/// a kill at the worst moment loses nothing. Never set outside the tests.
#[derive(Debug, Clone, Default)]
struct Faults {
    /// Swap with two renames even where one exchange would do.
    two_renames: bool,
    /// Behave as if the output were a mount point that cannot be renamed.
    busy: bool,
    /// Exit at once (as a kill would) between the two renames.
    exit_between_renames: bool,
    /// Exit at once halfway through publishing in place.
    exit_in_place: bool,
}

impl Faults {
    fn from_env() -> Faults {
        let Some(list) = std::env::var_os("GUILDHALL_TEST_FAULT") else {
            return Faults::default();
        };
        let list = list.to_string_lossy();
        let has = |name: &str| list.split(',').any(|item| item.trim() == name);
        Faults {
            two_renames: has("two-renames"),
            busy: has("busy"),
            exit_between_renames: has("exit-between-renames"),
            exit_in_place: has("exit-in-place"),
        }
    }

    /// Ends the process without running any cleanup, as `kill -9` would.
    fn exit_if(&self, armed: bool) {
        if armed {
            std::process::exit(137);
        }
    }
}

/// The lock a build holds while it writes; released when dropped (or when the process dies).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

impl Target {
    /// Where `out_dir` is published: the folder itself, or the one a symbolic link points to.
    pub(crate) fn resolve(out_dir: &Path) -> anyhow::Result<Target> {
        let faults = Faults::from_env();
        let out_dir = follow_link(out_dir)?;
        let name = out_dir
            .file_name()
            .with_context(|| format!("the output folder {} has no name", out_dir.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = match out_dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let in_place = out_dir.is_dir() && (faults.busy || is_mount_point(&out_dir, &parent));
        let (home, prefix) = if in_place {
            (out_dir.clone(), ".guildhall-".to_string())
        } else {
            (parent, format!(".{name}.guildhall-"))
        };
        Ok(Target {
            out_dir,
            home,
            prefix,
            in_place,
            faults,
        })
    }

    /// Takes the lock on the output, waiting (and saying so) while another build holds it.
    pub(crate) fn lock(&self) -> anyhow::Result<Lock> {
        std::fs::create_dir_all(&self.home)
            .with_context(|| format!("cannot create {}", self.home.display()))?;
        let path = self.home.join(format!("{}lock", self.prefix));
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        if !try_lock(&file).with_context(|| format!("cannot lock {}", path.display()))? {
            eprintln!(
                "waiting for another build writing {} to finish (it holds {})",
                self.out_dir.display(),
                path.display()
            );
            lock(&file).with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Ok(Lock { _file: file })
    }

    /// A fresh staging folder, unique to this build, with the marker already in it.
    pub(crate) fn new_staging(&self, _lock: &Lock) -> anyhow::Result<PathBuf> {
        let dir = self.home.join(self.unique("new"));
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        write_marker(&dir)?;
        Ok(dir)
    }

    fn unique(&self, kind: &str) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!("{}{kind}-{}-{nanos}", self.prefix, std::process::id())
    }

    /// Puts back what a killed build left, then removes its leftovers. Only called with the lock
    /// held, so no live build owns them; only folders that carry the marker are touched.
    pub(crate) fn recover(&self, _lock: &Lock) -> anyhow::Result<()> {
        let mut leftovers = self.leftovers()?;
        if !self.in_place && std::fs::symlink_metadata(&self.out_dir).is_err() {
            // The old site was moved aside and the new one never moved in: restore the newest.
            let old = leftovers
                .iter()
                .enumerate()
                .filter(|(_, (kind, _, _))| kind == "old")
                .max_by_key(|(_, (_, _, modified))| *modified)
                .map(|(index, _)| index);
            if let Some(index) = old {
                let (_, path, _) = leftovers.remove(index);
                std::fs::rename(&path, &self.out_dir).with_context(|| {
                    format!(
                        "cannot restore the last good output {} from {}",
                        self.out_dir.display(),
                        path.display()
                    )
                })?;
                eprintln!(
                    "restored the last good output {} (an earlier build was interrupted)",
                    self.out_dir.display()
                );
            }
        }
        for (_, path, _) in leftovers {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot remove the leftover folder {}", path.display()))?;
        }
        // A build killed between making its staging folder and marking it left it empty: an empty
        // folder holds nothing to lose, and `remove_dir` removes nothing else.
        if let Ok(entries) = std::fs::read_dir(&self.home) {
            let staging = format!("{}new", self.prefix);
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&staging) {
                    let _ = std::fs::remove_dir(entry.path());
                }
            }
        }
        Ok(())
    }

    /// Folders left by earlier builds that carry the marker: their kind (`new` or `old`), path and
    /// when their marker was written.
    fn leftovers(&self) -> anyhow::Result<Vec<(String, PathBuf, std::time::SystemTime)>> {
        let mut found = Vec::new();
        let entries = match std::fs::read_dir(&self.home) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", self.home.display()));
            }
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", self.home.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(&self.prefix) else {
                continue;
            };
            let kind = if rest.starts_with("new") {
                "new"
            } else if rest.starts_with("old") {
                "old"
            } else {
                continue;
            };
            let marker = entry.path().join(MARKER);
            let Ok(metadata) = std::fs::symlink_metadata(&marker) else {
                continue;
            };
            if entry.file_type().is_ok_and(|t| t.is_dir()) && metadata.is_file() {
                let modified = metadata.modified().unwrap_or(std::time::UNIX_EPOCH);
                found.push((kind.to_string(), entry.path(), modified));
            }
        }
        found.sort();
        Ok(found)
    }

    /// Whether a name at the top of the output belongs to publishing (the lock, staging folders),
    /// not to the site.
    pub(crate) fn is_own(&self, name: &str) -> bool {
        self.in_place && name.starts_with(&self.prefix)
    }

    /// Publishes the complete folder `staging` (whose files are `paths`) as the output.
    pub(crate) fn publish(&self, staging: &Path, paths: &[String]) -> anyhow::Result<()> {
        let out_dir = &self.out_dir;
        if self.in_place {
            return self.publish_in_place(staging, paths);
        }
        if std::fs::symlink_metadata(out_dir).is_err() {
            return std::fs::rename(staging, out_dir)
                .with_context(|| format!("cannot move the new output into {}", out_dir.display()));
        }
        if self.faults.busy {
            return self.publish_in_place(staging, paths);
        }
        if !self.faults.two_renames {
            match exchange(staging, out_dir) {
                // The staging folder now holds the old site.
                Ok(true) => return remove_old(staging),
                Ok(false) => {}
                Err(error) if cannot_rename(&error) => {
                    return self.publish_in_place(staging, paths);
                }
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!("cannot swap the new output into {}", out_dir.display())
                    });
                }
            }
        }
        let previous = self.home.join(self.unique("old"));
        match std::fs::rename(out_dir, &previous) {
            Ok(()) => {}
            Err(error) if cannot_rename(&error) => return self.publish_in_place(staging, paths),
            Err(error) => {
                return Err(error).with_context(|| {
                    format!("cannot move the old output {} aside", out_dir.display())
                });
            }
        }
        self.faults.exit_if(self.faults.exit_between_renames);
        if let Err(error) = std::fs::rename(staging, out_dir) {
            // Put the last good site back before reporting.
            let _ = std::fs::rename(&previous, out_dir);
            return Err(error)
                .with_context(|| format!("cannot move the new output into {}", out_dir.display()));
        }
        remove_old(&previous)
    }

    /// Moves every file of `staging` over its old version in the output, one at a time, then
    /// writes the marker and only then removes what the build no longer produces.
    fn publish_in_place(&self, staging: &Path, paths: &[String]) -> anyhow::Result<()> {
        let out_dir = &self.out_dir;
        for (done, path) in paths.iter().enumerate() {
            self.faults
                .exit_if(self.faults.exit_in_place && done == paths.len() / 2);
            let target = out_dir.join(path);
            make_parents(out_dir, Path::new(path))?;
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                // A folder where a file must go.
                std::fs::remove_dir_all(&target)
                    .with_context(|| format!("cannot remove {}", target.display()))?;
            }
            std::fs::rename(staging.join(path), &target)
                .with_context(|| format!("cannot publish {}", target.display()))?;
        }
        write_marker(out_dir)?;
        let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
        for stale in super::existing_files(out_dir, self)? {
            if !wanted.contains(stale.as_str()) {
                let path = out_dir.join(&stale);
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        remove_empty_folders(out_dir, self)?;
        remove_old(staging)
    }
}

/// Takes the exclusive lock on `file` if no one holds it; `false` when someone does.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd as _;
    // SAFETY: the descriptor belongs to `file`, which outlives the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    if error.kind() == std::io::ErrorKind::WouldBlock {
        return Ok(false);
    }
    Err(error)
}

/// Waits for the exclusive lock on `file`. It is released when the file is closed, so also when
/// the process dies.
#[cfg(unix)]
pub(crate) fn lock(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd as _;
    loop {
        // SAFETY: as in `try_lock`.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
pub(crate) fn lock(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Writes the marker that says guildhall may replace `dir`: a new file each time (renamed into
/// place), so that the build cache can tell one published output from the next.
pub(crate) fn write_marker(dir: &Path) -> anyhow::Result<()> {
    super::update::write_atomically(
        dir,
        MARKER,
        b"This folder is written by guildhall and replaced on every build.\n",
    )
    .with_context(|| format!("cannot write the marker in {}", dir.display()))
}

fn remove_old(dir: &Path) -> anyhow::Result<()> {
    std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))
}

/// The folder a symbolic link points to, or `path` itself. A link whose folder is missing (a build
/// was interrupted between its renames) gives the path it names, where recovery puts it back.
fn follow_link(path: &Path) -> anyhow::Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    if path.exists() {
        return path
            .canonicalize()
            .with_context(|| format!("cannot resolve the link {}", path.display()));
    }
    let link = std::fs::read_link(path)
        .with_context(|| format!("cannot read the link {}", path.display()))?;
    Ok(path.parent().unwrap_or(Path::new(".")).join(link))
}

/// Whether `dir` is on another file system than its parent (a mount point).
#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(dir), Ok(parent)) => dir.dev() != parent.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path, _parent: &Path) -> bool {
    false
}

/// Errors that say a folder cannot be renamed where it is (a mount point, another file system).
fn cannot_rename(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
    )
}

/// Exchanges two folders in one step. `Ok(false)` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt as _;
    let c_path = |path: &Path| {
        std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Makes the folders above `relative` in `out_dir`, replacing a file where a folder must go.
fn make_parents(out_dir: &Path, relative: &Path) -> anyhow::Result<()> {
    let Some(parent) = relative.parent() else {
        return Ok(());
    };
    let mut folder = out_dir.to_path_buf();
    for component in parent.components() {
        folder.push(component);
        match std::fs::symlink_metadata(&folder) {
            Ok(metadata) if metadata.is_dir() => continue,
            Ok(_) => std::fs::remove_file(&folder)
                .with_context(|| format!("cannot remove {}", folder.display()))?,
            Err(_) => {}
        }
        std::fs::create_dir(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    Ok(())
}

/// Removes folders of the output left empty by removed files, deepest first.
fn remove_empty_folders(out_dir: &Path, target: &Target) -> anyhow::Result<()> {
    let mut folders: Vec<PathBuf> = walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() > 1 || !target.is_own(&entry.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in folders {
        // Only an empty folder can be removed; any other error leaves it.
        let _ = std::fs::remove_dir(&folder);
    }
    Ok(())
}
