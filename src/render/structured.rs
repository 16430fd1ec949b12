//! Structured data (schema.org JSON-LD) and the pictures of social cards.
//!
//! Every HTML page gets one `<script type="application/ld+json">` with a `@graph`: the page's own
//! entity (an Article for guides, stories and updates; a WebSite and the Organization on the home
//! page; a ProfilePage with its Person for members; a CollectionPage for lists, topics and products;
//! a WebPage otherwise) and its BreadcrumbList. Event and FAQ pages carry their Event and FAQPage in
//! their own templates, so their graph holds the breadcrumbs only.
//!
//! [`missing_properties`] is what `guildhall check` holds every JSON-LD object to: the properties
//! search engines need for each type, required (an error) or recommended (a warning).

use serde_json::{Value, json};

use super::events::escape_json_for_script;
use super::{Globals, absolute_url};
use crate::collections::members::Member;
use crate::model::Page;

/// The theme's own social card, for pages and sites without a picture.
pub const DEFAULT_SOCIAL_IMAGE: &str = "/guildhall-social.png";

/// Where a page's JSON-LD entity comes from; set as `meta.ld` before `Globals::context`.
pub(super) const LD_KEY: &str = "ld";

/// Whether social sites can show a picture: they take PNG, JPEG, GIF and WebP, not SVG.
fn shareable(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

impl Globals<'_> {
    /// The picture of a page's social card: its own when social sites can show it, else the site's
    /// `[social] image`, else the theme's card. Returns the absolute URL and its alt text.
    pub(super) fn social_image(&self, own: Option<(&str, &str)>) -> (String, String) {
        if let Some((src, alt)) = own
            && shareable(src)
        {
            return (self.asset_url(src, true), alt.to_string());
        }
        let social = &self.site.config.site.social;
        if let Some(image) = &social.image {
            let alt = social
                .image_alt
                .clone()
                .unwrap_or_else(|| self.site.config.site.title.clone());
            return (self.asset_url(image.get_ref(), true), alt);
        }
        (
            self.asset_url(DEFAULT_SOCIAL_IMAGE, true),
            self.site.config.site.title.clone(),
        )
    }

    /// The page's own social card, when it has no picture social sites can show and cards are
    /// on: asks for it (drawn after the pages) and returns its absolute URL and alt text.
    pub(super) fn page_card(
        &self,
        title: Option<&str>,
        url: &str,
        og_type: &str,
        own: Option<(&str, &str)>,
    ) -> Option<(String, String)> {
        if own.is_some_and(|(src, _)| shareable(src))
            || !self.pictures.social_cards()
            || url.ends_with("404.html")
        {
            return None;
        }
        let site_title = &self.site.config.site.title;
        let kind = self
            .site
            .sections
            .iter()
            .filter(|section| url.starts_with(section.url.as_str()) && section.url != "/")
            .max_by_key(|section| section.url.len())
            .map(|section| section.title.clone())
            .unwrap_or_else(|| match og_type {
                "profile" => "Member".to_string(),
                "product" => "Product".to_string(),
                _ => String::new(),
            });
        let mut title = title.unwrap_or(site_title).to_string();
        // The home page's card already shows the site's name: it says what the hub is for.
        if url == "/" && title == *site_title {
            let config = &self.site.config;
            let tagline = config.brand.tagline.as_deref().unwrap_or_default();
            let line = [tagline, config.site.description.as_str()]
                .into_iter()
                .find(|line| !line.trim().is_empty());
            if let Some(line) = line {
                title = line.trim().to_string();
            }
        }
        let alt = format!("{title} · {site_title}");
        let path = crate::images::card_path(url);
        if let Ok(mut texts) = self.card_texts.lock() {
            texts.push(crate::images::CardText {
                url: url.to_string(),
                title,
                kind,
            });
        }
        Some((self.asset_url(&format!("/{path}"), true), alt))
    }

    /// The Organization that publishes the hub: the store when there is one.
    pub(super) fn publisher(&self) -> Value {
        let config = &self.site.config.site;
        let (name, url) = match &config.store {
            Some(store) => (store.name.clone(), store.url.clone()),
            None => (config.title.clone(), self.base().absolute.clone()),
        };
        let mut value = json!({
            "@type": "Organization",
            "@id": format!("{}#organization", self.base().absolute),
            "name": name,
            "url": url,
        });
        if let Some(logo) = &config.social.logo {
            value["logo"] =
                json!({"@type": "ImageObject", "url": self.asset_url(logo.get_ref(), true)});
        }
        value
    }

    /// The home page's WebSite, with the search box search engines can offer.
    pub(super) fn website_ld(&self) -> Value {
        let config = &self.site.config.site;
        let base = self.base();
        let mut value = self.website_ref();
        value["inLanguage"] = Value::String(config.language.clone());
        value["publisher"] = self.publisher();
        if !config.description.is_empty() {
            value["description"] = Value::String(config.description.clone());
        }
        if config.search.enabled {
            value["potentialAction"] = json!({
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": format!("{}?q={{search_term_string}}", base.permalink(super::search::SEARCH_URL)),
                },
                "query-input": "required name=search_term_string",
            });
        }
        value
    }

    /// The hub as the WebSite a page is part of.
    fn website_ref(&self) -> Value {
        let base = self.base();
        json!({
            "@type": "WebSite",
            "@id": format!("{}#website", base.absolute),
            "name": self.site.config.site.title,
            "url": base.absolute,
        })
    }

    /// A member as a schema.org Person.
    pub(super) fn person_ld(&self, member: &Member) -> Value {
        let base = self.base();
        let mut value = json!({
            "@type": "Person",
            "name": member.name,
            "url": base.permalink(&super::community::member_url(member)),
        });
        if !member.bio.is_empty() {
            value["description"] = Value::String(member.bio.clone());
        }
        if let Some(avatar) = &member.avatar {
            value["image"] = Value::String(absolute_url(base, avatar));
        }
        let links: Vec<&str> = member.links.iter().map(|l| l.url.as_str()).collect();
        if !links.is_empty() {
            value["sameAs"] = links.into();
        }
        value
    }

    /// A guide, story or update as a schema.org Article.
    pub(super) fn article_ld(&self, page: &Page) -> Value {
        let base = self.base();
        let permalink = base.permalink(&page.url);
        let own = page
            .image
            .as_deref()
            .map(|src| (src, page.image_alt.as_str()))
            .or_else(|| {
                page.photos
                    .first()
                    .map(|p| (p.src.as_str(), p.alt.as_str()))
            });
        let image = self
            .page_card(Some(&page.title), &page.url, "article", own)
            .unwrap_or_else(|| self.social_image(own));
        let author = page
            .author
            .as_deref()
            .and_then(|handle| self.members.get(handle))
            .map_or_else(|| self.publisher(), |m| self.person_ld(m));
        let mut value = json!({
            "@type": "Article",
            "headline": truncate_chars(&page.title, 110),
            "url": permalink,
            "mainEntityOfPage": permalink,
            "image": [image.0],
            "inLanguage": self.site.config.site.language,
            "wordCount": page.body.word_count,
        });
        // Values are moved in: `json!` would serialize them again.
        value["author"] = author;
        value["publisher"] = self.publisher();
        value["isPartOf"] = self.website_ref();
        if !page.summary.is_empty() {
            value["description"] = Value::String(page.summary.clone());
        }
        if let Some(date) = page.date {
            value["datePublished"] = Value::String(date.rfc3339());
        }
        if let Some(date) = page.last_updated() {
            value["dateModified"] = Value::String(date.rfc3339());
        }
        if let Some(member) = page.member.as_deref().and_then(|h| self.members.get(h)) {
            value["about"] = self.person_ld(member);
        }
        let topics: Vec<&str> = page
            .topics
            .iter()
            .map(|slug| {
                self.topics
                    .get(slug.as_str())
                    .map_or(slug.as_str(), |t| t.title.as_str())
            })
            .collect();
        if !topics.is_empty() {
            value["keywords"] = Value::String(topics.join(", "));
        }
        value
    }

    /// A page of any other kind: `schema_type` (WebPage, CollectionPage...) with its name.
    pub(super) fn webpage_ld(
        &self,
        schema_type: &str,
        name: &str,
        description: &str,
        url: &str,
    ) -> Value {
        let base = self.base();
        let mut value = json!({
            "@type": schema_type,
            "name": name,
            "url": base.permalink(url),
            "inLanguage": self.site.config.site.language,
        });
        value["isPartOf"] = self.website_ref();
        if !description.is_empty() {
            value["description"] = Value::String(description.to_string());
        }
        value
    }

    /// Makes a list page's entity a CollectionPage.
    pub(super) fn collection_ld(&self, meta: &mut Value, url: &str) {
        let entity = self.webpage_ld(
            "CollectionPage",
            meta["name"].as_str().unwrap_or_default(),
            meta["description"].as_str().unwrap_or_default(),
            url,
        );
        meta[LD_KEY] = Value::Array(vec![entity]);
    }

    /// What a product page is about: the product, named with its sku and its store page. (A
    /// schema.org Product would promise offers and prices, which the store's own page has.)
    pub(super) fn product_thing(&self, product: &crate::collections::products::Product) -> Value {
        let mut value = json!({
            "@type": "Thing",
            "name": product.name,
            "identifier": product.sku,
            "url": product.url,
        });
        if !product.description.is_empty() {
            value["description"] = Value::String(product.description.clone());
        }
        if let Some(image) = &product.image {
            value["image"] = Value::String(self.asset_url(image, true));
        }
        value
    }

    /// The text of the page's JSON-LD script: its entities and its breadcrumbs in one `@graph`.
    /// `None` when there is nothing to say.
    pub(super) fn json_ld_graph(
        &self,
        mut entities: Vec<Value>,
        breadcrumbs: &[(String, String)],
    ) -> Option<String> {
        if breadcrumbs.len() >= 2 {
            let items: Vec<Value> = breadcrumbs
                .iter()
                .enumerate()
                .map(|(index, (title, url))| {
                    json!({
                        "@type": "ListItem",
                        "position": index + 1,
                        "name": title,
                        "item": self.base().permalink(url),
                    })
                })
                .collect();
            let mut list = json!({"@type": "BreadcrumbList"});
            list["itemListElement"] = Value::Array(items);
            entities.push(list);
        }
        if entities.is_empty() {
            return None;
        }
        let mut graph = json!({"@context": "https://schema.org"});
        graph["@graph"] = Value::Array(entities);
        Some(escape_json_for_script(&graph.to_string()))
    }
}

fn truncate_chars(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut out: String = text.chars().take(limit - 1).collect();
    out.push('…');
    out
}

/// How much a missing property matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Search engines ignore the object without it.
    Required,
    /// Search engines show less without it.
    Recommended,
}

/// A property that a JSON-LD object of some type lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub schema_type: String,
    pub property: &'static str,
    pub need: Need,
}

/// The properties each type needs: (type, required, recommended).
const NEEDS: &[(&str, &[&str], &[&str])] = &[
    (
        "Article",
        &["headline", "author", "url"],
        &[
            "datePublished",
            "image",
            "description",
            "dateModified",
            "publisher",
        ],
    ),
    ("WebSite", &["name", "url"], &[]),
    ("Organization", &["name", "url"], &[]),
    ("Person", &["name"], &[]),
    ("ProfilePage", &["mainEntity"], &["url"]),
    ("BreadcrumbList", &["itemListElement"], &[]),
    ("ListItem", &["position", "name"], &["item"]),
    ("FAQPage", &["mainEntity"], &["url"]),
    ("Question", &["name", "acceptedAnswer"], &[]),
    ("Answer", &["text"], &[]),
    (
        "Event",
        &["name", "startDate", "location"],
        &[
            "endDate",
            "eventStatus",
            "description",
            "image",
            "organizer",
            "eventAttendanceMode",
        ],
    ),
    ("Place", &["address"], &["name"]),
    (
        "PostalAddress",
        &[],
        &["streetAddress", "addressLocality", "addressCountry"],
    ),
    ("VirtualLocation", &["url"], &[]),
    ("CollectionPage", &["name", "url"], &["description"]),
    ("WebPage", &["name", "url"], &["description"]),
    ("SearchResultsPage", &["name", "url"], &[]),
];

/// Every property that `value` (a JSON-LD document, a `@graph`, or one object) and the objects
/// inside it lack, in document order. References (`{"@id": ...}`) count as present.
pub fn missing_properties(value: &Value) -> Vec<Missing> {
    let mut missing = Vec::new();
    visit(value, &mut missing);
    missing
}

fn visit(value: &Value, missing: &mut Vec<Missing>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| visit(item, missing)),
        Value::Object(object) => {
            if let Some(schema_type) = object.get("@type").and_then(Value::as_str)
                && let Some((_, required, recommended)) =
                    NEEDS.iter().find(|(t, _, _)| *t == schema_type)
            {
                let absent = |property: &str| match object.get(property) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(text)) => text.trim().is_empty(),
                    Some(Value::Array(items)) => items.is_empty(),
                    Some(_) => false,
                };
                for (properties, need) in
                    [(required, Need::Required), (recommended, Need::Recommended)]
                {
                    for property in properties.iter().filter(|p| absent(p)) {
                        missing.push(Missing {
                            schema_type: schema_type.to_string(),
                            property,
                            need,
                        });
                    }
                }
            }
            for (key, child) in object {
                if key != "@context" {
                    visit(child, missing);
                }
            }
        }
        _ => {}
    }
}

/// The JSON of every `<script type="application/ld+json">` element of an HTML page; an element
/// that is not JSON comes back as the parser's message.
pub fn json_ld_scripts(html: &str) -> Vec<Result<Value, String>> {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    html.split(OPEN)
        .skip(1)
        .map(|rest| {
            let text = rest.split("</script>").next().unwrap_or_default();
            serde_json::from_str(text).map_err(|e| e.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_properties_are_found_at_any_depth_and_references_count() {
        let graph = json!({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "Article", "headline": "Casting on", "url": "https://x.example/a/", "author": {"@id": "https://x.example/#organization"}, "image": []},
                {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1}]},
            ],
        });
        let found: Vec<(String, &str, Need)> = missing_properties(&graph)
            .into_iter()
            .map(|m| (m.schema_type, m.property, m.need))
            .collect();
        assert_eq!(
            found,
            [
                ("Article".to_string(), "datePublished", Need::Recommended),
                ("Article".to_string(), "image", Need::Recommended),
                ("Article".to_string(), "description", Need::Recommended),
                ("Article".to_string(), "dateModified", Need::Recommended),
                ("Article".to_string(), "publisher", Need::Recommended),
                ("ListItem".to_string(), "name", Need::Required),
                ("ListItem".to_string(), "item", Need::Recommended),
            ]
        );
    }

    #[test]
    fn svg_pictures_are_not_used_for_social_cards() {
        assert!(shareable("/images/a.PNG"));
        assert!(shareable("/images/a.jpg?v=2"));
        assert!(!shareable("/images/a.svg"));
    }

    #[test]
    fn scripts_are_read_and_broken_ones_reported() {
        let html = r#"<script type="application/ld+json">{"@type":"Event"}</script><script type="application/ld+json">{oops</script>"#;
        let scripts = json_ld_scripts(html);
        assert_eq!(scripts.len(), 2);
        assert_eq!(scripts[0].as_ref().unwrap()["@type"], "Event");
        assert!(scripts[1].is_err());
    }
}
