//! Who links to what, by index into the site's pages: computed by [`crate::site`]'s graph pass.

use std::collections::BTreeMap;

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
