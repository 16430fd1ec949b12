//! The index as static files: gzip-compressed, named by content hash, split so that a query fetches
//! only what it needs.
//!
//! - `search/index.gz` (the only fixed name): the manifest, JSON. Small hubs get everything in it.
//! - `t/KEY.HASH.gz`: a dictionary shard: every term starting with KEY up to the next shard's key,
//!   with its document frequency and its postings, or the hash of its own file when they are long.
//! - `p/HASH.gz`: one long posting list.
//! - `f/KEY.HASH.gz`: the fuzzy shard of the same key range: terms one deletion in their first
//!   letters away from a word in the range, so a typo in a word's first letters still finds it.
//! - `m/N.HASH.gz`: titles, URLs, dates, summaries and section headings of a few documents, fetched
//!   for the results shown. One hash covers a group of these files, to keep the manifest small.
//! - `x.HASH.gz` (topic and product facets), `d.HASH.gz` (dates, for sorting), `z.HASH.gz` (the
//!   hashes of the fuzzy shards): fetched only when needed.
//!
//! Binary parts use LEB128 varints. A posting list is the count, the document id gaps (each shifted
//! left one bit, the low bit saying a section byte follows), the impact bytes, then the section bytes.
//! Everything is deterministic: sorted inputs, gzip without a timestamp.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::documents::{DocKind, Document};
use super::index::{Index, Posting};
use crate::output::{gzip, hash_text};

/// How the index is cut into files.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Aimed-at size of a dictionary shard before compression, in bytes.
    pub shard_bytes: usize,
    /// Posting lists up to this size stay in their dictionary shard.
    pub inline_bytes: usize,
    /// Documents per metadata file.
    pub meta_per_file: usize,
    /// Metadata files sharing one hash in the manifest.
    pub meta_group: usize,
    /// Below this many bytes (compressed) the whole index is one file.
    pub single_file_bytes: usize,
}

impl Layout {
    pub const DEFAULT: Layout = Layout {
        shard_bytes: 3072,
        // At 10,000 pages, 96 rather than 48 makes 30% fewer index files (8,827 instead of 12,590)
        // for 7% more bytes in a cold query (14.6 KB instead of 13.7 KB on average).
        inline_bytes: 96,
        meta_per_file: 4,
        meta_group: 8,
        single_file_bytes: 48 * 1024,
    };

    /// Fewer, larger files, for hosts that limit how many files a site may have.
    pub const PACKED: Layout = Layout {
        shard_bytes: 16384,
        inline_bytes: 1024,
        meta_per_file: 16,
        meta_group: 2,
        single_file_bytes: 48 * 1024,
    };
}

/// Deepest shard key, in characters. The client deletes this many leading letters when it looks for
/// typos.
pub const MAX_KEY_CHARS: usize = 4;
const SHARD_HASH: usize = 5;
const LIST_HASH: usize = 10;

/// One index file: its name under `search/` without `.gz`, and its uncompressed payload.
pub struct Part {
    pub name: String,
    pub payload: Vec<u8>,
}

/// The index files: (path under the output folder, gzip bytes), sorted by path.
pub fn write(
    documents: &[Document],
    index: &Index,
    stems: bool,
    site: &crate::model::Site,
    layout: &Layout,
    compressed: Option<&mut Compressed>,
) -> Vec<(String, Vec<u8>)> {
    let mut parts = Vec::new();
    let mut manifest = json!({
        "v": 1,
        "n": documents.len(),
        "stem": stems,
        "k": kind_ranges(documents),
    });
    dictionary(index, documents.len(), layout, &mut parts, &mut manifest);
    metadata(documents, layout, &mut parts, &mut manifest);
    let facets = facets(documents, site);
    manifest["x"] = Value::String(add_part(&mut parts, "x.", facets));
    let dates = dates(documents);
    manifest["d"] = Value::String(add_part(&mut parts, "d.", dates));

    let compressed: Vec<(String, Vec<u8>)> = match compressed {
        None => parts
            .par_iter()
            .map(|part| (format!("search/{}.gz", part.name), gzip(&part.payload)))
            .collect(),
        Some(cache) => cache.compress(&parts),
    };
    let total: usize = compressed.iter().map(|(_, bytes)| bytes.len()).sum();
    if total <= layout.single_file_bytes {
        let mut bundle = BTreeMap::new();
        let mut binary = Vec::new();
        for part in &parts {
            bundle.insert(part.name.clone(), json!([binary.len(), part.payload.len()]));
            binary.extend_from_slice(&part.payload);
        }
        manifest["b"] = json!(bundle);
        let mut payload = manifest.to_string().into_bytes();
        payload.push(b'\n');
        payload.extend_from_slice(&binary);
        return vec![("search/index.gz".to_string(), gzip(&payload))];
    }
    let mut files = compressed;
    files.push((
        "search/index.gz".to_string(),
        gzip(manifest.to_string().as_bytes()),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The compressed parts of the last build, by name, with a hash of their payload: `serve` keeps
/// them, so that after an edit only the parts that changed are compressed again.
#[derive(Default)]
pub struct Compressed {
    pub(super) by_name: HashMap<String, (u64, Arc<Vec<u8>>)>,
}

impl Compressed {
    /// Each part compressed, or taken from the last build when its payload is the same; the cache
    /// is left holding this build's parts.
    fn compress(&mut self, parts: &[Part]) -> Vec<(String, Vec<u8>)> {
        let made: Vec<(String, u64, Arc<Vec<u8>>)> = parts
            .par_iter()
            .map(|part| {
                let check = payload_hash(&part.payload);
                let bytes = self
                    .by_name
                    .get(&part.name)
                    .filter(|(hash, _)| *hash == check)
                    .map(|(_, bytes)| Arc::clone(bytes))
                    .unwrap_or_else(|| Arc::new(gzip(&part.payload)));
                (part.name.clone(), check, bytes)
            })
            .collect();
        let files = made
            .iter()
            .map(|(name, _, bytes)| (format!("search/{name}.gz"), bytes.to_vec()))
            .collect();
        self.by_name = made
            .into_iter()
            .map(|(name, check, bytes)| (name, (check, bytes)))
            .collect();
        files
    }
}

fn payload_hash(payload: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(payload)
}

/// Adds a part named `prefix + hash`, returning the hash.
fn add_part(parts: &mut Vec<Part>, prefix: &str, payload: Vec<u8>) -> String {
    let hash = hash_text(&payload, SHARD_HASH);
    parts.push(Part {
        name: format!("{prefix}{hash}"),
        payload,
    });
    hash
}

fn kind_ranges(documents: &[Document]) -> Value {
    let mut ranges = Vec::new();
    for kind in DocKind::ALL {
        let start = documents.partition_point(|d| d.kind < kind);
        let end = documents.partition_point(|d| d.kind <= kind);
        if end > start {
            ranges.push(json!([kind.name(), start, end]));
        }
    }
    Value::Array(ranges)
}

/// One term as the dictionary writes it.
struct Entry<'a> {
    term: &'a str,
    df: usize,
    /// The encoded posting list, inline or in its own file.
    postings: Vec<u8>,
    external: Option<String>,
}

impl Entry<'_> {
    fn size(&self) -> usize {
        self.term.len()
            + 4
            + match &self.external {
                Some(hash) => hash.len(),
                None => self.postings.len(),
            }
    }
}

/// A run of the sorted terms that makes one shard: every term from `key` to the next shard's key.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    key: String,
    /// How many leading characters decide that a word belongs here.
    depth: usize,
    range: Range<usize>,
    size: usize,
}

fn dictionary(
    index: &Index,
    documents: usize,
    layout: &Layout,
    parts: &mut Vec<Part>,
    manifest: &mut Value,
) {
    let entries: Vec<Entry> = index
        .terms
        .par_iter()
        .map(|(term, postings)| {
            let encoded =
                if postings.len() > COMMON_MIN && postings.len() * COMMON_SHARE > documents {
                    encode_postings(&coarsen(postings))
                } else {
                    encode_postings(postings)
                };
            let external =
                (encoded.len() > layout.inline_bytes).then(|| hash_text(&encoded, LIST_HASH));
            Entry {
                term,
                df: postings.len(),
                postings: encoded,
                external,
            }
        })
        .collect();
    let mut seen_lists = BTreeSet::new();
    for entry in &entries {
        if let Some(hash) = &entry.external
            && seen_lists.insert(hash.clone())
        {
            parts.push(Part {
                name: format!("p/{hash}"),
                payload: entry.postings.clone(),
            });
        }
    }
    let groups = split(&entries, 0..entries.len(), String::new(), 0, layout);
    let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
    let mut hashes = String::new();
    for group in &groups {
        let payload = encode_shard(&entries[group.range.clone()]);
        let hash = hash_text(&payload, SHARD_HASH);
        hashes.push_str(&hash);
        parts.push(Part {
            name: format!("t/{}.{hash}", file_key(&group.key)),
            payload,
        });
    }
    let fuzzy = fuzzy_shards(&entries, &groups, &keys);
    let mut fuzzy_hashes = String::new();
    for (group, terms) in groups.iter().zip(fuzzy) {
        let payload = encode_terms(&terms);
        let hash = hash_text(&payload, SHARD_HASH);
        fuzzy_hashes.push_str(&hash);
        parts.push(Part {
            name: format!("f/{}.{hash}", file_key(&group.key)),
            payload,
        });
    }
    manifest["s"] = json!(keys);
    manifest["h"] = Value::String(hashes);
    manifest["z"] = Value::String(add_part(parts, "z.", fuzzy_hashes.into_bytes()));
}

/// Splits the terms in `range` (all starting with `prefix`) into groups of about `shard_bytes`,
/// by their next character, merging neighbours that fit together.
fn split(
    entries: &[Entry],
    range: Range<usize>,
    prefix: String,
    depth: usize,
    layout: &Layout,
) -> Vec<Group> {
    let size: usize = entries[range.clone()].iter().map(Entry::size).sum();
    if size <= layout.shard_bytes || depth >= MAX_KEY_CHARS {
        return vec![Group {
            key: prefix,
            depth,
            range,
            size,
        }];
    }
    let mut children = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let next = entries[start].term.chars().nth(depth);
        let mut end = start + 1;
        while end < range.end && entries[end].term.chars().nth(depth) == next {
            end += 1;
        }
        match next {
            None => children.push(Group {
                key: prefix.clone(),
                depth,
                range: start..end,
                size: entries[start..end].iter().map(Entry::size).sum(),
            }),
            Some(c) => children.extend(split(
                entries,
                start..end,
                format!("{prefix}{c}"),
                depth + 1,
                layout,
            )),
        }
        start = end;
    }
    let mut merged: Vec<Group> = Vec::new();
    for child in children {
        match merged.last_mut() {
            Some(last) if last.size + child.size <= layout.shard_bytes => {
                last.range.end = child.range.end;
                last.size += child.size;
                last.depth = last.depth.max(child.depth);
            }
            _ => merged.push(child),
        }
    }
    if let Some(first) = merged.first_mut() {
        first.key = prefix;
    }
    merged
}

/// The shard a word belongs to: the last whose key sorts at or before it.
#[cfg(test)]
fn shard_of(keys: &[&str], word: &str) -> usize {
    keys.partition_point(|k| *k <= word).saturating_sub(1)
}

/// [`shard_of`] for many words: keys are first told apart by their first two bytes, compared as a
/// number, and only the few keys that share a word's are compared with it as strings (the typo
/// lists look up four variants of every term).
struct ShardFinder<'k> {
    keys: &'k [&'k str],
    /// The first two bytes of each key, as [`head`] gives them (in key order, so sorted).
    heads: Vec<u16>,
}

/// The first two bytes of a word as a number, a missing byte as 0: a word's head is below
/// another's only when the word sorts before it (terms hold no NUL).
fn head(word: &str) -> u16 {
    let bytes = word.as_bytes();
    let byte = |i: usize| u16::from(bytes.get(i).copied().unwrap_or(0));
    (byte(0) << 8) | byte(1)
}

impl<'k> ShardFinder<'k> {
    fn new(keys: &'k [&'k str]) -> ShardFinder<'k> {
        ShardFinder {
            keys,
            heads: keys.iter().map(|key| head(key)).collect(),
        }
    }

    fn shard_of(&self, word: &str) -> usize {
        let word_head = head(word);
        let low = self.heads.partition_point(|&h| h < word_head);
        let high = low + self.heads[low..].partition_point(|&h| h == word_head);
        let at = low + self.keys[low..high].partition_point(|k| *k <= word);
        at.saturating_sub(1)
    }
}

/// For each shard, the terms of other shards (and its own) reachable by deleting one of their first
/// letters: the client's typo search looks there for words whose first letters were mistyped.
fn fuzzy_shards<'a>(entries: &[Entry<'a>], groups: &[Group], keys: &[&str]) -> Vec<Vec<&'a str>> {
    // Entries are sorted by term, so their indices sort as the terms do.
    let mut fuzzy: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
    let mut variant = String::new();
    let finder = ShardFinder::new(keys);
    for (shard, group) in groups.iter().enumerate() {
        for index in group.range.clone() {
            let term = entries[index].term;
            if term.ends_with('|') {
                continue;
            }
            let index = index as u32;
            fuzzy[shard].push(index);
            // A word's shard is told by its first `MAX_KEY_CHARS` characters (no key is longer),
            // so only those of each variant are made.
            for (before, (at, skipped)) in term.char_indices().take(group.depth).enumerate() {
                variant.clear();
                variant.push_str(&term[..at]);
                let rest = &term[at + skipped.len_utf8()..];
                variant.extend(rest.chars().take(MAX_KEY_CHARS.saturating_sub(before)));
                fuzzy[finder.shard_of(&variant)].push(index);
            }
        }
    }
    fuzzy
        .into_iter()
        .map(|mut indices| {
            indices.sort_unstable();
            indices.dedup();
            indices
                .into_iter()
                .map(|index| entries[index as usize].term)
                .collect()
        })
        .collect()
}

/// A shard key as a file name: letters and digits as they are, anything else as `_` and hex.
pub fn file_key(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}", c as u32));
        }
    }
    if out.is_empty() { "_".to_string() } else { out }
}

/// A term in more than one document in this many is common: its IDF is so low that its impacts are
/// kept to eight levels and its sections dropped, which makes its long list far smaller once gzipped
/// and changes the ranking of no query in which a rarer word takes part.
const COMMON_SHARE: usize = 8;
/// Lists shorter than this are small whatever their share, and keep every detail.
const COMMON_MIN: usize = 256;

/// The postings of a common term, with impacts on eight levels and no sections.
fn coarsen(postings: &[Posting]) -> Vec<Posting> {
    postings
        .iter()
        .map(|p| Posting {
            doc: p.doc,
            impact: ((u16::from(p.impact) + 16) / 32 * 32).clamp(16, 255) as u8,
            section: 0,
        })
        .collect()
}

fn encode_postings(postings: &[Posting]) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 2 + 2);
    varint(&mut out, postings.len() as u64);
    let mut previous: i64 = -1;
    for posting in postings {
        let gap = (i64::from(posting.doc) - previous - 1) as u64;
        varint(&mut out, (gap << 1) | u64::from(posting.section > 0));
        previous = i64::from(posting.doc);
    }
    out.extend(postings.iter().map(|p| p.impact));
    out.extend(postings.iter().filter(|p| p.section > 0).map(|p| p.section));
    out
}

/// Terms front-coded: for each, the bytes shared with the previous term, the rest's length, the rest.
fn encode_terms<S: AsRef<str>>(terms: &[S]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, terms.len() as u64);
    let mut previous: &[u8] = &[];
    for term in terms {
        let bytes = term.as_ref().as_bytes();
        let shared = previous
            .iter()
            .zip(bytes)
            .take_while(|(a, b)| a == b)
            .count()
            .min(255);
        let rest = &bytes[shared..];
        out.push(shared as u8);
        varint(&mut out, rest.len() as u64);
        out.extend_from_slice(rest);
        previous = bytes;
    }
    out
}

/// A dictionary shard: the terms, then their document frequencies, then for each the length of its
/// postings shifted one bit (the low bit set when they are in their own file), then the postings
/// or the file's hash.
fn encode_shard(entries: &[Entry]) -> Vec<u8> {
    let terms: Vec<&str> = entries.iter().map(|e| e.term).collect();
    let mut out = encode_terms(&terms);
    for entry in entries {
        varint(&mut out, entry.df as u64);
    }
    for entry in entries {
        match &entry.external {
            Some(hash) => varint(&mut out, ((hash.len() as u64) << 1) | 1),
            None => varint(&mut out, (entry.postings.len() as u64) << 1),
        }
    }
    for entry in entries {
        match &entry.external {
            Some(hash) => out.extend_from_slice(hash.as_bytes()),
            None => out.extend_from_slice(&entry.postings),
        }
    }
    out
}

/// Per-document metadata in files of `meta_per_file` documents: `[url, title, date, summary,
/// [section id, section title, ...]]`, all as written by editors (never customer text).
fn metadata(documents: &[Document], layout: &Layout, parts: &mut Vec<Part>, manifest: &mut Value) {
    // Serialized straight from the documents, with no JSON values made and freed on the way.
    let payloads: Vec<Vec<u8>> = documents
        .par_chunks(layout.meta_per_file)
        .map(|chunk| {
            let docs: Vec<_> = chunk
                .iter()
                .map(|d| {
                    let sections: Vec<&str> = d
                        .sections
                        .iter()
                        .flat_map(|(id, title)| [id.as_str(), title.as_str()])
                        .collect();
                    let date = d.date.map(|day| day.to_string()).unwrap_or_default();
                    (
                        d.url.as_str(),
                        d.title.as_str(),
                        date,
                        d.summary.as_str(),
                        sections,
                    )
                })
                .collect();
            serde_json::to_vec(&docs).unwrap_or_default()
        })
        .collect();
    let group_hashes: Vec<String> = payloads
        .chunks(layout.meta_group)
        .map(|group| hash_text(&group.concat(), SHARD_HASH))
        .collect();
    for (number, payload) in payloads.into_iter().enumerate() {
        let hash = &group_hashes[number / layout.meta_group];
        parts.push(Part {
            name: format!("m/{number}.{hash}"),
            payload,
        });
    }
    manifest["m"] = json!([
        layout.meta_per_file,
        layout.meta_group,
        group_hashes.concat()
    ]);
}

/// Topic and product facets: a JSON head with each value's name, title, URL and where its document
/// list starts, a newline, then the lists (varint gaps).
fn facets(documents: &[Document], site: &crate::model::Site) -> Vec<u8> {
    let mut topics: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut products: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (id, document) in documents.iter().enumerate() {
        let id = id as u32;
        for topic in &document.topics {
            topics.entry(topic).or_default().push(id);
        }
        for product in &document.products {
            products.entry(product).or_default().push(id);
        }
    }
    let mut binary = Vec::new();
    let list = |ids: &[u32], binary: &mut Vec<u8>| {
        let offset = binary.len();
        let mut previous: i64 = -1;
        for &id in ids {
            varint(binary, (i64::from(id) - previous - 1) as u64);
            previous = i64::from(id);
        }
        json!([offset, ids.len()])
    };
    let mut topic_values = Vec::new();
    for (slug, ids) in &topics {
        let title = site
            .topics
            .iter()
            .find(|t| t.slug == *slug)
            .map_or(*slug, |t| t.title.as_str());
        let place = list(ids, &mut binary);
        topic_values.push(json!([slug, title, format!("/topics/{slug}/"), place]));
    }
    let mut product_values = Vec::new();
    for (sku, ids) in &products {
        let Some(product) = site.products.iter().find(|p| p.sku == *sku) else {
            continue;
        };
        let place = list(ids, &mut binary);
        product_values.push(json!([
            sku,
            product.name,
            format!("/products/{}/", product.slug()),
            place
        ]));
    }
    let mut payload = json!({"t": topic_values, "p": product_values})
        .to_string()
        .into_bytes();
    payload.push(b'\n');
    payload.extend_from_slice(&binary);
    payload
}

/// Every document's date as a day number, for sorting by date: 0 for none, else the zigzag gap
/// from the previous dated document plus one.
fn dates(documents: &[Document]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous: i64 = 0;
    for document in documents {
        match document.date {
            None => out.push(0),
            Some(day) => {
                let number = i64::from(
                    day.since(jiff::civil::date(1970, 1, 1))
                        .map_or(0, |span| span.get_days()),
                );
                let delta = number - previous;
                let zigzag = ((delta << 1) ^ (delta >> 63)) as u64;
                varint(&mut out, zigzag + 1);
                previous = number;
            }
        }
    }
    out
}

pub fn varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str, size: usize) -> Entry<'_> {
        Entry {
            term,
            df: 1,
            postings: vec![0; size],
            external: None,
        }
    }

    #[test]
    fn shards_keep_words_sharing_a_prefix_together() {
        let terms = [
            "apple", "apricot", "bag", "blend", "block", "blue", "bone", "boot", "cat",
        ];
        let entries: Vec<Entry> = terms.iter().map(|t| entry(t, 20)).collect();
        let layout = Layout {
            shard_bytes: 60,
            ..Layout::DEFAULT
        };
        let groups = split(&entries, 0..entries.len(), String::new(), 0, &layout);
        let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys[0], "");
        for (i, group) in groups.iter().enumerate() {
            for entry in &entries[group.range.clone()] {
                assert_eq!(shard_of(&keys, entry.term), i, "{}", entry.term);
            }
        }
        // A word that is not indexed lands with the words it shares its first letters with.
        let block = shard_of(&keys, "block");
        assert_eq!(shard_of(&keys, "blocks"), block);
        assert_eq!(shard_of(&keys, "blocx"), block);
    }

    #[test]
    fn the_shard_finder_agrees_with_a_search_of_all_keys() {
        let alphabet = ["", "a", "b", "é", "z", "ab", "ba", "bé", "zz"];
        let mut keys: Vec<String> = vec![String::new()];
        for a in alphabet {
            for b in ["", "a", "c", "ü"] {
                keys.push(format!("{a}{b}"));
            }
        }
        keys.sort();
        keys.dedup();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let finder = ShardFinder::new(&keys);
        let mut words = 0;
        for a in alphabet {
            for b in alphabet {
                for c in ["", "a", "b", "éa", "zz", "ééüa"] {
                    let word = format!("{a}{b}{c}");
                    assert_eq!(finder.shard_of(&word), shard_of(&keys, &word), "{word}");
                    // No key is longer than `MAX_KEY_CHARS`: the first ones tell the shard.
                    let head: String = word.chars().take(MAX_KEY_CHARS).collect();
                    assert_eq!(finder.shard_of(&head), finder.shard_of(&word), "{word}");
                    words += 1;
                }
            }
        }
        assert_eq!(words, alphabet.len() * alphabet.len() * 6);
    }

    #[test]
    fn file_keys_are_safe_file_names() {
        assert_eq!(file_key("bl"), "bl");
        assert_eq!(file_key(""), "_");
        assert_eq!(file_key("b-"), "b_2d");
    }

    #[test]
    fn postings_round_trip_through_the_documented_format() {
        let postings = [
            Posting {
                doc: 3,
                impact: 200,
                section: 0,
            },
            Posting {
                doc: 300,
                impact: 9,
                section: 2,
            },
        ];
        let bytes = encode_postings(&postings);
        // count 2; gaps 3 and 296 (second with the section flag); impacts; one section byte.
        assert_eq!(bytes, [2, 6, 0xd1, 0x04, 200, 9, 2]);
    }
}
