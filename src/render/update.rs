//! Rendering again only what an edit affects, for `serve` and for a build from the cache.
//!
//! After an edit to the front matter of some pages, `serve` builds the whole model again (cheap:
//! no rendering) and asks [`render_update`] for the files that can differ; a build whose cache
//! holds the [`Shape`] of the last build does the same. When the edit changed the shape of the
//! site (pages, sections, topics, products, members, aliases or the list of files to write), it
//! answers `None` and the caller renders everything. Otherwise it compares the derived lists of
//! both models (section orders, topic and product lists, related content, the start-here path)
//! and renders the changed pages, every list or page that shows one of them or whose list changed,
//! and the files that summarise the whole site (home, feeds, sitemap, calendars, indexes). Tests
//! compare the result with a fresh build after every kind of edit.
//!
//! The model before the edit is only needed as a [`Shape`]: hashes of what the comparisons read,
//! small enough for the build cache to keep.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use rayon::prelude::*;

use super::feeds::Feed;
use super::{Globals, Job, OutputFile, Theme, jobs};
use crate::diag::Diagnostic;
use crate::model::{PageKind, Site};

/// What [`render_update`] compares of a model: a hash of its outline (pages, sections, topics,
/// products, members, aliases and the files to render), and for each file to render and each page
/// a hash of the lists it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    outline: u128,
    /// By job, in the order [`jobs`] gives them.
    lists: Vec<u128>,
    /// By page: what the sitemap shows of it and what its lists are made from.
    sitemap: Vec<u128>,
    /// The start-here path.
    path: u128,
}

/// A hash, the same in every run, of what `Debug` writes of a value (no string is made).
struct Digest(xxhash_rust::xxh3::Xxh3);

impl std::fmt::Write for Digest {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

fn digest(value: &dyn std::fmt::Debug) -> u128 {
    let mut digest = Digest(xxhash_rust::xxh3::Xxh3::new());
    let _ = write!(digest, "{value:?}");
    digest.0.digest128()
}

impl Shape {
    /// The shape of `site` rendered with `theme`.
    pub fn of(site: &Site, theme: &Theme) -> Shape {
        let globals = Globals::new(site, theme);
        Shape::with_jobs(site, &jobs(site, theme, &globals))
    }

    fn with_jobs(site: &Site, jobs: &[Job<'_>]) -> Shape {
        let pages: Vec<(&str, &str, PageKind)> = site
            .pages
            .iter()
            .map(|p| (p.rel_path.as_str(), p.url.as_str(), p.kind))
            .collect();
        let sections: Vec<(&str, usize)> = site
            .sections
            .iter()
            .map(|s| (s.url.as_str(), s.pages.len()))
            .collect();
        let topics: Vec<&str> = site.topics.iter().map(|t| t.slug.as_str()).collect();
        let products: Vec<&str> = site.products.iter().map(|p| p.sku.as_str()).collect();
        let members: Vec<(&str, bool)> = site
            .members
            .iter()
            .map(|m| (m.handle.as_str(), m.public))
            .collect();
        let outline = digest(&(
            pages,
            sections,
            topics,
            products,
            members,
            &site.aliases,
            jobs,
        ));
        let graph = &site.graph;
        let lists = jobs
            .par_iter()
            .map(|job| match job {
                Job::Page(index) => digest(&graph.related_pages.get(*index)),
                Job::SectionPage { index, number } => {
                    digest(&site.sections[*index].page_slice(*number))
                }
                Job::Topic(index) => {
                    let slug = &site.topics[*index].slug;
                    digest(&(
                        graph.by_topic.get(slug),
                        graph.topic_products.get(slug),
                        graph.related_topics.get(slug),
                    ))
                }
                Job::Product(index) | Job::ProductJson(index) => {
                    digest(&graph.by_product.get(&site.products[*index].sku))
                }
                Job::Member(index) => {
                    let handle = &site.members[*index].handle;
                    digest(&(
                        graph.stories_by_member.get(handle),
                        graph.by_author.get(handle),
                    ))
                }
                Job::Feed(Feed::Topic(index)) => {
                    digest(&graph.by_topic.get(&site.topics[*index].slug))
                }
                _ => 0,
            })
            .collect();
        let sitemap = site
            .pages
            .par_iter()
            .map(|p| {
                digest(&(
                    p.draft,
                    &p.schedule,
                    p.last_updated(),
                    p.kind,
                    &p.date,
                    &p.rel_path,
                    &p.topics,
                    &p.products,
                    &p.member,
                    &p.author,
                ))
            })
            .collect();
        let path = digest(&site.start_here.as_ref().map(|p| &p.pages));
        Shape {
            outline,
            lists,
            sitemap,
            path,
        }
    }
}

/// The files of `new` that can differ from those of the model of shape `old` after the pages at
/// `changed` were edited, and the shape of `new`; `None` when everything must be rendered again.
pub fn render_update(
    old: &Shape,
    new: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    changed: &[usize],
) -> Option<Result<(Vec<OutputFile>, Shape), Diagnostic>> {
    let globals = Globals::new(new, theme);
    let new_jobs = jobs(new, theme, &globals);
    let shape = Shape::with_jobs(new, &new_jobs);
    if old.outline != shape.outline
        || old.lists.len() != shape.lists.len()
        || old.sitemap.len() != shape.sitemap.len()
    {
        return None;
    }
    let changed: BTreeSet<usize> = changed.iter().copied().collect();
    // FAQ entries and events reach many lists by support volume and date: every list is redone.
    let broad = changed
        .iter()
        .any(|&i| matches!(new.pages[i].kind, PageKind::Faq | PageKind::Event));
    // An answer shows other answers (on its topics, else the most asked): all are redone.
    let faq_touched = changed
        .iter()
        .any(|&i| matches!(new.pages[i].kind, PageKind::Faq));
    let shows_changed = |indices: &[usize]| indices.iter().any(|i| changed.contains(i));
    let shows = |list: Option<&Vec<usize>>| list.is_some_and(|l| shows_changed(l));
    let graph = &new.graph;
    let path = new
        .start_here
        .as_ref()
        .map(|p| p.pages.clone())
        .unwrap_or_default();
    let path_touched = old.path != shape.path || shows_changed(&path);
    let wanted = |number: usize, job: &Job| -> bool {
        // The lists the job shows are not the ones it showed.
        let differs = old.lists[number] != shape.lists[number];
        match job {
            Job::Page(index) => {
                changed.contains(index)
                    || differs
                    || (faq_touched && matches!(new.pages[*index].kind, PageKind::Faq))
                    || shows(graph.related_pages.get(*index))
                    || (path_touched && path.contains(index))
            }
            Job::SectionPage { index, number } => {
                // Only the slice of the list this page of it shows.
                differs || shows_changed(new.sections[*index].page_slice(*number))
            }
            Job::Topic(index) | Job::Feed(Feed::Topic(index)) => {
                broad || differs || shows(graph.by_topic.get(&new.topics[*index].slug))
            }
            Job::Product(index) | Job::ProductJson(index) => {
                broad || differs || shows(graph.by_product.get(&new.products[*index].sku))
            }
            Job::Member(index) => {
                let handle = &new.members[*index].handle;
                broad
                    || differs
                    || shows(graph.stories_by_member.get(handle))
                    || shows(graph.by_author.get(handle))
            }
            // These show FAQ entries or events only.
            Job::FaqIndex(_) | Job::EventList(_) | Job::EventsCalendar | Job::TopicCalendar(_) => {
                broad
            }
            Job::EventIcs(index) => changed.contains(index),
            // Addresses and dates of pages, and of the lists they are in.
            Job::Sitemap => changed.iter().any(|&i| old.sitemap[i] != shape.sitemap[i]),
            // Redirects of old addresses do not show pages.
            Job::Alias { .. } => false,
            // What summarises the whole site: home, feeds, sitemap, calendars, indexes.
            _ => true,
        }
    };
    let wanted: Vec<&Job> = new_jobs
        .iter()
        .enumerate()
        .filter(|(number, job)| wanted(*number, job))
        .map(|(_, job)| job)
        .collect();
    let files: Result<Vec<OutputFile>, Diagnostic> = wanted
        .par_iter()
        .map(|job| globals.run(tera, job))
        .collect();
    // The cards of the pages rendered again (a title may have changed).
    Some(files.map(|mut files| {
        files.extend(globals.finish().0);
        (files, shape)
    }))
}
