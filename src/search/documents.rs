//! What the index is made of: one document per page, product and topic hub, with its fields,
//! sections and facets, in the order that gives them their ids.
//!
//! Ids follow (kind, first topic, newest first, URL): each kind is one range of ids, so kind counts
//! cost the client nothing, and pages of one topic sit together, so the metadata of a query's top
//! results comes from few files.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::collections::events::Host;
use crate::model::{Page, PageKind, Site};

/// The kind of a search document, in id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Guide,
    Faq,
    Story,
    Event,
    Update,
    Page,
    Product,
    Topic,
}

impl DocKind {
    pub const ALL: [DocKind; 8] = [
        DocKind::Guide,
        DocKind::Faq,
        DocKind::Story,
        DocKind::Event,
        DocKind::Update,
        DocKind::Page,
        DocKind::Product,
        DocKind::Topic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocKind::Guide => "guide",
            DocKind::Faq => "faq",
            DocKind::Story => "story",
            DocKind::Event => "event",
            DocKind::Update => "update",
            DocKind::Page => "page",
            DocKind::Product => "product",
            DocKind::Topic => "topic",
        }
    }
}

/// A field of a document and how much a word in it counts, relative to the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Heading,
    Topic,
    Product,
    /// FAQ entries: the question, the editors' other phrasings and the customers' (redacted) ones.
    Phrasing,
    /// FAQ entries: the customers' phrasings (redacted), weighed by how many of them hold a word.
    Customer,
    Summary,
    Body,
}

impl Field {
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 6.0,
            Field::Heading => 3.0,
            Field::Topic => 2.5,
            Field::Product => 2.5,
            Field::Phrasing | Field::Customer => 2.5,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// A piece of text to index: its field, the section it belongs to (0 is the top of the page) and
/// the text.
#[derive(Debug, Clone)]
pub struct Text<'a> {
    pub field: Field,
    pub section: u8,
    pub text: Cow<'a, str>,
}

/// One search document.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub kind: DocKind,
    /// The site path, without the base path.
    pub url: String,
    pub title: String,
    /// Shown under the title; never customer text.
    pub summary: String,
    pub date: Option<jiff::civil::Date>,
    /// Headings that start a section (`##` and `###`), as (id, title); section `i + 1` is `sections[i]`.
    pub sections: Vec<(String, String)>,
    /// Topic slugs and product skus, for facets.
    pub topics: Vec<String>,
    pub products: Vec<String>,
    pub texts: Vec<Text<'a>>,
    /// Exact keys that put this document first (a product's sku and name).
    pub exact: Vec<String>,
}

#[cfg(test)]
impl Document<'static> {
    /// A guide at `/<title>/` with a title and a body (in section `body_section`), for tests.
    pub(crate) fn sample(title: &str, body: &str, body_section: u8) -> Document<'static> {
        let text = |field, section, text: &str| Text {
            field,
            section,
            text: Cow::Owned(text.to_string()),
        };
        Document {
            kind: DocKind::Guide,
            url: format!("/{title}/"),
            title: title.into(),
            summary: String::new(),
            date: None,
            sections: Vec::new(),
            topics: Vec::new(),
            products: Vec::new(),
            texts: vec![
                text(Field::Title, 0, title),
                text(Field::Body, body_section, body),
            ],
            exact: Vec::new(),
        }
    }
}

/// Most sections a page is split into; later headings join the last one.
const MAX_SECTIONS: usize = 250;
/// Longest summary shown in results, in characters.
const SUMMARY_CHARS: usize = 160;

/// Every document of the site, sorted into id order.
pub fn collect(site: &Site) -> Vec<Document<'_>> {
    let phrasings: HashMap<usize, &[String]> = site
        .faq
        .entries
        .iter()
        .map(|e| (e.page, e.phrasings.as_slice()))
        .collect();
    let topic_titles: HashMap<&str, &str> = site
        .topics
        .iter()
        .map(|t| (t.slug.as_str(), t.title.as_str()))
        .collect();
    let products: HashMap<&str, &crate::collections::products::Product> =
        site.products.iter().map(|p| (p.sku.as_str(), p)).collect();
    let mut documents: Vec<Document> = site
        .pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let customer = phrasings.get(&index).copied().unwrap_or_default();
            page_document(page, customer, &topic_titles, &products)
        })
        .collect();
    for product in &site.products {
        let mut texts = vec![
            text(Field::Title, &product.name),
            text(Field::Product, &product.sku),
            text(Field::Summary, &product.description),
        ];
        texts.extend(topic_texts(&product.topics, &topic_titles));
        documents.push(Document {
            kind: DocKind::Product,
            url: format!("/products/{}/", product.slug()),
            title: product.name.clone(),
            summary: truncate(&product.description, SUMMARY_CHARS),
            date: None,
            sections: Vec::new(),
            topics: product.topics.clone(),
            products: vec![product.sku.clone()],
            texts,
            exact: [&product.sku, &product.name]
                .iter()
                .filter_map(|t| super::text::exact_key(t))
                .collect(),
        });
    }
    for topic in &site.topics {
        documents.push(Document {
            kind: DocKind::Topic,
            url: topic.url(),
            title: topic.title.clone(),
            summary: truncate(&topic.summary, SUMMARY_CHARS),
            date: None,
            sections: Vec::new(),
            topics: vec![topic.slug.clone()],
            products: Vec::new(),
            texts: vec![
                text(Field::Title, &topic.title),
                text(Field::Summary, &topic.summary),
                text(Field::Body, &topic.body.plain_text),
            ],
            exact: Vec::new(),
        });
    }
    documents.sort_by(|a, b| {
        (a.kind, a.topics.first())
            .cmp(&(b.kind, b.topics.first()))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.url.cmp(&b.url))
    });
    documents
}

fn text(field: Field, text: &str) -> Text<'static> {
    Text {
        field,
        section: 0,
        text: Cow::Owned(text.to_string()),
    }
}

fn topic_texts(slugs: &[String], titles: &HashMap<&str, &str>) -> Vec<Text<'static>> {
    slugs
        .iter()
        .map(|slug| {
            text(
                Field::Topic,
                titles.get(slug.as_str()).copied().unwrap_or(slug),
            )
        })
        .collect()
}

fn page_document<'a>(
    page: &'a Page,
    customer_phrasings: &[String],
    topic_titles: &HashMap<&str, &str>,
    products: &HashMap<&str, &crate::collections::products::Product>,
) -> Document<'a> {
    let kind = match page.kind {
        PageKind::Guide => DocKind::Guide,
        PageKind::Faq => DocKind::Faq,
        PageKind::Story => DocKind::Story,
        PageKind::Event => DocKind::Event,
        PageKind::Update => DocKind::Update,
        PageKind::Page => DocKind::Page,
    };
    let mut texts = vec![text(Field::Title, &page.title)];
    if !page.summary.is_empty() {
        texts.push(text(Field::Summary, &page.summary));
    }
    if let Some(quote) = &page.quote {
        texts.push(text(Field::Summary, quote));
    }
    texts.extend(topic_texts(&page.topics, topic_titles));
    if let Some(event) = &page.event {
        if let Some(location) = &event.location {
            let place = [location.venue.clone(), location.address_line()];
            for line in place.into_iter().flatten() {
                texts.push(text(Field::Summary, &line));
            }
        }
        if let Some(Host::Name(name) | Host::Member(name)) = &event.host {
            texts.push(text(Field::Summary, name));
        }
    }
    let mut skus: Vec<String> = page.products.clone();
    for sku in &page.body.linked_products {
        if !skus.iter().any(|s| s.eq_ignore_ascii_case(sku)) {
            skus.push(sku.clone());
        }
    }
    for sku in &skus {
        texts.push(text(Field::Product, sku));
        if let Some(product) = products.get(sku.as_str()) {
            texts.push(text(Field::Product, &product.name));
        }
    }
    if let Some(question) = &page.question
        && question != &page.title
    {
        texts.push(text(Field::Phrasing, question));
    }
    for phrasing in &page.asked_as {
        texts.push(text(Field::Phrasing, phrasing));
    }
    for phrasing in customer_phrasings {
        texts.push(text(Field::Customer, phrasing));
    }
    let sections = split_sections(page, &mut texts);
    let summary = if page.summary.is_empty() {
        truncate(&page.body.first_paragraph, SUMMARY_CHARS)
    } else {
        truncate(&page.summary, SUMMARY_CHARS)
    };
    Document {
        kind,
        url: page.url.clone(),
        title: page.title.clone(),
        summary,
        date: event_day(page).or(page.date.map(|d| d.day)),
        sections,
        topics: page.topics.clone(),
        products: skus,
        texts,
        exact: Vec::new(),
    }
}

/// An event's date for sorting: its next date, else its last.
fn event_day(page: &Page) -> Option<jiff::civil::Date> {
    let schedule = &page.event.as_ref()?.schedule;
    let occurrence = schedule.next.first().or(schedule.last.as_ref())?;
    Some(occurrence.start.date())
}

/// Splits the body at its `##` and `###` headings: each heading's text goes in the heading field
/// and the text under it in the body field, both tagged with the section's number.
fn split_sections<'a>(page: &'a Page, texts: &mut Vec<Text<'a>>) -> Vec<(String, String)> {
    let body = &page.body;
    let plain = &body.plain_text;
    let mut sections = Vec::new();
    let mut section: u8 = 0;
    let mut start = 0;
    for ((id, title), &(level, offset)) in body.headings.iter().zip(&body.heading_starts) {
        let offset = offset.min(plain.len());
        if !(2..=3).contains(&level) || !plain.is_char_boundary(offset) {
            continue;
        }
        push_body(texts, section, &plain[start..offset]);
        if sections.len() < MAX_SECTIONS {
            sections.push((id.clone(), title.clone()));
            section = sections.len() as u8;
        }
        texts.push(Text {
            field: Field::Heading,
            section,
            text: Cow::Borrowed(title),
        });
        start = offset;
    }
    push_body(texts, section, &plain[start..]);
    sections
}

fn push_body<'a>(texts: &mut Vec<Text<'a>>, section: u8, text: &'a str) {
    if !text.trim().is_empty() {
        texts.push(Text {
            field: Field::Body,
            section,
            text: Cow::Borrowed(text),
        });
    }
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
