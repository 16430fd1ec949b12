//! Turning questions into weighted term vectors: words, typo fixes, stems, TF-IDF.
//!
//! Questions are short and noisy ("hw can i cancel purchase \[number\]"), so the vectors keep what
//! carries the need and drop the rest: stop words go, but question words (how, when, where...) and
//! negations stay because "how soon" and "cannot" change what is asked. Rare words one or two edits
//! away from a common word are read as that word, which fixes most typos without a dictionary.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

/// Words that carry no need. Question words and negations are deliberately absent.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "both",
    "but",
    "by",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "each",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "i",
    "id",
    "if",
    "im",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "let",
    "lets",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "u",
    "ur",
    "us",
    "very",
    "was",
    "we",
    "were",
    "will",
    "with",
    "would",
    "you",
    "your",
    "youre",
    "yours",
    "yourself",
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank",
    "please",
    "pls",
    "plz",
    "kindly",
    "wanna",
    "gonna",
    "gotta",
    "ok",
    "okay",
    "yes",
    "really",
    "actually",
    "just",
    "maybe",
    "possible",
    "dear",
    "sir",
    "madam",
    "team",
    "guys",
    // Request verbs every helpdesk message is wrapped in.
    "help",
    "helping",
    "assist",
    "assistance",
    "assisting",
    "want",
    "wanted",
    "wanting",
    "need",
    "needed",
    "needing",
    "like",
    "trying",
    "try",
    "tell",
    "show",
    "know",
    "see",
    "find",
    "info",
    "information",
    "inform",
    "way",
    "ways",
    "able",
    "someone",
    "something",
    "thing",
    "things",
    "give",
    "get",
    "got",
    "getting",
    "make",
    "go",
    "going",
    "now",
    "today",
    "still",
    "yet",
];

/// Spellings of "not" that lose their apostrophe in tokenizing.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "cannot", "cant", "dont", "doesnt", "didnt", "wont", "isnt", "arent",
    "wasnt", "werent", "havent", "hasnt", "hadnt", "couldnt", "shouldnt", "wouldnt", "unable",
];

/// Lowercase words of `text`: runs of letters and digits with at least one letter, so names of
/// forms and models ("w2", "401k") stay whole while bare numbers and placeholders such as
/// `[number]` are dropped; apostrophes removed inside words so "don't" is one word.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_placeholder = false;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if current.chars().any(char::is_alphabetic) {
            out.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    for c in text.chars() {
        if in_placeholder {
            in_placeholder = c != ']';
            continue;
        }
        if c == '[' {
            flush(&mut current, &mut out);
            in_placeholder = true;
        } else if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if (c == '\'' || c == '’') && !current.is_empty() {
            // "don't" → "dont"
        } else {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The term every negation becomes.
const NOT: &str = "not";

/// Whether `terms` negate.
pub fn is_negated(terms: &[String]) -> bool {
    terms.iter().any(|t| t == NOT)
}

/// The features of a term list: each term, and for each negation the pair it makes with the term
/// that follows ("not arriv"), so "has not arrived" keeps what "arrived" shares with "arrived
/// damaged" but also carries a feature the plain wording never has. Other adjacent pairs were
/// measured to split one need into several clusters ("cancel order" / "cancel purchase") more often
/// than they kept two needs apart.
fn features(terms: &[String]) -> impl Iterator<Item = Cow<'_, str>> {
    let negated = terms
        .windows(2)
        .filter(|pair| pair[0] == NOT && pair[1] != NOT)
        .map(|pair| Cow::Owned(format!("{NOT} {}", pair[1])));
    terms
        .iter()
        .map(|t| Cow::Borrowed(t.as_str()))
        .chain(negated)
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The analyzer: typo fixes learnt from a corpus, stop words, the English Snowball stemmer.
pub struct Analyzer {
    stemmer: Stemmer,
    /// Rare word → the common word it is taken for.
    fixes: HashMap<String, String>,
    stop: HashSet<&'static str>,
}

impl Analyzer {
    /// An analyzer whose typo fixes come from the word counts of `corpus` (each text once).
    pub fn learn<'a>(corpus: impl Iterator<Item = &'a str>) -> Analyzer {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut texts = 0;
        for text in corpus {
            texts += 1;
            let mut seen = words(text);
            seen.sort_unstable();
            seen.dedup();
            for word in seen {
                *counts.entry(word).or_default() += 1;
            }
        }
        let stop = STOP_WORDS.iter().copied().collect();
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            fixes: typo_fixes(&counts, texts),
            stop,
        }
    }

    /// The stemmed terms of `text`, in order, stop words removed, typos fixed, negations as `not`.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in words(text) {
            let word = self.fixes.get(&word).cloned().unwrap_or(word);
            if NEGATIONS.contains(&word.as_str()) {
                out.push(NOT.to_string());
                continue;
            }
            let short = word.chars().count() < 3 && !word.chars().any(|c| c.is_numeric());
            if self.stop.contains(word.as_str()) || short {
                continue;
            }
            out.push(self.stemmer.stem(&word).into_owned());
        }
        out
    }
}

/// Rare words within one edit of a word seen at least ten times as often (two edits for long words),
/// mapped to the most frequent such word. A word is rare when it is in at most 2 texts, or 1 in
/// 2,000 of a large corpus (where the same slip recurs). Candidates come from a deletion index (every
/// word with one letter deleted), so the cost is linear in the vocabulary.
fn typo_fixes(counts: &HashMap<String, u32>, texts: usize) -> HashMap<String, String> {
    const COMMON: u32 = 10;
    let rare = u32::try_from(texts / 2000).unwrap_or(u32::MAX).max(2);
    let mut deletions: HashMap<String, Vec<&str>> = HashMap::new();
    let mut common: Vec<(&String, &u32)> = counts
        .iter()
        .filter(|(w, c)| **c >= COMMON && w.chars().count() >= 3)
        .collect();
    common.sort();
    for (word, _) in &common {
        deletions.entry((*word).clone()).or_default().push(word);
        for variant in deleted(word) {
            deletions.entry(variant).or_default().push(word);
        }
    }
    let mut fixes = HashMap::new();
    for (word, &count) in counts {
        let length = word.chars().count();
        if count > rare || length < 3 || is_stop_word(word) {
            continue;
        }
        let max_distance = if length >= 8 { 2 } else { 1 };
        let mut keys = vec![word.clone()];
        keys.extend(deleted(word));
        let mut best: Option<(&str, u32)> = None;
        for key in &keys {
            for &candidate in deletions.get(key).into_iter().flatten() {
                if candidate == word {
                    continue;
                }
                let candidate_count = counts.get(candidate).copied().unwrap_or(0);
                if candidate_count < count * COMMON || typo_distance(word, candidate) > max_distance
                {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((b, c)) => candidate_count > c || (candidate_count == c && candidate < b),
                };
                if better {
                    best = Some((candidate, candidate_count));
                }
            }
        }
        if let Some((fix, _)) = best {
            fixes.insert(word.clone(), fix.to_string());
        }
    }
    fixes
}

/// Edits between two words, counting a swap of two neighbouring letters as one (optimal string
/// alignment distance), since swapped letters are the commonest typing slip.
fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// `word` with each one of its letters deleted.
fn deleted(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

/// A sparse vector: term ids ascending, with weights; unit length once normalized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vector(pub Vec<(u32, f32)>);

impl Vector {
    pub fn dot(&self, other: &Vector) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn norm(&self) -> f32 {
        self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    pub fn normalized(mut self) -> Vector {
        let norm = self.norm();
        if norm > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= norm;
            }
        }
        self
    }

    /// The sum of `vectors`, each times its weight: one pass over their terms, whatever their number.
    pub fn weighted_sum<'a>(vectors: impl Iterator<Item = (&'a Vector, f32)>) -> Vector {
        let mut sum: HashMap<u32, f32> = HashMap::new();
        for (vector, weight) in vectors {
            for &(t, w) in &vector.0 {
                *sum.entry(t).or_default() += weight * w;
            }
        }
        let mut terms: Vec<(u32, f32)> = sum.into_iter().collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        Vector(terms)
    }

    /// `self + weight * other`.
    pub fn add_scaled(&self, other: &Vector, weight: f32) -> Vector {
        let mut sum: BTreeMap<u32, f32> = self.0.iter().copied().collect();
        for &(t, w) in &other.0 {
            *sum.entry(t).or_default() += weight * w;
        }
        Vector(sum.into_iter().collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Feature ids (see `features`) and their weights: inverse document frequencies of a corpus of
/// term lists, times what the clustering learnt of each (see [`Vocabulary::reweight`]).
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    idf: Vec<f32>,
}

impl Vocabulary {
    /// Learns ids and IDF from `documents` (each with a weight, its number of rows).
    pub fn learn(documents: &[(&[String], u32)]) -> Vocabulary {
        let mut df: BTreeMap<String, f64> = BTreeMap::new();
        let mut total = 0.0;
        for (terms, weight) in documents {
            let mut seen: Vec<Cow<'_, str>> = features(terms).collect();
            seen.sort();
            seen.dedup();
            for feature in seen {
                *df.entry(feature.into_owned()).or_default() += f64::from(*weight);
            }
            total += f64::from(*weight);
        }
        let mut vocabulary = Vocabulary::default();
        for (id, (feature, count)) in df.into_iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            vocabulary.ids.insert(feature, id);
            vocabulary
                .idf
                .push((((total + 1.0) / (count + 1.0)).ln() + 1.0) as f32);
        }
        vocabulary
    }

    /// The unit TF-IDF vector of `terms`; unknown terms are ignored.
    pub fn vector(&self, terms: &[String]) -> Vector {
        let mut counts: BTreeMap<u32, f32> = BTreeMap::new();
        for feature in features(terms) {
            if let Some(&id) = self.ids.get(feature.as_ref()) {
                *counts.entry(id).or_default() += 1.0;
            }
        }
        Vector(
            counts
                .into_iter()
                .map(|(id, tf)| (id, (1.0 + tf.ln()) * self.idf[id as usize]))
                .collect(),
        )
        .normalized()
    }

    /// Multiplies each feature's weight by `weights[id]`: how well it told clusters apart.
    pub fn reweight(&mut self, weights: &[f32]) {
        for (idf, w) in self.idf.iter_mut().zip(weights) {
            *idf *= w;
        }
    }

    pub fn len(&self) -> usize {
        self.idf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.idf.is_empty()
    }
}

/// The highest of `scored` (the first of equals) and the highest of the others
/// (`f32::NEG_INFINITY` when there are none): what a match's lead over the runner-up is measured
/// from.
pub(crate) fn best_and_runner_up(
    scored: impl IntoIterator<Item = (usize, f32)>,
) -> Option<((usize, f32), f32)> {
    let (mut best, mut second) = (None::<(usize, f32)>, f32::NEG_INFINITY);
    for (index, score) in scored {
        match best {
            Some((_, b)) if score <= b => second = second.max(score),
            _ => {
                if let Some((_, b)) = best {
                    second = second.max(b);
                }
                best = Some((index, score));
            }
        }
    }
    best.map(|best| (best, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_and_negations_are_not_stop_words() {
        assert!(
            NEGATIONS.iter().all(|n| !STOP_WORDS.contains(n)),
            "negations must survive"
        );
        for kept in ["how", "when", "where", "why", "what", "which", "not"] {
            assert!(!STOP_WORDS.contains(&kept), "{kept}");
        }
    }

    #[test]
    fn words_drop_digits_and_placeholders_and_keep_contractions() {
        assert_eq!(
            words("I don't see order [number], 3 times!"),
            ["i", "dont", "see", "order", "times"]
        );
        assert_eq!(words("my W2 and 401k, 2024"), ["my", "w2", "and", "401k"]);
    }

    #[test]
    fn swapped_letters_are_one_edit() {
        assert_eq!(typo_distance("ordre", "order"), 1);
        assert_eq!(typo_distance("cancle", "cancel"), 1);
        assert_eq!(typo_distance("refund", "refund"), 0);
        assert_eq!(typo_distance("abc", "xyz"), 3);
    }

    #[test]
    fn rare_misspellings_become_the_common_word() {
        let mut corpus = vec!["cancel my order"; 12];
        corpus.push("cancle my ordr");
        let analyzer = Analyzer::learn(corpus.into_iter());
        assert_eq!(analyzer.terms("cancle my ordr"), ["cancel", "order"]);
        assert_eq!(analyzer.terms("I can't cancel"), ["not", "cancel"]);
    }

    #[test]
    fn similar_questions_are_closer_than_different_ones() {
        let analyzer = Analyzer::learn(std::iter::empty());
        let docs: Vec<Vec<String>> = [
            "how do I cancel my order",
            "cancel order please",
            "where is my refund",
        ]
        .iter()
        .map(|t| analyzer.terms(t))
        .collect();
        let input: Vec<(&[String], u32)> = docs.iter().map(|d| (d.as_slice(), 1)).collect();
        let vocabulary = Vocabulary::learn(&input);
        let v: Vec<Vector> = docs.iter().map(|d| vocabulary.vector(d)).collect();
        assert!(v[0].dot(&v[1]) > v[0].dot(&v[2]));
        assert!((v[0].dot(&v[0]) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn the_best_keeps_the_first_of_equals_and_the_runner_up_is_the_best_of_the_rest() {
        assert_eq!(best_and_runner_up([]), None);
        assert_eq!(
            best_and_runner_up([(4, 0.5)]),
            Some(((4, 0.5), f32::NEG_INFINITY))
        );
        assert_eq!(
            best_and_runner_up([(0, 0.2), (1, 0.7), (2, 0.7), (3, 0.4)]),
            Some(((1, 0.7), 0.7))
        );
        assert_eq!(
            best_and_runner_up([(0, 0.9), (1, 0.1), (2, 0.3)]),
            Some(((0, 0.9), 0.3))
        );
    }
}
