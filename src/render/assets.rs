//! The files of `content/` that the model publishes ([`Site::assets`]), copied to their site
//! paths; one that lands where the site already writes a file is reported, never written over it.

use std::collections::HashMap;

use super::reserve::Placed;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Contents, OutputFile};

/// The output files of the published files of `content/`, placed in `placed`.
pub(super) fn files<T>(
    site: &Site,
    pictures: &crate::images::Pictures,
    generated: &HashMap<String, T>,
    placed: &mut Placed,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(site.assets.len());
    for asset in &site.assets {
        let path = asset.url.trim_start_matches('/').to_string();
        if let Some(reason) = crate::site::unwritable(&path) {
            diagnostics.push(Diagnostic::file_error(
                format!("content/{}", asset.rel_path),
                format!("this file cannot be published: {reason}"),
            ));
            continue;
        }
        if generated.contains_key(&path) || placed.has_file(&path) {
            diagnostics.push(
                Diagnostic::file_error(
                    format!("content/{}", asset.rel_path),
                    format!("this file would be published at `{}`, where the site already writes a page or a static file", asset.url),
                )
                .with_hint("rename the file, or move it into another folder"),
            );
            continue;
        }
        placed.insert(&path);
        // A picture is published upright and without its metadata, an SVG sanitised.
        let contents = pictures
            .original(&asset.url)
            .unwrap_or_else(|| Contents::Static(asset.origin.clone()));
        files.push(OutputFile { path, contents });
    }
    files
}
