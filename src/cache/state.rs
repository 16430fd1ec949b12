//! What a build keeps for the next one: the rendered bodies of its pages, what its search index
//! was made of (the scores of every document, the compressed files) and what it published
//! ([`super::rebuild::LastBuild`]), in `<root>/build/state`; the bodies' texts, most of the
//! bytes, are in the file `super::texts` keeps, which a rebuild only appends to.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::texts;
use crate::search;
use crate::site::{StoredBodies, StoredBodiesRead, StoredBodiesRef};

/// Everything [`load`] gives back and [`save`] keeps.
#[derive(Default)]
pub(crate) struct BuildState {
    pub(crate) bodies: StoredBodies,
    pub(crate) search: search::Cache,
    /// What the last build published, when its output can be updated in place.
    pub(crate) last: Option<super::rebuild::LastBuild>,
    /// The texts file the bodies' texts were read from.
    pub(crate) texts: Option<texts::Store>,
}

/// The state as written.
#[derive(Serialize)]
struct HeadRef<'a> {
    bodies: StoredBodiesRef<'a>,
    search: &'a search::Cache,
    last: &'a Option<super::rebuild::LastBuild>,
    texts: texts::Kept,
}

/// [`HeadRef`] as read back.
#[derive(Deserialize)]
struct Head {
    bodies: StoredBodiesRead,
    search: search::Cache,
    last: Option<super::rebuild::LastBuild>,
    texts: texts::Kept,
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
        let head =
            postcard::from_bytes::<Head>(&payload).map_err(|e| format!("unreadable ({e})"))?;
        let store = texts::open(root, &head.texts)?;
        let bodies = StoredBodies::read_back(head.bodies, &store.bytes)
            .ok_or_else(|| "unreadable (a body's text is missing)".to_string())?;
        Ok(BuildState {
            bodies,
            search: head.search,
            last: head.last,
            texts: Some(store),
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
    let texts = state.bodies.texts();
    let (places, kept) = texts::save(root, &texts, state.texts.as_ref())
        .with_context(|| format!("cannot write the texts beside {}", path.display()))?;
    let head = HeadRef {
        bodies: state.bodies.without_texts(&places),
        search: &state.search,
        last: &state.last,
        texts: kept,
    };
    super::write_with(&path, |writer| {
        postcard::to_io(&head, writer)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
    .with_context(|| format!("cannot write {}", path.display()))
}
