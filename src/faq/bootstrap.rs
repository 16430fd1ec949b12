//! Which entry search finds a question by, learnt from the entries' own words alone.
//!
//! An entry's title is a few words; the export's questions are many. The questions that clearly
//! hold one entry's own words (the evident ones, see [`super::assign`]) are its first examples: a
//! naive Bayes model of each entry's words is learnt from them and from the entry's own text, every
//! question is classified, the confident ones become examples too, and the model is learnt again,
//! a few rounds (hard EM, as in dataless classification). A question's cluster counts as evidence
//! beside its words: the entries its other questions went to are its prior. Unlike the profiles of
//! [`super::assign`], each word counts by how much more one entry uses it than the others, so a
//! word every sibling entry shares ("card" in "Card declined?" and "Card lost?") decides nothing
//! and the word that tells them apart decides.
//!
//! Only a question whose best entry is clearly ahead of the next is given to it; the caller keeps
//! its own choice for the rest.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::assign::Label;
use super::cluster::Document;
use super::text::{Vector, best_and_runner_up};

/// Rounds of relearning from the confident questions.
const ROUNDS: usize = 3;
/// How many questions' worth an entry's own text counts as, among its examples.
const OWN_TEXT: f32 = 2.0;
/// Additive smoothing of every word's count for every entry.
const SMOOTHING: f32 = 0.01;
/// How much a question's cluster counts beside its words, as a multiple of the log prior it gives:
/// little, since a cluster often holds the questions of sibling entries.
const CLUSTER_EVIDENCE: f32 = 0.3;
/// Smoothing of the cluster prior: how many questions' worth of every entry a cluster holds.
const CLUSTER_SMOOTHING: f32 = 1.0;
/// The share of its probability by which the best entry must lead the next for a question to be
/// an example in the next round, and to be given to the entry at the end (the next entry at most
/// a tenth as likely).
const CONFIDENT: f32 = 0.9;
/// Least lead over the other entries' own words (similarity less the runner-up's) for an evident
/// question to be an example from the start: the barely evident are as often a sibling's.
const SEED_LEAD: f32 = 0.1;

/// For each document, the entry the learnt model gives it to when it is confident, with the share
/// of the best entry's probability by which it leads the next as the lead.
///
/// `group_of` is each document's cluster, `seeds` the entries' own unit vectors and `evident` the
/// documents that clearly hold one entry's words: they stay that entry's examples throughout.
pub(super) fn bootstrap(
    documents: &[Document],
    group_of: &[usize],
    seeds: &[Vector],
    evident: &[Option<Label>],
) -> Vec<Option<Label>> {
    let evident: Vec<Option<Label>> = evident
        .iter()
        .map(|l| l.filter(|l| l.lead >= SEED_LEAD))
        .collect();
    let evident = &evident[..];
    let mut labels: Vec<Option<Label>> = evident.to_vec();
    if seeds.iter().all(Vector::is_empty) || documents.is_empty() {
        return vec![None; documents.len()];
    }
    for _ in 0..ROUNDS {
        labels = classify(documents, group_of, seeds, evident, &labels);
    }
    labels
}

/// One round: the model and the clusters' priors learnt from `labels`, and every document
/// classified again (the evident ones stay).
fn classify(
    documents: &[Document],
    group_of: &[usize],
    seeds: &[Vector],
    evident: &[Option<Label>],
    labels: &[Option<Label>],
) -> Vec<Option<Label>> {
    let model = Model::learn(documents, labels, seeds);
    let groups = ClusterPrior::learn(documents, group_of, labels);
    documents
        .par_iter()
        .enumerate()
        .map_init(
            || vec![0f32; seeds.len()],
            |scores, (d, document)| {
                if evident[d].is_some() {
                    return evident[d];
                }
                model.score(document, scores);
                // The document's own label last round is not evidence for itself.
                let own = labels[d].map(|l| (l.entry, document.weight as f32));
                groups.add(group_of[d], own, scores);
                best_of(scores, seeds)
            },
        )
        .collect()
}

/// The best entry and its lead, if it is confident.
fn best_of(scores: &[f32], seeds: &[Vector]) -> Option<Label> {
    let ((entry, s), second) = best_and_runner_up(
        scores
            .iter()
            .enumerate()
            .filter(|&(e, _)| !seeds[e].is_empty())
            .map(|(e, &s)| (e, s)),
    )?;
    // The next entry's probability over the best's is e^(second - best).
    let lead = 1.0 - (second - s).exp();
    (lead >= CONFIDENT).then_some(Label { entry, lead })
}

/// Each entry's log probability of every word, in two parts: what every word costs the entry
/// (`base`, per unit of a document's weight), and what the words it has seen give back (`gains`).
struct Model {
    base: Vec<f32>,
    /// Term → (entry, log of its smoothed count over the smoothing), for the counts not zero.
    gains: HashMap<u32, Vec<(usize, f32)>>,
}

impl Model {
    fn learn(documents: &[Document], labels: &[Option<Label>], seeds: &[Vector]) -> Model {
        let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); seeds.len()];
        let mut vocabulary = 0u32;
        for (e, seed) in seeds.iter().enumerate() {
            for &(t, w) in &seed.0 {
                *counts[e].entry(t).or_default() += OWN_TEXT * w;
                vocabulary = vocabulary.max(t + 1);
            }
        }
        for (document, label) in documents.iter().zip(labels) {
            for &(t, _) in &document.vector.0 {
                vocabulary = vocabulary.max(t + 1);
            }
            if let Some(label) = label {
                for &(t, w) in &document.vector.0 {
                    *counts[label.entry].entry(t).or_default() += document.weight as f32 * w;
                }
            }
        }
        let smoothing_mass = SMOOTHING * vocabulary as f32;
        let mut base = Vec::with_capacity(seeds.len());
        let mut gains: HashMap<u32, Vec<(usize, f32)>> = HashMap::new();
        for (e, counts) in counts.into_iter().enumerate() {
            // Summed in term order, so that the total does not depend on the map's order.
            let mut counts: Vec<(u32, f32)> = counts.into_iter().collect();
            counts.sort_unstable_by_key(|&(t, _)| t);
            let total: f32 = counts.iter().map(|&(_, c)| c).sum();
            base.push(SMOOTHING.ln() - (total + smoothing_mass).ln());
            for (t, c) in counts {
                let gain = ((c + SMOOTHING) / SMOOTHING).ln();
                gains.entry(t).or_default().push((e, gain));
            }
        }
        Model { base, gains }
    }

    /// Every entry's log likelihood of `document`, into `scores`.
    fn score(&self, document: &Document, scores: &mut [f32]) {
        let mass: f32 = document.vector.0.iter().map(|&(_, w)| w).sum();
        for (score, base) in scores.iter_mut().zip(&self.base) {
            *score = base * mass;
        }
        for &(t, w) in &document.vector.0 {
            for &(e, gain) in self.gains.get(&t).into_iter().flatten() {
                scores[e] += w * gain;
            }
        }
    }
}

/// For each cluster, the entries its labelled documents went to and their weight.
struct ClusterPrior {
    entries: Vec<Vec<(usize, f32)>>,
}

impl ClusterPrior {
    fn learn(documents: &[Document], group_of: &[usize], labels: &[Option<Label>]) -> ClusterPrior {
        let groups = group_of.iter().max().map_or(0, |&g| g + 1);
        let mut weights: Vec<BTreeMap<usize, f32>> = vec![BTreeMap::new(); groups];
        for ((document, label), &g) in documents.iter().zip(labels).zip(group_of) {
            if let Some(label) = label {
                *weights[g].entry(label.entry).or_default() += document.weight as f32;
            }
        }
        ClusterPrior {
            entries: weights
                .into_iter()
                .map(|w| w.into_iter().collect())
                .collect(),
        }
    }

    /// Adds cluster `g`'s log prior of each entry to `scores`, less what `own` (a document's
    /// label and weight) put in it, up to a constant that is the same for every entry.
    fn add(&self, g: usize, own: Option<(usize, f32)>, scores: &mut [f32]) {
        for &(e, weight) in &self.entries[g] {
            let weight = match own {
                Some((own, w)) if own == e => weight - w,
                _ => weight,
            };
            scores[e] += CLUSTER_EVIDENCE
                * ((weight + CLUSTER_SMOOTHING) / CLUSTER_SMOOTHING)
                    .max(1.0)
                    .ln();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(terms: &[u32], weight: u32) -> Document {
        Document {
            terms: Vec::new(),
            rows: Vec::new(),
            weight,
            vector: Vector(terms.iter().map(|&t| (t, 1.0)).collect()).normalized(),
        }
    }

    #[test]
    fn the_words_that_tell_siblings_apart_decide_and_a_shared_one_does_not() {
        // Terms: 0 card, 1 declined, 2 lost, 3 shop, 4 refused, 5 stolen.
        let seeds = vec![
            Vector(vec![(0, 1.0), (1, 1.0)]).normalized(),
            Vector(vec![(0, 1.0), (2, 1.0)]).normalized(),
        ];
        let documents = vec![
            document(&[0, 1, 3], 5),
            document(&[0, 2, 5], 5),
            document(&[0, 3, 4], 1),
            document(&[0, 5], 1),
            document(&[0], 1),
        ];
        let evident = |entry| Some(Label { entry, lead: 0.5 });
        let evident = vec![evident(0), evident(1), None, None, None];
        let group_of: Vec<usize> = (0..documents.len()).collect();
        let labels = bootstrap(&documents, &group_of, &seeds, &evident);
        let entry = |d: usize| labels[d].map(|l| l.entry);
        assert_eq!(entry(0), Some(0), "an example stays");
        assert_eq!(entry(1), Some(1));
        assert_eq!(entry(2), Some(0), "learnt through `shop`");
        assert_eq!(entry(3), Some(1), "learnt through `stolen`");
        assert_eq!(labels[4], None, "`card` is both entries' word");
        assert!(labels[2].unwrap().lead >= CONFIDENT);
    }

    #[test]
    fn barely_evident_questions_are_not_examples() {
        let seeds = vec![Vector(vec![(0, 1.0)]), Vector(vec![(1, 1.0)])];
        // The first question holds both entries' words alike.
        let documents = vec![document(&[0, 1, 2], 5), document(&[2], 1)];
        let barely = vec![
            Some(Label {
                entry: 0,
                lead: 0.05,
            }),
            None,
        ];
        let labels = bootstrap(&documents, &[0, 1], &seeds, &barely);
        assert_eq!(labels[0], None);
        assert_eq!(labels[1], None, "`2` was learnt from no example");
    }
}
