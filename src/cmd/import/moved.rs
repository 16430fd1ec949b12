//! Files beside the source's pages that no bundle holds: they move to `static/`, and the
//! Markdown links and pictures that reached them by a relative path reach them from the site's
//! root instead, whatever folder their page moved to.

use std::collections::BTreeSet;

use super::ImportFormat;
use super::sources::Inventory;

/// A Markdown link or picture to a relative path: `](../pictures/a.svg)`.
static FILE_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\]\(([^)\s#?:/][^)\s#?:]*)([#?][^)\s]*)?\)").expect("a valid pattern")
});

/// The files below the content folder that are not pages and that no bundle `claimed`: they are
/// copied to `static/` under the same path (Jekyll's are not copied).
pub(super) fn moved_files<'a>(
    format: ImportFormat,
    inventory: &'a Inventory,
    claimed: &BTreeSet<&str>,
) -> BTreeSet<&'a str> {
    inventory
        .others
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| !claimed.contains(rel) && format != ImportFormat::Jekyll)
        .collect()
}

/// `text` of a page from `source_dir` with its relative links to `moved` files as site paths.
pub(super) fn relink(text: &str, source_dir: &str, moved: &BTreeSet<&str>) -> String {
    FILE_LINK
        .replace_all(text, |captures: &regex::Captures| {
            let wanted = super::plan::normalize(&format!("{source_dir}/{}", &captures[1]));
            let rest = captures.get(2).map_or("", |r| r.as_str());
            if moved.contains(wanted.as_str()) {
                format!("](/{wanted}{rest})")
            } else {
                captures[0].to_string()
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_to_moved_files_become_site_paths() {
        let moved: BTreeSet<&str> = ["pictures/a.svg"].into_iter().collect();
        assert_eq!(
            relink("![A](../pictures/a.svg) [b](b.pdf)", "docs", &moved),
            "![A](/pictures/a.svg) [b](b.pdf)"
        );
        assert_eq!(
            relink("[A](pictures/a.svg#top)", "", &moved),
            "[A](/pictures/a.svg#top)"
        );
    }
}
