//! How the search cache is kept in the build cache: [`index::Scores`] and [`files::Compressed`]
//! each as one run of bytes, so that saving and loading them costs a copy rather than a call per
//! term and byte.
//!
//! Scores: the salt (8 bytes), the terms (count, then each as length and UTF-8, sorted, only
//! those some document holds), then the documents (count, then each as key (8 bytes), body
//! length, term count and (term id, impact, section) triples). Compressed files: their count, then
//! each as name, payload hash (8 bytes) and gzip bytes. Counts, lengths and ids are LEB128 varints.

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::files::{Compressed, varint};
use super::index::{Entry, Kept, Scores};

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&encode_scores(self))
    }
}

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(BytesVisitor(decode_scores))
    }
}

impl Serialize for Compressed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&encode_compressed(self))
    }
}

impl<'de> Deserialize<'de> for Compressed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(BytesVisitor(decode_compressed))
    }
}

/// Reads one run of bytes with `decode`.
struct BytesVisitor<T>(fn(&[u8]) -> Option<T>);

impl<T> Visitor<'_> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("the bytes of a search cache")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        (self.0)(bytes).ok_or_else(|| E::custom("a damaged search cache"))
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<T, E> {
        self.visit_bytes(&bytes)
    }
}

fn encode_scores(scores: &Scores) -> Vec<u8> {
    // Only the terms some kept document holds are written, sorted, with new ids.
    let mut used = vec![false; scores.terms.len()];
    for entry in scores.by_key.values() {
        for &(term, _, _) in entry.terms.iter() {
            used[term as usize] = true;
        }
    }
    let mut order: Vec<u32> = (0..scores.terms.len() as u32)
        .filter(|&id| used[id as usize])
        .collect();
    order.sort_by(|&a, &b| scores.terms[a as usize].cmp(&scores.terms[b as usize]));
    let mut renumbered = vec![0u32; scores.terms.len()];
    for (new, &old) in order.iter().enumerate() {
        renumbered[old as usize] = new as u32;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&scores.salt.to_le_bytes());
    varint(&mut out, order.len() as u64);
    for &id in &order {
        let term = scores.terms[id as usize].as_bytes();
        varint(&mut out, term.len() as u64);
        out.extend_from_slice(term);
    }
    let mut keys: Vec<u64> = scores.by_key.keys().copied().collect();
    keys.sort_unstable();
    varint(&mut out, keys.len() as u64);
    for key in keys {
        let entry = &scores.by_key[&key];
        out.extend_from_slice(&key.to_le_bytes());
        varint(&mut out, u64::from(entry.length));
        varint(&mut out, entry.terms.len() as u64);
        for &(term, impact, section) in entry.terms.iter() {
            varint(&mut out, u64::from(renumbered[term as usize]));
            out.extend_from_slice(&[impact, section]);
        }
    }
    out
}

fn decode_scores(bytes: &[u8]) -> Option<Scores> {
    let mut reader = Reader { bytes };
    let salt = reader.u64()?;
    let term_count = reader.count()?;
    let mut terms: Vec<Arc<str>> = Vec::with_capacity(term_count);
    for _ in 0..term_count {
        let length = reader.count()?;
        let term = std::str::from_utf8(reader.take(length)?).ok()?;
        // Terms are looked up by binary search: out of order, they could be added twice.
        if terms.last().is_some_and(|last| **last >= *term) {
            return None;
        }
        terms.push(Arc::from(term));
    }
    let entry_count = reader.count()?;
    let mut by_key = FxHashMap::default();
    by_key.reserve(entry_count);
    let mut kept: Vec<Kept> = Vec::new();
    for _ in 0..entry_count {
        let key = reader.u64()?;
        let length = u32::try_from(reader.varint()?).ok()?;
        let count = reader.count()?;
        kept.clear();
        for _ in 0..count {
            let term = u32::try_from(reader.varint()?).ok()?;
            if term as usize >= term_count {
                return None;
            }
            let &[impact, section] = reader.take(2)? else {
                return None;
            };
            kept.push((term, impact, section));
        }
        let terms = Arc::from(kept.as_slice());
        by_key.insert(key, Entry { length, terms });
    }
    reader.bytes.is_empty().then_some(Scores {
        salt,
        sorted: terms.len(),
        terms,
        added: FxHashMap::default(),
        by_key,
    })
}

fn encode_compressed(compressed: &Compressed) -> Vec<u8> {
    let mut names: Vec<&String> = compressed.by_name.keys().collect();
    names.sort_unstable();
    let size: usize = compressed
        .by_name
        .values()
        .map(|(_, bytes)| bytes.len() + 16)
        .sum();
    let mut out = Vec::with_capacity(size + names.len() * 32);
    varint(&mut out, names.len() as u64);
    for name in names {
        let (hash, bytes) = &compressed.by_name[name];
        varint(&mut out, name.len() as u64);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&hash.to_le_bytes());
        varint(&mut out, bytes.len() as u64);
        out.extend_from_slice(bytes);
    }
    out
}

fn decode_compressed(bytes: &[u8]) -> Option<Compressed> {
    let mut reader = Reader { bytes };
    let count = reader.count()?;
    let mut by_name = std::collections::HashMap::with_capacity(count);
    for _ in 0..count {
        let length = reader.count()?;
        let name = std::str::from_utf8(reader.take(length)?).ok()?.to_string();
        let hash = reader.u64()?;
        let length = reader.count()?;
        let bytes = Arc::new(reader.take(length)?.to_vec());
        by_name.insert(name, (hash, bytes));
    }
    reader.bytes.is_empty().then_some(Compressed { by_name })
}

/// The bytes not read yet.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        if count > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count or length, which can be no more than the bytes left.
    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?)
            .ok()
            .filter(|&n| n <= self.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::Document;
    use crate::search::index;
    use crate::search::text::Analyzer;

    fn document(title: &str, body: &str) -> Document<'static> {
        Document::sample(title, body, 1)
    }

    /// Every term with its postings as (document, impact, section).
    type Listed = Vec<(String, Vec<(u32, u8, u8)>)>;

    fn postings(index: &index::Index) -> Listed {
        index
            .terms
            .iter()
            .map(|(term, list)| {
                let list = list.iter().map(|p| (p.doc, p.impact, p.section)).collect();
                (term.clone(), list)
            })
            .collect()
    }

    #[test]
    fn scores_read_back_give_the_same_index_as_a_fresh_build() {
        let analyzer = Analyzer::new("en");
        let mut documents = vec![
            document("Blocking a shawl", "Wet it and pin it out to dry."),
            document("Washing wool", "Lay it flat; a shawl dries slowly."),
            document("Yarn weights", "Lace, fingering, worsted and bulky yarn."),
        ];
        let mut scores = Scores::default();
        index::build(&documents, &analyzer, &[], Some(&mut scores));
        let bytes = postcard::to_allocvec(&scores).unwrap();
        let mut loaded: Scores = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(loaded.by_key.len(), 3);
        assert!(loaded.terms.windows(2).all(|pair| pair[0] < pair[1]));
        // An edit brings a new word, which sorts among the loaded ones.
        documents[1] = document(
            "Washing wool",
            "Lay it flat; a shawl dries slowly in shade.",
        );
        let fresh = index::build(&documents, &analyzer, &[], None);
        let reused = index::build(&documents, &analyzer, &[], Some(&mut loaded));
        assert_eq!(postings(&reused), postings(&fresh));
        assert!(postings(&fresh).iter().any(|(term, _)| term == "shade"));
    }

    #[test]
    fn a_damaged_cache_is_not_read() {
        let analyzer = Analyzer::new("en");
        let mut scores = Scores::default();
        index::build(
            &[document("Blocking", "Pin it out.")],
            &analyzer,
            &[],
            Some(&mut scores),
        );
        let bytes = encode_scores(&scores);
        assert!(decode_scores(&bytes).is_some());
        assert!(decode_scores(&bytes[..bytes.len() - 1]).is_none());
        let mut compressed = Compressed::default();
        compressed
            .by_name
            .insert("t/a.12345".into(), (7, Arc::new(vec![1, 2, 3])));
        let bytes = encode_compressed(&compressed);
        let back = decode_compressed(&bytes).unwrap();
        assert_eq!(back.by_name["t/a.12345"].1.as_slice(), [1, 2, 3]);
        assert!(decode_compressed(&bytes[..bytes.len() - 1]).is_none());
    }
}
