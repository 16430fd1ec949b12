//! What a build keeps for the next one: the rendered bodies of its pages, what its search index
//! was made of (the scores of every document, the compressed files) and what it published
//! ([`super::rebuild::LastBuild`]), in `<root>/build/state`.
//!
//! The file holds the state without the bodies' texts, then the texts one after the other: they
//! are most of its bytes, and a build takes them as ranges of the bytes read, copying none.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::markdown::SharedBytes;
use crate::search;
use crate::site::{StoredBodies, StoredBodiesRead, StoredBodiesRef};

/// Everything [`load`] gives back and [`save`] keeps.
#[derive(Default)]
pub(crate) struct BuildState {
    pub(crate) bodies: StoredBodies,
    pub(crate) search: search::Cache,
    /// What the last build published, when its output can be updated in place.
    pub(crate) last: Option<super::rebuild::LastBuild>,
}

/// The state as written, before the texts.
#[derive(Serialize)]
struct HeadRef<'a> {
    bodies: StoredBodiesRef<'a>,
    search: &'a search::Cache,
    last: &'a Option<super::rebuild::LastBuild>,
}

/// [`HeadRef`] as read back.
#[derive(Deserialize)]
struct Head {
    bodies: StoredBodiesRead,
    search: search::Cache,
    last: Option<super::rebuild::LastBuild>,
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
        let bytes: SharedBytes = Arc::new(payload);
        let all = (*bytes).as_ref();
        let (head, texts) =
            postcard::take_from_bytes::<Head>(all).map_err(|e| format!("unreadable ({e})"))?;
        let bodies = StoredBodies::read_back(head.bodies, &bytes, all.len() - texts.len())
            .ok_or_else(|| "unreadable (a body's text is missing)".to_string())?;
        Ok(BuildState {
            bodies,
            search: head.search,
            last: head.last,
        })
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
        let head = HeadRef {
            bodies: state.bodies.without_texts(),
            search: &state.search,
            last: &state.last,
        };
        postcard::to_io(&head, &mut *writer).map_err(std::io::Error::other)?;
        for text in state.bodies.texts() {
            writer.write_all(text.as_bytes())?;
        }
        Ok(())
    })
    .with_context(|| format!("cannot write {}", path.display()))
}
