//! The files a site publishes as they are: the theme's and the site's `static/` files (with their
//! content-hashed copies) and the icons made from the favicon, each where no page goes.

use std::collections::HashMap;

use super::{Theme, reserve};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Contents, OutputFile};

/// The theme's and the site's static files and the icons made from the favicon, where no page
/// goes (a static file at a page's path is reported; the page wins).
pub(super) fn files(
    site: &Site,
    theme: &Theme,
    generated: &HashMap<String, usize>,
    placed: &mut reserve::Placed,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(theme.static_files.len() + theme.hashed.len());
    // The icons made from the favicon, unless the site ships its own file of that name.
    for (site_path, bytes) in &theme.icons {
        let path = site_path.trim_start_matches('/').to_string();
        let site_own = theme
            .static_files
            .get(site_path)
            .is_some_and(|origin| !matches!(origin, crate::output::Origin::Embedded(_)));
        if site_own || generated.contains_key(&path) {
            continue;
        }
        placed.insert(&path);
        files.push(OutputFile {
            path,
            contents: Contents::Bytes(bytes.clone()),
        });
    }
    for (site_path, origin) in &theme.static_files {
        if site.withheld_files.contains(site_path)
            || (theme.icons.contains_key(site_path)
                && matches!(origin, crate::output::Origin::Embedded(_)))
        {
            continue;
        }
        let path = site_path.trim_start_matches('/').to_string();
        if generated.contains_key(&path) {
            diagnostics.push(
                Diagnostic::file_error(
                    format!("static{site_path}"),
                    format!("`{path}` is also a page of the site; the page wins"),
                )
                .with_hint("rename or remove the static file"),
            );
            continue;
        }
        if let Some(hashed) = theme.hashed.get(site_path) {
            let hashed = hashed.trim_start_matches('/').to_string();
            placed.insert(&hashed);
            files.push(OutputFile {
                path: hashed,
                contents: Contents::Static(origin.clone()),
            });
        }
        placed.insert(&path);
        let contents = theme
            .pictures
            .original(site_path)
            .unwrap_or_else(|| Contents::Static(origin.clone()));
        files.push(OutputFile { path, contents });
    }
    files
}
