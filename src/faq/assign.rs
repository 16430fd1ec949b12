//! Which entry answers each distinct question: seeded k-means with a place for "none".
//!
//! An entry's own words (its question, `asked_as`, topics, answer) are few, and customers rarely
//! use them all: "Card declined?" must also answer "the shop would not take my card". So each
//! entry starts as its own vector, takes the questions it is clearly nearest to, and learns their
//! words: its profile becomes its own vector plus the centroid of those questions, in equal parts,
//! and the questions are assigned again, until nothing moves (seeded spherical k-means, in which
//! the seeds are never forgotten). A question is read together with its cluster, so a wording no
//! entry shares a word with still goes where the rest of its cluster goes.
//!
//! A question goes to an entry only when that entry is like it at all and leads the runner-up by
//! a share of its similarity; what no entry takes stays in its cluster, a need the FAQ does not
//! answer. Going to an entry is not being answered by it: the lead (the best similarity less the
//! runner-up's, 0 to 1) is kept as the confidence, and only rows whose lead reaches
//! `[faq] match_threshold` count as answered (see [`super::model`]).

use std::collections::HashMap;

use rayon::prelude::*;

use super::cluster::{Clustering, Document, Question, Settings};
use super::text::{Vector, best_and_runner_up};

/// Rounds of reassignment at most; most exports settle in five.
const ROUNDS: usize = 12;
/// How much a question's cluster counts in how it is read, relative to its own words, when entries
/// take questions.
const CLUSTER_WEIGHT: f32 = 0.5;
/// The same for the questions search finds an entry by: a cluster often holds the questions of two
/// sibling entries ("Calendar?" and "Calendar update?"), and each question's own words tell them
/// apart better than its cluster does.
const NEAREST_CLUSTER_WEIGHT: f32 = 0.1;
/// Least similarity to an entry's profile for a question to go to it at all. A question that shares
/// only a word on the side with an entry ("which needle size for this yarn" and "How do I return
/// yarn?") must not go to it, or the entry learns the question's words and takes its whole need.
const LEAST_SIMILARITY: f32 = 0.2;
/// The share of its similarity by which the best entry must lead the runner-up to take a question.
const TAKES: f32 = 0.15;
/// Least similarity to an entry's final profile for a question to be among the phrasings search
/// finds the entry by (see [`Nearest`]).
const LEAST_NEAREST: f32 = 0.05;
/// Least similarity to an entry's own words (its seed) for a question to hold them clearly.
const LEAST_EVIDENT: f32 = 0.3;
/// The share of that similarity by which the entry's own words must lead the runner-up's.
const EVIDENT_LEAD: f32 = 0.05;

/// How a question is read and what it must meet to go to an entry: how much its cluster counts
/// beside its own words, the least similarity, and the share of it by which the entry must lead the
/// runner-up (any lead at all when zero).
#[derive(Clone, Copy)]
struct Criteria {
    cluster_weight: f32,
    least: f32,
    lead: f32,
}

/// What entries take: like them enough and clearly ahead.
const TAKEN: Criteria = Criteria {
    cluster_weight: CLUSTER_WEIGHT,
    least: LEAST_SIMILARITY,
    lead: TAKES,
};
/// What search finds an entry by: any question it is nearest to and like at all.
const NEAREST: Criteria = Criteria {
    cluster_weight: NEAREST_CLUSTER_WEIGHT,
    least: LEAST_NEAREST,
    lead: 0.0,
};
/// A question that clearly holds an entry's own words, read alone against the entries' seeds.
const EVIDENT: Criteria = Criteria {
    cluster_weight: 0.0,
    least: LEAST_EVIDENT,
    lead: EVIDENT_LEAD,
};

/// The entry a document goes to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label {
    pub entry: usize,
    /// Its similarity less the runner-up's: the confidence that the entry answers the document.
    pub lead: f32,
}

/// The entries documents go to: those that take them, and those they are nearest to.
pub struct Nearest {
    /// For each document, the entry that takes it, if any.
    pub taken: Vec<Option<Label>>,
    /// For each document, the entry whose final profile it is most like, when it is like it at all
    /// and the entry is ahead of every other: search finds the entry by it. Measured on labelled
    /// exports, search ranks the right entry first more often with every question nearest to it
    /// than with only those it takes, whose lead is often small where the words are right. A
    /// document that clearly holds one entry's own words (see `EVIDENT`) stays with that entry,
    /// whatever the others learnt: an entry that took its sibling's cluster ("Oil change how?"
    /// the questions of "Oil change when?") does not keep the questions that name the sibling.
    /// A document the entries' learnt word models confidently give to another entry goes to that
    /// one (see `faq::bootstrap`).
    pub nearest: Vec<Option<Label>>,
}

/// The entry each document goes to, if any.
///
/// `groups` are the clusters as document indices and `seeds` the entries' own unit vectors.
pub fn assign(documents: &[Document], groups: &[Vec<usize>], seeds: &[Vector]) -> Nearest {
    let mut labels: Vec<Option<Label>> = vec![None; documents.len()];
    if seeds.iter().all(Vector::is_empty) || documents.is_empty() {
        return Nearest {
            nearest: labels.clone(),
            taken: labels,
        };
    }
    let mut group_of = vec![0usize; documents.len()];
    for (g, docs) in groups.iter().enumerate() {
        for &d in docs {
            group_of[d] = g;
        }
    }
    let centroids: Vec<Vector> = groups
        .par_iter()
        .map(|g| super::cluster::centroid(documents, g))
        .collect();
    let mut profiles: Vec<Vector> = seeds.to_vec();
    for _ in 0..ROUNDS {
        let next = assign_round(documents, &group_of, &centroids, &profiles, TAKEN);
        let settled = same_entries(&next, &labels);
        labels = next;
        if settled {
            break;
        }
        profiles = learn_profiles(documents, &labels, seeds);
    }
    // The entries go on learning from every question nearest to them, for search only.
    let evident = assign_round(documents, &group_of, &centroids, seeds, EVIDENT);
    let nearest_round = |profiles: &[Vector]| {
        let labels = assign_round(documents, &group_of, &centroids, profiles, NEAREST);
        keep_evident(labels, &evident)
    };
    let mut nearest = nearest_round(&profiles);
    for _ in 0..ROUNDS {
        let profiles = learn_profiles(documents, &nearest, seeds);
        let next = nearest_round(&profiles);
        let settled = same_entries(&next, &nearest);
        nearest = next;
        if settled {
            break;
        }
    }
    let learnt = super::bootstrap::bootstrap(documents, &group_of, seeds, &evident);
    let nearest = prefer_learnt(nearest, learnt);
    Nearest {
        taken: labels,
        nearest,
    }
}

/// `nearest`, except that a document the learnt model (see [`super::bootstrap`]) confidently gives
/// to another entry goes to that one, last among its phrasings (lead 0): its similarity to the
/// entry is not known, and the phrasings both agree on are the surest.
fn prefer_learnt(nearest: Vec<Option<Label>>, learnt: Vec<Option<Label>>) -> Vec<Option<Label>> {
    nearest
        .into_iter()
        .zip(learnt)
        .map(|(nearest, learnt)| match (nearest, learnt) {
            (Some(nearest), Some(learnt)) if nearest.entry == learnt.entry => Some(nearest),
            (_, Some(learnt)) => Some(Label {
                entry: learnt.entry,
                lead: 0.0,
            }),
            (nearest, None) => nearest,
        })
        .collect()
}

/// Whether two rounds gave every question the same entry (the rounds have settled).
fn same_entries(a: &[Option<Label>], b: &[Option<Label>]) -> bool {
    a.iter()
        .zip(b)
        .all(|(a, b)| a.map(|l| l.entry) == b.map(|l| l.entry))
}

/// `labels`, except that a document evidently one entry's (`evident`) goes to that entry, with
/// its lead over the other seeds when the labels give it to another.
fn keep_evident(labels: Vec<Option<Label>>, evident: &[Option<Label>]) -> Vec<Option<Label>> {
    labels
        .into_iter()
        .zip(evident)
        .map(|(label, evident)| match (label, evident) {
            (Some(label), Some(evident)) if label.entry == evident.entry => Some(label),
            (_, Some(evident)) => Some(*evident),
            (label, None) => label,
        })
        .collect()
}

/// The clustering regrouped by entry.
pub struct Answers {
    /// For each cluster of the regrouped clustering, the entry its documents went to.
    pub entries: Vec<Option<usize>>,
    /// For each input row, the entry its document went to.
    pub rows: Vec<Option<Label>>,
    /// For each input row, the entry its document is nearest to (see [`Nearest::nearest`]).
    pub nearest: Vec<Option<Label>>,
}

/// Assigns the documents of `clustering` to entries (see [`assign`]) and regroups its clusters:
/// the documents that went to each entry become one cluster, and what went to none is clustered
/// again on its own, so the needs left are not the fragments of clusters entries took from.
pub fn answer(
    questions: &[Question<'_>],
    clustering: &mut Clustering,
    seeds: &[Vector],
    settings: Settings,
) -> Answers {
    let groups: Vec<Vec<usize>> = clustering
        .clusters
        .iter()
        .map(|c| c.documents.clone())
        .collect();
    let Nearest {
        taken: labels,
        nearest,
    } = assign(&clustering.documents, &groups, seeds);
    let mut taken: Vec<Vec<usize>> = vec![Vec::new(); seeds.len()];
    let mut rest: Vec<usize> = Vec::new();
    for (d, label) in labels.iter().enumerate() {
        match label {
            Some(label) => taken[label.entry].push(d),
            None => rest.push(d),
        }
    }
    let rest = super::cluster::group_some(&clustering.documents, &rest, settings);
    let groups: Vec<Vec<usize>> = taken.into_iter().chain(rest).collect();
    let clusters = super::cluster::build_clusters(questions, &clustering.documents, groups);
    let entries = clusters
        .iter()
        .map(|c| labels[c.documents[0]].map(|l| l.entry))
        .collect();
    let by_row = |labels: &[Option<Label>]| {
        let mut rows = vec![None; questions.len()];
        for (document, label) in clustering.documents.iter().zip(labels) {
            for &r in &document.rows {
                rows[r] = *label;
            }
        }
        rows
    };
    let rows = by_row(&labels);
    let nearest = by_row(&nearest);
    clustering.clusters = clusters;
    Answers {
        entries,
        rows,
        nearest,
    }
}

/// Each document's entry under `profiles`, if one is like it enough and leads clearly.
fn assign_round(
    documents: &[Document],
    group_of: &[usize],
    centroids: &[Vector],
    profiles: &[Vector],
    criteria: Criteria,
) -> Vec<Option<Label>> {
    let beta = criteria.cluster_weight;
    // |v + βc| for each document, so its smoothed vector is never built.
    let norms: Vec<f32> = documents
        .par_iter()
        .zip(group_of)
        .map(|(d, &g)| {
            let dot = if beta == 0.0 {
                0.0
            } else {
                d.vector.dot(&centroids[g])
            };
            (1.0 + beta * beta + 2.0 * beta * dot).sqrt()
        })
        .collect();
    let postings = postings(profiles);
    // Every cluster's similarity to every entry it shares a term with, scaled by β.
    let group_scores: Vec<Vec<(usize, f32)>> = centroids
        .par_iter()
        .map(|c| {
            if beta == 0.0 {
                return Vec::new();
            }
            let mut scores: HashMap<usize, f32> = HashMap::new();
            for &(term, w) in &c.0 {
                for &(e, other) in postings.get(&term).into_iter().flatten() {
                    *scores.entry(e).or_default() += beta * w * other;
                }
            }
            let mut scores: Vec<(usize, f32)> = scores.into_iter().collect();
            scores.sort_unstable_by_key(|&(e, _)| e);
            scores
        })
        .collect();
    documents
        .par_iter()
        .enumerate()
        .map_init(
            || vec![0f32; profiles.len()],
            |scores, (d, document)| {
                let mut touched: Vec<usize> = Vec::new();
                let mut add = |e: usize, s: f32, scores: &mut Vec<f32>| {
                    if scores[e] == 0.0 {
                        touched.push(e);
                    }
                    scores[e] += s;
                };
                for &(e, s) in &group_scores[group_of[d]] {
                    add(e, s, scores);
                }
                for &(term, w) in &document.vector.0 {
                    for &(e, other) in postings.get(&term).into_iter().flatten() {
                        add(e, w * other, scores);
                    }
                }
                touched.sort_unstable();
                let found = best_and_runner_up(touched.iter().map(|&e| (e, scores[e] / norms[d])));
                for &e in &touched {
                    scores[e] = 0.0;
                }
                let ((entry, s), second) = found?;
                let second = second.max(0.0);
                (s >= criteria.least && s > second && s - second >= criteria.lead * s).then_some(
                    Label {
                        entry,
                        lead: s - second,
                    },
                )
            },
        )
        .collect()
}

/// Term → (entry, weight) over the entries' profiles.
fn postings(profiles: &[Vector]) -> HashMap<u32, Vec<(usize, f32)>> {
    let mut postings: HashMap<u32, Vec<(usize, f32)>> = HashMap::new();
    for (e, profile) in profiles.iter().enumerate() {
        for &(term, w) in &profile.0 {
            postings.entry(term).or_default().push((e, w));
        }
    }
    postings
}

/// Each entry's profile: its seed plus the unit centroid of the documents assigned to it.
fn learn_profiles(
    documents: &[Document],
    labels: &[Option<Label>],
    seeds: &[Vector],
) -> Vec<Vector> {
    let mut sums: Vec<HashMap<u32, f32>> = vec![HashMap::new(); seeds.len()];
    for (document, label) in documents.iter().zip(labels) {
        if let Some(label) = label {
            for &(term, w) in &document.vector.0 {
                *sums[label.entry].entry(term).or_default() += w * document.weight as f32;
            }
        }
    }
    sums.into_par_iter()
        .zip(seeds)
        .map(|(sum, seed)| {
            let mut learnt: Vec<(u32, f32)> = sum.into_iter().collect();
            learnt.sort_unstable_by_key(|&(t, _)| t);
            let learnt = Vector(learnt).normalized();
            if seed.is_empty() {
                // An entry with no words of its own learns nothing: it never answers.
                return Vector::default();
            }
            seed.add_scaled(&learnt, 1.0).normalized()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(terms: &[(u32, f32)], weight: u32) -> Document {
        Document {
            terms: Vec::new(),
            rows: Vec::new(),
            weight,
            vector: Vector(terms.to_vec()).normalized(),
        }
    }

    #[test]
    fn an_entry_learns_the_words_of_the_questions_it_answers() {
        // Terms: 0 card, 1 declined, 2 shop, 3 refused, 4 weather.
        let documents = vec![
            document(&[(0, 1.0), (1, 1.0)], 2),
            document(&[(0, 1.0), (1, 1.0), (3, 1.0)], 10),
            document(&[(2, 0.5), (3, 1.0)], 2),
            document(&[(4, 1.0)], 4),
        ];
        // One cluster each: the third question shares no word with any entry.
        let groups: Vec<Vec<usize>> = (0..4).map(|d| vec![d]).collect();
        let seeds = vec![
            Vector(vec![(0, 1.0), (1, 1.0)]).normalized(),
            Vector(vec![(5, 1.0)]),
        ];
        let labels = assign(&documents, &groups, &seeds).taken;
        let entry = |d: usize| labels[d].map(|l| l.entry);
        assert_eq!(entry(0), Some(0));
        assert_eq!(entry(1), Some(0));
        assert_eq!(entry(2), Some(0), "learnt through `refused`");
        assert!(labels[2].unwrap().lead < labels[0].unwrap().lead);
        assert_eq!(labels[3], None, "like no entry");
    }

    #[test]
    fn evident_entries_override_learnt_ones() {
        let label = |entry, lead| Some(Label { entry, lead });
        let labels = vec![label(0, 0.3), label(0, 0.1), None, label(1, 0.2)];
        let evident = vec![label(0, 0.5), label(1, 0.4), label(2, 0.6), None];
        let kept = keep_evident(labels, &evident);
        assert_eq!(
            kept,
            vec![label(0, 0.3), label(1, 0.4), label(2, 0.6), label(1, 0.2)]
        );
    }

    #[test]
    fn the_learnt_entry_wins_but_ranks_last() {
        let label = |entry, lead| Some(Label { entry, lead });
        let nearest = vec![label(0, 0.3), label(0, 0.1), None, label(1, 0.2)];
        let learnt = vec![label(0, 0.95), label(1, 0.99), label(2, 0.9), None];
        assert_eq!(
            prefer_learnt(nearest, learnt),
            vec![label(0, 0.3), label(1, 0.0), label(2, 0.0), label(1, 0.2)]
        );
    }

    #[test]
    fn a_question_two_entries_answer_alike_goes_to_neither() {
        let documents = vec![document(&[(0, 1.0), (1, 1.0)], 1)];
        let seeds = vec![Vector(vec![(0, 1.0)]), Vector(vec![(1, 1.0)])];
        let labels = assign(&documents, &[vec![0]], &seeds).taken;
        assert_eq!(labels[0], None);
    }
}
