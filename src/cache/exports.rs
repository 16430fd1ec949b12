//! The support exports as the last build read and redacted them, in `<root>/build/exports`:
//! reading and redacting tens of thousands of rows takes a good part of a rebuild, and gives the
//! same rows until an export, its columns, the redaction patterns or the catalogue's SKUs change.
//! Only exports read without a problem are kept, so their warnings are never lost.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::faq::export::{self, Exports};
use crate::faq::redact::Redactor;

/// The cache file below the cache's root.
fn file(root: &Path) -> PathBuf {
    root.join("build").join("exports")
}

/// The exports of the site at `site`, from the cache under `cache` when they are the ones kept
/// there, else read (and kept when they read cleanly). `skus` are the catalogue's SKUs the
/// `redactor` was made with.
pub(crate) fn load(
    cache: Option<&Path>,
    site: &Path,
    config: &Config,
    redactor: &Redactor,
    skus: &[String],
) -> (Exports, Diagnostics) {
    let sources = export::read(site, config);
    let key = cache.and_then(|_| key(&sources, config, skus));
    if let (Some(cache), Some(key)) = (cache, key)
        && let Ok(payload) = super::read(&file(cache))
        && let Ok((kept, exports)) = postcard::from_bytes::<(u128, Exports)>(&payload)
        && kept == key
    {
        return (exports, Diagnostics::new());
    }
    let (exports, diagnostics) = export::parse(sources, config, redactor);
    if let (Some(cache), Some(key)) = (cache, key)
        && diagnostics.is_empty()
        && let Ok(payload) = postcard::to_stdvec(&(key, &exports))
    {
        // A cache that cannot be written costs the next build time, never this one its rows.
        let _ = super::write(&file(cache), &payload);
    }
    (exports, diagnostics)
}

/// A hash of everything the rows depend on: the files and their bytes, the settings of `[faq]`
/// that read them and the SKUs; `None` when a file cannot be read (parsing reports it).
fn key(sources: &export::Sources, config: &Config, skus: &[String]) -> Option<u128> {
    let files = sources.readable()?;
    let faq = &config.site.faq;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let columns = &faq.columns;
    let column = |c: &Option<toml::Spanned<String>>| c.as_ref().map(|c| c.get_ref().clone());
    let settings = format!(
        "{:?}|{:?}|{:?}|{skus:?}",
        faq.exports.iter().map(|p| p.get_ref()).collect::<Vec<_>>(),
        faq.redact.iter().map(|p| p.get_ref()).collect::<Vec<_>>(),
        [
            Some(columns.question.get_ref().clone()),
            column(&columns.topic),
            column(&columns.count),
            column(&columns.date),
            column(&columns.answer),
        ],
    );
    hasher.update(settings.as_bytes());
    for (rel, bytes) in files {
        hasher.update(rel.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    Some(hasher.digest128())
}
