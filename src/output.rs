//! Writing the output folder.
//!
//! The site is written to a temporary sibling folder and swapped in only once every file is written,
//! so a failed build leaves the last good site untouched. guildhall only ever replaces a folder that it
//! created itself (it carries a marker file), so a mistyped `--out` never deletes someone's files.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::render::{Contents, Origin, OutputFile};

/// The file that marks a folder as guildhall's output, safe to replace.
pub const MARKER: &str = ".guildhall-output";

/// Writes `files` into `out_dir`, replacing what was there only when everything was written.
pub fn write(out_dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
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
    let written = write_all(&staging, files);
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
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

fn write_all(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
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
    files.par_iter().try_for_each(|file| {
        let target = dir.join(&file.path);
        let result = match &file.contents {
            Contents::Bytes(bytes) => std::fs::write(&target, bytes),
            Contents::Static(Origin::Embedded(bytes)) => std::fs::write(&target, bytes),
            Contents::Static(Origin::File(source)) => std::fs::copy(source, &target).map(|_| ()),
        };
        result.with_context(|| format!("cannot write {}", target.display()))
    })?;
    std::fs::write(
        dir.join(MARKER),
        "This folder is written by guildhall and replaced on every build.\n",
    )
    .with_context(|| format!("cannot write the marker in {}", dir.display()))
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

    #[test]
    fn replaces_its_own_output_and_refuses_foreign_folders() {
        let dir =
            std::env::temp_dir().join(format!("guildhall-output-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("public");
        write(&out, &[file("a/index.html", "one")]).unwrap();
        write(&out, &[file("b.txt", "two")]).unwrap();
        assert!(!out.join("a/index.html").exists());
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
}
