//! Rendering again only what an edit affects, for `serve`.
//!
//! After an edit to the front matter of some pages, `serve` builds the whole model again (cheap:
//! no rendering) and asks [`render_update`] for the files that can differ. When the edit changed
//! the shape of the site (pages, sections, topics, products, members, aliases or the list of
//! files to write), it answers `None` and the caller renders everything. Otherwise it compares the
//! derived lists of both models (section orders, topic and product lists, related content, the
//! start-here path) and renders the changed pages, every list or page that shows one of them or
//! whose list changed, and the files that summarise the whole site (home, feeds, sitemap,
//! calendars, indexes). A test compares the result with a fresh build after every kind of edit.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::feeds::Feed;
use super::{Globals, Job, OutputFile, Theme, jobs};
use crate::diag::Diagnostic;
use crate::model::{PageKind, Site};

/// Whether two models have the same pages, lists and files, so that one can be updated in place.
fn same_shape(old: &Site, new: &Site) -> bool {
    let pages = |site: &Site| -> Vec<(String, String, PageKind)> {
        site.pages
            .iter()
            .map(|p| (p.rel_path.clone(), p.url.clone(), p.kind))
            .collect()
    };
    let sections = |site: &Site| -> Vec<(String, usize)> {
        site.sections
            .iter()
            .map(|s| (s.url.clone(), s.pages.len()))
            .collect()
    };
    let topics =
        |site: &Site| -> Vec<String> { site.topics.iter().map(|t| t.slug.clone()).collect() };
    let products =
        |site: &Site| -> Vec<String> { site.products.iter().map(|p| p.sku.clone()).collect() };
    let members = |site: &Site| -> Vec<(String, bool)> {
        site.members
            .iter()
            .map(|m| (m.handle.clone(), m.public))
            .collect()
    };
    pages(old) == pages(new)
        && sections(old) == sections(new)
        && topics(old) == topics(new)
        && products(old) == products(new)
        && members(old) == members(new)
        && old.aliases == new.aliases
}

/// The files of `new` that can differ from those of `old` after the pages at `changed` were
/// edited; `None` when everything must be rendered again.
pub fn render_update(
    old: &Site,
    new: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    changed: &[usize],
) -> Option<Result<Vec<OutputFile>, Diagnostic>> {
    if !same_shape(old, new) {
        return None;
    }
    let old_globals = Globals::new(old, theme);
    let globals = Globals::new(new, theme);
    let old_jobs = jobs(old, theme, &old_globals);
    let new_jobs = jobs(new, theme, &globals);
    if old_jobs != new_jobs {
        return None;
    }
    let changed: BTreeSet<usize> = changed.iter().copied().collect();
    // FAQ entries and events reach many lists by support volume and date: every list is redone.
    let broad = changed
        .iter()
        .any(|&i| matches!(new.pages[i].kind, PageKind::Faq | PageKind::Event));
    let shows_changed = |indices: &[usize]| indices.iter().any(|i| changed.contains(i));
    let (old_graph, graph) = (&old.graph, &new.graph);
    let list_differs = |old_list: Option<&Vec<usize>>, new_list: Option<&Vec<usize>>| {
        old_list != new_list
            || new_list.is_some_and(|l| shows_changed(l))
            || old_list.is_some_and(|l| shows_changed(l))
    };
    let on_path = |site: &Site| -> Vec<usize> {
        site.start_here
            .as_ref()
            .map(|p| p.pages.clone())
            .unwrap_or_default()
    };
    let path = on_path(new);
    let path_touched = on_path(old) != path || shows_changed(&path);
    let wanted = |job: &Job| -> bool {
        match job {
            Job::Page(index) => {
                changed.contains(index)
                    || old_graph.related_pages.get(*index) != graph.related_pages.get(*index)
                    || graph
                        .related_pages
                        .get(*index)
                        .is_some_and(|r| shows_changed(r))
                    || (path_touched && path.contains(index))
            }
            Job::SectionPage { index, number } => {
                // Only the slice of the list this page of it shows.
                let slice = |site: &Site| -> Vec<usize> {
                    let section = &site.sections[*index];
                    section
                        .pages
                        .iter()
                        .copied()
                        .skip((number - 1) * section.paginate_by)
                        .take(section.paginate_by)
                        .collect()
                };
                let (before, after) = (slice(old), slice(new));
                before != after || shows_changed(&after)
            }
            Job::Topic(index) => {
                let slug = &new.topics[*index].slug;
                broad
                    || list_differs(old_graph.by_topic.get(slug), graph.by_topic.get(slug))
                    || old_graph.topic_products.get(slug) != graph.topic_products.get(slug)
                    || old_graph.related_topics.get(slug) != graph.related_topics.get(slug)
            }
            Job::Product(index) | Job::ProductJson(index) => {
                let sku = &new.products[*index].sku;
                broad || list_differs(old_graph.by_product.get(sku), graph.by_product.get(sku))
            }
            Job::Member(index) => {
                let handle = &new.members[*index].handle;
                broad
                    || list_differs(
                        old_graph.stories_by_member.get(handle),
                        graph.stories_by_member.get(handle),
                    )
                    || list_differs(old_graph.by_author.get(handle), graph.by_author.get(handle))
            }
            Job::Feed(Feed::Topic(index)) => {
                let slug = &new.topics[*index].slug;
                broad || list_differs(old_graph.by_topic.get(slug), graph.by_topic.get(slug))
            }
            // These show FAQ entries or events only.
            Job::FaqIndex(_) | Job::EventList(_) | Job::EventsCalendar | Job::TopicCalendar(_) => {
                broad
            }
            Job::EventIcs(index) => changed.contains(index),
            // Addresses and dates of pages, and of the lists they are in.
            Job::Sitemap => changed.iter().any(|&i| {
                let (before, after) = (&old.pages[i], &new.pages[i]);
                before.draft != after.draft
                    || before.schedule != after.schedule
                    || before.last_updated() != after.last_updated()
                    || !crate::site::same_page_inputs(before, after)
            }),
            // Redirects of old addresses do not show pages.
            Job::Alias { .. } => false,
            // What summarises the whole site: home, feeds, sitemap, calendars, indexes.
            _ => true,
        }
    };
    let wanted: Vec<&Job> = new_jobs.iter().filter(|job| wanted(job)).collect();
    let files: Result<Vec<OutputFile>, Diagnostic> = wanted
        .par_iter()
        .map(|job| globals.run(tera, job))
        .collect();
    // The cards of the pages rendered again (a title may have changed).
    Some(files.map(|mut files| {
        files.extend(globals.finish().0);
        files
    }))
}
