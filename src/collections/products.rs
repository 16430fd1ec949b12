//! Products, from `data/products.toml`, and the store links that point to them.
//!
//! Every link to the store's host gets UTM tags exactly once; links to other hosts are never touched.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{check_image, is_slug};
use crate::config::{UtmConfig, toml_diagnostic, url_host};
use crate::content::SourceFile;
use crate::diag::Diagnostic;

/// Whether a product is still sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Discontinued,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductsFile {
    #[serde(default)]
    products: Vec<ProductConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductConfig {
    sku: Spanned<String>,
    name: String,
    url: Spanned<String>,
    image: Option<Spanned<String>>,
    image_alt: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    topics: Vec<Spanned<String>>,
    #[serde(default)]
    status: Status,
}

/// A product of the catalogue.
#[derive(Debug, Clone)]
pub struct Product {
    pub sku: String,
    pub name: String,
    /// The product's page in the store, untagged.
    pub url: String,
    pub image: Option<String>,
    pub image_alt: String,
    pub description: String,
    pub topics: Vec<String>,
    pub status: Status,
}

impl Product {
    /// The URL slug of the product's community page: the sku, lowercased.
    pub fn slug(&self) -> String {
        self.sku.to_ascii_lowercase()
    }
}

const PRODUCT_KEYS: &[&str] = &[
    "products",
    "sku",
    "name",
    "url",
    "image",
    "image_alt",
    "description",
    "topics",
    "status",
];

/// True for a sku: letters, digits, hyphens, underscores and dots.
pub(crate) fn is_sku(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses `data/products.toml`. Products with mistakes are left out and reported.
pub(crate) fn parse(
    file: &SourceFile,
    store_host: Option<&str>,
    static_files: &HashSet<String>,
) -> (Vec<Product>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // Every problem of the file is reported; the records that are left are still used.
    let read = crate::config::lenient::from_str::<ProductsFile>(&file.text);
    for error in &read.errors {
        diagnostics.push(toml_diagnostic(
            &file.path,
            &file.text,
            0,
            error,
            PRODUCT_KEYS,
        ));
    }
    let Some(parsed) = read.value else {
        return (Vec::new(), diagnostics);
    };
    let mut seen = BTreeSet::new();
    let mut products = Vec::new();
    for config in parsed.products {
        let sku = config.sku.get_ref().trim().to_string();
        let error =
            |span, message: String| Diagnostic::error(&file.path, &file.text, span, message);
        if !is_sku(&sku) {
            diagnostics.push(
                error(
                    config.sku.span(),
                    format!("the sku `{sku}` cannot be used in a URL"),
                )
                .with_hint("use letters, digits, hyphens, underscores and dots"),
            );
            continue;
        }
        if !seen.insert(sku.to_ascii_lowercase()) {
            diagnostics.push(
                error(config.sku.span(), format!("the sku `{sku}` is used twice"))
                    .with_hint("every product needs its own sku"),
            );
            continue;
        }
        let url = config.url.get_ref().trim().to_string();
        match url_host(&url) {
            None => {
                diagnostics.push(
                    error(
                        config.url.span(),
                        format!("`{url}` is not an absolute http(s) URL"),
                    )
                    .with_hint("write the full address of the product in the store"),
                );
                continue;
            }
            Some(host) if store_host.is_some_and(|store| store != host) => diagnostics.push(
                Diagnostic::warning(
                    &file.path,
                    &file.text,
                    config.url.span(),
                    format!("`{url}` is not on the store's host"),
                )
                .with_hint("links to it get no UTM tags; check the [store] url in guildhall.toml"),
            ),
            Some(_) => {}
        }
        for topic in &config.topics {
            if !is_slug(topic.get_ref()) {
                diagnostics.push(
                    error(
                        topic.span(),
                        format!("the topic `{}` is not a slug", topic.get_ref()),
                    )
                    .with_hint(format!(
                        "write it like \"{}\"",
                        crate::slug::words(topic.get_ref())
                    )),
                );
            }
        }
        let image = check_image(
            file,
            config.image.as_ref(),
            config.image_alt.as_ref(),
            static_files,
            &mut diagnostics,
        );
        products.push(Product {
            sku,
            name: config.name,
            url,
            image,
            image_alt: config.image_alt.unwrap_or_default(),
            description: config.description,
            topics: config
                .topics
                .iter()
                .map(|t| t.get_ref().clone())
                .filter(|t| is_slug(t))
                .collect(),
            status: config.status,
        });
    }
    products.sort_by(|a, b| a.sku.cmp(&b.sku));
    (products, diagnostics)
}

/// The UTM campaign name for a page, from its site path: `/guides/casting-on/` gives
/// `guides-casting-on`, the home page `home`.
pub(crate) fn campaign_for(site_path: &str) -> String {
    let name = site_path.trim_matches('/').replace(['/', '.'], "-");
    if name.is_empty() {
        "home".to_string()
    } else {
        name
    }
}

/// Adds UTM tags to `url` if it points to `store_host` and carries none yet.
pub(crate) fn tag_store_url(
    url: &str,
    store_host: Option<&str>,
    utm: &UtmConfig,
    campaign: &str,
) -> String {
    let Some(store_host) = store_host else {
        return url.to_string();
    };
    if !utm.enabled || url_host(url).as_deref() != Some(store_host) {
        return url.to_string();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let query = base.split_once('?').map_or("", |(_, query)| query);
    if query.split('&').any(|pair| pair.starts_with("utm_")) {
        return url.to_string();
    }
    let campaign = utm.campaign.as_deref().unwrap_or(campaign);
    let separator = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    let mut tagged = format!(
        "{base}{separator}utm_source={}&utm_medium={}&utm_campaign={}",
        encode(&utm.source),
        encode(&utm.medium),
        encode(campaign)
    );
    if let Some(fragment) = fragment {
        tagged.push('#');
        tagged.push_str(fragment);
    }
    tagged
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: Option<&str> = Some("shop.example");

    #[test]
    fn store_links_are_tagged_once() {
        let utm = UtmConfig::default();
        let tagged = tag_store_url("https://shop.example/p/1#reviews", HOST, &utm, "guides-a");
        assert_eq!(
            tagged,
            "https://shop.example/p/1?utm_source=community&utm_medium=referral&utm_campaign=guides-a#reviews"
        );
        assert_eq!(
            tag_store_url(&tagged, HOST, &utm, "other"),
            tagged,
            "never twice"
        );
        let with_query = tag_store_url("https://SHOP.example/p?size=2", HOST, &utm, "x");
        assert_eq!(
            with_query,
            "https://SHOP.example/p?size=2&utm_source=community&utm_medium=referral&utm_campaign=x"
        );
    }

    #[test]
    fn other_hosts_and_disabled_tags_are_left_alone() {
        let utm = UtmConfig::default();
        assert_eq!(
            tag_store_url("https://blog.example/x", HOST, &utm, "a"),
            "https://blog.example/x"
        );
        assert_eq!(
            tag_store_url("https://shop.example.evil/x", HOST, &utm, "a"),
            "https://shop.example.evil/x"
        );
        let off = UtmConfig {
            enabled: false,
            ..UtmConfig::default()
        };
        assert_eq!(
            tag_store_url("https://shop.example/x", HOST, &off, "a"),
            "https://shop.example/x"
        );
    }

    #[test]
    fn campaign_names_the_page() {
        assert_eq!(campaign_for("/guides/casting-on/"), "guides-casting-on");
        assert_eq!(campaign_for("/"), "home");
    }

    #[test]
    fn products_are_checked() {
        let text = "[[products]]\nsku = \"A-1\"\nname = \"A\"\nurl = \"https://shop.example/a\"\n[[products]]\nsku = \"a-1\"\nname = \"Dup\"\nurl = \"https://shop.example/b\"\n[[products]]\nsku = \"B\"\nname = \"B\"\nurl = \"shop.example/b\"\n";
        let file = SourceFile {
            rel_path: "products.toml".into(),
            path: "data/products.toml".into(),
            text: text.into(),
        };
        let (products, diagnostics) = parse(&file, HOST, &HashSet::new());
        assert_eq!(products.len(), 1);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    }
}
