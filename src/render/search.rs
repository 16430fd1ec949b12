//! The search page: the form, the filters and the topics offered when nothing matches. The results
//! come from the index in the browser (`guildhall-search-ui.js`); without JavaScript the page links
//! to the topics instead.

use std::path::Path;

use serde_json::{Value, json};

use super::{Globals, OutputFile};
use crate::diag::Diagnostic;
use crate::model::PageKind;

/// Where the search page lives; the index files sit beside it.
pub(super) const SEARCH_URL: &str = "/search/";
/// Topics offered when a query finds nothing.
const SUGGESTED_TOPICS: usize = 8;

impl Globals<'_> {
    pub(super) fn search_page(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let title = self.words.get("search");
        let mut meta = self.meta(Some(&title), "", SEARCH_URL, "website", None);
        meta[super::structured::LD_KEY] = Value::Array(vec![self.webpage_ld(
            "SearchResultsPage",
            &title,
            "",
            SEARCH_URL,
        )]);
        // Indexable: the page is the same form for every query (results are drawn in the browser),
        // and its canonical address carries no query, so `?q=` links fold into `/search/`.
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.words.get("search"), SEARCH_URL.to_string()),
        ];
        let mut context = self.context(SEARCH_URL, meta, crumbs);
        context.insert("search_page", &true);
        let site = self.site;
        let has = |kind: PageKind| site.pages.iter().any(|p| p.kind == kind);
        let kinds: Vec<Value> = [
            ("guide", has(PageKind::Guide)),
            ("faq", has(PageKind::Faq)),
            ("story", has(PageKind::Story)),
            ("event", has(PageKind::Event)),
            ("update", has(PageKind::Update)),
            ("page", has(PageKind::Page)),
            ("product", !site.products.is_empty()),
            ("topic", !site.topics.is_empty()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(
            |(value, _)| json!({"value": value, "label": self.words.get(&format!("kind_{value}"))}),
        )
        .collect();
        context.insert("kinds", &kinds);
        let mut topics: Vec<_> = site.topics.iter().collect();
        topics.sort_by(|a, b| {
            b.declared()
                .cmp(&a.declared())
                .then(a.weight.cmp(&b.weight))
                .then(a.title.cmp(&b.title))
        });
        let suggestions: Vec<Value> = topics
            .iter()
            .take(SUGGESTED_TOPICS)
            .map(|t| json!({"title": t.title, "url": self.base().site_path(&t.url())}))
            .collect();
        context.insert("suggested_topics", &suggestions);
        context.insert("has_topics", &(!site.topics.is_empty()));
        self.render_to(
            tera,
            "search.html",
            &context,
            "search/index.html",
            Path::new("search/index.html"),
        )
    }
}
