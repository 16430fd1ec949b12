//! The inverted index: for every term, the documents that contain it with a one-byte score.
//!
//! The score is the part of BM25 that belongs to the document (BM25F: field-weighted term
//! frequency, saturated, body length normalized), scaled to 1–255. The client multiplies it by the
//! term's IDF, which it computes from the document frequency, so adding a page never changes the
//! bytes of other pages' postings. Lengths are rounded to powers of two (coarser than Lucene's
//! one-byte norms) so that editing a sentence rarely changes any score but those of the words edited.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::documents::{Document, Field};
use super::text::Analyzer;

/// BM25's term frequency saturation.
pub const K1: f32 = 1.2;
/// BM25's length normalization, applied to the body.
pub const B: f32 = 0.75;
/// Most occurrences of a term counted in the phrasings of one FAQ entry: a question asked fifty
/// times by customers must not outweigh a page that is about the word.
const MAX_PHRASING_COUNT: f32 = 2.0;
/// Least share of an FAQ entry's customer phrasings that must hold a word for the entry to be found
/// by it at all.
const LEAST_CUSTOMER_SHARE: f32 = 0.05;
/// How much a synonym counts, relative to the word itself.
const SYNONYM_WEIGHT: f32 = 0.8;
/// Documents scored at once; bounds the memory of a build.
const CHUNK: usize = 512;

/// One document containing a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// The document's share of the BM25 score, 1 to 255.
    pub impact: u8,
    /// The section where the term weighs most (0: the top of the page).
    pub section: u8,
}

/// Every term with its postings, terms sorted, postings by document id.
#[derive(Debug, Default)]
pub struct Index {
    pub terms: Vec<(String, Vec<Posting>)>,
}

/// A synonym group, each member as its terms: `[["trainer"], ["run", "shoe"]]`.
pub type SynonymGroup = Vec<Vec<String>>;

/// What one document gives each of its terms as it is scored: (term, impact, section), sorted by
/// term.
type Scored = Vec<(Arc<str>, u8, u8)>;

/// What one document gives each of its terms once kept: (term id in [`Scores::terms`], impact,
/// section), in the order of [`Scored`].
pub(super) type Kept = (u32, u8, u8);

/// One document of the last build, by its [`document_key`].
#[derive(Clone)]
pub(super) struct Entry {
    /// Words in its body ([`body_length`]).
    pub(super) length: u32,
    pub(super) terms: Arc<[Kept]>,
}

/// The scores of the documents of the last build, by a hash of their text: `serve` and the build
/// cache keep them, so that after an edit only the documents that changed are analysed again.
/// Terms are kept once, by id (`search::stored` writes them so).
#[derive(Default)]
pub struct Scores {
    /// A hash of everything but the document that a score depends on (stems, synonyms, the
    /// average length); scores made with another are not reused.
    pub(super) salt: u64,
    /// Every term of the kept documents, by id: the first `sorted` in order (as loaded), later
    /// ones as they came.
    pub(super) terms: Vec<Arc<str>>,
    pub(super) sorted: usize,
    /// The ids of the terms after the first `sorted`.
    pub(super) added: FxHashMap<Arc<str>, u32>,
    pub(super) by_key: FxHashMap<u64, Entry>,
}

impl Scores {
    /// The id of `term`, added when new.
    fn intern(&mut self, term: &Arc<str>) -> u32 {
        let sorted = &self.terms[..self.sorted];
        if let Ok(id) = sorted.binary_search_by(|t| (**t).cmp(&**term)) {
            return id as u32;
        }
        if let Some(&id) = self.added.get(term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(term.clone());
        self.added.insert(term.clone(), id);
        id
    }
}

/// A document's scores: taken from the last build, or made now.
enum Scoring {
    Kept(Arc<[Kept]>),
    Made(Scored),
}

/// Builds the index of `documents` (in id order). With `scores`, documents scored in the last
/// build are not scored again, and `scores` is left holding this build's.
pub fn build(
    documents: &[Document],
    analyzer: &Analyzer,
    synonyms: &[SynonymGroup],
    scores: Option<&mut Scores>,
) -> Index {
    let keep = scores.is_some();
    let mut local = Scores::default();
    let scores = scores.unwrap_or(&mut local);
    let earlier = std::mem::take(&mut scores.by_key);
    // Documents are keyed only when there are scores to reuse and keep.
    let known: Vec<(u64, Option<&Entry>, usize)> = documents
        .par_iter()
        .map(|document| {
            let key = if keep { document_key(document) } else { 0 };
            let entry = earlier.get(&key).filter(|_| keep);
            let length = entry.map_or_else(|| body_length(document), |e| e.length as usize);
            (key, entry, length)
        })
        .collect();
    let average = if known.is_empty() {
        1.0
    } else {
        known.iter().map(|k| k.2).sum::<usize>() as f32 / known.len() as f32
    };
    let average = round_length(average);
    // Everything but the document that a score depends on.
    let salt = {
        let mut hasher = DefaultHasher::new();
        analyzer.stems().hash(&mut hasher);
        synonyms.hash(&mut hasher);
        average.to_bits().hash(&mut hasher);
        hasher.finish()
    };
    let reuse = scores.salt == salt;
    scores.salt = salt;
    let mut postings: Vec<Vec<Posting>> = Vec::new();
    let mut kept: FxHashMap<u64, Entry> = FxHashMap::default();
    let score_chunk = |chunk_index: usize| -> Vec<Scoring> {
        let start = chunk_index * CHUNK;
        let end = (start + CHUNK).min(documents.len());
        documents[start..end]
            .par_iter()
            .zip(&known[start..end])
            .map(|(document, &(_, entry, length))| match entry {
                Some(entry) if reuse => Scoring::Kept(Arc::clone(&entry.terms)),
                _ => Scoring::Made(score_document(
                    document, analyzer, synonyms, length, average,
                )),
            })
            .collect()
    };
    let merge = |postings: &mut Vec<Vec<Posting>>,
                 kept: &mut FxHashMap<u64, Entry>,
                 scores: &mut Scores,
                 chunk_index: usize,
                 scored: Vec<Scoring>| {
        for (i, scoring) in scored.into_iter().enumerate() {
            let id = chunk_index * CHUNK + i;
            let terms: Arc<[Kept]> = match scoring {
                Scoring::Kept(terms) => terms,
                Scoring::Made(made) => made
                    .iter()
                    .map(|(term, impact, section)| (scores.intern(term), *impact, *section))
                    .collect(),
            };
            if postings.len() < scores.terms.len() {
                postings.resize_with(scores.terms.len(), Vec::new);
            }
            let doc = u32::try_from(id).unwrap_or(u32::MAX);
            for &(term, impact, section) in terms.iter() {
                postings[term as usize].push(Posting {
                    doc,
                    impact,
                    section,
                });
            }
            if keep {
                let (key, _, length) = known[id];
                let length = u32::try_from(length).unwrap_or(u32::MAX);
                kept.insert(key, Entry { length, terms });
            }
        }
    };
    // One chunk is merged into the postings (one thread) while the next is scored (the others).
    let chunks = documents.len().div_ceil(CHUNK);
    let mut pending = (chunks > 0).then(|| score_chunk(0));
    for chunk_index in 0..chunks {
        let Some(scored) = pending.take() else {
            break;
        };
        let next = chunk_index + 1;
        let (next_scored, ()) = rayon::join(
            || (next < chunks).then(|| score_chunk(next)),
            || merge(&mut postings, &mut kept, scores, chunk_index, scored),
        );
        pending = next_scored;
    }
    drop(known);
    drop(earlier);
    scores.by_key = kept;
    // Terms kept from the last load are sorted already: a stable sort merges in the new ones.
    let mut order: Vec<u32> = (0..postings.len())
        .filter(|&id| !postings[id].is_empty())
        .map(|id| id as u32)
        .collect();
    order.sort_by(|&a, &b| scores.terms[a as usize].cmp(&scores.terms[b as usize]));
    let terms = order
        .into_iter()
        .map(|id| {
            (
                scores.terms[id as usize].to_string(),
                std::mem::take(&mut postings[id as usize]),
            )
        })
        .collect();
    Index { terms }
}

/// A hash of what [`score_document`] reads of a document (besides the salt).
fn document_key(document: &Document) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&(document.texts.len() as u64).to_le_bytes());
    for text in &document.texts {
        hasher.update(&[text.field as u8, text.section]);
        hasher.update(&(text.text.len() as u64).to_le_bytes());
        hasher.update(text.text.as_bytes());
    }
    for exact in &document.exact {
        hasher.update(&(exact.len() as u64).to_le_bytes());
        hasher.update(exact.as_bytes());
    }
    hasher.update(&(document.exact.len() as u64).to_le_bytes());
    hasher.digest()
}

/// Words in the body, for length normalization.
fn body_length(document: &Document) -> usize {
    document
        .texts
        .iter()
        .filter(|t| t.field == Field::Body)
        .map(|t| t.text.split_whitespace().count())
        .sum()
}

/// A length rounded to the nearest power of two. A page's length scales every one of its scores, so
/// a change of class rewrites every posting list the page is in; with classes this coarse, an edit
/// that adds or removes a tenth of a page changes its class about one time in seven.
pub fn round_length(length: f32) -> f32 {
    let length = length.max(1.0);
    2f32.powf(length.log2().round())
}

/// What one document contributes to one of its terms.
#[derive(Default)]
struct TermWeight {
    /// Field-weighted frequency outside the body (never length-normalized: fields are short).
    fields: f32,
    body: f32,
    /// Occurrences in the phrasings, counted apart and capped at [`MAX_PHRASING_COUNT`].
    phrasings: f32,
    /// Customers' phrasings holding the term (each counts once).
    customers: u32,
}

/// The weights of one document's terms as they are read.
#[derive(Default)]
struct Weights {
    slots: FxHashMap<Arc<str>, u32>,
    terms: Vec<(Arc<str>, TermWeight)>,
    /// (slot, section, field-weighted count) of every occurrence, to find where a term matters most.
    sections: Vec<(u32, u8, f32)>,
}

impl Weights {
    fn add(&mut self, term: &Arc<str>, field: Field, section: u8, count: f32) {
        let slot = match self.slots.get(term) {
            Some(&slot) => slot,
            None => {
                let slot = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
                self.slots.insert(term.clone(), slot);
                self.terms.push((term.clone(), TermWeight::default()));
                slot
            }
        };
        let weight = &mut self.terms[slot as usize].1;
        let weighted = field.weight() * count;
        if field == Field::Body {
            weight.body += count;
        } else if field == Field::Customer {
            weight.customers += 1;
        } else if field == Field::Phrasing {
            weight.phrasings += count;
        } else {
            weight.fields += weighted;
        }
        self.sections.push((slot, section, weighted));
    }

    /// The section of each slot where its term weighs most (the first on a tie).
    fn best_sections(&mut self) -> Vec<u8> {
        // A stable sort keeps each section's additions in the order they were made.
        self.sections
            .sort_by_key(|&(slot, section, _)| (slot, section));
        let mut best = vec![(0u8, f32::NEG_INFINITY); self.terms.len()];
        let mut rest = self.sections.as_slice();
        while let Some(&(slot, section, _)) = rest.first() {
            let run = rest
                .iter()
                .take_while(|&&(s, sec, _)| s == slot && sec == section)
                .count();
            let total: f32 = rest[..run].iter().map(|&(_, _, w)| w).sum();
            let entry = &mut best[slot as usize];
            if total > entry.1 {
                *entry = (section, total);
            }
            rest = &rest[run..];
        }
        best.into_iter().map(|(section, _)| section).collect()
    }
}

/// The terms of one document with their impact and best section, sorted by term.
fn score_document(
    document: &Document,
    analyzer: &Analyzer,
    synonyms: &[SynonymGroup],
    length: usize,
    average: f32,
) -> Scored {
    let mut weights = Weights::default();
    let mut terms: Vec<Arc<str>> = Vec::new();
    let mut customers = 0u32;
    let mut seen: Vec<Arc<str>> = Vec::new();
    for text in &document.texts {
        if text.field == Field::Customer {
            // Each customer phrasing counts once per term: what matters is how many hold it.
            customers += 1;
            seen.clear();
            analyzer.each_term(&text.text, |term| {
                if !seen.contains(term) {
                    seen.push(term.clone());
                }
            });
            for term in &seen {
                weights.add(term, text.field, text.section, 1.0);
            }
            continue;
        }
        if synonyms.is_empty() {
            analyzer.each_term(&text.text, |term| {
                weights.add(term, text.field, text.section, 1.0);
            });
            continue;
        }
        terms.clear();
        analyzer.each_term(&text.text, |term| terms.push(term.clone()));
        for group in synonyms {
            for (index, member) in group.iter().enumerate() {
                let count = occurrences(&terms, member);
                if count == 0 {
                    continue;
                }
                for (other_index, other) in group.iter().enumerate() {
                    if other_index != index {
                        for term in other {
                            weights.add(
                                &Arc::from(term.as_str()),
                                text.field,
                                text.section,
                                count as f32 * SYNONYM_WEIGHT,
                            );
                        }
                    }
                }
            }
        }
        for term in &terms {
            weights.add(term, text.field, text.section, 1.0);
        }
    }
    let norm = 1.0 - B + B * round_length(length as f32) / average;
    let sections = weights.best_sections();
    let mut out: Scored = weights
        .terms
        .into_iter()
        .zip(sections)
        .filter(|((_, weight), _)| {
            // A word only a few of an entry's customers wrote does not make the entry found.
            weight.fields > 0.0
                || weight.body > 0.0
                || weight.phrasings > 0.0
                || customer_count(weight.customers, customers) > 0.0
        })
        .map(|((term, weight), section)| {
            let phrasings = weight.phrasings + customer_count(weight.customers, customers);
            let frequency = weight.fields
                + Field::Phrasing.weight() * phrasings.min(MAX_PHRASING_COUNT)
                + weight.body / norm;
            let saturated = frequency * (K1 + 1.0) / (frequency + K1);
            let impact = (saturated / (K1 + 1.0) * 255.0).round().clamp(1.0, 255.0) as u8;
            (term, impact, section)
        })
        .collect();
    for key in &document.exact {
        out.push((Arc::from(key.as_str()), 255, 0));
    }
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// What `holding` of the `all` customers' phrasings of a document count as occurrences: the share
/// of them that hold the term, up to [`MAX_PHRASING_COUNT`]. A word most customers use for the
/// question counts as much as the editor's own; one a few of them wrote on the side counts little,
/// and one under [`LEAST_CUSTOMER_SHARE`] nothing: the entry is not indexed under it at all. The
/// client ranks first by how many of the query's words a document holds, so a word any one of its
/// customers wrote (or a question matched to it by mistake) must not count as held.
fn customer_count(holding: u32, all: u32) -> f32 {
    if holding == 0 || all == 0 {
        return 0.0;
    }
    let share = holding as f32 / all as f32;
    if share < LEAST_CUSTOMER_SHARE {
        return 0.0;
    }
    MAX_PHRASING_COUNT * share
}

/// How often `needle` appears as consecutive terms of `terms`.
fn occurrences(terms: &[Arc<str>], needle: &[String]) -> usize {
    if needle.is_empty() || needle.len() > terms.len() {
        return 0;
    }
    terms
        .windows(needle.len())
        .filter(|window| window.iter().zip(needle).all(|(a, b)| **a == **b))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::Text;

    fn document(title: &str, body: &str) -> Document<'static> {
        Document::sample(title, body, 0)
    }

    #[test]
    fn a_word_in_the_title_outweighs_one_in_the_body() {
        let documents = vec![
            document("Blocking a shawl", "Wet it and pin it out."),
            document("Washing wool", "Lay it flat; a shawl dries slowly."),
        ];
        let index = build(&documents, &Analyzer::new("en"), &[], None);
        let (_, postings) = index.terms.iter().find(|(t, _)| t == "shawl").unwrap();
        assert_eq!(postings.len(), 2);
        assert!(postings[0].impact > postings[1].impact);
    }

    #[test]
    fn synonyms_index_every_member() {
        let documents = vec![document("Trainers", "Comfortable trainers.")];
        let synonyms = vec![vec![
            vec!["trainer".to_string()],
            vec!["sneaker".to_string()],
        ]];
        let index = build(&documents, &Analyzer::new("en"), &synonyms, None);
        assert!(index.terms.iter().any(|(t, _)| t == "sneaker"));
    }

    #[test]
    fn customers_words_count_by_how_many_of_them_use_them() {
        let mut entry = document("Change PIN?", "Our team answers this.");
        for i in 0..30 {
            let text = match i {
                0 => "change my pin before the weather turns".to_string(),
                1..=9 => "change my pin at an atm".to_string(),
                _ => "how do I change my pin".to_string(),
            };
            entry.texts.push(Text {
                field: Field::Customer,
                section: 0,
                text: text.into(),
            });
        }
        let index = build(&[entry], &Analyzer::new("en"), &[], None);
        let impact = |term: &str| {
            index
                .terms
                .iter()
                .find(|(t, _)| t == term)
                .map(|(_, p)| p[0].impact)
        };
        // One customer in thirty: the entry is not found by the word at all.
        assert_eq!(impact("weather"), None);
        assert!(impact("atm").unwrap() < impact("pin").unwrap());
    }

    #[test]
    fn lengths_round_to_steps() {
        assert_eq!(round_length(500.0), round_length(560.0));
        assert!(round_length(500.0) < round_length(800.0));
    }
}
