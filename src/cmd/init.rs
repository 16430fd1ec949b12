//! `guildhall init DIR`: writes a small starter hub that builds at once.

use std::path::Path;

use anyhow::{Context as _, bail};
use include_dir::{Dir, include_dir};

use crate::args::InitArgs;
use crate::cmd::Outcome;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/starter");

/// Runs `guildhall init`. Refuses to touch a folder that already holds a hub, so nothing is overwritten.
pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    let dir = &args.dir;
    for existing in [crate::config::CONFIG_FILE, crate::content::CONTENT_DIR] {
        if dir.join(existing).exists() {
            bail!(
                "{} already has {existing}; guildhall init only creates new hubs and never overwrites files",
                dir.display()
            );
        }
    }
    write_dir(&STARTER, dir)?;
    println!("created a starter hub in {}", dir.display());
    println!("next: guildhall build --root {}", dir.display());
    Ok(Outcome::Success)
}

fn write_dir(source: &Dir<'static>, target: &Path) -> anyhow::Result<()> {
    for entry in source.entries() {
        match entry {
            include_dir::DirEntry::Dir(sub) => write_dir(sub, target)?,
            include_dir::DirEntry::File(file) => {
                let path = target.join(file.path());
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, file.contents())
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    Ok(())
}
