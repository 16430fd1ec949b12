//! Topics that look like a typo of another: `leathr-care` on one page while `leather-care` is a
//! topic of its own file or of several pages.
//!
//! Without `[topics] require_declared`, any slug in `topics` makes a topic, so a misspelt one would
//! quietly get a page of its own. A topic is flagged when it has no file in `content/topics/`, only
//! one page uses it, and it is within a few letters of an established topic (one with a file, or
//! used by two pages or more). It is a warning, as the guess can be wrong: a topic meant to be new
//! is declared with its own file, which also silences the warning. The check runs over every page
//! on each build, never from a page's memo, since it depends on the other pages.

use std::collections::{BTreeMap, HashSet};

use crate::collections::is_slug;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::TOPICS_DIR;

use super::routes::Entry;

/// Warns at each use of a topic that is likely a typo of an established one.
pub(crate) fn check(
    entries: &[Entry<'_>],
    declared: &HashSet<String>,
    diagnostics: &mut Diagnostics,
) {
    let pages: Vec<&Entry<'_>> = entries
        .iter()
        .filter(|e| e.included && !e.is_index && e.top != TOPICS_DIR)
        .collect();
    // How many pages use each topic (a page naming it twice counts once).
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in &pages {
        let mut seen = HashSet::new();
        for topic in &entry.parsed.front_matter.topics {
            if seen.insert(topic.get_ref().as_str()) {
                *uses.entry(topic.get_ref().as_str()).or_default() += 1;
            }
        }
    }
    let established: Vec<&str> = declared
        .iter()
        .map(String::as_str)
        .chain(uses.iter().filter(|(_, n)| **n >= 2).map(|(t, _)| *t))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if established.is_empty() {
        return;
    }
    for entry in pages {
        for topic in &entry.parsed.front_matter.topics {
            let slug = topic.get_ref().as_str();
            if declared.contains(slug) || uses.get(slug) != Some(&1) || !is_slug(slug) {
                continue;
            }
            let others = established.iter().copied().filter(|t| *t != slug);
            let Some(close) = did_you_mean(slug, others) else {
                continue;
            };
            diagnostics.push(
                Diagnostic::warning(
                    &entry.file.path,
                    &entry.file.text,
                    entry.parsed.at(topic.span()),
                    format!("the topic `{slug}` is used by this page only, and looks like `{close}`"),
                )
                .with_hint(format!(
                    "did you mean \"{close}\"? If `{slug}` is meant to be a topic of its own, create content/topics/{slug}.md"
                )),
            );
        }
    }
}
