//! Words into index terms, exactly as the browser client turns a query into terms.
//!
//! The client (`themes/default/static/guildhall-search.js`) repeats every rule here: lowercase, strip
//! accents (Unicode canonical decomposition, combining marks U+0300–U+036F dropped), split into runs
//! of letters and digits with apostrophes inside words removed, drop stop words and single letters,
//! and stem words made of the letters a to z with the English Snowball stemmer. A test runs both over
//! the same text and compares every term.

use std::cell::RefCell;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization as _;

/// Words that never help a shopper find a page. The client carries the same list.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "for",
    "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
    "of", "on", "or", "our", "should", "so", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// Terms longer than this are never indexed (hashes, base64, long URLs).
pub const MAX_TERM_CHARS: usize = 40;

/// Lowercase, with accents stripped: `Crème` becomes `creme`.
pub fn fold(text: &str) -> String {
    // Plain ASCII has no accents to strip: the common case, without decomposition.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The words of `text`, folded: runs of letters and digits, apostrophes inside a word removed
/// (`knitter's` is `knitters`).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(&fold(text), |word| out.push(word.to_string()));
    out
}

/// Calls `f` with every word of folded text, in order, without allocating one string per word.
fn each_word(folded: &str, mut f: impl FnMut(&str)) {
    // The start of the current word; `joined` holds it instead when an apostrophe was dropped.
    let mut start: Option<usize> = None;
    let mut joined: Option<String> = None;
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            if let Some(joined) = &mut joined {
                joined.push(c);
            }
        } else if let Some(from) = start {
            if (c == '\'' || c == '’') && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) {
                // Inside a word: dropped.
                joined.get_or_insert_with(|| folded[from..i].to_string());
            } else {
                match joined.take() {
                    Some(word) => f(&word),
                    None => f(&folded[from..i]),
                }
                start = None;
            }
        }
    }
    if let Some(from) = start {
        match joined {
            Some(word) => f(&word),
            None => f(&folded[from..]),
        }
    }
}

/// How many words each thread's term cache holds before it starts again.
const TERM_CACHE_WORDS: usize = 100_000;

/// A thread's terms by word: whether a word is indexed, and its stem. Words repeat (a few hundred
/// make up most of any text), so most words are looked up, not stemmed. One map for analyzers that
/// stem and one for those that do not.
type TermCache = [FxHashMap<Box<str>, Option<Arc<str>>>; 2];

thread_local! {
    static TERMS: RefCell<TermCache> = RefCell::new(Default::default());
}

/// Turns words into terms. Stemming is English only; other languages index words as they are.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl Analyzer {
    /// An analyzer for a site's `language` (`en`, `en-GB`...).
    pub fn new(language: &str) -> Analyzer {
        let english =
            language.eq_ignore_ascii_case("en") || language.to_ascii_lowercase().starts_with("en-");
        Analyzer {
            stemmer: english.then(|| Stemmer::create(Algorithm::English)),
        }
    }

    /// Whether terms are stemmed (the client is told, so it does the same).
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The term of one folded word, or `None` for stop words, single letters and very long words.
    pub fn term(&self, word: &str) -> Option<String> {
        self.shared_term(word).map(|term| term.to_string())
    }

    /// [`Analyzer::term`], from this thread's cache.
    fn shared_term(&self, word: &str) -> Option<Arc<str>> {
        TERMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let cache = &mut cache[usize::from(self.stems())];
            if let Some(term) = cache.get(word) {
                return term.clone();
            }
            let term = self.compute_term(word).map(Arc::from);
            if cache.len() >= TERM_CACHE_WORDS {
                cache.clear();
            }
            cache.insert(word.into(), term.clone());
            term
        })
    }

    fn compute_term(&self, word: &str) -> Option<String> {
        let length = word.chars().count();
        if length > MAX_TERM_CHARS
            || STOP_WORDS.binary_search(&word).is_ok()
            || (length == 1 && !word.chars().all(|c| c.is_numeric()))
        {
            return None;
        }
        Some(self.stem(word))
    }

    /// The stem of a folded word: only words of the letters a to z are stemmed.
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) if word.bytes().all(|b| b.is_ascii_lowercase()) => {
                stemmer.stem(word).into_owned()
            }
            _ => word.to_string(),
        }
    }

    /// Every term of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_term(text, |term| out.push(term.to_string()));
        out
    }

    /// Calls `f` with every term of `text`, in order: [`Analyzer::terms`] without a string per term.
    pub fn each_term(&self, text: &str, mut f: impl FnMut(&Arc<str>)) {
        each_word(&fold(text), |word| {
            if let Some(term) = self.shared_term(word) {
                f(&term);
            }
        });
    }
}

/// The key a sku or product name is matched by exactly: its words joined by `-`, with a closing `|`
/// so it never equals an ordinary term (`BL-MERINO-DK` is `bl-merino-dk|`). It sorts next to the
/// terms of its first word, so it lives in the same dictionary shard.
pub fn exact_key(text: &str) -> Option<String> {
    let words = words(text);
    if words.is_empty() {
        return None;
    }
    let key = format!("{}|", words.join("-"));
    (key.chars().count() <= 3 * MAX_TERM_CHARS).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_accents_and_keep_digits() {
        assert_eq!(
            words("Crème brûlée: 4mm needles, knitter's DK-yarn!"),
            [
                "creme", "brulee", "4mm", "needles", "knitters", "dk", "yarn"
            ]
        );
    }

    #[test]
    fn apostrophes_join_only_inside_words() {
        assert_eq!(
            words("o'clock rock'n'roll it's"),
            ["oclock", "rocknroll", "its"]
        );
        assert_eq!(words("knitters' 'yarn' ’tis"), ["knitters", "yarn", "tis"]);
        assert_eq!(words("don't"), ["dont"]);
        assert_eq!(words("l'été"), ["lete"]);
        assert!(words("' ’ ''").is_empty());
    }

    #[test]
    fn terms_drop_stop_words_and_stem() {
        let analyzer = Analyzer::new("en");
        assert_eq!(
            analyzer.terms("How do I block a knitted shawl?"),
            ["block", "knit", "shawl"]
        );
        assert_eq!(analyzer.terms("size 8 needles"), ["size", "8", "needl"]);
        assert!(
            Analyzer::new("fr")
                .terms("tricots")
                .contains(&"tricots".to_string())
        );
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn exact_keys_join_words() {
        assert_eq!(exact_key("BL-MERINO-DK").as_deref(), Some("bl-merino-dk|"));
        assert_eq!(
            exact_key("Brightloom Merino DK").as_deref(),
            Some("brightloom-merino-dk|")
        );
        assert_eq!(exact_key("--"), None);
    }
}
