//! What of the customers' own words may be published.
//!
//! Customer phrasings matched to an FAQ entry feed its search document, and the search index is
//! public. A word a single customer wrote (a surname, a PIN, a postcode) must never become
//! searchable, so an entry's phrasings are cut down to the words that at least
//! `[faq] min_customers` distinct rows share, or that the entry's editors wrote themselves; words
//! that look like a name, a number, an identifier or an address fragment are left out whatever
//! their count.

use std::collections::{BTreeMap, BTreeSet};

/// Longest word kept: longer ones are codes, tokens or run-together identifiers.
const LONGEST_WORD: usize = 24;

/// One word of customer text, as read.
struct Token {
    /// Lowercase, apostrophes removed.
    word: String,
    /// Digits in it, capital letters where a sentence does not start, or too long.
    personal: bool,
}

/// The words of `text` in order, placeholders such as `[email]` left out.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut raw = String::new();
    let mut sentence_start = true;
    let mut in_placeholder = false;
    let flush = |raw: &mut String, sentence_start: &mut bool, out: &mut Vec<Token>| {
        if raw.is_empty() {
            return;
        }
        let word: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let has_digit = raw.chars().any(|c| c.is_numeric());
        let capital_inside = raw.chars().skip(1).any(char::is_uppercase);
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let personal = has_digit
            || word.chars().count() > LONGEST_WORD
            || capital_inside
            || (capital && !*sentence_start && word != "i");
        out.push(Token { word, personal });
        *sentence_start = false;
        raw.clear();
    };
    for c in text.chars() {
        if in_placeholder {
            in_placeholder = c != ']';
            continue;
        }
        if c == '[' {
            flush(&mut raw, &mut sentence_start, &mut out);
            in_placeholder = true;
        } else if c.is_alphanumeric() || ((c == '\'' || c == '’') && !raw.is_empty()) {
            raw.push(c);
        } else {
            flush(&mut raw, &mut sentence_start, &mut out);
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | '¿' | '¡' | ':' | '"' | '«' | '“'
            ) {
                sentence_start = true;
            }
        }
    }
    flush(&mut raw, &mut sentence_start, &mut out);
    out
}

/// Words customers share: built from the rows of the clusters one entry answers.
#[derive(Debug, Clone, Default)]
pub struct SharedWords {
    /// Word → how many distinct rows contain it.
    rows: BTreeMap<String, usize>,
    /// Words some row wrote as a name, a number or an identifier.
    personal: BTreeSet<String>,
    /// Words of the entry's own question and `asked_as`.
    editor: BTreeSet<String>,
}

impl SharedWords {
    /// Counts the words of `rows`; a row whose text repeats another's counts once.
    pub fn new<'a>(
        rows: impl Iterator<Item = &'a str>,
        editor: impl Iterator<Item = &'a str>,
    ) -> SharedWords {
        let mut shared = SharedWords::default();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for row in rows {
            if !seen.insert(row.trim().to_lowercase()) {
                continue;
            }
            let mut words: BTreeSet<String> = BTreeSet::new();
            for token in tokens(row) {
                if token.personal {
                    shared.personal.insert(token.word.clone());
                }
                words.insert(token.word);
            }
            for word in words {
                *shared.rows.entry(word).or_default() += 1;
            }
        }
        for text in editor {
            shared
                .editor
                .extend(tokens(text).into_iter().map(|t| t.word));
        }
        shared
    }

    /// Whether `word` (lowercase) may be published.
    fn allows(&self, word: &str, min_customers: usize) -> bool {
        if self.editor.contains(word) {
            return true;
        }
        !self.personal.contains(word)
            && self.rows.get(word).copied().unwrap_or(0) >= min_customers.max(1)
    }

    /// `phrasing` cut down to the words that may be published, in order; `None` if none may.
    pub fn public(&self, phrasing: &str, min_customers: usize) -> Option<String> {
        let words: Vec<String> = tokens(phrasing)
            .into_iter()
            .filter(|t| {
                (!t.personal || self.editor.contains(&t.word))
                    && self.allows(&t.word, min_customers)
            })
            .map(|t| t.word)
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(rows: &[&str], editor: &[&str]) -> SharedWords {
        SharedWords::new(rows.iter().copied(), editor.iter().copied())
    }

    #[test]
    fn a_word_one_customer_wrote_is_not_published() {
        let rows = [
            "I am Gwendolyn Featherstonehaugh, how do I change my PIN?",
            "how do i change my pin, My PIN is 4821",
            "change pin please, I live at SW1A 1AA",
            "how can I change the pin on my card",
        ];
        let words = shared(&rows, &["How do I change my PIN?"]);
        let public: Vec<String> = rows.iter().filter_map(|r| words.public(r, 3)).collect();
        let all = public.join(" ");
        for secret in [
            "gwendolyn",
            "featherstonehaugh",
            "4821",
            "sw1a",
            "1aa",
            "live",
        ] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
        assert!(all.contains("change"));
        assert!(all.contains("pin"));
    }

    #[test]
    fn names_stay_out_even_when_shared() {
        let rows = [
            "where is my parcel Smith",
            "parcel not here, Mrs Smith",
            "my parcel is lost Smith here",
        ];
        let words = shared(&rows, &[]);
        assert_eq!(words.public(rows[0], 3).as_deref(), Some("parcel"));
        assert_eq!(words.public(rows[2], 3).as_deref(), Some("parcel"));
    }

    #[test]
    fn repeated_rows_count_once() {
        let rows = [
            "refund zebra",
            "refund zebra",
            "Refund zebra ",
            "refund now",
        ];
        let words = shared(&rows, &[]);
        assert_eq!(words.public("refund zebra", 2).as_deref(), Some("refund"));
    }
}
