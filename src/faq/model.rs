//! Matching the editors' answers (`content/faq/*.md`) to the clusters of support questions.
//!
//! Each entry's question and `asked_as` phrasings are turned into vectors in the clustering's term
//! space; a cluster is answered by the entry whose phrasing is most like the cluster's centroid, if
//! that similarity reaches `[faq] match_threshold`. An entry's volume is the volume of the clusters
//! it answers; the FAQ is ordered by it.

use super::cluster::{self, Question, Settings};
use super::export::Exports;

/// An editor's FAQ entry as the matcher sees it.
#[derive(Debug, Clone)]
pub struct EntryInput<'a> {
    /// The index of the entry's page in the site.
    pub page: usize,
    pub question: &'a str,
    pub asked_as: &'a [String],
}

/// What the support data says about one FAQ entry.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub page: usize,
    /// Support volume of the clusters it answers.
    pub volume: u64,
    /// Volume of those clusters within the recent window.
    pub recent_volume: u64,
    /// Indices into [`Model::clusters`], biggest first.
    pub clusters: Vec<usize>,
    /// The customer phrasings it answers (redacted): each cluster's representative and variants.
    pub phrasings: Vec<String>,
}

/// One cluster of support questions, as reports and pages use it. All text is redacted.
#[derive(Debug, Clone)]
pub struct ClusterInfo {
    pub id: String,
    pub volume: u64,
    pub recent_volume: u64,
    pub question: String,
    pub variants: Vec<String>,
    /// The helpdesk's own tag (the mapped topic column), most common among the rows.
    pub tag: Option<String>,
    /// An agent's answer from the export, for prefilling a draft.
    pub agent_answer: Option<String>,
    /// A slug suggested for the entry that would answer it.
    pub slug: String,
    /// The entry answering it (index into [`Model::entries`]) and how alike they are.
    pub answered_by: Option<(usize, f32)>,
    /// Where the representative question is: export file and line.
    pub source: (String, u64),
    /// Every row of the cluster: index into [`Model::files`] and line, in file order.
    pub members: Vec<(usize, u64)>,
}

/// The FAQ model of a site.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub entries: Vec<Entry>,
    pub clusters: Vec<ClusterInfo>,
    pub rows: usize,
    pub total_volume: u64,
    pub covered_volume: u64,
    pub files: Vec<String>,
}

impl Model {
    pub fn entry_of_page(&self, page: usize) -> Option<&Entry> {
        self.entries.iter().find(|e| e.page == page)
    }
}

/// Clusters the exports and matches `entries` to the clusters. `recent_since` is the first day that
/// counts as recent (rows without a date always count).
pub fn build(
    exports: &Exports,
    entries: &[EntryInput<'_>],
    threshold: f32,
    recent_since: Option<jiff::civil::Date>,
) -> Model {
    let mut model = Model {
        entries: entries
            .iter()
            .map(|e| Entry {
                page: e.page,
                ..Entry::default()
            })
            .collect(),
        rows: exports.rows.len(),
        files: exports.files.clone(),
        ..Model::default()
    };
    if exports.rows.is_empty() {
        return model;
    }
    let questions: Vec<Question<'_>> = exports
        .rows
        .iter()
        .map(|r| Question {
            text: &r.question,
            count: r.count,
            topic: r.topic.as_deref(),
        })
        .collect();
    let clustering = cluster::cluster(&questions, Settings::default());
    let is_recent = |row: usize| match (recent_since, exports.rows[row].date) {
        (Some(since), Some(date)) => date >= since,
        _ => true,
    };
    let phrasings: Vec<Vec<super::text::Vector>> = entries
        .iter()
        .map(|e| {
            std::iter::once(e.question)
                .chain(e.asked_as.iter().map(String::as_str))
                .map(|text| clustering.vector(text))
                .filter(|v| !v.is_empty())
                .collect()
        })
        .collect();
    model.total_volume = clustering.clusters.iter().map(|c| c.volume).sum::<u64>()
        + clustering
            .unclustered
            .iter()
            .map(|&r| u64::from(exports.rows[r].count))
            .sum::<u64>();
    for c in &clustering.clusters {
        let mut best: Option<(usize, f32)> = None;
        for (e, vectors) in phrasings.iter().enumerate() {
            for vector in vectors {
                let similarity = vector.dot(&c.centroid);
                if similarity >= threshold && best.is_none_or(|(_, s)| similarity > s) {
                    best = Some((e, similarity));
                }
            }
        }
        let recent_volume = c
            .members
            .iter()
            .filter(|&&r| is_recent(r))
            .map(|&r| u64::from(exports.rows[r].count))
            .sum();
        let representative = &exports.rows[c.representative];
        let agent_answer = std::iter::once(c.representative)
            .chain(c.members.iter().copied())
            .find_map(|r| exports.rows[r].answer.clone());
        model.clusters.push(ClusterInfo {
            id: c.id.clone(),
            volume: c.volume,
            recent_volume,
            question: representative.question.clone(),
            variants: c
                .variants
                .iter()
                .map(|&r| exports.rows[r].question.clone())
                .collect(),
            tag: c.topic.clone(),
            agent_answer,
            slug: suggest_slug(&representative.question, &c.id),
            answered_by: best,
            source: (
                exports.files[representative.file].clone(),
                representative.line,
            ),
            members: c
                .members
                .iter()
                .map(|&r| (exports.rows[r].file, exports.rows[r].line))
                .collect(),
        });
    }
    for (index, info) in model.clusters.iter().enumerate() {
        if let Some((e, _)) = info.answered_by {
            let entry = &mut model.entries[e];
            entry.volume += info.volume;
            entry.recent_volume += info.recent_volume;
            entry.clusters.push(index);
            entry.phrasings.push(info.question.clone());
            entry.phrasings.extend(info.variants.iter().cloned());
            model.covered_volume += info.volume;
        }
    }
    model
}

/// A slug from the representative question's own words, stop words left out: "cancel-purchase".
fn suggest_slug(question: &str, id: &str) -> String {
    let words: Vec<String> = super::text::words(question)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !super::text::is_stop_word(w))
        .take(6)
        .collect();
    if words.is_empty() {
        id.to_string()
    } else {
        words.join("-")
    }
}
