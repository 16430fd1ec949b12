//! Matching the editors' answers (`content/faq/*.md`) to the clusters of support questions.
//!
//! Each entry's question and `asked_as` phrasings, and its whole text (question, phrasings, topics,
//! the first paragraph of its answer), are turned into vectors in the clustering's term space. An
//! entry's similarity to a cluster is its best cosine with the cluster's centroid. A cluster is
//! answered only when one entry clearly answers it: the confidence is the best entry's similarity
//! less the runner-up's, so a cluster two entries answer equally well, or one no entry is near,
//! stays unanswered and is reported as such. The confidence must reach `[faq] match_threshold`.
//! An entry's volume is the volume of the clusters it answers; the FAQ is ordered by it.

use super::cluster::{self, Clustering, Question, Settings};
use super::export::Exports;
use super::text::Vector;
use rayon::prelude::*;

/// An editor's FAQ entry as the matcher sees it.
#[derive(Debug, Clone)]
pub struct EntryInput<'a> {
    /// The index of the entry's page in the site.
    pub page: usize,
    pub question: &'a str,
    pub asked_as: &'a [String],
    pub topics: &'a [String],
    /// The answer's text (its first paragraph is enough).
    pub body: &'a str,
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
    /// The customer phrasings it answers (redacted): each cluster's representative and variants,
    /// cut down to the words at least `min_customers` rows share (see [`super::public`]).
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
    /// A title suggested for that entry, as a question.
    pub title: String,
    /// The entry answering it (index into [`Model::entries`]) and the confidence of the match.
    pub answered_by: Option<(usize, f32)>,
    /// The entry that comes nearest and the confidence, whether or not it reaches the threshold.
    pub nearest: Option<(usize, f32)>,
    /// Where the representative question is: export file and line.
    pub source: (String, u64),
    /// Distinct phrasings, most central first: what search finds the answering entry by. Once the
    /// cluster is answered, only those that do not point to another entry.
    pub phrasings: Vec<String>,
    /// The volume of the rows the answering entry answers: the cluster's rows less those whose
    /// own words point to another entry. Coverage counts only this.
    pub answered_volume: u64,
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
    /// Rows with no usable words (only a greeting, only numbers): file index and line.
    pub unclustered: Vec<(usize, u64)>,
    pub unclustered_volume: u64,
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
    min_customers: usize,
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
    let vectors: Vec<Vec<Vector>> = entries
        .iter()
        .map(|e| entry_vectors(&clustering, e))
        .collect();
    model.unclustered = clustering
        .unclustered
        .iter()
        .map(|&r| (exports.rows[r].file, exports.rows[r].line))
        .collect();
    model.unclustered_volume = clustering
        .unclustered
        .iter()
        .map(|&r| u64::from(exports.rows[r].count))
        .sum();
    model.total_volume =
        clustering.clusters.iter().map(|c| c.volume).sum::<u64>() + model.unclustered_volume;
    let nearest: Vec<Option<(usize, f32)>> = clustering
        .clusters
        .iter()
        .map(|c| nearest_entry(&vectors, &c.centroid))
        .collect();
    // Rows of an answered cluster that point to another entry are not answered by it.
    // Rows of an answered cluster that point to another entry are not answered by it.
    let answered_rows = answered_rows(&clustering, &vectors, exports, &nearest, threshold);
    for (index, c) in clustering.clusters.iter().enumerate() {
        let nearest = nearest[index];
        let best = nearest.filter(|&(_, confidence)| confidence >= threshold);
        let answered = &answered_rows[index];
        let answered_volume = c
            .members
            .iter()
            .zip(answered)
            .filter(|(_, ok)| **ok)
            .map(|(&r, _)| u64::from(exports.rows[r].count))
            .sum();
        let kept: std::collections::HashSet<usize> = c
            .members
            .iter()
            .zip(answered)
            .filter(|(_, ok)| **ok)
            .map(|(&r, _)| r)
            .collect();
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
            title: suggest_title(&representative.question),
            answered_by: best,
            nearest,
            phrasings: c
                .phrasings
                .iter()
                .filter(|r| kept.contains(r))
                .map(|&r| exports.rows[r].question.clone())
                .collect(),
            answered_volume,
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
            entry.volume += info.answered_volume;
            entry.recent_volume += info.recent_volume;
            entry.clusters.push(index);
            model.covered_volume += info.answered_volume;
        }
    }
    for (entry, input) in model.entries.iter_mut().zip(entries) {
        entry.phrasings = public_phrasings(
            entry,
            input,
            &model.clusters,
            &clustering.clusters,
            exports,
            min_customers,
        );
    }
    model
}

/// The phrasings of the clusters `entry` answers, cut down to the words enough customers share
/// (see [`super::public`]): only these reach the public search index.
fn public_phrasings(
    entry: &Entry,
    input: &EntryInput<'_>,
    infos: &[ClusterInfo],
    clusters: &[cluster::Cluster],
    exports: &Exports,
    min_customers: usize,
) -> Vec<String> {
    let rows = entry
        .clusters
        .iter()
        .flat_map(|&c| clusters[c].members.iter())
        .map(|&r| exports.rows[r].question.as_str());
    let editor = std::iter::once(input.question).chain(input.asked_as.iter().map(String::as_str));
    let shared = super::public::SharedWords::new(rows, editor);
    let mut phrasings: Vec<String> = Vec::new();
    for info in entry.clusters.iter().map(|&c| &infos[c]) {
        for text in &info.phrasings {
            if let Some(public) = shared.public(text, min_customers)
                && !phrasings.contains(&public)
            {
                phrasings.push(public);
            }
        }
    }
    phrasings
}

/// How much the first paragraph of an answer counts in an entry's whole-text vector, relative to
/// its question.
const BODY_WEIGHT: f32 = 0.5;

/// An entry's vectors: each of its phrasings alone, then its whole text.
fn entry_vectors(clustering: &Clustering, entry: &EntryInput<'_>) -> Vec<Vector> {
    let mut vectors: Vec<Vector> = std::iter::once(entry.question)
        .chain(entry.asked_as.iter().map(String::as_str))
        .map(|text| clustering.vector(text))
        .filter(|v| !v.is_empty())
        .collect();
    let mut whole = vectors
        .iter()
        .fold(Vector::default(), |sum, v| sum.add_scaled(v, 1.0));
    for topic in entry.topics {
        whole = whole.add_scaled(&clustering.vector(&topic.replace('-', " ")), 1.0);
    }
    whole = whole.add_scaled(&clustering.vector(entry.body), BODY_WEIGHT);
    let whole = whole.normalized();
    if !whole.is_empty() {
        vectors.push(whole);
    }
    vectors
}

/// For each cluster that reaches `threshold`, whether each member is answered by its entry.
fn answered_rows(
    clustering: &Clustering,
    vectors: &[Vec<Vector>],
    exports: &Exports,
    nearest: &[Option<(usize, f32)>],
    threshold: f32,
) -> Vec<Vec<bool>> {
    clustering
        .clusters
        .par_iter()
        .zip(nearest)
        .map(|(c, nearest)| match nearest {
            Some((e, confidence)) if *confidence >= threshold => c
                .members
                .iter()
                .map(|&r| {
                    let text = &exports.rows[r].question;
                    !points_elsewhere(clustering, vectors, text, *e)
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Least similarity at which a row's words point to an entry.
const POINTS_TO: f32 = 0.1;

/// Whether `text` is more like another entry than `entry`, clearly enough to say so.
fn points_elsewhere(
    clustering: &Clustering,
    vectors: &[Vec<Vector>],
    text: &str,
    entry: usize,
) -> bool {
    let vector = clustering.vector(text);
    let similarity = |e: usize| {
        vectors[e]
            .iter()
            .map(|v| v.dot(&vector))
            .fold(0.0f32, f32::max)
    };
    let own = similarity(entry);
    let bar = POINTS_TO.max(own + f32::EPSILON);
    (0..vectors.len()).any(|e| e != entry && similarity(e) >= bar)
}

/// The entry most like `centroid` and the confidence that it answers it: its similarity less the
/// next entry's.
fn nearest_entry(vectors: &[Vec<Vector>], centroid: &Vector) -> Option<(usize, f32)> {
    let mut first: Option<(usize, f32)> = None;
    let mut second = 0.0f32;
    for (e, entry) in vectors.iter().enumerate() {
        let similarity = entry.iter().map(|v| v.dot(centroid)).fold(0.0f32, f32::max);
        match first {
            Some((_, best)) if similarity <= best => second = second.max(similarity),
            _ => {
                if let Some((_, best)) = first {
                    second = second.max(best);
                }
                first = Some((e, similarity));
            }
        }
    }
    first
        .filter(|&(_, best)| best > 0.0)
        .map(|(e, best)| (e, best - second))
}

/// Most words of a suggested title or file name.
const TITLE_WORDS: usize = 10;

/// A file name that reads as the question: the representative's own words in order, with what
/// only wraps it (greetings, "please") left out: "how-do-i-change-my-pin".
fn suggest_slug(question: &str, id: &str) -> String {
    let words = title_words(question);
    if words.is_empty() {
        id.to_string()
    } else {
        words.join("-")
    }
}

/// A title that reads as a question: "How do I change my pin?"
fn suggest_title(question: &str) -> String {
    let words = title_words(question);
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}?", first.to_uppercase(), chars.as_str()),
        None => question.trim().to_string(),
    }
}

fn title_words(question: &str) -> Vec<String> {
    const WRAPPING: &[&str] = &[
        "hi", "hello", "hey", "please", "pls", "plz", "thanks", "thank", "you", "kindly", "dear",
    ];
    let words = super::text::words(question);
    let start = words
        .iter()
        .position(|w| !WRAPPING.contains(&w.as_str()))
        .unwrap_or(words.len());
    words[start..]
        .iter()
        .filter(|w| !matches!(w.as_str(), "please" | "pls" | "plz" | "thanks" | "kindly"))
        .take(TITLE_WORDS)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_read_as_the_question() {
        let question = "Hi, how do I change my PIN please";
        assert_eq!(suggest_slug(question, "q1"), "how-do-i-change-my-pin");
        assert_eq!(suggest_title(question), "How do i change my pin?");
        assert_eq!(suggest_slug("[number]", "q1"), "q1");
    }

    #[test]
    fn the_confidence_is_the_lead_over_the_next_entry() {
        let a = Vector(vec![(0, 1.0)]);
        let b = Vector(vec![(1, 1.0)]);
        let centroid = Vector(vec![(0, 0.8), (1, 0.6)]);
        let (entry, confidence) = nearest_entry(&[vec![a.clone()], vec![b]], &centroid).unwrap();
        assert_eq!(entry, 0);
        assert!((confidence - 0.2).abs() < 1e-6);
        let (_, alone) = nearest_entry(&[vec![a]], &centroid).unwrap();
        assert!((alone - 0.8).abs() < 1e-6);
    }
}
