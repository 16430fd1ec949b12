//! The community pages: topic hubs, product pages and their JSON for the shop, member profiles, the
//! stories feed, and what the home page shows of all of them.
//!
//! Only public members ever reach a template: every member reference goes through
//! [`Globals::member_ref`], which knows only the members whose consent holds at the build's `now`.

use std::path::Path;

use serde_json::{Value, json};

use super::Put as _;
use super::{Contents, Globals, OutputFile, date_value, site_url};
use crate::collections::members::Member;
use crate::collections::products::{Product, Status, campaign_for, tag_store_url};
use crate::collections::topics::Topic;
use crate::content::Level;
use crate::diag::Diagnostic;
use crate::model::newest_first;
use crate::model::{Page, PageKind};

/// How many items of each kind a topic or product page, or the shop's JSON, shows.
const TOP_ITEMS: usize = 5;

impl Globals<'_> {
    /// A store URL tagged for the page at `page_url`.
    pub(super) fn store_link(&self, url: &str, page_url: &str) -> String {
        let config = &self.site.config;
        let utm = config
            .site
            .store
            .as_ref()
            .map(|s| s.utm.clone())
            .unwrap_or_default();
        tag_store_url(
            url,
            config.store_host().as_deref(),
            &utm,
            &campaign_for(page_url),
        )
    }

    /// A short reference to a public member, or `None` for anyone else.
    pub(super) fn member_ref(&self, handle: &str) -> Option<Value> {
        let member = self.members.get(handle)?;
        let base = self.base();
        Some(json!({
            "handle": member.handle,
            "name": member.name,
            "url": base.site_path(&member_url(member)),
            "avatar": member.avatar.as_deref().map(|a| site_url(base, a)),
            "avatar_alt": member.avatar_alt,
            "roles": member.roles,
            "bio": member.bio,
        }))
    }

    /// A product as a page shows it, with its store link tagged for that page.
    pub(super) fn product_ref(&self, sku: &str, page_url: &str) -> Option<Value> {
        let product = self.products.get(sku)?;
        let base = self.base();
        Some(json!({
            "sku": product.sku,
            "name": product.name,
            "url": base.site_path(&product_url(product)),
            "store_url": self.store_link(&product.url, page_url),
            "image": product.image.as_deref().map(|i| site_url(base, i)),
            "image_alt": product.image_alt,
            "description": product.description,
            "discontinued": product.status == Status::Discontinued,
        }))
    }

    pub(super) fn topic_ref(&self, slug: &str) -> Value {
        let title = self
            .topics
            .get(slug)
            .map_or_else(|| slug.to_string(), |t| t.title.clone());
        json!({"slug": slug, "title": title, "url": self.base().site_path(&format!("/topics/{slug}/"))})
    }

    pub(super) fn related_value(&self, page: &Page) -> Value {
        let Some(index) = self.page_index_of(page) else {
            return Value::Array(Vec::new());
        };
        let related = self
            .site
            .graph
            .related_pages
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        related
            .iter()
            .map(|&i| &self.site.pages[i])
            // An event that is over is no longer worth pointing to.
            .filter(|p| p.event.as_ref().is_none_or(|e| e.schedule.upcoming()))
            .map(|p| self.page_value(p, false))
            .collect::<Vec<_>>()
            .into()
    }

    /// The page's place on the start-here path: position, total, previous and next.
    pub(super) fn path_value(&self, page: &Page) -> Value {
        let (Some(path), Some(index)) = (&self.site.start_here, self.page_index_of(page)) else {
            return Value::Null;
        };
        let Some(&position) = self.path_positions.get(&index) else {
            return Value::Null;
        };
        let link = |i: Option<usize>| {
            i.and_then(|i| path.pages.get(i)).map(|&p| {
                let page = &self.site.pages[p];
                json!({"title": page.title, "url": self.base().site_path(&page.url)})
            })
        };
        json!({
            "title": path.title,
            "position": position + 1,
            "total": path.pages.len(),
            "previous": link(position.checked_sub(1)),
            "next": link(Some(position + 1)),
        })
    }

    pub(super) fn page_index_of(&self, page: &Page) -> Option<usize> {
        self.page_indices.get(page.rel_path.as_str()).copied()
    }

    fn pages_value(&self, indices: &[usize], limit: usize) -> Vec<Value> {
        indices
            .iter()
            .take(limit)
            .map(|&i| self.page_value(&self.site.pages[i], false))
            .collect()
    }

    /// Pages of `indices` of one kind, newest first.
    fn of_kind(&self, indices: &[usize], kind: PageKind) -> Vec<usize> {
        indices
            .iter()
            .copied()
            .filter(|&i| self.site.pages[i].kind == kind)
            .collect()
    }

    /// Home page additions: the start-here path, newest stories, main topics, member spotlight.
    pub(super) fn home_community(&self, context: &mut tera::Context) {
        let site = self.site;
        let start_here = site.start_here.as_ref().map(|path| {
            json!({
                "title": path.title,
                "pages": path.pages.iter().map(|&i| self.page_value(&site.pages[i], false)).collect::<Vec<_>>(),
            })
        });
        context.put("start_here", start_here);
        let mut stories: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].kind == PageKind::Story)
            .collect();
        stories.sort_by(|&a, &b| newest_first(&site.pages[a], &site.pages[b]));
        context.put("stories", self.pages_value(&stories, 3));
        let mut topics: Vec<&Topic> = site.topics.iter().filter(|t| t.declared()).collect();
        topics.sort_by(|a, b| a.weight.cmp(&b.weight).then(a.title.cmp(&b.title)));
        let topics: Vec<Value> = topics.iter().map(|t| self.topic_value(t)).collect();
        context.put("topics", topics);
        let spotlight: Vec<Value> = site
            .members
            .iter()
            .filter(|m| m.public && m.spotlight)
            .filter_map(|m| self.member_ref(&m.handle))
            .collect();
        context.put("spotlight", spotlight);
    }

    fn topic_value(&self, topic: &Topic) -> Value {
        let count = self
            .site
            .graph
            .by_topic
            .get(&topic.slug)
            .map_or(0, Vec::len);
        json!({
            "slug": topic.slug,
            "title": topic.title,
            "summary": topic.summary,
            "url": self.base().site_path(&topic.url()),
            "image": topic.image.as_deref().map(|i| site_url(self.base(), i)),
            "image_alt": topic.image_alt,
            "page_count": count,
        })
    }

    pub(super) fn topic_page(
        &self,
        tera: &tera::Tera,
        topic: &Topic,
    ) -> Result<OutputFile, Diagnostic> {
        let graph = &self.site.graph;
        let url = topic.url();
        let image = topic
            .image
            .as_deref()
            .map(|src| (src, topic.image_alt.as_str()));
        let mut meta = self.meta(Some(&topic.title), &topic.summary, &url, "website", image);
        self.collection_ld(&mut meta, &url);
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.topics_title(), "/topics/".to_string()),
            (topic.title.clone(), url.clone()),
        ];
        let mut context = self.context(&url, meta, crumbs);
        let tagged = graph
            .by_topic
            .get(&topic.slug)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let guides = self.of_kind(tagged, PageKind::Guide);
        // Guides without a level come last, in a group whose `level` is null.
        let levels = [Level::Beginner, Level::Intermediate, Level::Advanced].map(Some);
        let by_level: Vec<Value> = levels
            .into_iter()
            .chain([None])
            .map(|level| {
                let pages: Vec<usize> = guides
                    .iter()
                    .copied()
                    .filter(|&i| self.site.pages[i].level == level)
                    .collect();
                let mut group = json!({"level": level});
                group["pages"] = Value::Array(self.pages_value(&pages, usize::MAX));
                group
            })
            .filter(|group| group["pages"].as_array().is_some_and(|p| !p.is_empty()))
            .collect();
        let stories = self.of_kind(tagged, PageKind::Story);
        let others = self.of_kind(tagged, PageKind::Page);
        let faqs = self.faqs_by_volume(tagged);
        let products: Vec<Value> = graph
            .topic_products
            .get(&topic.slug)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|sku| self.product_ref(sku, &url))
            .collect();
        let related: Vec<Value> = graph
            .related_topics
            .get(&topic.slug)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|slug| self.topic_ref(slug))
            .collect();
        let mut value = self.topic_value(topic);
        value["content"] = Value::String(topic.body.html.to_string());
        value["declared"] = Value::Bool(topic.declared());
        value["guides_by_level"] = Value::Array(by_level);
        value["guide_count"] = guides.len().into();
        value["stories"] = self.pages_value(&stories, usize::MAX).into();
        value["pages"] = self.pages_value(&others, usize::MAX).into();
        value["faqs"] = self.pages_value(&faqs, super::faq::TOP_FAQS).into();
        value["faq_count"] = faqs.len().into();
        value["products"] = products.into();
        value["related"] = related.into();
        let upcoming: Vec<usize> = self
            .site
            .events
            .upcoming
            .iter()
            .copied()
            .filter(|&i| self.site.pages[i].topics.contains(&topic.slug))
            .collect();
        value["events"] = self.event_pages(&upcoming, usize::MAX).into();
        value["calendar"] = if self.topic_events(&topic.slug).is_empty() {
            Value::Null
        } else {
            self.calendar_value(&format!("topics/{}/calendar.ics", topic.slug))
        };
        context.put("topic", value);
        let source = topic
            .source
            .clone()
            .unwrap_or_else(|| format!("content/topics/{}.md", topic.slug).into());
        self.render_to(
            tera,
            "topic.html",
            &context,
            &super::output_path(&url),
            &source,
        )
    }

    fn topics_title(&self) -> String {
        self.site
            .topics_intro
            .as_ref()
            .map_or_else(|| self.words.get("topics"), |intro| intro.title.clone())
    }

    pub(super) fn topic_index(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let title = self.topics_title();
        let intro = self.site.topics_intro.as_ref();
        let summary = intro.map(|i| i.summary.clone()).unwrap_or_default();
        let mut meta = self.meta(Some(&title), &summary, "/topics/", "website", None);
        self.collection_ld(&mut meta, "/topics/");
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (title.clone(), "/topics/".to_string()),
        ];
        let mut context = self.context("/topics/", meta, crumbs);
        context.put("intro", json!({"title": title, "summary": summary, "content": intro.map(|i| i.body.html.clone()).unwrap_or_default()}),
        );
        let mut topics: Vec<&Topic> = self.site.topics.iter().collect();
        topics.sort_by(|a, b| {
            b.declared()
                .cmp(&a.declared())
                .then(a.weight.cmp(&b.weight))
                .then(a.title.cmp(&b.title))
        });
        context.put(
            "topics",
            topics
                .iter()
                .map(|t| self.topic_value(t))
                .collect::<Vec<_>>(),
        );
        self.render_to(
            tera,
            "topics.html",
            &context,
            "topics/index.html",
            Path::new("content/topics/_index.md"),
        )
    }

    fn product_value(&self, product: &Product, page_url: &str) -> Value {
        let mut value = self
            .product_ref(&product.sku, page_url)
            .unwrap_or(Value::Null);
        value["topics"] = product
            .topics
            .iter()
            .map(|t| self.topic_ref(t))
            .collect::<Vec<_>>()
            .into();
        value
    }

    pub(super) fn product_page(
        &self,
        tera: &tera::Tera,
        product: &Product,
    ) -> Result<OutputFile, Diagnostic> {
        let url = product_url(product);
        let image = product
            .image
            .as_deref()
            .map(|src| (src, product.image_alt.as_str()));
        let mut meta = self.meta(
            Some(&product.name),
            &product.description,
            &url,
            "website",
            image,
        );
        self.collection_ld(&mut meta, &url);
        meta[super::structured::LD_KEY][0]["about"] = self.product_thing(product);
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.words.get("products"), "/products/".to_string()),
            (product.name.clone(), url.clone()),
        ];
        let mut context = self.context(&url, meta, crumbs);
        let referencing = self
            .site
            .graph
            .by_product
            .get(&product.sku)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut value = self.product_value(product, &url);
        value["guides"] = self
            .pages_value(&self.of_kind(referencing, PageKind::Guide), usize::MAX)
            .into();
        value["stories"] = self
            .pages_value(&self.of_kind(referencing, PageKind::Story), usize::MAX)
            .into();
        value["pages"] = self
            .pages_value(&self.of_kind(referencing, PageKind::Page), usize::MAX)
            .into();
        value["faqs"] = self
            .pages_value(&self.faqs_by_volume(referencing), usize::MAX)
            .into();
        context.put("product", value);
        self.render_to(
            tera,
            "product.html",
            &context,
            &super::output_path(&url),
            Path::new("data/products.toml"),
        )
    }

    /// `/products/<sku>.json`: what the shop's product page shows "from the community". Its links point
    /// back to the hub, so they carry no store tags.
    pub(super) fn product_json(&self, product: &Product) -> OutputFile {
        let base = self.base();
        let referencing = self
            .site
            .graph
            .by_product
            .get(&product.sku)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let items = |kind: PageKind| -> Vec<Value> {
            self.of_kind(referencing, kind)
                .into_iter()
                .take(TOP_ITEMS)
                .map(|i| {
                    let page = &self.site.pages[i];
                    json!({"title": page.title, "url": base.permalink(&page.url), "summary": page.summary})
                })
                .collect()
        };
        let value = json!({
            "sku": product.sku,
            "name": product.name,
            "url": base.permalink(&product_url(product)),
            "hub": {"title": self.site.config.site.title, "url": base.absolute},
            "guides": items(PageKind::Guide),
            "stories": items(PageKind::Story),
            "faqs": self.faqs_by_volume(referencing).into_iter().take(TOP_ITEMS).map(|i| {
                let page = &self.site.pages[i];
                json!({"title": page.title, "url": base.permalink(&page.url), "summary": page.summary})
            }).collect::<Vec<_>>(),
            "topics": product.topics.iter().map(|t| {
                let topic = self.topic_ref(t);
                json!({"title": topic["title"], "url": base.permalink(&format!("/topics/{t}/"))})
            }).collect::<Vec<_>>(),
        });
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        OutputFile {
            path: format!("products/{}.json", product.slug()),
            contents: Contents::Bytes(bytes),
        }
    }

    pub(super) fn product_index(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let title = self.words.get("products");
        let mut meta = self.meta(Some(&title), "", "/products/", "website", None);
        self.collection_ld(&mut meta, "/products/");
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.words.get("products"), "/products/".to_string()),
        ];
        let mut context = self.context("/products/", meta, crumbs);
        let products: Vec<Value> = self
            .site
            .products
            .iter()
            .map(|p| self.product_value(p, "/products/"))
            .collect();
        context.put("products", products);
        self.render_to(
            tera,
            "products.html",
            &context,
            "products/index.html",
            Path::new("data/products.toml"),
        )
    }

    pub(super) fn member_page(
        &self,
        tera: &tera::Tera,
        member: &Member,
    ) -> Result<OutputFile, Diagnostic> {
        let url = member_url(member);
        let image = member
            .avatar
            .as_deref()
            .map(|src| (src, member.avatar_alt.as_str()));
        let mut meta = self.meta(Some(&member.name), &member.bio, &url, "profile", image);
        let mut profile = self.webpage_ld("ProfilePage", &member.name, &member.bio, &url);
        profile["mainEntity"] = self.person_ld(member);
        meta[super::structured::LD_KEY] = Value::Array(vec![profile]);
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.words.get("members"), "/members/".to_string()),
            (member.name.clone(), url.clone()),
        ];
        let mut context = self.context(&url, meta, crumbs);
        let graph = &self.site.graph;
        let stories = graph
            .stories_by_member
            .get(&member.handle)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let written = graph
            .by_author
            .get(&member.handle)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut value = self.member_ref(&member.handle).unwrap_or(Value::Null);
        value["links"] = serde_json::to_value(&member.links).unwrap_or_default();
        value["stories"] = self.pages_value(stories, usize::MAX).into();
        value["guides"] = self
            .pages_value(&self.of_kind(written, PageKind::Guide), usize::MAX)
            .into();
        value["pages"] = self
            .pages_value(&self.of_kind(written, PageKind::Page), usize::MAX)
            .into();
        let hosted = |indices: &[usize]| -> Vec<usize> {
            indices
                .iter()
                .copied()
                .filter(|&i| {
                    self.site.pages[i].event.as_ref().is_some_and(|e| {
                        e.host
                            == Some(crate::collections::events::Host::Member(
                                member.handle.clone(),
                            ))
                    })
                })
                .collect()
        };
        value["events"] = self
            .event_pages(&hosted(&self.site.events.upcoming), usize::MAX)
            .into();
        value["past_events"] = self
            .event_pages(&hosted(&self.site.events.past), usize::MAX)
            .into();
        context.put("member", value);
        self.render_to(
            tera,
            "member.html",
            &context,
            &super::output_path(&url),
            Path::new("data/members.toml"),
        )
    }

    pub(super) fn member_index(&self, tera: &tera::Tera) -> Result<OutputFile, Diagnostic> {
        let title = self.words.get("members");
        let mut meta = self.meta(Some(&title), "", "/members/", "website", None);
        self.collection_ld(&mut meta, "/members/");
        let crumbs = vec![
            (self.words.get("home"), "/".to_string()),
            (self.words.get("members"), "/members/".to_string()),
        ];
        let mut context = self.context("/members/", meta, crumbs);
        let members: Vec<Value> = self
            .site
            .members
            .iter()
            .filter(|m| m.public)
            .filter_map(|m| self.member_ref(&m.handle))
            .collect();
        context.put("members", members);
        self.render_to(
            tera,
            "members.html",
            &context,
            "members/index.html",
            Path::new("data/members.toml"),
        )
    }

    /// Sitemap entries for topics, products and public members.
    pub(super) fn community_sitemap_entries(&self) -> Vec<(String, Option<String>)> {
        let site = self.site;
        let base = self.base();
        let mut entries = Vec::new();
        let newest = |indices: Option<&Vec<usize>>| {
            indices
                .into_iter()
                .flatten()
                .filter_map(|&i| site.pages[i].last_updated())
                .max()
                .map(|d| {
                    date_value(d, self.words)["iso"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
        };
        if !site.topics.is_empty() || site.topics_intro.is_some() {
            entries.push((base.permalink("/topics/"), None));
        }
        for topic in &site.topics {
            entries.push((
                base.permalink(&topic.url()),
                newest(site.graph.by_topic.get(&topic.slug)),
            ));
        }
        if !site.products.is_empty() {
            entries.push((base.permalink("/products/"), None));
        }
        for product in &site.products {
            entries.push((
                base.permalink(&product_url(product)),
                newest(site.graph.by_product.get(&product.sku)),
            ));
        }
        if site.members.iter().any(|m| m.public) {
            entries.push((base.permalink("/members/"), None));
        }
        for member in site.members.iter().filter(|m| m.public) {
            entries.push((
                base.permalink(&member_url(member)),
                newest(site.graph.stories_by_member.get(&member.handle)),
            ));
        }
        entries
    }
}

pub(super) fn member_url(member: &Member) -> String {
    format!("/members/{}/", member.handle)
}

pub(super) fn product_url(product: &Product) -> String {
    format!("/products/{}/", product.slug())
}
