//! The files a page refers to besides other pages: pictures and documents kept beside the Markdown
//! under `content/` (published next to the page), and the links to site paths that can only be
//! checked once every output file is known.
//!
//! This is the one place that says which file of `content/` is published where. The passes of
//! `site::assets` fill it; render copies [`Site::assets`](super::Site::assets) and any later stage
//! that turns pictures into other files (variants, sizes) starts from the same list.

use crate::diag::Location;
use crate::output::Origin;

/// The file name that makes a folder a page bundle: `content/guides/socks/index.md` is the page
/// `/guides/socks/`, and the other files of `content/guides/socks/` are its own.
pub const BUNDLE_INDEX: &str = "index.md";

/// A file of `content/` that is not Markdown, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The path under `content/`: `guides/socks/heel.png`.
    pub rel_path: String,
    /// The site path it is published at, without the base path: `/guides/socks/heel.png`.
    pub url: String,
    /// Where its bytes are copied from.
    pub origin: Origin,
    /// The page bundle it belongs to (the bundle's `index.md`, under `content/`), if any.
    pub bundle: Option<String>,
    /// The pages and lists (paths under `content/`) that refer to it, sorted.
    pub referenced_by: Vec<String>,
}

/// A link or source naming a site path (`/start-here/#welcome`, or a relative link that is not
/// a file of `content/`), checked against the files the build writes.
#[derive(Debug, Clone)]
pub struct OutputLink {
    /// The file it is written in: `content/guides/a.md`.
    pub source: std::path::PathBuf,
    pub location: Location,
    /// The destination as written.
    pub written: String,
    /// The site path it leads to, percent-decoded, without the base path, query or fragment.
    pub path: String,
    /// The fragment, percent-decoded, when there is one.
    pub fragment: Option<String>,
}

/// The folder whose list a content file belongs to: its own folder, or for a bundle's
/// `index.md` the folder above (`guides/socks/index.md` is a page of `guides`).
pub fn list_folder(rel_path: &str) -> &str {
    let dir = rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    if is_bundle_index(rel_path) {
        dir.rsplit_once('/').map_or("", |(parent, _)| parent)
    } else {
        dir
    }
}

/// Whether a content file is the page of a bundle (`index.md` in a folder below `content/`).
pub fn is_bundle_index(rel_path: &str) -> bool {
    rel_path
        .rsplit_once('/')
        .is_some_and(|(_, name)| name == BUNDLE_INDEX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_belongs_to_the_folder_above_it() {
        assert_eq!(list_folder("guides/socks/index.md"), "guides");
        assert_eq!(list_folder("guides/a.md"), "guides");
        assert_eq!(list_folder("about/index.md"), "");
        assert_eq!(list_folder("index.md"), "");
        assert!(!is_bundle_index("index.md"));
        assert!(is_bundle_index("a/b/index.md"));
    }
}
