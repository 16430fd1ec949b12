//! The values handed to templates: the context every HTML page shares (site, nav, meta,
//! breadcrumbs, feeds), and pages and sections as templates see them (documented in
//! themes/README.md).

use serde::Serialize;
use serde_json::{Value, json};

use super::*;
use crate::config::BaseUrl;
use crate::content::Level;
use crate::content::PageDate;
use crate::markdown::TocEntry;
use crate::model::{Page, PageKind, Section};

impl Globals<'_> {
    pub(super) fn base(&self) -> &BaseUrl {
        &self.site.config.base_url
    }

    pub(super) fn section_crumbs(&self, section: Option<usize>) -> Vec<(String, String)> {
        let mut chain = Vec::new();
        let mut current = section;
        while let Some(index) = current {
            let section = &self.site.sections[index];
            chain.push((section.title.clone(), section.url.clone()));
            current = section.parent;
        }
        chain.push((self.words.get("home"), "/".to_string()));
        chain.reverse();
        chain
    }

    pub(super) fn section_value(&self, section: &Section) -> Value {
        json!({
            "title": section.title,
            "summary": section.summary,
            "url": self.base().site_path(&section.url),
            "permalink": self.base().permalink(&section.url),
            "content": section.body.html,
            "page_count": section.pages.len(),
        })
    }

    /// A page as templates see it; `full` adds the body and table of contents.
    pub(super) fn page_value(&self, page: &Page, full: bool) -> Value {
        if !full
            && let Some(card) = self
                .page_indices
                .get(page.rel_path.as_str())
                .and_then(|&i| self.cards.get(i))
        {
            return card
                .get_or_init(|| self.make_page_value(page, false))
                .clone();
        }
        self.make_page_value(page, full)
    }

    pub(super) fn make_page_value(&self, page: &Page, full: bool) -> Value {
        let base = self.base();
        let section = page.section.map(|i| &self.site.sections[i]);
        let date = |date: Option<PageDate>| date.map_or(Value::Null, |d| date_value(d, self.words));
        let member = |handle: Option<&str>| {
            handle
                .and_then(|h| self.member_ref(h))
                .unwrap_or(Value::Null)
        };
        let values = PageValue {
            title: &page.title,
            summary: &page.summary,
            url: base.site_path(&page.url),
            permalink: base.permalink(&page.url),
            kind: page.kind,
            section: section.map(|s| s.title.as_str()),
            section_url: section.map(|s| base.site_path(&s.url)),
            date: date(page.date),
            updated: date(page.updated),
            last_updated: date(page.last_updated()),
            reading_time: page.reading_time,
            word_count: page.body.word_count,
            level: page.level,
            topics: page.topics.iter().map(|t| self.topic_ref(t)).collect(),
            author: member(page.author.as_deref()),
            member: member(page.member.as_deref()),
            quote: page.quote.as_deref(),
            image: page.image.as_deref().map(|src| site_url(base, src)),
            image_alt: &page.image_alt,
            draft: page.draft,
            schedule_note: self.schedule_note(page),
            weight: page.weight,
            event: self.event_value(page, full),
        };
        let mut value = serde_json::to_value(values).unwrap_or(Value::Null);
        if page.kind == crate::model::PageKind::Faq {
            self.faq_fields(page, &mut value, full);
        }
        if full {
            let own = OwnPageValue {
                products: page
                    .products
                    .iter()
                    .filter_map(|sku| self.product_ref(sku, &page.url))
                    .collect(),
                photos: page
                    .photos
                    .iter()
                    .map(|photo| PhotoValue {
                        src: site_url(base, &photo.src),
                        alt: &photo.alt,
                    })
                    .collect(),
                related: self.related_value(page),
                path: self.path_value(page),
                content: &page.body.html,
                toc: &page.body.toc,
                extra: &page.extra,
            };
            if let (Value::Object(map), Ok(Value::Object(own))) =
                (&mut value, serde_json::to_value(own))
            {
                map.extend(own);
            }
        }
        value
    }

    /// What the draft banner says of a page that `--drafts` shows before or after its time.
    pub(super) fn schedule_note(&self, page: &Page) -> Option<String> {
        let zone = &self.site.config.timezone;
        let when = |at: jiff::Timestamp| {
            let zoned = at.to_zoned(zone.clone());
            self.words
                .get("at_time")
                .replace("{date}", &self.words.date(zoned.date()))
                .replace("{time}", &zoned.strftime("%H:%M %Z").to_string())
        };
        match page.schedule {
            crate::model::Schedule::Live => None,
            crate::model::Schedule::Scheduled(at) => {
                Some(self.words.get("scheduled").replace("{when}", &when(at)))
            }
            crate::model::Schedule::Expired(at) => {
                Some(self.words.get("expires").replace("{when}", &when(at)))
            }
        }
    }

    pub(super) fn meta(
        &self,
        title: Option<&str>,
        description: &str,
        url: &str,
        og_type: &str,
        image: Option<(&str, &str)>,
    ) -> Value {
        let config = &self.site.config.site;
        let full_title = match title {
            Some(title) => format!("{title} · {}", config.title),
            None => config.title.clone(),
        };
        let description = if description.is_empty() {
            &config.description
        } else {
            description
        };
        let (image, image_alt) = self
            .page_card(title, url, og_type, image)
            .unwrap_or_else(|| self.social_image(image));
        json!({
            "title": full_title,
            "name": title.unwrap_or(&config.title),
            "description": description,
            "canonical": self.base().permalink(url),
            "og_type": og_type,
            "image": image,
            "image_alt": image_alt,
            "twitter_site": config.social.twitter,
            "locale": config.language.replace('-', "_"),
            "noindex": false,
        })
    }

    /// The context shared by every HTML page: site, nav (with the current link), meta, breadcrumbs.
    pub(super) fn context(
        &self,
        current_url: &str,
        meta: Value,
        breadcrumbs: Vec<(String, String)>,
    ) -> tera::Context {
        let mut site_value = self.site_value.clone();
        let current = self.base().site_path(current_url);
        let nav: Vec<Value> = self
            .nav
            .iter()
            .map(|(name, url)| {
                let is_current = *url == current
                    || (url != &self.base().path && current.starts_with(url.as_str()));
                json!({"name": name, "url": url, "current": is_current})
            })
            .collect();
        site_value["nav"] = Value::Array(nav);
        if let Some(store) = &self.site.config.site.store {
            site_value["store"]["url"] = Value::String(self.store_link(&store.url, current_url));
        }
        let mut context = tera::Context::new();
        let mut meta = meta;
        let entities = match meta
            .as_object_mut()
            .and_then(|m| m.remove(structured::LD_KEY))
        {
            Some(Value::Array(entities)) => entities,
            _ => vec![self.webpage_ld(
                "WebPage",
                meta["name"].as_str().unwrap_or_default(),
                meta["description"].as_str().unwrap_or_default(),
                current_url,
            )],
        };
        if let Some(json_ld) = self.json_ld_graph(entities, &breadcrumbs) {
            context.put("structured_data", json_ld);
        }
        context.put("site", site_value);
        context.put("meta", meta);
        let crumbs: Vec<Value> = breadcrumbs
            .into_iter()
            .map(|(title, url)| json!({"title": title, "url": self.base().site_path(&url)}))
            .collect();
        context.put("breadcrumbs", crumbs);
        context.put("generator", self.generator.clone());
        context.put("feeds", self.feeds_for(current_url));
        context
    }

    /// The URL of a static file (`/style.css`), under its content-hashed name when it has one;
    /// absolute for feeds and social cards.
    pub(super) fn asset_url(&self, src: &str, absolute: bool) -> String {
        let src = self.hashed.get(src).map_or(src, String::as_str);
        if absolute {
            absolute_url(self.base(), src)
        } else {
            site_url(self.base(), src)
        }
    }
}

pub(crate) fn date_value(date: PageDate, words: &super::words::Words) -> Value {
    json!({"iso": date.iso(), "display": words.date(date.day), "rfc3339": date.rfc3339()})
}

/// A URL from configuration or front matter: site paths get the base path, others are kept.
pub(crate) fn site_url(base: &BaseUrl, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        base.site_path(url)
    } else {
        url.to_string()
    }
}

pub(crate) fn absolute_url(base: &BaseUrl, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        base.permalink(url)
    } else {
        url.to_string()
    }
}

/// The values of every page as templates see them, on the page itself and on list items. Keep
/// themes/README.md's list of them in step: a test reads it.
#[derive(Serialize)]
struct PageValue<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    permalink: String,
    kind: PageKind,
    section: Option<&'a str>,
    section_url: Option<String>,
    date: Value,
    updated: Value,
    last_updated: Value,
    reading_time: usize,
    word_count: usize,
    level: Option<Level>,
    topics: Vec<Value>,
    author: Value,
    member: Value,
    quote: Option<&'a str>,
    image: Option<String>,
    image_alt: &'a str,
    draft: bool,
    schedule_note: Option<String>,
    weight: i64,
    event: Value,
}

/// The values only the page's own template receives, never list items.
#[derive(Serialize)]
struct OwnPageValue<'a> {
    products: Vec<Value>,
    photos: Vec<PhotoValue<'a>>,
    related: Value,
    path: Value,
    content: &'a str,
    toc: &'a [TocEntry],
    extra: &'a toml::Table,
}

#[derive(Serialize)]
struct PhotoValue<'a> {
    src: String,
    alt: &'a str,
}
