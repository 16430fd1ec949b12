//! What a build keeps for the next one: the rendered bodies of its pages, what its search index
//! was made of (the scores of every document, the compressed files) and what it published
//! ([`super::rebuild::LastBuild`]), in `<root>/build/state`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::search;
use crate::site::StoredBodies;

/// Everything [`load`] gives back and [`save`] keeps.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct BuildState {
    pub(crate) bodies: StoredBodies,
    pub(crate) search: search::Cache,
    /// What the last build published, when its output can be updated in place.
    pub(crate) last: Option<super::rebuild::LastBuild>,
}

/// The file of the build state below the cache's root.
fn file(root: &Path) -> PathBuf {
    root.join("build").join("state")
}

/// The state the last build left under `root`; an empty one, with the reason, when there is none
/// to trust.
pub(crate) fn load(root: &Path) -> (BuildState, Option<String>) {
    let path = file(root);
    if !path.exists() {
        return (BuildState::default(), None);
    }
    let state = super::read(&path).and_then(|payload| {
        postcard::from_bytes::<BuildState>(&payload).map_err(|e| format!("unreadable ({e})"))
    });
    match state {
        Ok(state) => (state, None),
        Err(reason) => (
            BuildState::default(),
            Some(format!(
                "ignored the build cache {}: {reason}",
                path.display()
            )),
        ),
    }
}

/// Keeps `state` under `root` for the next build.
pub(crate) fn save(root: &Path, state: &BuildState) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let path = file(root);
    super::write_with(&path, |writer| {
        postcard::to_io(state, writer)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
    .with_context(|| format!("cannot write {}", path.display()))
}
