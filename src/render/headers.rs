//! The `_headers` file: cache and security headers for static hosts that read one.

use crate::model::Site;

use super::ASSETS_DIR;

/// The `_headers` file of hosts that read one (Netlify, Cloudflare Pages); a site's own
/// `static/_headers` replaces it.
pub const HEADERS_FILE: &str = "/_headers";

/// Cache and security headers. Paths are relative to the output folder, as the host serves it.
/// No two rules that can match one path set the same header (Cloudflare Pages would join them).
pub(super) fn headers_file(site: &Site) -> String {
    const YEAR: &str = "  Cache-Control: public, max-age=31536000, immutable\n";
    let mut text = String::from(
        "# Written by guildhall for static hosts that read _headers (Netlify, Cloudflare Pages).\n\
         # Paths are relative to the output folder. Pages get the host's default (revalidated) caching.\n\
         /*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
    );
    if site.config.site.output.hash_assets {
        text.push_str(&format!(
            "# Stylesheets, scripts and fonts named by their content.\n/{ASSETS_DIR}/*\n{YEAR}"
        ));
    }
    if site.config.site.search.enabled {
        text.push_str("# Search index files named by their content (search/index.gz is not).\n");
        for pattern in ["t/*", "f/*", "p/*", "m/*", "d.*", "x.*", "z.*"] {
            text.push_str(&format!("/search/{pattern}\n{YEAR}"));
        }
    }
    if !site.products.is_empty() {
        text.push_str(
            "# The store's product pages read /products/<sku>.json (guildhall-embed.js).\n\
             /products/*\n  Access-Control-Allow-Origin: *\n",
        );
    }
    text
}
