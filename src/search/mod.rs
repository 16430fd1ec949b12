//! Search: a prebuilt index written next to the pages, queried in the browser by a small script
//! (`themes/default/static/guildhall-search.js`) with no server and no WebAssembly.
//!
//! [`build_with`] is pure: the resolved [`Site`] in, the index files out. [`documents`] picks what is
//! indexed (pages, products, topic hubs; FAQ customer phrasings as a boosted field that is never
//! shown), [`text`] turns text into terms exactly as the client does, [`index`] scores every
//! posting, and [`files`] cuts the index into gzip files named by content hash; `stored` keeps the
//! [`Cache`] compact in the build cache.

pub mod documents;
pub mod files;
pub mod index;
mod stored;
pub mod text;

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Contents, OutputFile};

/// What `serve` (and the build cache, on disk) keeps of one index build for the next: the scores
/// of every document and the compressed files, so that after an edit only what changed is analysed
/// and compressed again.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Cache {
    scores: index::Scores,
    compressed: files::Compressed,
}

/// The index files of `site` (none when `[search] enabled = false`), sorted by path, reusing and
/// then updating `cache`; the files are the same as without it.
pub fn build_with(site: &Site, mut cache: Option<&mut Cache>) -> (Vec<OutputFile>, Diagnostics) {
    let config = &site.config.site.search;
    let mut diagnostics = Diagnostics::new();
    if !config.enabled {
        return (Vec::new(), diagnostics);
    }
    let analyzer = text::Analyzer::new(&site.config.site.language);
    let mut synonyms = Vec::new();
    for group in &config.synonyms {
        let mut members = Vec::new();
        for member in group {
            let terms = analyzer.terms(member.get_ref());
            if terms.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        &site.config.text,
                        member.span(),
                        format!("the synonym `{}` has no searchable word", member.get_ref()),
                    )
                    .with_hint("common words like \"the\" or \"how\" are not indexed; remove it"),
                );
            } else {
                members.push(terms);
            }
        }
        if members.len() > 1 {
            synonyms.push(members);
        }
    }
    let documents = documents::collect(site);
    let index = index::build(
        &documents,
        &analyzer,
        &synonyms,
        cache.as_deref_mut().map(|c| &mut c.scores),
    );
    let layout = if config.packed {
        files::Layout::PACKED
    } else {
        files::Layout::DEFAULT
    };
    let files = files::write(
        &documents,
        &index,
        analyzer.stems(),
        site,
        &layout,
        cache.map(|c| &mut c.compressed),
    )
    .into_iter()
    .map(|(path, bytes)| OutputFile {
        path,
        contents: Contents::Bytes(bytes),
    })
    .collect();
    (files, diagnostics)
}
