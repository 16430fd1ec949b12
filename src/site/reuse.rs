//! Every carry-over rule `serve` relies on: what the model of the same site before an edit lends the
//! model after it, and what the [`Memo`] of a build keeps for the next one. A rule here may only skip
//! work whose result it can prove unchanged; tests compare each reused model with a fresh build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::fields::summary_of;
use super::links::{LinkContext, Resolver};
use crate::collections::products::{Product, campaign_for};
use crate::collections::topics::Topic;
use crate::content::{self, Parsed, SourceFile};
use crate::diag::Diagnostics;
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::model::*;

/// What the model of the same site before an edit lends the model after it, so `serve` does not
/// redo what the edit cannot have changed. The contract: `site` and `memo` were built from the same
/// configuration, theme and data files, and of the content files only those in `changed` (paths
/// under `content/`) differ, or were added or removed.
pub struct Earlier<'a> {
    pub site: &'a Site,
    pub memo: &'a Memo,
    pub changed: &'a HashSet<String>,
}

/// What a build keeps for the next one in `serve`, beside the model: nothing here reaches the
/// output.
#[derive(Debug, Clone)]
pub struct Memo {
    /// What links were resolved against, for [`update_body`] and to know when bodies carry over.
    pub(crate) links: LinkContext,
    /// [`links_key`] of `links`, when the build keeps its bodies in the build cache.
    pub(crate) links_key: Option<u128>,
    /// `pages[i]` is what `site.pages[i]`'s checks reported, and the hash of its front matter.
    pub(crate) pages: Vec<PageMemo>,
    /// [`super::data::faq_key`] of the site's FAQ model.
    pub(crate) faq_key: u128,
}

/// What [`Memo`] keeps of one page.
#[derive(Debug, Clone)]
pub(crate) struct PageMemo {
    /// What the checks of the page reported, so an unchanged page is taken with its problems.
    pub(crate) problems: Diagnostics,
    /// A hash of the file up to the end of its front matter: equal hashes mean only the body changed.
    pub(crate) front_matter_hash: u64,
}

/// The bodies of unchanged pages: an unchanged page renders as before when every link resolves as
/// before.
pub(crate) fn earlier_bodies<'a>(
    earlier: Option<&Earlier<'a>>,
    links: &LinkContext,
) -> HashMap<&'a str, &'a Arc<Rendered>> {
    earlier
        .filter(|e| e.memo.links.routes == links.routes)
        .map(|e| {
            e.site
                .pages
                .iter()
                .filter(|p| !e.changed.contains(&p.rel_path))
                .map(|p| (p.rel_path.as_str(), &p.body))
                .collect()
        })
        .unwrap_or_default()
}

/// The unchanged pages with what their checks reported: a page with the body it had is made as it
/// was, unless a topic file changed (pages are checked against the declared topics).
pub(crate) fn earlier_pages<'a>(
    earlier: Option<&Earlier<'a>>,
) -> HashMap<&'a str, (&'a Page, &'a PageMemo)> {
    earlier
        .filter(|e| !e.changed.iter().any(|path| path.starts_with("topics/")))
        .map(|e| {
            e.site
                .pages
                .iter()
                .zip(&e.memo.pages)
                .filter(|(p, _)| !e.changed.contains(&p.rel_path))
                .map(|(p, memo)| (p.rel_path.as_str(), (p, memo)))
                .collect()
        })
        .unwrap_or_default()
}

/// The earlier site when it has the same list of pages (earlier results hold indices of pages:
/// they only carry over to the same list), with the pages the edit changed, before and after.
fn same_pages<'a, 'b>(
    earlier: Option<&Earlier<'a>>,
    site: &'b Site,
) -> Option<(&'a Site, Vec<(&'a Page, &'b Page)>)> {
    let earlier = earlier.filter(|e| {
        e.site.pages.len() == site.pages.len()
            && e.site
                .pages
                .iter()
                .zip(&site.pages)
                .all(|(a, b)| a.rel_path == b.rel_path)
    })?;
    let edited = earlier
        .site
        .pages
        .iter()
        .zip(&site.pages)
        .filter(|(a, _)| earlier.changed.contains(&a.rel_path))
        .collect();
    Some((earlier.site, edited))
}

/// The earlier graph, when no edited page changed what it is computed from.
pub(crate) fn earlier_graph(
    earlier: Option<&Earlier<'_>>,
    site: &Site,
    products: &[Product],
) -> Option<Graph> {
    let (old, edited) = same_pages(earlier, site)?;
    (same_inputs(&old.products, products, &old.topics, &site.topics)
        && edited.iter().all(|(a, b)| same_page_inputs(a, b)))
    .then(|| old.graph.clone())
}

/// The earlier FAQ model, when no FAQ entry changed.
pub(crate) fn earlier_faq(
    earlier: Option<&Earlier<'_>>,
    site: &Site,
) -> Option<crate::faq::model::Model> {
    let (old, edited) = same_pages(earlier, site)?;
    edited
        .iter()
        .all(|(a, b)| a.kind != PageKind::Faq && b.kind != PageKind::Faq)
        .then(|| old.faq.clone())
}

/// The hash of a file's text up to the end of its front matter.
pub(crate) fn front_matter_hash(text: &str, parsed: &Parsed) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text[..parsed.body_offset.min(text.len())].hash(&mut hasher);
    hasher.finish()
}

/// Takes the new text of one page's file when only its body changed, and nothing but the page
/// itself can show the change: same front matter, same headings and anchors, same links to pages
/// and products, same summary and word count, and no problem in the new body. Returns the index
/// of the updated page, or `None` when the change needs a full build (which is always correct).
pub fn update_body(site: &mut Site, memo: &Memo, file: &SourceFile) -> Option<usize> {
    let index = site
        .pages
        .iter()
        .position(|p| p.rel_path == file.rel_path)?;
    let page = &site.pages[index];
    // FAQ answers and events reach other outputs with their bodies (FAQPage data, calendars).
    if !matches!(
        page.kind,
        PageKind::Guide | PageKind::Story | PageKind::Page
    ) {
        return None;
    }
    let (parsed, problems) = content::parse(file);
    if !problems.is_empty()
        || !parsed.front_matter_ok
        || memo.pages.get(index).map(|m| m.front_matter_hash)
            != Some(front_matter_hash(&file.text, &parsed))
    {
        return None;
    }
    let links = &memo.links;
    let from_dir = file.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let resolver = Resolver {
        links,
        from_dir,
        page_url: &page.url,
        campaign: campaign_for(&page.url),
    };
    let options = MarkdownOptions {
        smart_punctuation: site.config.site.markdown.smart_punctuation,
        heading_ids: site.config.site.markdown.heading_ids,
        components: &links.components,
    };
    let body = markdown::render(&file.text[parsed.body_offset..], options, &resolver);
    let old = &page.body;
    let unchanged_for_others = body.problems.is_empty()
        && body.anchor_ids == old.anchor_ids
        && body.headings == old.headings
        && body.linked_pages == old.linked_pages
        && body.linked_products == old.linked_products
        && body.assets == old.assets
        // Links to site paths are checked against the whole output by a full build only.
        && same_targets(&body.output_refs, &old.output_refs)
        // List items show the word count (and the reading time made from it).
        && body.word_count == old.word_count
        && summary_of(&parsed.front_matter, &body) == page.summary;
    if !unchanged_for_others {
        return None;
    }
    // Every link to a heading must still land: on this page, or on another page's known headings.
    let anchors_ok = body.anchors.iter().all(|anchor| {
        let ids = match anchor.page.as_deref() {
            None => &body.anchor_ids,
            Some(target) if target == file.rel_path => &body.anchor_ids,
            Some(target) => match site.pages.iter().find(|p| p.rel_path == target) {
                Some(other) => &other.body.anchor_ids,
                None => return false,
            },
        };
        ids.contains(&anchor.anchor)
    });
    if !anchors_ok {
        return None;
    }
    site.pages[index].body = Arc::new(body);
    Some(index)
}

/// Whether two lists of links to site paths lead to the same places, in the same order (where they
/// are written in the file may differ).
fn same_targets(a: &[markdown::OutputRef], b: &[markdown::OutputRef]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.path == b.path && a.fragment == b.fragment)
}

/// Whether two models link to the same site paths from the same files: the site-path check of
/// the last full build then holds for `new` too, as long as the same files are written.
pub(crate) fn same_output_links(old: &Site, new: &Site) -> bool {
    old.output_links.len() == new.output_links.len()
        && old
            .output_links
            .iter()
            .zip(&new.output_links)
            .all(|(a, b)| a.source == b.source && a.path == b.path && a.fragment == b.fragment)
}

/// Whether two versions of a page give the same graph: the graph reads nothing else of a page.
pub(crate) fn same_page_inputs(a: &Page, b: &Page) -> bool {
    a.kind == b.kind
        && a.date == b.date
        && a.rel_path == b.rel_path
        && a.topics == b.topics
        && a.products == b.products
        && a.member == b.member
        && a.author == b.author
}

/// Whether two catalogues and topic lists give the same graph (with the same pages).
pub(crate) fn same_inputs(
    old_products: &[Product],
    products: &[Product],
    old_topics: &[Topic],
    topics: &[Topic],
) -> bool {
    let products_key = |list: &[Product]| -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|p| (p.sku.clone(), p.topics.clone()))
            .collect()
    };
    let topics_key = |list: &[Topic]| -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|t| (t.slug.clone(), t.related.clone()))
            .collect()
    };
    products_key(old_products) == products_key(products)
        && topics_key(old_topics) == topics_key(topics)
}

/// The bodies of a build, as the build cache keeps them on disk for the next build: a page's body
/// is taken again when its file is the same and everything links resolve against is the same (the
/// pages' routes, the static files, the catalogue, the base URL, the store and the whole
/// configuration), since a body is a pure function of those.
#[derive(Debug, Default)]
pub struct StoredBodies {
    /// [`links_key`] of the build that rendered the bodies.
    links_key: u128,
    /// By path under `content/` (sorted, the order the build cache writes them in): a hash of the
    /// file's text, and the body rendered from it.
    bodies: BTreeMap<String, (u128, Arc<Rendered>)>,
    /// The FAQ model and [`super::data::faq_key`] of what it was made of: matching tens of
    /// thousands of support questions to the entries is the same until one of them changes.
    faq: Option<(u128, crate::faq::model::Model)>,
}

impl StoredBodies {
    /// The bodies of `site`, built from `files` with `memo` kept.
    pub fn of(site: &Site, memo: &Memo, files: &[SourceFile]) -> StoredBodies {
        let texts: HashMap<&str, &str> = files
            .iter()
            .map(|f| (f.rel_path.as_str(), f.text.as_str()))
            .collect();
        StoredBodies {
            links_key: memo
                .links_key
                .unwrap_or_else(|| links_key(&site.config, &memo.links)),
            bodies: site
                .pages
                .iter()
                .filter_map(|page| {
                    let text = texts.get(page.rel_path.as_str())?;
                    Some((
                        page.rel_path.clone(),
                        (text_hash(text), Arc::clone(&page.body)),
                    ))
                })
                .collect(),
            faq: Some((memo.faq_key, site.faq.clone())),
        }
    }

    /// The FAQ model kept, when it was made of what `key` hashes.
    pub(crate) fn faq(&self, key: u128) -> Option<crate::faq::model::Model> {
        let (kept, model) = self.faq.as_ref()?;
        (*kept == key).then(|| model.clone())
    }

    /// How many of these bodies were taken from `earlier` rather than rendered.
    pub fn reused_from(&self, earlier: Option<&StoredBodies>) -> usize {
        let Some(earlier) = earlier else { return 0 };
        self.bodies
            .iter()
            .filter(|(path, (_, body))| {
                earlier
                    .bodies
                    .get(*path)
                    .is_some_and(|(_, old)| Arc::ptr_eq(old, body))
            })
            .count()
    }

    /// How many bodies are kept.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Whether no body is kept.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }
}

/// [`StoredBodies`] as the build cache writes them, by path, the bodies without their texts
/// (which [`StoredBodies::texts`] lists, for the cache to say where it keeps them).
#[derive(serde::Serialize)]
pub(crate) struct StoredBodiesRef<'a> {
    links_key: u128,
    bodies: Vec<(&'a str, u128, markdown::StoredRef<'a>)>,
    faq: &'a Option<(u128, crate::faq::model::Model)>,
}

/// [`StoredBodiesRef`] as read back, before the texts are joined to their bodies.
#[derive(serde::Deserialize)]
pub(crate) struct StoredBodiesRead {
    links_key: u128,
    bodies: Vec<(String, u128, markdown::Stored)>,
    faq: Option<(u128, crate::faq::model::Model)>,
}

impl StoredBodies {
    /// The texts of these bodies: each body's two ([`Rendered::texts`]), in the order
    /// [`StoredBodies::without_texts`] lists the bodies.
    pub(crate) fn texts(&self) -> Vec<&markdown::Text> {
        self.bodies
            .values()
            .flat_map(|(_, body)| body.texts())
            .collect()
    }

    /// These bodies without their texts, which are kept at `places` (two for each body, as
    /// [`StoredBodies::texts`] lists them).
    pub(crate) fn without_texts(&self, places: &[(u64, u64)]) -> StoredBodiesRef<'_> {
        StoredBodiesRef {
            links_key: self.links_key,
            bodies: self
                .bodies
                .iter()
                .zip(places.chunks_exact(2))
                .map(|((path, (hash, body)), places)| {
                    let texts = markdown::TextPlaces {
                        html: places[0],
                        plain_text: places[1],
                    };
                    (path.as_str(), *hash, body.stored(texts))
                })
                .collect(),
            faq: &self.faq,
        }
    }

    /// The bodies read back, their texts shared from `bytes`; `None` when a text is not there.
    pub(crate) fn read_back(
        read: StoredBodiesRead,
        bytes: &markdown::SharedBytes,
    ) -> Option<StoredBodies> {
        let mut bodies = BTreeMap::new();
        for (path, hash, stored) in read.bodies {
            let body = Rendered::from_stored(stored, bytes)?;
            bodies.insert(path, (hash, Arc::new(body)));
        }
        Some(StoredBodies {
            links_key: read.links_key,
            bodies,
            faq: read.faq,
        })
    }
}

/// Adds to `bodies` the stored bodies of the files of `entries` that did not change, when links
/// resolve as they did (`links_key`: [`links_key`] of this build's link context).
pub(crate) fn stored_bodies<'a>(
    stored: Option<&'a StoredBodies>,
    links_key: Option<u128>,
    entries: &[super::routes::Entry<'_>],
    bodies: &mut HashMap<&'a str, &'a Arc<Rendered>>,
) {
    let Some(stored) = stored.filter(|s| !s.is_empty()) else {
        return;
    };
    if Some(stored.links_key) != links_key {
        return;
    }
    use rayon::prelude::*;
    let found: Vec<(&'a str, &'a Arc<Rendered>)> = entries
        .par_iter()
        .filter_map(|entry| {
            let (path, (hash, body)) = stored.bodies.get_key_value(&entry.file.rel_path)?;
            (*hash == text_hash(&entry.file.text)).then_some((path.as_str(), body))
        })
        .collect();
    for (path, body) in found {
        bodies.entry(path).or_insert(body);
    }
}

/// A hash of a file's text, the same in every run (unlike the standard hasher's).
fn text_hash(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// A hash of everything a body depends on besides its file: the link context (in a stable order)
/// and the whole configuration.
pub(crate) fn links_key(config: &crate::config::Config, links: &LinkContext) -> u128 {
    use std::fmt::Write as _;
    let mut routes: Vec<_> = links.routes.iter().collect();
    routes.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut static_files: Vec<_> = links.static_files.iter().collect();
    static_files.sort_unstable();
    let mut products: Vec<_> = links.products.iter().collect();
    products.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let assets = links.assets.sorted();
    let mut text = String::new();
    let _ = write!(
        text,
        "{routes:?}\0{static_files:?}\0{products:?}\0{assets:?}\0{:?}\0{:?}\0{:?}\0{}\0{}",
        links.base,
        links.store_host,
        links.utm,
        links.components.key(),
        config.text
    );
    text_hash(&text)
}
