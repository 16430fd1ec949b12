//! Atom feeds (RFC 4287): the whole hub at `/atom.xml`, each feed collection (guides, stories,
//! updates, and any folder with `[collections.<folder>] feed = true`) at `/<folder>/atom.xml`, and
//! each topic at `/topics/<slug>/atom.xml`.
//!
//! A feed carries the newest dated pages of its kind, newest first, with their whole text. Every URL
//! in an entry is absolute, so feed readers show links and images wherever they run. A feed's
//! `updated` is its newest entry's, so feeds change only when their content does.

use std::path::Path;

use serde_json::{Value, json};

use super::Put as _;
use super::{Globals, OutputFile};
use crate::config::BaseUrl;
use crate::diag::Diagnostic;
use crate::model::{Page, PageKind};

/// How many entries a feed carries.
pub(super) const FEED_ENTRIES: usize = 20;
/// The folders whose pages are announced in feeds, with their feed's subtitle.
pub(super) const FEED_FOLDERS: [(&str, PageKind, &str); 3] = [
    ("guides", PageKind::Guide, "guides"),
    ("stories", PageKind::Story, "member stories"),
    (crate::model::UPDATES_DIR, PageKind::Update, "updates"),
];
/// The site-wide feed.
pub(super) const SITE_FEED: &str = "/atom.xml";

/// One feed to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Feed {
    /// Every feed kind of the hub.
    Site,
    /// One of [`FEED_FOLDERS`], by index.
    Folder(usize),
    /// A topic, by index in `site.topics`.
    Topic(usize),
    /// Another top-level folder of `content/` whose `[collections.<folder>]` sets `feed = true`.
    Collection(String),
}

/// A feed as the `<head>` of pages announces it.
pub(super) struct FeedLink {
    scope: FeedScope,
    /// `{title, label, url}`.
    link: Value,
}

/// Which pages announce a feed, by their URL.
enum FeedScope {
    Every,
    /// Pages under a folder (`/guides/`).
    Under(String),
    /// One page: a topic's.
    At(String),
}

/// Whether a page belongs in feeds at all: a published, dated page of a feed kind.
fn in_feeds(page: &Page) -> bool {
    !page.draft && page.date.is_some() && FEED_FOLDERS.iter().any(|(_, kind, _)| *kind == page.kind)
}

/// The top-level folder of a page: `blog` for `blog/2026/launch.md`.
fn top_folder(page: &Page) -> Option<&str> {
    page.rel_path.split_once('/').map(|(top, _)| top)
}

impl Globals<'_> {
    /// The folders with a feed of their own by `[collections.<folder>] feed = true`, beside the
    /// built-in feed folders.
    fn collection_feeds(&self) -> impl Iterator<Item = &str> {
        self.site
            .config
            .site
            .collections
            .iter()
            .filter(|(name, collection)| {
                collection.feed && FEED_FOLDERS.iter().all(|(dir, _, _)| dir != name)
            })
            .map(|(name, _)| name.as_str())
    }

    /// Whether a page is announced in feeds: a published, dated page of a feed kind, or of a
    /// folder with a feed of its own.
    fn announced(&self, page: &Page) -> bool {
        in_feeds(page)
            || (!page.draft
                && page.date.is_some()
                && page.kind == PageKind::Page
                && top_folder(page).is_some_and(|top| self.collection_feeds().any(|c| c == top)))
    }

    /// The feeds the site has: the site-wide one when any page is in feeds, each folder that exists,
    /// and each topic with feed pages.
    pub(super) fn feed_list(&self) -> Vec<Feed> {
        let site = self.site;
        let mut feeds = Vec::new();
        let folders: Vec<usize> = FEED_FOLDERS
            .iter()
            .enumerate()
            .filter(|(_, (dir, kind, _))| {
                site.sections.iter().any(|s| s.dir == *dir)
                    || site.pages.iter().any(|p| p.kind == *kind)
            })
            .map(|(index, _)| index)
            .collect();
        let collections: Vec<Feed> = self
            .collection_feeds()
            .filter(|name| site.sections.iter().any(|s| s.dir == *name))
            .map(|name| Feed::Collection(name.to_string()))
            .collect();
        if !folders.is_empty() || !collections.is_empty() {
            feeds.push(Feed::Site);
        }
        feeds.extend(folders.into_iter().map(Feed::Folder));
        feeds.extend(collections);
        for (index, topic) in site.topics.iter().enumerate() {
            let tagged = site.graph.by_topic.get(&topic.slug);
            if tagged.is_some_and(|pages| pages.iter().any(|&p| self.announced(&site.pages[p]))) {
                feeds.push(Feed::Topic(index));
            }
        }
        feeds
    }

    /// The site path of a feed.
    pub(super) fn feed_path(&self, feed: &Feed) -> String {
        match feed {
            Feed::Site => SITE_FEED.to_string(),
            Feed::Folder(index) => format!("/{}/atom.xml", FEED_FOLDERS[*index].0),
            Feed::Topic(index) => format!("/topics/{}/atom.xml", self.site.topics[*index].slug),
            Feed::Collection(name) => format!("/{name}/atom.xml"),
        }
    }

    /// The title of a collection with a feed: its `title`, else its section's, else its folder.
    fn collection_title(&self, name: &str) -> String {
        let site = self.site;
        site.config
            .collection(name)
            .title
            .or_else(|| {
                site.sections
                    .iter()
                    .find(|s| s.dir == name)
                    .map(|s| s.title.clone())
            })
            .unwrap_or_else(|| name.to_string())
    }

    fn feed_title(&self, feed: &Feed) -> String {
        let title = &self.site.config.site.title;
        match feed {
            Feed::Site => title.clone(),
            Feed::Folder(index) => format!("{title}: {}", self.folder_label(*index)),
            Feed::Topic(index) => format!("{title}: {}", self.site.topics[*index].title),
            Feed::Collection(name) => format!("{title}: {}", self.collection_title(name)),
        }
    }

    /// A short name for a feed in a list of links.
    fn feed_label(&self, feed: &Feed) -> String {
        match feed {
            Feed::Site => self.words.get("feed_all"),
            Feed::Folder(index) => self.folder_label(*index),
            Feed::Topic(index) => self.site.topics[*index].title.clone(),
            Feed::Collection(name) => self.collection_title(name),
        }
    }

    /// A folder feed's name in the site's language (`feed_guides` of the translation table).
    fn folder_label(&self, index: usize) -> String {
        self.words.get(&format!("feed_{}", FEED_FOLDERS[index].0))
    }

    /// The page a feed summarises.
    fn feed_alternate(&self, feed: &Feed) -> String {
        match feed {
            Feed::Site => "/".to_string(),
            Feed::Folder(index) => format!("/{}/", FEED_FOLDERS[*index].0),
            Feed::Topic(index) => self.site.topics[*index].url(),
            Feed::Collection(name) => format!("/{name}/"),
        }
    }

    /// Each feed with the pages that announce it (by the page's URL) and its link, made once.
    pub(super) fn feed_links(&self) -> Vec<FeedLink> {
        self.feeds
            .iter()
            .map(|feed| FeedLink {
                scope: match feed {
                    Feed::Site => FeedScope::Every,
                    Feed::Folder(_) | Feed::Collection(_) => {
                        FeedScope::Under(self.feed_alternate(feed))
                    }
                    Feed::Topic(_) => FeedScope::At(self.feed_alternate(feed)),
                },
                link: json!({
                    "title": self.feed_title(feed),
                    "label": self.feed_label(feed),
                    "url": self.base().site_path(&self.feed_path(feed)),
                }),
            })
            .collect()
    }

    /// The feeds to announce in the `<head>` of the page at `url`: the site's, and the feed of the
    /// folder or topic the page belongs to.
    pub(super) fn feeds_for(&self, url: &str) -> Vec<Value> {
        self.feed_links
            .iter()
            .filter(|feed| match &feed.scope {
                FeedScope::Every => true,
                FeedScope::Under(prefix) => url.starts_with(prefix.as_str()),
                FeedScope::At(page) => url == page,
            })
            .map(|feed| feed.link.clone())
            .collect()
    }

    /// The pages of a feed, newest first.
    fn feed_pages(&self, feed: &Feed) -> Vec<&Page> {
        let site = self.site;
        let mut pages: Vec<&Page> = match feed {
            Feed::Site => site.pages.iter().filter(|p| self.announced(p)).collect(),
            Feed::Folder(index) => {
                let kind = FEED_FOLDERS[*index].1;
                site.pages
                    .iter()
                    .filter(|p| p.kind == kind && in_feeds(p))
                    .collect()
            }
            Feed::Topic(index) => site
                .graph
                .by_topic
                .get(&site.topics[*index].slug)
                .into_iter()
                .flatten()
                .map(|&i| &site.pages[i])
                .filter(|p| self.announced(p))
                .collect(),
            Feed::Collection(name) => site
                .pages
                .iter()
                .filter(|p| top_folder(p) == Some(name.as_str()) && self.announced(p))
                .collect(),
        };
        pages.sort_by(|a, b| {
            b.last_updated()
                .cmp(&a.last_updated())
                .then_with(|| a.rel_path.cmp(&b.rel_path))
        });
        pages.truncate(FEED_ENTRIES);
        pages
    }

    /// Whether the feed carries any of the pages at `indices`.
    pub(super) fn feed_carries(&self, feed: &Feed, indices: &[usize]) -> bool {
        let carried = self.feed_pages(feed);
        indices.iter().any(|&index| {
            let page = &self.site.pages[index];
            carried.iter().any(|p| std::ptr::eq(*p, page))
        })
    }

    /// Renders one feed with the theme's `atom.xml`.
    pub(super) fn feed(&self, tera: &tera::Tera, feed: &Feed) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let base = self.base();
        let pages = self.feed_pages(feed);
        let entries: Vec<Value> = pages.iter().map(|page| self.feed_entry(page)).collect();
        let updated = pages
            .iter()
            .filter_map(|p| p.last_updated())
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let path = self.feed_path(feed);
        let mut context = tera::Context::new();
        context.put("site", self.site_value.clone());
        context.put("generator", self.generator.clone());
        context.put(
            "feed",
            json!({
                "title": self.feed_title(feed),
                "subtitle": site.config.site.description,
                "id": base.permalink(&path),
                "self_url": base.permalink(&path),
                "alternate_url": base.permalink(&self.feed_alternate(feed)),
                "updated": updated,
                "author": site.config.site.title,
                "entries": entries,
            }),
        );
        let source = match feed {
            Feed::Site => "content".to_string(),
            Feed::Folder(index) => format!("content/{}", FEED_FOLDERS[*index].0),
            Feed::Topic(index) => format!("content/topics/{}.md", site.topics[*index].slug),
            Feed::Collection(name) => format!("content/{name}"),
        };
        self.render_to(
            tera,
            "atom.xml",
            &context,
            path.trim_start_matches('/'),
            Path::new(&source),
        )
    }

    fn feed_entry(&self, page: &Page) -> Value {
        let base = self.base();
        let author = page
            .member
            .as_deref()
            .or(page.author.as_deref())
            .and_then(|h| self.members.get(h))
            .map_or_else(|| self.site.config.site.title.clone(), |m| m.name.clone());
        let permalink = base.permalink(&page.url);
        let categories: Vec<Value> = page
            .topics
            .iter()
            .map(|slug| {
                let label = self
                    .topics
                    .get(slug.as_str())
                    .map_or(slug.as_str(), |t| t.title.as_str());
                json!({"term": slug, "label": label, "scheme": base.permalink("/topics/")})
            })
            .collect();
        json!({
            "title": page.title,
            "url": permalink,
            "id": permalink,
            "published": page.date.map(|d| d.rfc3339()),
            "updated": page.last_updated().map(|d| d.rfc3339()),
            "summary": page.summary,
            "content": absolute_urls(&page.body.html, base, &permalink),
            "author": author,
            "categories": categories,
        })
    }
}

/// Makes the site paths and in-page anchors of `html` absolute, for feed readers that show an entry
/// away from the site: `href="/x/"` becomes `href="https://host/x/"`, `href="#a"` the page's `#a`.
pub(super) fn absolute_urls(html: &str, base: &BaseUrl, permalink: &str) -> String {
    absolute_urls_scanned(html, base, permalink).0
}

/// [`absolute_urls`], with the number of bytes of `html` it looked at: one pass over the page and
/// a few bytes per attribute, so a page of 10,000 footnote links costs no more than 10,000
/// links' worth of text (each used to send a search through the rest of the page).
fn absolute_urls_scanned(html: &str, base: &BaseUrl, permalink: &str) -> (String, usize) {
    let origin = base
        .absolute
        .strip_suffix(base.path.as_str())
        .unwrap_or(&base.absolute);
    let mut out = String::with_capacity(html.len() + 256);
    let mut scanned = 0;
    let mut copied = 0;
    let mut searched = 0;
    while let Some(found) = html[searched..].find("=\"") {
        scanned += found + 2;
        let equals = searched + found;
        searched = equals + 2;
        let before = &html[..equals];
        if !(before.ends_with(" href") || before.ends_with(" src")) {
            continue;
        }
        scanned += 5;
        let value_start = equals + 2;
        out.push_str(&html[copied..value_start]);
        let after = &html[value_start..];
        if after.starts_with("//") {
            // Protocol-relative: leave it as it is.
        } else if after.starts_with('/') {
            out.push_str(origin);
        } else if after.starts_with('#') {
            out.push_str(permalink);
        }
        copied = value_start;
    }
    scanned += html.len() - searched;
    out.push_str(&html[copied..]);
    (out, scanned)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rewriting_links_looks_at_each_byte_a_bounded_number_of_times() {
        let base = crate::config::BaseUrl::parse("https://shop.example/community/").unwrap();
        let page = |links: usize| {
            let mut html = String::from("<p>");
            for n in 0..links {
                html.push_str(&format!(
                    "<sup><a href=\"#fn{n}\" id=\"r{n}\">{n}</a></sup> "
                ));
            }
            html
        };
        for links in [1_000, 10_000] {
            let html = page(links);
            let (out, scanned) = super::absolute_urls_scanned(&html, &base, "https://p/");
            assert_eq!(out.matches("https://p/#fn").count(), links);
            assert!(
                scanned <= 2 * html.len(),
                "{links} links: {scanned} bytes looked at for a page of {}",
                html.len()
            );
        }
    }

    use super::*;

    #[test]
    fn site_paths_and_anchors_become_absolute() {
        let base = BaseUrl::parse("https://shop.example/community/").unwrap();
        let html = r##"<p><a href="/community/guides/x/">x</a> <a href="#step">s</a> <img src="/community/i.png" alt=""> <a href="https://other.example/">o</a> <a href="//cdn.example/y">y</a></p>"##;
        assert_eq!(
            absolute_urls(html, &base, "https://shop.example/community/guides/z/"),
            r##"<p><a href="https://shop.example/community/guides/x/">x</a> <a href="https://shop.example/community/guides/z/#step">s</a> <img src="https://shop.example/community/i.png" alt=""> <a href="https://other.example/">o</a> <a href="//cdn.example/y">y</a></p>"##
        );
    }
}
