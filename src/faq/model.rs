//! Matching the editors' answers (`content/faq/*.md`) to the clusters of support questions.
//!
//! Each entry's whole text (question, `asked_as`, topics, the first paragraph of its answer) is
//! turned into a vector in the clustering's term space, and [`super::assign`] gives each question
//! to the entry it is clearly nearest to; the questions an entry takes become its cluster, and
//! search finds the entry by their phrasings. A row counts as answered only when its entry leads
//! the runner-up by `[faq] match_threshold` (its confidence); a cluster is answered when its
//! confidence, the median of its rows', reaches the threshold, that is when at least half its
//! volume counts. Coverage and an entry's volume count only the rows that count, so a question two
//! entries answer equally well, or one no entry is near, stays unanswered and is reported as such.
//! The FAQ is ordered by the entries' volume.

use super::cluster::{self, Clustering, Question, Settings};
use super::export::Exports;
use super::text::{Vector, best_and_runner_up};

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
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub page: usize,
    /// Support volume of the clusters it answers.
    pub volume: u64,
    /// Volume of those clusters within the recent window.
    pub recent_volume: u64,
    /// Indices into [`Model::clusters`], biggest first.
    pub clusters: Vec<usize>,
    /// The customer phrasings that went to it (redacted), cut down to the words at least
    /// `min_customers` rows share (see [`super::public`]).
    pub phrasings: Vec<String>,
}

/// One cluster of support questions, as reports and pages use it. All text is redacted.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// Distinct phrasings, most central first: what search finds [`ClusterInfo::entry`] by.
    pub phrasings: Vec<String>,
    /// The volume of the rows that count as answered (see [`ClusterInfo::counted`]), if the
    /// cluster is answered. Coverage counts only this.
    pub answered_volume: u64,
    /// Every row of the cluster: index into [`Model::files`] and line, in file order.
    pub members: Vec<(usize, u64)>,
    /// The entry the cluster's questions went to: search finds it by their phrasings, whether or
    /// not it answers them clearly enough to count.
    pub entry: Option<usize>,
    /// For each member, whether it counts as answered: its lead for [`ClusterInfo::entry`]
    /// reaches `[faq] match_threshold`.
    pub counted: Vec<bool>,
}

/// The FAQ model of a site.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
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
    let settings = Settings::default();
    let mut clustering = cluster::cluster(&questions, settings);
    let vectors: Vec<Vec<Vector>> = entries
        .iter()
        .map(|e| entry_vectors(&clustering, e))
        .collect();
    let seeds: Vec<Vector> = vectors
        .iter()
        .map(|v| v.last().cloned().unwrap_or_default())
        .collect();
    let answers = super::assign::answer(&questions, &mut clustering, &seeds, settings);
    let is_recent = |row: usize| match (recent_since, exports.rows[row].date) {
        (Some(since), Some(date)) => date >= since,
        _ => true,
    };
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
    for (index, c) in clustering.clusters.iter().enumerate() {
        let entry = answers.entries[index];
        // A row counts as answered when its own lead for the cluster's entry is clear enough.
        let counted: Vec<bool> = c
            .members
            .iter()
            .map(|&r| {
                answers.rows[r].is_some_and(|l| Some(l.entry) == entry && l.lead >= threshold)
            })
            .collect();
        let counted_volume: u64 = c
            .members
            .iter()
            .zip(&counted)
            .filter(|(_, counted)| **counted)
            .map(|(&r, _)| u64::from(exports.rows[r].count))
            .sum();
        let nearest = match entry {
            Some(e) => Some((e, median_lead(c, &answers.rows, exports))),
            None => nearest_entry(&vectors, &c.centroid),
        };
        // The median reaches the threshold exactly when at least half the volume counts.
        let best = nearest.filter(|&(_, confidence)| entry.is_some() && confidence >= threshold);
        let answered_volume = if best.is_some() { counted_volume } else { 0 };
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
            entry,
            counted,
            phrasings: c
                .phrasings
                .iter()
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
    for (index, input) in entries.iter().enumerate() {
        model.entries[index].phrasings = public_phrasings(
            index,
            input,
            &clustering,
            &answers.nearest,
            exports,
            min_customers,
        );
    }
    model
}

/// The phrasings of the questions nearest to `entry` (see [`super::assign::Nearest`]), most
/// confident first, at most [`cluster::PHRASINGS`], cut down to the words enough customers share
/// (see [`super::public`]): only these reach the public search index.
fn public_phrasings(
    entry: usize,
    input: &EntryInput<'_>,
    clustering: &Clustering,
    nearest: &[Option<super::assign::Label>],
    exports: &Exports,
    min_customers: usize,
) -> Vec<String> {
    let documents = &clustering.documents;
    let mut own: Vec<(f32, usize)> = documents
        .iter()
        .enumerate()
        .filter_map(|(d, document)| {
            nearest[document.rows[0]]
                .filter(|l| l.entry == entry)
                .map(|l| (l.lead, d))
        })
        .collect();
    // Documents are heaviest first, so a stable sort keeps that order among equal leads.
    own.sort_by(|a, b| b.0.total_cmp(&a.0));
    let texts = own
        .iter()
        .flat_map(|&(_, d)| documents[d].rows.iter())
        .map(|&r| exports.rows[r].question.as_str());
    let editor = std::iter::once(input.question).chain(input.asked_as.iter().map(String::as_str));
    let shared = super::public::SharedWords::new(texts, editor);
    let mut phrasings: Vec<String> = Vec::new();
    for &(_, d) in &own {
        if phrasings.len() == cluster::PHRASINGS {
            break;
        }
        let text = &exports.rows[documents[d].rows[0]].question;
        if let Some(public) = shared.public(text, min_customers)
            && !phrasings.contains(&public)
        {
            phrasings.push(public);
        }
    }
    phrasings
}

/// A cluster's confidence: the median lead of its rows for its entry, weighted by their counts.
fn median_lead(
    cluster: &cluster::Cluster,
    rows: &[Option<super::assign::Label>],
    exports: &Exports,
) -> f32 {
    let mut leads: Vec<(f32, u64)> = cluster
        .members
        .iter()
        .map(|&r| {
            let lead = rows[r].map_or(0.0, |l| l.lead);
            (lead, u64::from(exports.rows[r].count))
        })
        .collect();
    leads.sort_by(|a, b| b.0.total_cmp(&a.0));
    let half = leads.iter().map(|l| l.1).sum::<u64>().div_ceil(2);
    let mut seen = 0;
    for (lead, count) in leads {
        seen += count;
        if seen >= half {
            return lead;
        }
    }
    0.0
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

/// The entry most like `centroid` and the confidence that it answers it: its similarity less the
/// next entry's.
fn nearest_entry(vectors: &[Vec<Vector>], centroid: &Vector) -> Option<(usize, f32)> {
    let ((e, best), second) = best_and_runner_up(vectors.iter().enumerate().map(|(e, entry)| {
        let similarity = entry.iter().map(|v| v.dot(centroid)).fold(0.0f32, f32::max);
        (e, similarity)
    }))?;
    (best > 0.0).then(|| (e, best - second.max(0.0)))
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
    let words: Vec<String> = title_words(question)
        .into_iter()
        .map(|w| match w.as_str() {
            "i" | "i'm" | "i've" | "i'd" | "i'll" => w.replacen('i', "I", 1),
            _ => w,
        })
        .collect();
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
    // Words with digits stay out of file names: they may be what redaction did not recognise.
    words[start..]
        .iter()
        .filter(|w| !matches!(w.as_str(), "please" | "pls" | "plz" | "thanks" | "kindly"))
        .filter(|w| !w.chars().any(char::is_numeric))
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
        assert_eq!(suggest_title(question), "How do I change my pin?");
        assert_eq!(
            suggest_title("where is the card i ordered"),
            "Where is the card I ordered?"
        );
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
