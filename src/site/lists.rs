//! Lists and sections: pages, intros and sections gathered from the entries, sections linked into a
//! tree and sorted, the topics, the start-here path and the events split at `now`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::Sources;
use super::fields::{Checks, FieldChecker, fallback_title};
use super::links::report_problems;
use super::reuse::PageMemo;
use super::routes::{Entry, section_url};
use crate::collections::products::Product;
use crate::collections::topics::Topic;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::Rendered;
use crate::model::*;

/// Every topic of the site: the declared ones, then those only used in front matter or by products.
pub(crate) fn collect_topics(
    pages: &[Page],
    products: &[Product],
    topic_entries: Vec<(&Entry, Rendered)>,
    checks: &Checks,
    diagnostics: &mut Diagnostics,
) -> Vec<Topic> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    let mut related_spans = Vec::new();
    for (entry, body) in topic_entries {
        let checker = FieldChecker { entry, checks };
        let topic = checker.topic(body, diagnostics);
        related_spans.push((entry, topic.slug.clone()));
        topics.insert(topic.slug.clone(), topic);
    }
    let used = pages
        .iter()
        .flat_map(|p| p.topics.iter())
        .chain(products.iter().flat_map(|p| p.topics.iter()));
    for slug in used {
        if !topics.contains_key(slug) {
            topics.insert(slug.clone(), Topic::generated(slug));
        }
    }
    for (entry, slug) in related_spans {
        for related in &entry.parsed.front_matter.related {
            if !topics.contains_key(related.get_ref()) {
                let names = topics.keys().map(String::as_str);
                let hint = match did_you_mean(related.get_ref(), names) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => "name a topic that has a file in content/topics/ or is used by a page"
                        .to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        &entry.file.path,
                        &entry.file.text,
                        entry.parsed.at(related.span()),
                        format!("the related topic `{}` does not exist", related.get_ref()),
                    )
                    .with_hint(hint),
                );
            } else if *related.get_ref() == slug {
                diagnostics.push(Diagnostic::warning(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.at(related.span()),
                    "a topic is not related to itself",
                ));
            }
        }
    }
    topics.into_values().collect()
}

/// Resolves `[start_here]`: every listed page must exist and be published.
pub(crate) fn start_here(
    config: &Config,
    pages: &[Page],
    entries: &[Entry],
    diagnostics: &mut Diagnostics,
) -> Option<StartHere> {
    let path = config.site.start_here.as_ref()?;
    let mut indices = Vec::new();
    for spec in &path.pages {
        let wanted = spec.get_ref().trim_start_matches("content/");
        match pages.iter().position(|p| p.rel_path == wanted) {
            Some(index) => indices.push(index),
            // Consent ends on its own schedule: the path goes on without the story.
            None if entries
                .iter()
                .any(|e| e.file.rel_path == wanted && e.withheld) =>
            {
                diagnostics.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        &config.text,
                        spec.span(),
                        format!("`{wanted}` is withheld (its member's consent is missing or has ended), so the start-here path skips it"),
                    )
                    .with_hint("take it off the path, or renew the member's consent"),
                );
            }
            None => {
                let exists = entries.iter().any(|e| e.file.rel_path == wanted);
                let (message, hint) = if exists {
                    (
                        format!(
                            "`{wanted}` is a draft or withheld and cannot be on the start-here path"
                        ),
                        "publish it or take it off the path".to_string(),
                    )
                } else {
                    let names = pages.iter().map(|p| p.rel_path.as_str());
                    let hint = did_you_mean(wanted, names).map_or_else(
                        || match pages.first() {
                            Some(page) => {
                                format!("list paths under content/, like \"{}\"", page.rel_path)
                            }
                            None => "list paths of pages under content/".to_string(),
                        },
                        |close| format!("did you mean \"{close}\"?"),
                    );
                    (
                        format!("the start-here page `{wanted}` does not exist"),
                        hint,
                    )
                };
                diagnostics.push(
                    Diagnostic::error(CONFIG_FILE, &config.text, spec.span(), message)
                        .with_hint(hint),
                );
            }
        }
    }
    Some(StartHere {
        title: path.title.clone(),
        pages: indices,
    })
}

/// Creates the sections that have pages but no `_index.md`, links sections into a tree, and sorts
/// each section's pages.
pub(crate) fn link_sections(
    site: &mut Site,
    section_index: &mut BTreeMap<String, usize>,
    sources: Sources<'_>,
    diagnostics: &mut Diagnostics,
) {
    let Sources {
        config, available, ..
    } = sources;
    let dirs: BTreeSet<String> = site
        .pages
        .iter()
        .map(|page| list_folder(&page.rel_path).to_string())
        .filter(|dir| !dir.is_empty())
        .filter(|dir| dir != FREE_PAGES_DIR && !dir.starts_with("pages/"))
        .filter(|dir| dir.split('/').next() != Some(EVENTS_DIR))
        .collect();
    for dir in dirs {
        // Every ancestor folder gets a section too, so breadcrumbs never skip a level.
        let mut path = String::new();
        for part in dir.split('/') {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            if section_index.contains_key(&path) {
                continue;
            }
            let top = path.split('/').next().unwrap_or_default();
            let collection = config.collection(top);
            let template = collection
                .section_template
                .clone()
                .unwrap_or_else(|| "section.html".into());
            if !available.templates.contains(&template) {
                diagnostics.push(
                    Diagnostic::file_error(crate::config::CONFIG_FILE, format!("the template `{template}` does not exist"))
                        .with_hint(format!("create templates/{template} or change `section_template` of [collections.{top}]")),
                );
            }
            section_index.insert(path.clone(), site.sections.len());
            site.sections.push(Section {
                dir: path.clone(),
                source: None,
                url: section_url(&path),
                title: collection
                    .title
                    .filter(|_| path == top)
                    .unwrap_or_else(|| fallback_title(&path)),
                summary: String::new(),
                body: Rendered::default(),
                template,
                paginate_by: collection.paginate_by.unwrap_or(DEFAULT_PAGINATE_BY).max(1),
                sort_by: collection.sort_by.unwrap_or_default(),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                draft: false,
            });
        }
    }
    // Sections sorted by folder, so lists and output are stable.
    let mut order: Vec<usize> = (0..site.sections.len()).collect();
    order.sort_by(|&a, &b| site.sections[a].dir.cmp(&site.sections[b].dir));
    let mut sections: Vec<Section> = order.iter().map(|&i| site.sections[i].clone()).collect();
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 0..sections.len() {
        let parent = sections[i]
            .dir
            .rsplit_once('/')
            .and_then(|(parent, _)| index.get(parent).copied());
        sections[i].parent = parent;
        if let Some(parent) = parent {
            sections[parent].subsections.push(i);
        }
    }
    for (page_index, page) in site.pages.iter_mut().enumerate() {
        if let Some(&section) = index.get(list_folder(&page.rel_path)) {
            page.section = Some(section);
            sections[section].pages.push(page_index);
        }
    }
    for section in &mut sections {
        let pages = &site.pages;
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], section.sort_by));
    }
    *section_index = index.into_iter().collect();
    site.sections = sections;
}

pub(crate) const DEFAULT_PAGINATE_BY: usize = 10;

/// Splits the event pages into upcoming and past, each in a total order (date, title, path).
pub(crate) fn event_index(pages: &[Page]) -> EventIndex {
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let Some(event) = &page.event else { continue };
        match (event.schedule.next.first(), &event.schedule.last) {
            (Some(next), _) => upcoming.push((next.start.timestamp(), index)),
            (None, Some(last)) => past.push((last.start.timestamp(), index)),
            (None, None) => {}
        }
    }
    let tie = |a: usize, b: usize| {
        pages[a]
            .title
            .cmp(&pages[b].title)
            .then_with(|| pages[a].rel_path.cmp(&pages[b].rel_path))
    };
    upcoming.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| tie(a.1, b.1)));
    past.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| tie(a.1, b.1)));
    EventIndex {
        upcoming: upcoming.into_iter().map(|(_, i)| i).collect(),
        past: past.into_iter().map(|(_, i)| i).collect(),
    }
}

/// What [`gather`] leaves for the later passes.
pub(crate) struct Gathered<'a> {
    /// The files of `content/topics/`, with their bodies.
    pub(crate) topic_entries: Vec<(&'a Entry<'a>, Rendered)>,
    /// Folder to index into the site's sections.
    pub(crate) section_index: BTreeMap<String, usize>,
    /// `memo[i]` is what `site.pages[i]`'s checks found (empty unless kept).
    pub(crate) memo: Vec<PageMemo>,
}

/// Puts the made pages into the site, and makes the intros and sections of the `_index.md` files,
/// in file order; the topic files are left for [`collect_topics`].
pub(crate) fn gather<'a>(
    site: &mut Site,
    entries: &'a [Entry<'a>],
    made: Vec<Result<(Page, PageMemo), Arc<Rendered>>>,
    checks: &Checks,
    keep: bool,
    diagnostics: &mut Diagnostics,
) -> Gathered<'a> {
    let config = checks.config;
    let mut gathered = Gathered {
        topic_entries: Vec::new(),
        section_index: BTreeMap::new(),
        memo: Vec::new(),
    };
    let included = entries.iter().filter(|e| e.included);
    for (entry, made) in included.zip(made) {
        let body = match made {
            Ok((page, memo)) => {
                site.pages.push(page);
                if keep {
                    diagnostics.extend(memo.problems.clone());
                    gathered.memo.push(memo);
                } else {
                    diagnostics.extend(memo.problems);
                }
                continue;
            }
            // Bodies of these are never reused: this is their only owner.
            Err(body) => Arc::unwrap_or_clone(body),
        };
        report_problems(entry, &body, diagnostics);
        let checker = FieldChecker { entry, checks };
        if !entry.is_index {
            gathered.topic_entries.push((entry, body));
        } else if entry.dir.is_empty() {
            site.home = checker.intro(body, &config.site.title);
        } else if entry.dir == TOPICS_DIR {
            site.topics_intro = Some(checker.intro(body, "Topics"));
        } else if entry.dir == EVENTS_DIR {
            let title = config
                .collection(EVENTS_DIR)
                .title
                .unwrap_or_else(|| "Events".into());
            site.events_intro = Some(checker.intro(body, &title));
        } else if entry.top == EVENTS_DIR {
            diagnostics.push(
                Diagnostic::error(&entry.file.path, &entry.file.text, entry.parsed.opening.clone(), "folders inside content/events/ have no list page")
                    .with_hint("all events are listed at /events/; delete this _index.md, or move its text to content/events/_index.md"),
            );
        } else if entry.dir == FREE_PAGES_DIR {
            diagnostics.push(
                Diagnostic::error(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.opening.clone(),
                    "free pages have no list page",
                )
                .with_hint(
                    "pages in content/pages/ are served at the site root; delete this _index.md",
                ),
            );
        } else {
            let section = checker.section(body, diagnostics);
            gathered
                .section_index
                .insert(entry.dir.clone(), site.sections.len());
            site.sections.push(section);
        }
    }
    gathered
}
