//! Who links to what: the content of each topic, product and member, related topics, and "related
//! content" for every page, computed once per build from inverted indexes.
//!
//! Related content never scans the whole site per page: candidates come from the posting lists of the
//! page's own topics and products, each capped to its newest entries, so the cost grows with the
//! number of pages times a constant.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::collections::products::Product;
use crate::collections::topics::Topic;
use crate::model::{Graph, Page, PageKind, newest_first};

/// How many entries of one posting list are considered as related-content candidates.
const CANDIDATES_PER_KEY: usize = 200;

/// How many related pages each page shows.
const RELATED_PAGES: usize = 4;

/// How many related topics each topic shows.
const RELATED_TOPICS: usize = 6;

/// Builds the graph. `pages` must already exclude everything withheld from the output.
pub(crate) fn build(pages: &[Page], products: &[Product], topics: &[Topic]) -> Graph {
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
    // Each page's place in the newest-first order: ties in related content break on it, an integer
    // comparison instead of comparing dates and paths.
    let mut rank = vec![0; pages.len()];
    for (position, &index) in order.iter().enumerate() {
        rank[index] = position;
    }
    // In a few chunks per thread, so each chunk's scratch array is made once (rayon would otherwise
    // make one for every split of the work, and zeroing fresh memory costs more than the scoring).
    let indices: Vec<usize> = (0..pages.len()).collect();
    let chunk = pages
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1);
    graph.related_pages = indices
        .par_chunks(chunk)
        .flat_map_iter(|chunk| {
            let mut scratch = Scratch {
                scores: vec![0; pages.len()],
                touched: Vec::new(),
                ranked: Vec::new(),
            };
            chunk
                .iter()
                .map(|&index| related_pages(&graph, pages, &rank, &mut scratch, index))
                .collect::<Vec<_>>()
        })
        .collect();
    graph
}

fn push_unique(list: &mut Vec<usize>, index: usize) {
    if list.last() != Some(&index) {
        list.push(index);
    }
}

fn topic_products(
    graph: &Graph,
    pages: &[Page],
    products: &[Product],
    topics: &[Topic],
) -> BTreeMap<String, Vec<String>> {
    let mut result: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Each topic's own products, in the catalogue's order.
    let mut declared: HashMap<&str, Vec<String>> = HashMap::new();
    for product in products {
        let mut seen = HashSet::new();
        for slug in &product.topics {
            if seen.insert(slug.as_str()) {
                declared
                    .entry(slug.as_str())
                    .or_default()
                    .push(product.sku.clone());
            }
        }
    }
    for topic in topics {
        let mut skus: Vec<String> = declared
            .get(topic.slug.as_str())
            .cloned()
            .unwrap_or_default();
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
        // Looked up, not searched: a topic may gather thousands of products.
        let mut listed: HashSet<String> = skus.iter().cloned().collect();
        for (sku, _) in used {
            if listed.insert(sku.to_string()) {
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
    let mut by_topic: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for ((a, b), count) in shared {
        by_topic.entry(a).or_default().push((b, count));
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
        let mut by_count: Vec<(&str, usize)> =
            by_topic.remove(topic.slug.as_str()).unwrap_or_default();
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

/// Per-thread working memory of [`related_pages`]: a score per page, and the pages given one.
struct Scratch {
    scores: Vec<u32>,
    touched: Vec<usize>,
    /// (score, reversed so higher comes first; rank; page) of the candidates.
    ranked: Vec<(std::cmp::Reverse<u32>, usize, usize)>,
}

/// The pages sharing the most topics and products with `index` (a product counts twice), newest
/// first among equals (`rank` is each page's place in the newest-first order).
fn related_pages(
    graph: &Graph,
    pages: &[Page],
    rank: &[usize],
    scratch: &mut Scratch,
    index: usize,
) -> Vec<usize> {
    let page = &pages[index];
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
                if scratch.scores[other] == 0 {
                    scratch.touched.push(other);
                }
                scratch.scores[other] += weight;
            }
        }
    }
    // Best first: the highest score, then the newest. Only the first few are kept, so a partial
    // selection does instead of sorting every candidate.
    let ranked = &mut scratch.ranked;
    ranked.clear();
    for other in scratch.touched.drain(..) {
        let score = std::mem::take(&mut scratch.scores[other]);
        ranked.push((std::cmp::Reverse(score), rank[other], other));
    }
    if ranked.len() > RELATED_PAGES {
        ranked.select_nth_unstable(RELATED_PAGES - 1);
        ranked.truncate(RELATED_PAGES);
    }
    ranked.sort_unstable();
    ranked.iter().map(|&(_, _, other)| other).collect()
}
