//! Reading a TOML file so that one run reports every problem in it, not only the first.
//!
//! serde stops at the first unknown key or wrong value. [`from_str`] parses the document once into
//! a tree that keeps the span of every key and value, then deserializes it; after each error it
//! takes out the entry the error points at (the key and its value, or one element of an array) and
//! tries again, so the next problem shows up. What is left is usually a usable value: an unknown
//! key is simply gone, a bad value falls back to its default. Syntax errors are all collected by
//! the parser itself, which goes on after each one.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

/// At most this many entries are taken out of one file; each one costs a pass over the file.
const MAX_PROBLEMS: usize = 64;

/// A TOML document read as far as it goes: the value, when one could be made once the faulty
/// entries were taken out, and every error, in the order found.
pub(crate) struct Read<T> {
    pub(crate) value: Option<T>,
    pub(crate) errors: Vec<toml::de::Error>,
}

/// Parses `text` into `T`, collecting every syntax error, or every error of keys and values.
/// `value` is `None` when the syntax is broken or a required key is missing.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Read<T> {
    let (mut tree, mut syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        // The first error of a line is the mistake; the parser's later ones on it follow from it.
        syntax.sort_by_key(|error| error.span().map_or(0, |span| span.start));
        let index = crate::diag::LineIndex::new(text);
        let mut lines = std::collections::HashSet::new();
        syntax.retain(|error| {
            let start = error.span().map_or(0, |span| span.start);
            lines.insert(index.locate(start..start).line)
        });
        return Read {
            value: None,
            errors: syntax,
        };
    }
    let mut errors = Vec::new();
    // The keys taken out so far: a required key among them is missing because of an error
    // already reported, so its table goes too, without a second message.
    let mut removed_keys: Vec<String> = Vec::new();
    for _ in 0..MAX_PROBLEMS {
        match T::deserialize(Deserializer::from(tree.clone())) {
            Ok(value) => {
                return Read {
                    value: Some(value),
                    errors,
                };
            }
            Err(error) => {
                let removed = error
                    .span()
                    .and_then(|spot| remove_in_table(tree.get_mut(), &spot));
                let caused = error
                    .message()
                    .strip_prefix("missing field `")
                    .and_then(|rest| rest.split('`').next())
                    .is_some_and(|field| removed_keys.iter().any(|k| k == field));
                if !caused {
                    errors.push(error);
                }
                match removed {
                    Some(key) => removed_keys.push(key),
                    None => break,
                }
            }
        }
    }
    Read {
        value: None,
        errors,
    }
}

/// Whether `outer` holds all of `spot`.
fn holds(outer: &Range<usize>, spot: &Range<usize>) -> bool {
    outer.start <= spot.start && spot.end <= outer.end && outer.start < outer.end
}

/// Takes out of `table` the innermost entry that holds `spot` and gives its key (empty for an
/// element of an array); `None` when nothing holds it.
fn remove_in_table(table: &mut DeTable<'_>, spot: &Range<usize>) -> Option<String> {
    let mut doomed = None;
    for (key, value) in table.iter_mut() {
        if let Some(removed) = remove_in_value(value, spot) {
            return Some(removed);
        }
        if holds(&key.span(), spot) || holds(&value.span(), spot) {
            doomed = Some(key.clone());
            break;
        }
    }
    let key = doomed?;
    table.remove(&key)?;
    Some(key.into_inner().into_owned())
}

/// Takes the innermost entry that holds `spot` out of a table or array value; `None` when the
/// value has no part that holds it (the value itself may, which the caller handles).
fn remove_in_value(value: &mut Spanned<DeValue<'_>>, spot: &Range<usize>) -> Option<String> {
    match value.get_mut() {
        DeValue::Table(table) => remove_in_table(table, spot),
        DeValue::Array(items) => {
            if let Some(removed) = items
                .iter_mut()
                .find_map(|item| remove_in_value(item, spot))
            {
                return Some(removed);
            }
            let index = items.iter().position(|item| holds(&item.span(), spot))?;
            let mut kept = DeArray::new();
            for (position, item) in items.iter().enumerate() {
                if position != index {
                    kept.push(item.clone());
                }
            }
            *items = kept;
            Some(String::new())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Page {
        title: String,
        #[serde(default)]
        weight: i64,
        #[serde(default)]
        photos: Vec<Photo>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Photo {
        src: String,
    }

    #[test]
    fn every_unknown_key_and_bad_value_is_found_and_the_rest_is_kept() {
        let text = "title = \"A\"\ntitel = 1\nweight = \"x\"\nsumary = 2\n\
                    photos = [{ src = \"a\", alt = 1 }, { src = \"b\", atl = 2 }]\n";
        let read = from_str::<Page>(text);
        let spots: Vec<&str> = read
            .errors
            .iter()
            .map(|e| &text[e.span().unwrap()])
            .collect();
        let mut sorted = spots.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            ["\"x\"", "alt", "atl", "sumary", "titel"],
            "{spots:?}"
        );
        let page = read.value.expect("a usable value");
        assert_eq!((page.title.as_str(), page.weight), ("A", 0));
        let sources: Vec<&str> = page.photos.iter().map(|p| p.src.as_str()).collect();
        assert_eq!(sources, ["a", "b"]);
    }

    #[test]
    fn a_missing_required_key_leaves_no_value() {
        let read = from_str::<Page>("weight = 1\nsumary = 2\n");
        assert!(read.value.is_none());
        assert!(!read.errors.is_empty());
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let read = from_str::<Page>("title = “A”\nweight = 12/03/2026\n");
        assert!(read.value.is_none());
        assert_eq!(read.errors.len(), 2, "{:?}", read.errors);
    }
}
