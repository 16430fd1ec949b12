//! Who links to what: the content of each topic, product and member, related topics, and "related
//! content" for every page, computed once per build from inverted indexes.
//!
//! Related content never scans the whole site per page: candidates come from the posting lists of the
//! page's own topics and products, each capped to its newest entries, so the cost grows with the
//! number of pages times a constant.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::products::Product;
use super::topics::Topic;
use crate::site::{Page, PageKind};

/// How many entries of one posting list are considered as related-content candidates.
const CANDIDATES_PER_KEY: usize = 200;
/// How many related pages each page shows.
const RELATED_PAGES: usize = 4;
/// How many related topics each topic shows.
const RELATED_TOPICS: usize = 6;

/// The relationships of a site, by index into its pages.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Topic slug to the pages tagged with it, newest first.
    pub by_topic: BTreeMap<String, Vec<usize>>,
    /// Sku to the pages that reference the product, newest first.
    pub by_product: BTreeMap<String, Vec<usize>>,
    /// Member handle to their stories, newest first.
    pub stories_by_member: BTreeMap<String, Vec<usize>>,
    /// Member handle to the pages they wrote, newest first.
    pub by_author: BTreeMap<String, Vec<usize>>,
    /// Topic slug to the skus involved: products tagged with the topic, then products its pages use.
    pub topic_products: BTreeMap<String, Vec<String>>,
    /// Topic slug to related topic slugs: declared ones first, then those sharing the most pages.
    pub related_topics: BTreeMap<String, Vec<String>>,
    /// For each page, the pages most related to it.
    pub related_pages: Vec<Vec<usize>>,
}

/// Builds the graph. `pages` must already exclude everything withheld from the output.
pub fn build(pages: &[Page], products: &[Product], topics: &[Topic]) -> Graph {
    let mut graph = Graph::default();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    for &index in &order {
        let page = &pages[index];
        for topic in &page.topics {
            push_unique(graph.by_topic.entry(topic.clone()).or_default(), index);
        }
        for sku in &page.products {
            push_unique(graph.by_product.entry(sku.clone()).or_default(), index);
        }
        if let (PageKind::Story, Some(member)) = (page.kind, &page.member) {
            graph
                .stories_by_member
                .entry(member.clone())
                .or_default()
                .push(index);
        }
        if let Some(author) = &page.author {
            graph
                .by_author
                .entry(author.clone())
                .or_default()
                .push(index);
        }
    }
    graph.topic_products = topic_products(&graph, pages, products, topics);
    graph.related_topics = related_topics(pages, topics);
    graph.related_pages = (0..pages.len())
        .map(|index| related_pages(&graph, pages, index))
        .collect();
    graph
}

fn push_unique(list: &mut Vec<usize>, index: usize) {
    if list.last() != Some(&index) {
        list.push(index);
    }
}

/// Newest first, then by path: a total order, so lists never depend on input order.
pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.rel_path.cmp(&b.rel_path))
}

fn topic_products(
    graph: &Graph,
    pages: &[Page],
    products: &[Product],
    topics: &[Topic],
) -> BTreeMap<String, Vec<String>> {
    let mut result: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for topic in topics {
        let mut skus: Vec<String> = products
            .iter()
            .filter(|p| p.topics.contains(&topic.slug))
            .map(|p| p.sku.clone())
            .collect();
        let mut used: BTreeMap<&str, usize> = BTreeMap::new();
        for &index in graph
            .by_topic
            .get(&topic.slug)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            for sku in &pages[index].products {
                *used.entry(sku).or_default() += 1;
            }
        }
        let mut used: Vec<(&str, usize)> = used.into_iter().collect();
        used.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (sku, _) in used {
            if !skus.iter().any(|s| s == sku) {
                skus.push(sku.to_string());
            }
        }
        result.insert(topic.slug.clone(), skus);
    }
    result
}

fn related_topics(pages: &[Page], topics: &[Topic]) -> BTreeMap<String, Vec<String>> {
    let mut shared: HashMap<(&str, &str), usize> = HashMap::new();
    for page in pages {
        let tags: BTreeSet<&str> = page.topics.iter().map(String::as_str).collect();
        for &a in &tags {
            for &b in &tags {
                if a != b {
                    *shared.entry((a, b)).or_default() += 1;
                }
            }
        }
    }
    let known: BTreeSet<&str> = topics.iter().map(|t| t.slug.as_str()).collect();
    let mut result = BTreeMap::new();
    for topic in topics {
        let mut related: Vec<String> = topic
            .related
            .iter()
            .filter(|slug| known.contains(slug.as_str()) && **slug != topic.slug)
            .cloned()
            .collect();
        let mut by_count: Vec<(&str, usize)> = shared
            .iter()
            .filter(|((a, _), _)| *a == topic.slug)
            .map(|((_, b), count)| (*b, *count))
            .collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (slug, _) in by_count {
            if related.len() >= RELATED_TOPICS {
                break;
            }
            if !related.iter().any(|r| r == slug) {
                related.push(slug.to_string());
            }
        }
        result.insert(topic.slug.clone(), related);
    }
    result
}

/// The pages sharing the most topics and products with `index` (a product counts twice).
fn related_pages(graph: &Graph, pages: &[Page], index: usize) -> Vec<usize> {
    let page = &pages[index];
    let mut scores: HashMap<usize, usize> = HashMap::new();
    let lists = page
        .topics
        .iter()
        .filter_map(|t| graph.by_topic.get(t).map(|list| (list, 1)))
        .chain(
            page.products
                .iter()
                .filter_map(|p| graph.by_product.get(p).map(|list| (list, 2))),
        );
    for (list, weight) in lists {
        for &other in list.iter().take(CANDIDATES_PER_KEY) {
            if other != index {
                *scores.entry(other).or_default() += weight;
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| newest_first(&pages[a.0], &pages[b.0]))
    });
    ranked
        .into_iter()
        .take(RELATED_PAGES)
        .map(|(other, _)| other)
        .collect()
}
