//! Placing every file of the output exactly once.
//!
//! Generated files (pages, lists, feeds, `404.html`, `robots.txt`, the sitemap, the search page,
//! static files) are placed first; a second file at a path already placed is a diagnostic, never a
//! silent replacement whose winner depends on thread timing. Redirects come last and may only take
//! paths nothing else uses, nor a folder where a file is (or a file where a folder is).

use std::collections::HashSet;

use super::Job;
use crate::diag::Diagnostic;
use crate::model::Site;

/// What made a file, in the words of the people who edit the site.
fn describe(site: &Site, job: &Job<'_>) -> String {
    match job {
        Job::Home => "the home page".to_string(),
        Job::SectionPage { index, .. } => format!("the list {}", site.sections[*index].url),
        Job::Page(index) => format!("the page {}", site.pages[*index].source.display()),
        Job::Topic(index) => format!("the page of the topic `{}`", site.topics[*index].slug),
        Job::TopicIndex => "the list of topics".to_string(),
        Job::Product(index) | Job::ProductJson(index) => {
            format!("the page of the product `{}`", site.products[*index].sku)
        }
        Job::ProductIndex => "the list of products".to_string(),
        Job::Member(_) => "a member's page".to_string(),
        Job::MemberIndex => "the list of members".to_string(),
        Job::Feed(_) => "a feed".to_string(),
        Job::FaqIndex(_) => "the FAQ".to_string(),
        Job::EventList(_) => "a list of events".to_string(),
        Job::EventIcs(index) => format!(
            "the calendar file of {}",
            site.pages[*index].source.display()
        ),
        Job::EventsCalendar | Job::TopicCalendar(_) => "a calendar file".to_string(),
        Job::NextBuild => "the next-rebuild file".to_string(),
        Job::NotFound => "the not-found page".to_string(),
        Job::Search => "the search page".to_string(),
        Job::Sitemap => "the sitemap".to_string(),
        Job::Robots => "robots.txt".to_string(),
        Job::Headers => "the _headers file".to_string(),
        Job::Alias { from, .. } => format!("the redirect {from}"),
    }
}

/// The problem of two jobs making the same file `path`: on the page, when one of them is a page.
pub(super) fn duplicate(site: &Site, first: &Job<'_>, second: &Job<'_>, path: &str) -> Diagnostic {
    let (page, other) = match (first, second) {
        (_, Job::Page(index)) => (Some(*index), first),
        (Job::Page(index), _) => (Some(*index), second),
        _ => (None, first),
    };
    match page {
        Some(index) => Diagnostic::file_error(
            &site.pages[index].source,
            format!(
                "this page's address makes `{path}`, which is already {}",
                describe(site, other)
            ),
        )
        .with_hint("rename the file, or give the page another `slug`"),
        None => Diagnostic::file_error(
            crate::config::CONFIG_FILE,
            format!(
                "`{path}` would be made twice: by {} and by {}",
                describe(site, first),
                describe(site, second)
            ),
        )
        .with_hint("rename one of them"),
    }
}

/// The problem of a file whose path no file system accepts.
pub(super) fn unwritable(site: &Site, job: &Job<'_>, path: &str, reason: &str) -> Diagnostic {
    let message = format!(
        "{} cannot be written as `{path}`: {reason}",
        describe(site, job)
    );
    let hint = "shorten the name (file name, `slug` or `sku`), and keep it to printable characters";
    match job {
        Job::Page(index) => Diagnostic::file_error(&site.pages[*index].source, message),
        Job::Product(_) | Job::ProductJson(_) => {
            Diagnostic::file_error("data/products.toml", message)
        }
        Job::Member(_) => Diagnostic::file_error("data/members.toml", message),
        _ => Diagnostic::file_error(crate::content::CONTENT_DIR, message),
    }
    .with_hint(hint)
}

/// Every path placed so far, and every folder above one.
#[derive(Default)]
pub(super) struct Placed {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Placed {
    pub(super) fn insert(&mut self, path: &str) {
        let mut folder = path;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if !self.folders.insert(parent.to_string()) {
                break;
            }
            folder = parent;
        }
        self.files.insert(path.to_string());
    }

    /// Whether a file is placed at `path`.
    pub(super) fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// Why a redirect cannot be written at `path`, if it cannot.
    fn conflict(&self, path: &str) -> Option<String> {
        if self.files.contains(path) {
            return Some(format!("`{path}` is a file the site makes"));
        }
        if self.folders.contains(path) {
            return Some(format!("`{path}` is a folder of files the site makes"));
        }
        let mut folder = path;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if self.files.contains(parent) {
                return Some(format!(
                    "`{parent}` is a file the site makes, so it cannot hold a folder"
                ));
            }
            folder = parent;
        }
        None
    }

    /// The redirects that can be placed; the others are diagnostics at their front matter value.
    pub(super) fn aliases<'s>(
        &self,
        site: &'s Site,
        diagnostics: &mut crate::diag::Diagnostics,
    ) -> Vec<Job<'s>> {
        let mut jobs = Vec::new();
        for (from, to) in &site.aliases {
            let path = super::output_path(from);
            let Some(reason) = self.conflict(&path) else {
                jobs.push(Job::Alias { from, to });
                continue;
            };
            let message = format!("the alias `{from}` would replace a generated file: {reason}");
            let diagnostic = match site.alias_origins.get(from) {
                Some(origin) => Diagnostic {
                    message,
                    ..origin.clone()
                },
                None => Diagnostic::file_error(crate::content::CONTENT_DIR, message),
            };
            diagnostics.push(diagnostic.with_hint(
                "remove the alias: the home page, lists, feeds, 404.html, robots.txt, the sitemap, the search page and static files keep their addresses",
            ));
        }
        jobs
    }
}
