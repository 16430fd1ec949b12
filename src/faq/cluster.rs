//! Grouping support questions that ask for the same thing.
//!
//! 1. Each question becomes stemmed terms ([`Analyzer`]); questions with the same terms are one
//!    document, weighted by how many rows (and counts) share it. A document too rare to be a need
//!    whose terms no other document has is left out with the rows that have no usable words.
//! 2. A leader pass, heaviest documents first: a document joins the most similar leader when the
//!    cosine of their TF-IDF vectors reaches [`Settings::leader`], else it leads a new group. An
//!    inverted index over the leaders' strongest terms keeps this near-linear.
//! 3. Average linkage over the groups (nearest-neighbour chain, `O(g²)`), cut where the average
//!    similarity between two groups falls below [`Settings::link`]. Average linkage does not chain
//!    near-duplicates into one giant cluster as single linkage and min-hash union-find do. Two
//!    questions of opposite polarity (one negates, the other does not) count only part of their
//!    similarity, so "my parcel has not arrived" and "my parcel arrived damaged" stay apart.
//! 4. Rounds of spherical k-means from the linkage's clusters; then clusters of fewer than
//!    [`Settings::min_rows`] rows give their questions to the large clusters they are like enough.
//! 5. Steps 2 to 4 run twice: the first clustering teaches each feature how well it tells needs
//!    apart (`feature_weights`), and the second clusters with those weights. The number of
//!    clusters is never set: it follows from the thresholds on similarity and the data.
//!
//! Everything is deterministic: ties break on the documents' terms, never on hash order.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::text::{Analyzer, Vector, Vocabulary};

/// One question as the clustering sees it: already redacted.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub text: &'a str,
    pub count: u32,
    pub topic: Option<&'a str>,
}

/// Thresholds of the two passes.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Cosine at which a question joins a leader.
    pub leader: f32,
    /// Average cosine at which two groups merge.
    pub link: f32,
    /// Clusters with less than this share of all rows join their most similar large cluster when
    /// their centroids are at least [`Settings::absorb`] alike.
    pub small: f32,
    pub absorb: f32,
    /// Clusters of fewer rows are too small to be a need: their questions join the large clusters
    /// they are most like, when at least [`Settings::join`] alike.
    pub min_rows: u32,
    /// The least similarity at which a question of a too small cluster joins a large one.
    pub join: f32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            leader: 0.5,
            link: 0.15,
            small: 0.003,
            absorb: 0.15,
            min_rows: 5,
            join: 0.01,
        }
    }
}

/// A group of questions with one need.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Stable id: derived from the representative's terms, so it survives new rows.
    pub id: String,
    /// Rows, weighted by their count column.
    pub volume: u64,
    /// Indices into the input, ascending.
    pub members: Vec<usize>,
    /// The input index of the most representative phrasing.
    pub representative: usize,
    /// Other phrasings (input indices), most common first, distinct wording, at most [`VARIANTS`].
    pub variants: Vec<usize>,
    /// Distinct phrasings (input indices, one per distinct set of terms), most central first, at most
    /// [`PHRASINGS`]: what the entry answering the cluster is found by in search.
    pub phrasings: Vec<usize>,
    /// The most common topic among the rows, if the export has one.
    pub topic: Option<String>,
    /// The unit centroid, to match FAQ entries against.
    pub centroid: Vector,
    /// The representative's terms, used for the id and a suggested slug.
    pub terms: Vec<String>,
    /// Indices into [`Clustering::documents`].
    pub documents: Vec<usize>,
}

pub const VARIANTS: usize = 5;
pub const PHRASINGS: usize = 100;

/// The clustering of one export, with what it needs to match new text against the clusters.
pub struct Clustering {
    pub clusters: Vec<Cluster>,
    pub analyzer: Analyzer,
    pub vocabulary: Vocabulary,
    /// Input indices whose text has no usable words (greetings, only numbers), or only words no
    /// other question uses in fewer than [`Settings::min_rows`] rows: no need to group them into.
    pub unclustered: Vec<usize>,
    /// The distinct questions (one per set of terms), heaviest first.
    pub documents: Vec<Document>,
}

impl Clustering {
    /// The unit vector of any text in this clustering's term space.
    pub fn vector(&self, text: &str) -> Vector {
        self.vocabulary.vector(&self.analyzer.terms(text))
    }
}

/// Questions with the same terms, clustered as one.
#[derive(Debug, Clone)]
pub struct Document {
    pub terms: Vec<String>,
    /// Input indices, ascending.
    pub rows: Vec<usize>,
    /// Rows, weighted by their count column.
    pub weight: u32,
    /// The unit TF-IDF vector of the terms.
    pub vector: Vector,
}

/// Clusters `questions`.
pub fn cluster(questions: &[Question<'_>], settings: Settings) -> Clustering {
    let mut unique_texts: Vec<&str> = questions.iter().map(|q| q.text).collect();
    unique_texts.sort_unstable();
    unique_texts.dedup();
    let analyzer = Analyzer::learn(unique_texts.iter().copied());

    let term_lists: Vec<Vec<String>> = questions
        .par_iter()
        .map(|q| analyzer.terms(q.text))
        .collect();
    let mut by_terms: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    let mut unclustered = Vec::new();
    for (index, terms) in term_lists.iter().enumerate() {
        if terms.is_empty() {
            unclustered.push(index);
        } else {
            by_terms.entry(terms.as_slice()).or_default().push(index);
        }
    }
    // A wording too rare to be a need that shares no word with any other question can join no
    // cluster: it is left out with the rows that have no usable words, not listed as a need.
    let mut term_documents: HashMap<&str, u32> = HashMap::new();
    for terms in by_terms.keys() {
        let mut distinct: Vec<&String> = terms.iter().collect();
        distinct.sort_unstable();
        distinct.dedup();
        for term in distinct {
            *term_documents.entry(term).or_default() += 1;
        }
    }
    by_terms.retain(|terms, rows| {
        let isolated = rows_weight(questions, rows) < settings.min_rows
            && terms.iter().all(|t| term_documents[t.as_str()] == 1);
        if isolated {
            unclustered.extend(rows.iter().copied());
        }
        !isolated
    });
    unclustered.sort_unstable();
    let weighted: Vec<(&[String], u32)> = by_terms
        .iter()
        .map(|(terms, rows)| (*terms, rows_weight(questions, rows)))
        .collect();
    let vocabulary = Vocabulary::learn(&weighted);
    let mut documents: Vec<Document> = by_terms
        .into_par_iter()
        .map(|(terms, rows)| Document {
            weight: rows_weight(questions, &rows),
            vector: vocabulary.vector(terms),
            terms: terms.to_vec(),
            rows,
        })
        .collect();
    // Heaviest first, so common phrasings lead; terms break ties.
    documents.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.terms.cmp(&b.terms)));

    // Learn from a first clustering which features tell needs apart, then cluster again with them.
    let first = group(&documents, settings);
    let mut vocabulary = vocabulary;
    vocabulary.reweight(&feature_weights(&documents, &first, vocabulary.len()));
    documents
        .par_iter_mut()
        .for_each(|d| d.vector = vocabulary.vector(&d.terms));
    let merged = group(&documents, settings);
    Clustering {
        clusters: build_clusters(questions, &documents, merged),
        analyzer,
        vocabulary,
        unclustered,
        documents,
    }
}

/// How far the learnt weight of a feature is taken: its share of certainty to this power. Measured
/// on the labelled samples: 0.5 lifts AMI and ARI, 1 and 2 split needs into more clusters.
const LEARNT_WEIGHT_POWER: f64 = 0.5;
/// The least learnt weight, so that a feature every need uses still counts a little.
const LEAST_LEARNT_WEIGHT: f64 = 0.05;

/// How well each feature tells the clusters of `groups` apart, from 0 to 1: one less the entropy of
/// its spread over the clusters, relative to the most it could be for its number of rows. "cancel"
/// in the cancel-order cluster only weighs 1; "how", spread over every need, next to nothing. Term
/// weights learnt from the export itself, where inverse document frequency only knows how rare a
/// word is.
fn feature_weights(documents: &[Document], groups: &[Vec<usize>], features: usize) -> Vec<f32> {
    let mut spread: Vec<HashMap<usize, f64>> = vec![HashMap::new(); features];
    for (g, docs) in groups.iter().enumerate() {
        for &d in docs {
            for &(feature, _) in &documents[d].vector.0 {
                *spread[feature as usize].entry(g).or_default() += f64::from(documents[d].weight);
            }
        }
    }
    spread
        .par_iter()
        .map(|counts| {
            let total: f64 = counts.values().sum();
            if counts.len() <= 1 {
                return 1.0;
            }
            let entropy: f64 = counts
                .values()
                .map(|&c| -(c / total) * (c / total).ln())
                .sum();
            let most = (groups.len() as f64).min(total.ceil()).ln();
            let certainty = (1.0 - entropy / most).max(0.0);
            certainty.powf(LEARNT_WEIGHT_POWER).max(LEAST_LEARNT_WEIGHT) as f32
        })
        .collect()
}

/// The passes over `documents` (heaviest first): groups of document indices.
fn group(documents: &[Document], settings: Settings) -> Vec<Vec<usize>> {
    let mut groups = leader_pass(documents, settings.leader);
    let mut threshold = settings.leader;
    while groups.len() > MAX_GROUPS && threshold > 0.1 {
        threshold -= 0.05;
        groups = regroup(documents, groups, threshold);
    }
    let merged = super::linkage::average_linkage(documents, &groups, settings.link);
    let merged = absorb_small(documents, merged, settings);
    let refined = refine(documents, merged, settings);
    dissolve_small(documents, refined, settings)
}

fn group_weight(documents: &[Document], g: &[usize]) -> u32 {
    g.iter()
        .map(|&d| documents[d].weight)
        .fold(0u32, u32::saturating_add)
}

/// The cluster whose centroid (in `postings`, see [`centroid_postings`]) is most like `vector`,
/// with the similarity; the lower index wins a tie.
fn nearest(
    vector: &Vector,
    postings: &HashMap<u32, Vec<(u32, f32)>>,
    scores: &mut HashMap<u32, f32>,
) -> Option<(f32, usize)> {
    scores.clear();
    for &(term, w) in &vector.0 {
        for &(c, other) in postings.get(&term).into_iter().flatten() {
            *scores.entry(c).or_default() += w * other;
        }
    }
    let mut best: Option<(f32, usize)> = None;
    for (&c, &s) in scores.iter() {
        let c = c as usize;
        if best.is_none_or(|(b, bc)| s > b || (s == b && c < bc)) {
            best = Some((s, c));
        }
    }
    best
}

/// Term → (cluster, weight) over the centroids of the clusters `keep` accepts.
fn centroid_postings(
    centroids: &[Vector],
    keep: impl Fn(usize) -> bool,
) -> HashMap<u32, Vec<(u32, f32)>> {
    let mut postings: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    for (c, vector) in centroids.iter().enumerate().filter(|(c, _)| keep(*c)) {
        for &(term, weight) in &vector.0 {
            postings
                .entry(term)
                .or_default()
                .push((u32::try_from(c).unwrap_or(u32::MAX), weight));
        }
    }
    postings
}

/// Clusters of fewer than [`Settings::min_rows`] rows, too small to be a need, give each of their
/// documents to the large cluster whose centroid is most like it, if at least [`Settings::join`].
fn dissolve_small(
    documents: &[Document],
    mut groups: Vec<Vec<usize>>,
    settings: Settings,
) -> Vec<Vec<usize>> {
    let large: Vec<bool> = groups
        .iter()
        .map(|g| group_weight(documents, g) >= settings.min_rows)
        .collect();
    let centroids: Vec<Vector> = groups.par_iter().map(|g| centroid(documents, g)).collect();
    let postings = centroid_postings(&centroids, |c| large[c]);
    let mut arrivals: Vec<(usize, usize)> = Vec::new();
    let mut scores = HashMap::new();
    for (_, group) in groups.iter_mut().enumerate().filter(|(c, _)| !large[*c]) {
        group.retain(
            |&d| match nearest(&documents[d].vector, &postings, &mut scores) {
                Some((similarity, target)) if similarity >= settings.join => {
                    arrivals.push((target, d));
                    false
                }
                _ => true,
            },
        );
    }
    for (target, d) in arrivals {
        groups[target].push(d);
    }
    groups.retain(|g| !g.is_empty());
    for g in &mut groups {
        g.sort_unstable();
    }
    groups
}

/// The same passes over some of the documents only (`some` ascending, so heaviest first).
pub fn group_some(documents: &[Document], some: &[usize], settings: Settings) -> Vec<Vec<usize>> {
    let subset: Vec<Document> = some.iter().map(|&d| documents[d].clone()).collect();
    group(&subset, settings)
        .into_iter()
        .map(|g| {
            let mut docs: Vec<usize> = g.into_iter().map(|d| some[d]).collect();
            docs.sort_unstable();
            docs
        })
        .collect()
}

/// The clusters of `groups` of document indices, biggest first, with unique ids.
pub fn build_clusters(
    questions: &[Question<'_>],
    documents: &[Document],
    groups: Vec<Vec<usize>>,
) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = groups
        .into_par_iter()
        .filter(|docs| !docs.is_empty())
        .map(|docs| build_cluster(questions, documents, &docs))
        .collect();
    clusters.sort_by(|a, b| b.volume.cmp(&a.volume).then_with(|| a.id.cmp(&b.id)));
    disambiguate_ids(&mut clusters);
    clusters
}

fn rows_weight(questions: &[Question<'_>], rows: &[usize]) -> u32 {
    rows.iter()
        .map(|&r| questions[r].count)
        .fold(0u32, u32::saturating_add)
}

/// The most groups average linkage works on: its similarity matrix takes `4 × g²` bytes (36 MB).
const MAX_GROUPS: usize = 3000;

/// Another leader pass over the groups' centroids, at a lower threshold, when a very varied export
/// left too many groups for average linkage.
fn regroup(documents: &[Document], groups: Vec<Vec<usize>>, threshold: f32) -> Vec<Vec<usize>> {
    let centroids: Vec<Document> = groups
        .par_iter()
        .map(|g| Document {
            terms: Vec::new(),
            rows: Vec::new(),
            weight: g
                .iter()
                .map(|&d| documents[d].weight)
                .fold(0, u32::saturating_add),
            vector: centroid(documents, g),
        })
        .collect();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        centroids[b]
            .weight
            .cmp(&centroids[a].weight)
            .then(a.cmp(&b))
    });
    let ordered: Vec<Document> = order
        .iter()
        .map(|&i| Document {
            terms: Vec::new(),
            rows: Vec::new(),
            weight: centroids[i].weight,
            vector: centroids[i].vector.clone(),
        })
        .collect();
    leader_pass(&ordered, threshold)
        .into_iter()
        .map(|members| {
            let mut docs: Vec<usize> = members
                .into_iter()
                .flat_map(|m| groups[order[m]].iter().copied())
                .collect();
            docs.sort_unstable();
            docs
        })
        .collect()
}

/// How many of a vector's strongest terms index a leader.
const INDEXED_TERMS: usize = 4;

/// Groups of document indices: each document joins its most similar leader or leads a new group.
fn leader_pass(documents: &[Document], threshold: f32) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut leaders: Vec<usize> = Vec::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut stamp: Vec<usize> = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let mut best: Option<(f32, usize)> = None;
        for &(term, _) in &document.vector.0 {
            for &leader in postings.get(&term).into_iter().flatten() {
                let leader = leader as usize;
                if stamp[leader] == index + 1 {
                    continue;
                }
                stamp[leader] = index + 1;
                let similarity = document.vector.dot(&documents[leaders[leader]].vector);
                if similarity >= threshold && best.is_none_or(|(s, _)| similarity > s) {
                    best = Some((similarity, leader));
                }
            }
        }
        match best {
            Some((_, leader)) => groups[leader].push(index),
            None => {
                let id = u32::try_from(leaders.len()).unwrap_or(u32::MAX);
                for term in strongest_terms(&document.vector, INDEXED_TERMS) {
                    postings.entry(term).or_default().push(id);
                }
                leaders.push(index);
                groups.push(vec![index]);
                stamp.push(0);
            }
        }
    }
    groups
}

fn strongest_terms(vector: &Vector, n: usize) -> Vec<u32> {
    let mut terms = vector.0.clone();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.into_iter().take(n).map(|(t, _)| t).collect()
}

/// Rounds of reassignment after the linkage.
const REFINE_ROUNDS: usize = 15;

/// Spherical k-means from the linkage's clusters: every document moves to the cluster whose centroid
/// it is most like, then the centroids are recomputed. Average linkage decides early merges on a few
/// documents; this lets every document take the need its words point to once the clusters are whole.
/// Each round costs the documents' terms times the clusters that share them.
fn refine(
    documents: &[Document],
    mut groups: Vec<Vec<usize>>,
    settings: Settings,
) -> Vec<Vec<usize>> {
    for round in 0..REFINE_ROUNDS {
        let centroids: Vec<Vector> = groups.par_iter().map(|g| centroid(documents, g)).collect();
        let mut postings: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
        // In the first round, clusters too small to be a need give their documents to the large
        // clusters they are at least `join` like.
        let small: Vec<bool> = groups
            .iter()
            .map(|g| round == 0 && group_weight(documents, g) < settings.min_rows)
            .collect();
        for (c, vector) in centroids.iter().enumerate().filter(|(c, _)| !small[*c]) {
            for &(term, weight) in &vector.0 {
                postings
                    .entry(term)
                    .or_default()
                    .push((u32::try_from(c).unwrap_or(u32::MAX), weight));
            }
        }
        let mut current = vec![0usize; documents.len()];
        for (c, group) in groups.iter().enumerate() {
            for &d in group {
                current[d] = c;
            }
        }
        let assigned: Vec<usize> = (0..documents.len())
            .into_par_iter()
            .map_init(
                || vec![0f32; centroids.len()],
                |scores, d| {
                    let mut touched: Vec<u32> = Vec::new();
                    for &(term, weight) in &documents[d].vector.0 {
                        for &(c, other) in postings.get(&term).into_iter().flatten() {
                            if scores[c as usize] == 0.0 {
                                touched.push(c);
                            }
                            scores[c as usize] += weight * other;
                        }
                    }
                    let floor = if small[current[d]] {
                        settings.join
                    } else {
                        f32::MIN_POSITIVE
                    };
                    let mut best = (scores[current[d]].max(floor), current[d]);
                    for &c in &touched {
                        let c = c as usize;
                        if scores[c] > best.0 || (scores[c] == best.0 && c < best.1) {
                            best = (scores[c], c);
                        }
                    }
                    for &c in &touched {
                        scores[c as usize] = 0.0;
                    }
                    best.1
                },
            )
            .collect();
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        let mut moved = 0;
        for (d, &c) in assigned.iter().enumerate() {
            moved += usize::from(c != current[d]);
            next[c].push(d);
        }
        groups = next.into_iter().filter(|g| !g.is_empty()).collect();
        if moved == 0 {
            break;
        }
    }
    groups
}

/// The unit centroid of `docs`, each weighted by its rows.
pub fn centroid(documents: &[Document], docs: &[usize]) -> Vector {
    Vector::weighted_sum(
        docs.iter()
            .map(|&d| (&documents[d].vector, documents[d].weight as f32)),
    )
    .normalized()
}

/// Folds clusters too small to be a need of their own (stray wordings, noise) into the large cluster
/// they are most like, if they are like any enough.
fn absorb_small(
    documents: &[Document],
    groups: Vec<Vec<usize>>,
    settings: Settings,
) -> Vec<Vec<usize>> {
    let weight = |g: &[usize]| -> u64 { g.iter().map(|&d| u64::from(documents[d].weight)).sum() };
    let total: u64 = groups.iter().map(|g| weight(g)).sum();
    let minimum = (total as f64 * f64::from(settings.small)).ceil() as u64;
    let (large, small): (Vec<Vec<usize>>, Vec<Vec<usize>>) = groups
        .into_iter()
        .partition(|g| weight(g) >= minimum.max(2));
    if large.is_empty() {
        return small;
    }
    let centroids: Vec<Vector> = large.par_iter().map(|g| centroid(documents, g)).collect();
    let targets: Vec<Option<usize>> = small
        .par_iter()
        .map(|g| {
            let c = centroid(documents, g);
            let mut best: Option<(f32, usize)> = None;
            for (i, other) in centroids.iter().enumerate() {
                let similarity = c.dot(other);
                if similarity >= settings.absorb && best.is_none_or(|(s, _)| similarity > s) {
                    best = Some((similarity, i));
                }
            }
            best.map(|(_, i)| i)
        })
        .collect();
    let mut large = large;
    let mut out_small = Vec::new();
    for (group, target) in small.into_iter().zip(targets) {
        match target {
            Some(i) => large[i].extend(group),
            None => out_small.push(group),
        }
    }
    large.extend(out_small);
    for g in &mut large {
        g.sort_unstable();
    }
    large
}

fn build_cluster(questions: &[Question<'_>], documents: &[Document], docs: &[usize]) -> Cluster {
    let centroid = centroid(documents, docs);
    let mut ranked: Vec<(f32, usize)> = docs
        .iter()
        .map(|&d| (documents[d].vector.dot(&centroid), d))
        .collect();
    // Representative: the most central document, weight and terms breaking ties. `docs` is sorted
    // heaviest first (documents are), so a stable sort keeps that order among equals.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let representative_doc = ranked[0].1;
    let phrasings: Vec<usize> = ranked
        .iter()
        .take(PHRASINGS)
        .map(|&(_, d)| documents[d].rows[0])
        .collect();
    let representative = documents[representative_doc].rows[0];
    // Variants: the heaviest other documents, each by its first row, distinct wording.
    let mut others: Vec<usize> = docs
        .iter()
        .copied()
        .filter(|&d| d != representative_doc)
        .collect();
    others.sort_by(|&a, &b| {
        documents[b]
            .weight
            .cmp(&documents[a].weight)
            .then_with(|| documents[a].terms.cmp(&documents[b].terms))
    });
    let mut variants = Vec::new();
    let mut wordings = vec![questions[representative].text.to_lowercase()];
    for d in others {
        let row = documents[d].rows[0];
        let wording = questions[row].text.to_lowercase();
        if !wordings.contains(&wording) {
            wordings.push(wording);
            variants.push(row);
            if variants.len() == VARIANTS {
                break;
            }
        }
    }
    let mut members: Vec<usize> = docs
        .iter()
        .flat_map(|&d| documents[d].rows.iter().copied())
        .collect();
    members.sort_unstable();
    let volume = members.iter().map(|&r| u64::from(questions[r].count)).sum();
    let mut topics: BTreeMap<&str, u64> = BTreeMap::new();
    for &r in &members {
        if let Some(topic) = questions[r].topic.filter(|t| !t.trim().is_empty()) {
            *topics.entry(topic.trim()).or_default() += u64::from(questions[r].count);
        }
    }
    let topic = topics
        .into_iter()
        .fold(None::<(&str, u64)>, |best, (t, c)| match best {
            Some((_, bc)) if bc >= c => best,
            _ => Some((t, c)),
        })
        .map(|(t, _)| t.to_string());
    let terms = documents[representative_doc].terms.clone();
    Cluster {
        id: format!("q{:08x}", fnv1a(terms.join(" ").as_bytes()) as u32),
        volume,
        members,
        representative,
        variants,
        phrasings,
        topic,
        centroid,
        terms,
        documents: docs.to_vec(),
    }
}

/// Two clusters can share a representative's terms only if the linkage split identical documents,
/// which it cannot; still, ids must be unique, so later ones get a suffix.
fn disambiguate_ids(clusters: &mut [Cluster]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for cluster in clusters {
        let count = seen.entry(cluster.id.clone()).or_default();
        *count += 1;
        if *count > 1 {
            cluster.id = format!("{}-{}", cluster.id, count);
        }
    }
}

/// FNV-1a, 64 bits: a stable hash for ids (the same on every platform and run).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(texts: &[&'static str]) -> Vec<Question<'static>> {
        texts
            .iter()
            .map(|t| Question {
                text: t,
                count: 1,
                topic: None,
            })
            .collect()
    }

    #[test]
    fn same_needs_cluster_together_and_different_needs_apart() {
        let input = questions(&[
            "how do I cancel my order",
            "how can i cancel order [number]",
            "cancel my order please",
            "I want to cancel an order",
            "where is my refund",
            "I am still waiting for my refund",
            "when will I get my refund",
            "track my refund",
        ]);
        let result = cluster(&input, Settings::default());
        let cluster_of = |row: usize| {
            result
                .clusters
                .iter()
                .position(|c| c.members.contains(&row))
                .unwrap()
        };
        assert_eq!(cluster_of(0), cluster_of(1));
        assert_eq!(cluster_of(0), cluster_of(3));
        assert_eq!(cluster_of(4), cluster_of(6));
        assert_ne!(cluster_of(0), cluster_of(4));
    }

    #[test]
    fn clustering_is_deterministic_and_counts_volume() {
        let mut input = questions(&["cancel order", "cancel my order", "refund status"]);
        input[0].count = 5;
        input[0].topic = Some("orders");
        let a = cluster(&input, Settings::default());
        let b = cluster(&input, Settings::default());
        let ids = |c: &Clustering| c.clusters.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.clusters[0].volume, 6);
        assert_eq!(a.clusters[0].topic.as_deref(), Some("orders"));
        assert_eq!(a.clusters[0].representative, 0);
    }

    #[test]
    fn empty_questions_are_left_out() {
        let mut input = questions(&["hi", "[number]", "cancel order", "tootles"]);
        input[2].count = 5;
        let result = cluster(&input, Settings::default());
        // "tootles" shares no word with any other question and is too rare to be a need.
        assert_eq!(result.unclustered, [0, 1, 3]);
        assert_eq!(result.clusters.len(), 1);
    }

    fn cluster_of(result: &Clustering, row: usize) -> usize {
        result
            .clusters
            .iter()
            .position(|c| c.members.contains(&row))
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn a_negation_keeps_opposite_needs_apart() {
        let input = questions(&[
            "my parcel has not arrived",
            "parcel never arrived",
            "the parcel didn't arrive",
            "my parcel hasn't arrived yet",
            "parcel still not arrived",
            "my parcel arrived damaged",
            "parcel arrived damaged",
            "the parcel arrived damaged",
            "parcel arrived but it is damaged",
            "my parcel arrived all damaged",
        ]);
        let result = cluster(&input, Settings::default());
        for row in 1..5 {
            assert_eq!(
                cluster_of(&result, row),
                cluster_of(&result, 0),
                "row {row}"
            );
        }
        for row in 6..10 {
            assert_eq!(
                cluster_of(&result, row),
                cluster_of(&result, 5),
                "row {row}"
            );
        }
        assert_ne!(cluster_of(&result, 0), cluster_of(&result, 5));
    }

    #[test]
    fn the_number_of_clusters_comes_from_the_questions() {
        const NEEDS: &[[&str; 5]] = &[
            [
                "how do I cancel my order",
                "cancel my order please",
                "I want to cancel an order",
                "can I cancel the order",
                "cancel order",
            ],
            [
                "where is my refund",
                "when will I get my refund",
                "refund still missing",
                "track my refund",
                "has my refund been sent",
            ],
            [
                "change my delivery address",
                "update the delivery address",
                "wrong delivery address on my order",
                "new address for delivery",
                "edit delivery address",
            ],
            [
                "reset my password",
                "forgot my password",
                "password reset link",
                "cannot remember my password",
                "how to reset password",
            ],
            [
                "do you ship to canada",
                "shipping to canada",
                "can you ship to canada",
                "is canada shipping available",
                "ship abroad to canada",
            ],
        ];
        for count in [2, 3, 5] {
            let texts: Vec<&'static str> = NEEDS[..count].iter().flatten().copied().collect();
            let result = cluster(&questions(&texts), Settings::default());
            assert_eq!(result.clusters.len(), count, "{count} needs");
            for (need, rows) in texts.chunks(5).enumerate() {
                let first = cluster_of(&result, need * 5);
                assert!((0..rows.len()).all(|r| cluster_of(&result, need * 5 + r) == first));
            }
        }
    }
}
