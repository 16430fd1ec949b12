//! Link resolution and anchors: what links are resolved against (routes, static files, products),
//! the Markdown of every page rendered with its links resolved, and every `#anchor` checked against
//! the ids of the page it points to.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::Sources;
use super::assets::AssetRoutes;
use super::routes::{Entry, Route};
use crate::collections::products::{Product, Status, campaign_for, tag_store_url};
use crate::config::{BaseUrl, Config, UtmConfig};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::{self, LinkError, MarkdownOptions, Rendered, Resolve, ResolvedLink};
use crate::model::*;

/// What every page's links are resolved against, built once per build (and kept with the site, so
/// `serve` can render one edited page again).
#[derive(Debug, Clone)]
pub(crate) struct LinkContext {
    pub(crate) routes: HashMap<String, Route>,
    pub(crate) base: BaseUrl,
    pub(crate) static_files: HashSet<String>,
    /// Lowercased sku to product.
    pub(crate) products: HashMap<String, Product>,
    pub(crate) store_host: Option<String>,
    pub(crate) utm: UtmConfig,
    /// Where the files of `content/` that are not Markdown are published.
    pub(crate) assets: AssetRoutes,
    /// The theme's component templates.
    pub(crate) components: markdown::Components,
    /// The pages by file name, for the hint of a broken link.
    pub(crate) page_names: PageNames,
}

/// Resolves the links of one page.
pub(crate) struct Resolver<'a> {
    pub(crate) links: &'a LinkContext,
    pub(crate) from_dir: &'a str,
    /// The page's own site path, which relative site paths are read from (as a browser does).
    pub(crate) page_url: &'a str,
    /// The UTM campaign of this page.
    pub(crate) campaign: String,
}

/// The pages of the site by file name without `.md` (`install` for `guides/install.md` and
/// `faq/install.md`), built once per build for the hint of a broken link to a page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageNames {
    by_stem: BTreeMap<String, Vec<String>>,
}

impl PageNames {
    fn new<'a>(paths: impl IntoIterator<Item = &'a String>) -> PageNames {
        let mut by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for path in paths {
            by_stem
                .entry(page_stem(path).to_string())
                .or_default()
                .push(path.clone());
        }
        for paths in by_stem.values_mut() {
            paths.sort_unstable();
        }
        PageNames { by_stem }
    }

    /// The existing page whose file name is closest to the one in a broken link; among files of
    /// the same name (`index.md`, `install.md` in two folders), the one whose whole path is
    /// closest, so the hint never names a file of another folder when a nearer one fits.
    fn closest(&self, target: &str) -> Option<&str> {
        let wanted = page_stem(target);
        let length = wanted.chars().count();
        let limit = (length / 3).max(1);
        // An edit distance is at least the difference of the lengths: names far longer or
        // shorter are skipped without comparing them.
        let near = self
            .by_stem
            .keys()
            .map(String::as_str)
            .filter(|stem| stem.chars().count().abs_diff(length) <= limit);
        let close = did_you_mean(wanted, near)?;
        self.by_stem
            .get(close)?
            .iter()
            .min_by_key(|path| (crate::diag::edit_distance(path, target), path.as_str()))
            .map(String::as_str)
    }
}

/// A page's file name without `.md`: `install` for `guides/install.md`.
fn page_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

impl Resolve for Resolver<'_> {
    fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError> {
        let keep = || ResolvedLink {
            href: destination.to_string(),
            page: None,
            anchor: None,
            warning: None,
            product: None,
            asset: None,
            output: None,
        };
        if let Some(anchor) = destination.strip_prefix('#') {
            let anchor = (!anchor.is_empty()).then(|| (None, percent_decode(anchor)));
            return Ok(ResolvedLink { anchor, ..keep() });
        }
        if let Some(sku) = destination.strip_prefix("product:") {
            return self.product_link(sku.trim());
        }
        if has_scheme(destination) || destination.starts_with("//") {
            let href = tag_store_url(
                destination,
                self.links.store_host.as_deref(),
                &self.links.utm,
                &self.campaign,
            );
            return Ok(ResolvedLink { href, ..keep() });
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if !path.ends_with(".md")
            && let Some(file) = self.asset(path, fragment)
        {
            return Ok(file);
        }
        let target = if let Some(rest) = path.strip_prefix("@/") {
            rest.to_string()
        } else if path.starts_with('/') {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(destination),
                output: Some(output_target(path, fragment)),
                ..keep()
            });
        } else if path.ends_with(".md") {
            join_relative(self.from_dir, &percent_decode(path)).ok_or_else(|| LinkError {
                message: format!("the link `{destination}` goes outside the content folder"),
                hint: Some("link to a file inside content/".into()),
            })?
        } else if path.is_empty() {
            return Ok(keep());
        } else {
            // A file name close to one beside the page is a misspelt file, not an address.
            let beside = join_relative(self.from_dir, &percent_decode(path));
            if let Some(close) = beside.as_deref().and_then(|w| self.links.assets.closest(w)) {
                return Err(LinkError {
                    message: format!(
                        "the file `{destination}` does not exist (looked for content/{})",
                        beside.unwrap_or_default()
                    ),
                    hint: Some(format!(
                        "did you mean `{}`?",
                        relative_to(self.from_dir, &close)
                    )),
                });
            }
            // Read from the page's own address, as the browser reads it.
            let page_dir = self.page_url.trim_start_matches('/');
            let site_path =
                join_relative(page_dir, &percent_decode(path)).ok_or_else(|| LinkError {
                    message: format!("the link `{destination}` climbs above the site's root"),
                    hint: Some("write the address from the site root, like `/guides/`".into()),
                })?;
            let keep_slash = if path.ends_with('/') && !site_path.is_empty() {
                "/"
            } else {
                ""
            };
            let site_path = format!("/{site_path}{keep_slash}");
            return Ok(ResolvedLink {
                output: Some((
                    site_path,
                    fragment.filter(|f| !f.is_empty()).map(percent_decode),
                )),
                ..keep()
            });
        };
        let Some(route) = self.links.routes.get(&target) else {
            let hint = match self.links.page_names.closest(&target) {
                Some(close) => format!("did you mean `{}`?", relative_to(self.from_dir, close)),
                None => {
                    "check the file name; links are relative to the folder of this file".to_string()
                }
            };
            return Err(LinkError {
                message: format!(
                    "the link `{destination}` points to content/{target}, which does not exist"
                ),
                hint: Some(hint),
            });
        };
        if !route.included
            && let Some(warning) = unpublished_link(destination, route)
        {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(&route.list_url),
                warning: Some(warning),
                ..keep()
            });
        }
        if route.withheld {
            return Ok(ResolvedLink {
                href: self.links.base.site_path(&route.list_url),
                warning: Some(LinkError {
                    message: format!(
                        "the link `{destination}` points to a story that is withheld, so it leads to the list of stories"
                    ),
                    hint: Some(
                        "the story's member has not given consent, or their consent has ended"
                            .into(),
                    ),
                }),
                ..keep()
            });
        }
        if !route.included {
            return Err(LinkError {
                message: format!("the link `{destination}` points to a draft page"),
                hint: Some("publish that page (remove `draft = true`) or remove the link".into()),
            });
        }
        let mut href = self.links.base.site_path(&route.url);
        let anchor = fragment.filter(|f| !f.is_empty()).map(|fragment| {
            href.push('#');
            href.push_str(fragment);
            (Some(target.clone()), percent_decode(fragment))
        });
        Ok(ResolvedLink {
            href,
            page: Some(target),
            anchor,
            warning: None,
            product: None,
            asset: None,
            output: None,
        })
    }

    fn image(&self, source: &str) -> Result<ResolvedLink, LinkError> {
        let keep = ResolvedLink {
            href: source.to_string(),
            page: None,
            anchor: None,
            warning: None,
            product: None,
            asset: None,
            output: None,
        };
        if has_scheme(source) || source.starts_with("//") || source.is_empty() {
            return Ok(keep);
        }
        let path = source.split(['?', '#']).next().unwrap_or(source);
        if let Some(file) = self.asset(path, None) {
            return Ok(file);
        }
        if path.starts_with('/') {
            let decoded = percent_decode(path);
            if self.links.static_files.contains(&decoded) {
                return Ok(ResolvedLink {
                    href: self.links.base.site_path(source),
                    ..keep
                });
            }
            let base = self.links.base.path.as_str();
            let without_base = decoded
                .strip_prefix(base)
                .filter(|_| base != "/")
                .map(|rest| format!("/{rest}"))
                .filter(|rest| self.links.static_files.contains(rest));
            let hint = match (
                without_base,
                closest_static(&self.links.static_files, &decoded),
            ) {
                (Some(rest), _) => format!(
                    "site paths start at the hub's root, without its base path `{base}`: write `{rest}`"
                ),
                (None, Some(close)) => format!("did you mean `{close}`?"),
                (None, None) => format!(
                    "put the file at static{decoded}, or beside the page and write its name alone"
                ),
            };
            return Err(LinkError {
                message: format!("the image `{source}` does not exist"),
                hint: Some(hint),
            });
        }
        let wanted = match path.strip_prefix("@/") {
            Some(rest) => Some(percent_decode(rest)),
            None => join_relative(self.from_dir, &percent_decode(path)),
        };
        let Some(wanted) = wanted else {
            return Err(LinkError {
                message: format!("the image `{source}` is outside the content folder"),
                hint: Some("keep the file beside the page, or under static/".into()),
            });
        };
        let hint = match self.links.assets.closest(&wanted) {
            Some(close) => format!("did you mean `{}`?", relative_to(self.from_dir, &close)),
            None => format!(
                "put the file at content/{wanted}, or write a path from the site root to a file under static/"
            ),
        };
        Err(LinkError {
            message: format!("the image `{source}` does not exist (looked for content/{wanted})"),
            hint: Some(hint),
        })
    }

    fn product(&self, sku: &str) -> Option<serde_json::Value> {
        let product = self.links.products.get(&sku.to_ascii_lowercase())?;
        let base = &self.links.base;
        Some(serde_json::json!({
            "sku": product.sku,
            "name": product.name,
            "url": base.site_path(&format!("/products/{}/", product.slug())),
            "image": product.image.as_deref().map(|image| match image.starts_with('/') {
                true => base.site_path(image),
                false => image.to_string(),
            }),
            "image_alt": product.image_alt,
            "description": product.description,
            "discontinued": product.status == Status::Discontinued,
        }))
    }
}

impl Resolver<'_> {
    /// A file of `content/` named by `path` (relative, `@/`, or the site path it is published
    /// at): its site path under the base path.
    fn asset(&self, path: &str, fragment: Option<&str>) -> Option<ResolvedLink> {
        let assets = &self.links.assets;
        let (rel_path, url) = if path.starts_with('/') {
            let rel_path = assets.at_url(&percent_decode(path))?.to_string();
            let url = assets.get(&rel_path)?.url.clone();
            (rel_path, url)
        } else {
            let (rel_path, route) = assets.resolve(self.from_dir, path)?;
            (rel_path, route.url.clone())
        };
        let mut href = self.links.base.site_path(&encode_path(&url));
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        Some(ResolvedLink {
            href,
            page: None,
            anchor: None,
            warning: None,
            product: None,
            asset: Some(rel_path),
            output: None,
        })
    }
}

/// A site path and fragment as the output check wants them: decoded, without the query.
fn output_target(path: &str, fragment: Option<&str>) -> (String, Option<String>) {
    (
        percent_decode(path),
        fragment.filter(|f| !f.is_empty()).map(percent_decode),
    )
}

/// The static file whose path is closest to `wanted`, among those of the same folder.
fn closest_static(static_files: &HashSet<String>, wanted: &str) -> Option<String> {
    let (dir, name) = wanted.rsplit_once('/')?;
    let mut names: Vec<&str> = static_files
        .iter()
        .filter_map(|path| path.rsplit_once('/'))
        .filter(|(folder, _)| *folder == dir)
        .map(|(_, name)| name)
        .collect();
    names.sort_unstable();
    did_you_mean(name, names).map(|close| format!("{dir}/{close}"))
}

/// Percent-encodes what cannot stand in a URL path as it is (spaces, quotes, non-ASCII).
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Resolver<'_> {
    /// `product:SKU`: the product's store page, tagged; an unknown sku is an error.
    fn product_link(&self, sku: &str) -> Result<ResolvedLink, LinkError> {
        let Some(product) = self.links.products.get(&sku.to_ascii_lowercase()) else {
            return Err(unknown_sku(sku, &self.links.products));
        };
        let warning = (product.status == Status::Discontinued).then(|| discontinued(product));
        Ok(ResolvedLink {
            href: tag_store_url(
                &product.url,
                self.links.store_host.as_deref(),
                &self.links.utm,
                &self.campaign,
            ),
            page: None,
            anchor: None,
            warning,
            product: Some(product.sku.clone()),
            asset: None,
            output: None,
        })
    }
}

pub(crate) fn unknown_sku(sku: &str, products: &HashMap<String, Product>) -> LinkError {
    let skus: BTreeMap<String, &str> = products
        .values()
        .map(|p| (p.sku.to_ascii_lowercase(), p.sku.as_str()))
        .collect();
    let hint = match did_you_mean(&sku.to_ascii_lowercase(), skus.keys().map(String::as_str)) {
        Some(close) => format!("did you mean `{}`?", skus[close]),
        None if products.is_empty() => {
            "there is no data/products.toml; add the product there".to_string()
        }
        None => "check the sku against data/products.toml".to_string(),
    };
    LinkError {
        message: format!("unknown product sku `{sku}`"),
        hint: Some(hint),
    }
}

pub(crate) fn discontinued(product: &Product) -> LinkError {
    LinkError {
        message: format!(
            "the product `{}` ({}) is discontinued",
            product.sku, product.name
        ),
        hint: Some("point readers to a product they can still buy".into()),
    }
}

pub(crate) fn has_scheme(destination: &str) -> bool {
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !destination[..colon].contains('/')
        }
        None => false,
    }
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of `content/`.
pub(crate) fn join_relative(from_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// How `target` (a path under `content/`) is written relative to `from_dir`.
pub(crate) fn relative_to(from_dir: &str, target: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The warning for a link to a page that is scheduled or expired (it leads to the page's list).
pub(crate) fn unpublished_link(destination: &str, route: &Route) -> Option<LinkError> {
    let (message, hint) = match route.schedule {
        Schedule::Live => return None,
        Schedule::Scheduled(at) => (
            format!(
                "the link `{destination}` points to a page that is published at {at}; until then it leads to `{}`",
                route.list_url
            ),
            "publish both pages at the same time, or build again when the page is published (see .guildhall/next-build.json)",
        ),
        Schedule::Expired(at) => (
            format!(
                "the link `{destination}` points to a page that expired at {at}, so it leads to `{}`",
                route.list_url
            ),
            "remove the link, or move the page's `expiry_date` later",
        ),
    };
    Some(LinkError {
        message,
        hint: Some(hint.into()),
    })
}

/// Checks that every `#anchor` of every link names a heading of its target page.
pub(crate) fn check_anchors(
    entries: &[Entry],
    rendered: &[Option<Arc<Rendered>>],
    diagnostics: &mut Diagnostics,
) {
    let ids: HashMap<&str, HashSet<&str>> = entries
        .iter()
        .zip(rendered)
        .filter_map(|(entry, body)| {
            let body = body.as_ref()?;
            let ids: HashSet<&str> = body.anchor_ids.iter().map(String::as_str).collect();
            Some((entry.file.rel_path.as_str(), ids))
        })
        .collect();
    for (entry, body) in entries.iter().zip(rendered) {
        let Some(body) = body else { continue };
        for anchor in &body.anchors {
            let target = anchor.page.as_deref().unwrap_or(&entry.file.rel_path);
            let Some(target_ids) = ids.get(target) else {
                continue;
            };
            if target_ids.contains(anchor.anchor.as_str()) {
                continue;
            }
            let span = entry.parsed.body_offset + anchor.span.start
                ..entry.parsed.body_offset + anchor.span.end;
            let mut sorted: Vec<&str> = target_ids.iter().copied().collect();
            sorted.sort_unstable();
            let hint = anchor_hint(&anchor.anchor, &sorted);
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    span,
                    format!(
                        "there is no heading `#{}` in content/{target}",
                        anchor.anchor
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

/// How many of a page's ids a hint lists when none is close to a broken `#anchor`.
const IDS_LISTED: usize = 8;

/// The hint for an `#anchor` that is not among `ids` (sorted): the id it is a typo of, or the one
/// that begins with it in another case (`#DEP0111` for `#dep0111-process-binding`, an anchor of the
/// generator the page came from), or the first few ids of the page.
pub(crate) fn anchor_hint(anchor: &str, ids: &[&str]) -> String {
    if let Some(close) = closest_anchor(anchor, ids) {
        return format!("did you mean `#{close}`?");
    }
    match ids.len() {
        0 => "that page has no headings".to_string(),
        count => {
            let listed: Vec<String> = ids
                .iter()
                .take(IDS_LISTED)
                .map(|id| format!("#{id}"))
                .collect();
            let more = match count.saturating_sub(IDS_LISTED) {
                0 => String::new(),
                rest => format!(" and {rest} more"),
            };
            format!("its headings are: {}{more}", listed.join(", "))
        }
    }
}

/// The id a broken `#anchor` most likely meant: a close spelling, or the only id that begins
/// with it in lowercase.
pub(crate) fn closest_anchor<'a>(anchor: &str, ids: &[&'a str]) -> Option<&'a str> {
    if let Some(close) = did_you_mean(anchor, ids.iter().copied()) {
        return Some(close);
    }
    let lower = anchor.to_lowercase();
    let mut starting = ids.iter().filter(|id| id.starts_with(&lower));
    match (starting.next(), starting.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Turns the problems Markdown rendering found into diagnostics at their place in the file.
pub(crate) fn report_problems(entry: &Entry, body: &Rendered, diagnostics: &mut Diagnostics) {
    if body.problems.is_empty() {
        return;
    }
    // One index for the file: placing thousands of problems stays linear.
    let index = crate::diag::LineIndex::new(&entry.file.text);
    for problem in &body.problems {
        let span = entry.parsed.body_offset + problem.span.start
            ..entry.parsed.body_offset + problem.span.end;
        let mut diagnostic = Diagnostic::located(
            problem.severity,
            &entry.file.path,
            index.locate(span),
            &problem.message,
        );
        if let Some(hint) = &problem.hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostics.push(diagnostic);
    }
}

/// What every page's links are resolved against; reports two files that would write the same URL.
pub(crate) fn context(
    sources: Sources<'_>,
    entries: &[Entry],
    products: &[Product],
    diagnostics: &mut Diagnostics,
) -> LinkContext {
    let config = sources.config;
    let routes = super::routes::routes(entries, diagnostics);
    LinkContext {
        assets: super::assets::routes(&sources.available.assets, entries, diagnostics),
        page_names: PageNames::new(routes.keys()),
        routes,
        base: config.base_url.clone(),
        static_files: sources.available.static_files.clone(),
        components: sources.available.components.clone(),
        products: products
            .iter()
            .map(|p| (p.sku.to_ascii_lowercase(), p.clone()))
            .collect(),
        store_host: config.store_host(),
        utm: config
            .site
            .store
            .as_ref()
            .map(|s| s.utm.clone())
            .unwrap_or_default(),
    }
}

/// The Markdown of every included entry, rendered in parallel with its links resolved (`None` for
/// entries that are not shown). Bodies found in `earlier` (by path) are taken as they are.
pub(crate) fn render_bodies(
    config: &Config,
    entries: &[Entry],
    links: &LinkContext,
    earlier: &HashMap<&str, &Arc<Rendered>>,
) -> Vec<Option<Arc<Rendered>>> {
    let markdown_options = MarkdownOptions {
        smart_punctuation: config.site.markdown.smart_punctuation,
        heading_ids: config.site.markdown.heading_ids,
        components: &links.components,
    };
    entries
        .par_iter()
        .map(|entry| {
            entry.included.then(|| {
                if let Some(body) = earlier.get(entry.file.rel_path.as_str()) {
                    return Arc::clone(body);
                }
                let resolver = Resolver {
                    links,
                    from_dir: &entry.dir,
                    page_url: &entry.url,
                    campaign: campaign_for(&entry.url),
                };
                Arc::new(markdown::render(
                    &entry.file.text[entry.parsed.body_offset..],
                    markdown_options,
                    &resolver,
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_join_and_refuse_to_climb_out() {
        assert_eq!(
            join_relative("guides", "../faq/returns.md").as_deref(),
            Some("faq/returns.md")
        );
        assert_eq!(
            join_relative("guides", "./a.md").as_deref(),
            Some("guides/a.md")
        );
        assert_eq!(join_relative("", "../a.md"), None);
        assert_eq!(relative_to("guides", "faq/returns.md"), "../faq/returns.md");
        assert_eq!(relative_to("guides", "guides/a.md"), "a.md");
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x.example"));
        assert!(has_scheme("mailto:a@b.example"));
        assert!(!has_scheme("guide.md"));
        assert!(!has_scheme("a/b:c.md"));
    }

    #[test]
    fn an_anchor_hint_names_a_typo_a_prefix_or_a_few_headings() {
        let ids = [
            "dep0110-vm-script",
            "dep0111-process-binding",
            "dep0112-dgram",
        ];
        assert_eq!(
            anchor_hint("dep0111-proces-binding", &ids),
            "did you mean `#dep0111-process-binding`?"
        );
        assert_eq!(
            anchor_hint("DEP0111", &ids),
            "did you mean `#dep0111-process-binding`?"
        );
        assert_eq!(
            anchor_hint("DEP01", &ids),
            "its headings are: #dep0110-vm-script, #dep0111-process-binding, #dep0112-dgram"
        );
        let many: Vec<String> = (0..20).map(|n| format!("part-{n:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(anchor_hint("glossary", &many).ends_with("#part-07 and 12 more"));
        assert_eq!(anchor_hint("x", &[]), "that page has no headings");
    }

    #[test]
    fn percent_decoding_handles_bad_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
