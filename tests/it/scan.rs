//! An output folder read the way a visitor's browser (or a scraper) could read it: every file
//! decoded into text, `.gz` and `.br` copies decompressed, and the search index unpacked into its
//! JSON, its metadata and its terms. Leak, consent, privacy and link scans look through this, so that
//! a value hidden in a compressed file or an index shard is seen.
//!
//! Anything that cannot be decoded makes the scan panic: a scan that skipped a file would pass for
//! the wrong reason.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::Path;

/// One decoded file, or one part of a bundled search index (`search/index.gz#t/_.abcde`).
#[derive(Debug)]
pub struct Decoded {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// The text a reader can see: the file's text (decompressed), with HTML entities and JSON
    /// escapes resolved in extra lines; for the index, its JSON and one term a line.
    pub text: String,
    /// The search terms of a dictionary or fuzzy shard.
    pub terms: Vec<String>,
    lower: String,
}

/// A whole output folder, decoded.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<Decoded>,
}

/// File types that are binary by nature: read as lossy text (so ASCII inside them is still seen).
const BINARY: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "woff", "woff2", "ttf", "otf", "wasm",
    "pdf", "zip",
];

impl Output {
    /// Reads and decodes every file below `dir`. Panics on a file it cannot decode.
    pub fn read(dir: &Path) -> Output {
        assert!(dir.is_dir(), "no output folder at {}", dir.display());
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", dir.display()));
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path())
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", entry.path().display()));
            decode_file(&path, &bytes, &mut files);
        }
        Output { files }
    }

    /// The paths whose text or index terms contain `needle`, ignoring case.
    pub fn files_containing(&self, needle: &str) -> Vec<String> {
        let needle = needle.to_lowercase();
        self.files
            .iter()
            .filter(|file| {
                file.lower.contains(&needle)
                    || file
                        .terms
                        .iter()
                        .any(|t| t.to_lowercase().contains(&needle))
            })
            .map(|file| file.path.clone())
            .collect()
    }

    /// Panics naming the files that contain any of `needles`.
    pub fn assert_absent(&self, needles: &[&str]) {
        let found: Vec<String> = needles
            .iter()
            .flat_map(|needle| {
                self.files_containing(needle)
                    .into_iter()
                    .map(move |path| format!("{needle:?} in {path}"))
            })
            .collect();
        assert!(
            found.is_empty(),
            "found in the output:\n{}",
            found.join("\n")
        );
    }

    /// Every term of the search index.
    pub fn terms(&self) -> BTreeSet<&str> {
        self.files
            .iter()
            .flat_map(|f| f.terms.iter().map(String::as_str))
            .collect()
    }

    /// The decoded file at `path`, if there is one.
    pub fn file(&self, path: &str) -> Option<&Decoded> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The decoded text of every file whose path ends with `suffix`, with its path.
    pub fn texts_ending(&self, suffix: &str) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(suffix))
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect()
    }
}

fn push(files: &mut Vec<Decoded>, path: String, text: String, terms: Vec<String>) {
    let lower = text.to_lowercase();
    files.push(Decoded {
        path,
        text,
        terms,
        lower,
    });
}

fn decode_file(path: &str, bytes: &[u8], files: &mut Vec<Decoded>) {
    if path.starts_with("search/") && path.ends_with(".gz") {
        let raw = gunzip(path, bytes);
        return decode_index_file(path, &raw, files);
    }
    let (inner, raw) = if let Some(inner) = path.strip_suffix(".gz") {
        (inner, gunzip(path, bytes))
    } else if let Some(inner) = path.strip_suffix(".br") {
        let mut raw = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("{path} is not brotli: {e}"));
        (inner, raw)
    } else {
        (path, bytes.to_vec())
    };
    let extension = inner.rsplit_once('.').map_or("", |(_, e)| e).to_lowercase();
    let text = if extension == "png" {
        png_readable(path, &raw)
    } else if BINARY.contains(&extension.as_str()) {
        String::from_utf8_lossy(&raw).into_owned()
    } else {
        String::from_utf8(raw).unwrap_or_else(|e| panic!("{path} is not UTF-8 text: {e}"))
    };
    let text = with_unescaped(&extension, text, path);
    push(files, path.to_string(), text, Vec::new());
}

/// What a PNG carries besides its pixels, as lossy text: every chunk but the compressed pixel
/// data (`IDAT`, `fdAT`), whose bytes are no text anyone reads but can spell any digits by chance;
/// text chunks compressed with zlib (`zTXt`, `iTXt`) are read inflated as well.
fn png_readable(path: &str, bytes: &[u8]) -> String {
    let body = bytes
        .strip_prefix(b"\x89PNG\r\n\x1a\n".as_slice())
        .unwrap_or_else(|| panic!("{path} is not a PNG"));
    let mut text = String::new();
    let mut at = 0;
    while at < body.len() {
        let header = body
            .get(at..at + 8)
            .unwrap_or_else(|| panic!("{path}: a chunk is cut short"));
        let length = u32::from_be_bytes(header[..4].try_into().unwrap()) as usize;
        let kind = &header[4..8];
        let data = body
            .get(at + 8..at + 8 + length)
            .unwrap_or_else(|| panic!("{path}: a chunk is cut short"));
        if kind != b"IDAT" && kind != b"fdAT" {
            text.push_str(&String::from_utf8_lossy(kind));
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(data));
            text.push('\n');
            if let Some(compressed) = compressed_text(kind, data) {
                let mut inflated = Vec::new();
                flate2::read::ZlibDecoder::new(compressed)
                    .read_to_end(&mut inflated)
                    .unwrap_or_else(|e| panic!("{path}: a compressed text chunk: {e}"));
                text.push_str(&String::from_utf8_lossy(&inflated));
                text.push('\n');
            }
        }
        at += 8 + length + 4;
    }
    text
}

/// The zlib stream of a compressed `zTXt` or `iTXt` chunk (PNG 11.3.4).
fn compressed_text<'a>(kind: &[u8], data: &'a [u8]) -> Option<&'a [u8]> {
    let keyword_end = data.iter().position(|&b| b == 0)?;
    match kind {
        b"zTXt" => data.get(keyword_end + 2..),
        b"iTXt" if data.get(keyword_end + 1) == Some(&1) => {
            let rest = data.get(keyword_end + 3..)?;
            let language_end = rest.iter().position(|&b| b == 0)?;
            let rest = &rest[language_end + 1..];
            let translated_end = rest.iter().position(|&b| b == 0)?;
            Some(&rest[translated_end + 1..])
        }
        _ => None,
    }
}

/// The text, followed by its HTML entities resolved and, for JSON, every string value unescaped,
/// so a value written as `&#64;`, `\u0040` or `&amp;` is seen as a reader sees it.
fn with_unescaped(extension: &str, text: String, path: &str) -> String {
    let mut out = text.clone();
    let entities = unescape_entities(&text);
    if entities != text {
        out.push('\n');
        out.push_str(&entities);
    }
    if extension == "json" || extension == "jsonld" || extension == "webmanifest" {
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
        for string in json_strings(&value) {
            out.push('\n');
            out.push_str(&string);
            let resolved = unescape_entities(&string);
            if resolved != string {
                out.push('\n');
                out.push_str(&resolved);
            }
        }
    }
    out
}

fn json_strings(value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    out.push(key.clone());
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    out
}

/// Named (the common ones) and numeric character references resolved.
pub fn unescape_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn gunzip(path: &str, bytes: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{path} is not gzip: {e}"));
    raw
}

/// A file of the search index (see src/search/files.rs for the format), already gunzipped.
fn decode_index_file(path: &str, raw: &[u8], files: &mut Vec<Decoded>) {
    if path == "search/index.gz" {
        // The manifest; a small index also carries every part after it, placed by `b`.
        let (head, binary) = match raw.iter().position(|&b| b == b'\n') {
            Some(at) => (&raw[..at], &raw[at + 1..]),
            None => (raw, &[][..]),
        };
        let manifest: serde_json::Value = serde_json::from_slice(head)
            .unwrap_or_else(|e| panic!("{path}: the manifest is not JSON: {e}"));
        push(
            files,
            path.to_string(),
            json_text(&manifest, head),
            Vec::new(),
        );
        match manifest.get("b").and_then(|b| b.as_object()) {
            None => assert!(
                binary.is_empty(),
                "{path}: bytes after a manifest without `b`"
            ),
            Some(bundle) => {
                let mut covered = 0;
                for (name, place) in bundle {
                    let offset = place[0].as_u64().expect("offset") as usize;
                    let length = place[1].as_u64().expect("length") as usize;
                    let part = binary
                        .get(offset..offset + length)
                        .unwrap_or_else(|| panic!("{path}: part {name} is out of bounds"));
                    covered += length;
                    decode_part(&format!("{path}#{name}"), name, part, files);
                }
                assert_eq!(covered, binary.len(), "{path}: bytes outside every part");
            }
        }
        return;
    }
    let name = path
        .strip_prefix("search/")
        .and_then(|n| n.strip_suffix(".gz"))
        .unwrap();
    decode_part(path, name, raw, files);
}

/// One part of the index, by its name (`t/KEY.HASH`, `f/…`, `p/…`, `m/…`, `x.…`, `d.…`, `z.…`).
fn decode_part(path: &str, name: &str, payload: &[u8], files: &mut Vec<Decoded>) {
    let mut reader = Reader {
        path,
        bytes: payload,
        at: 0,
    };
    if name.starts_with("t/") {
        let terms = reader.terms();
        let count = terms.len();
        for _ in 0..count {
            reader.varint(); // document frequency
        }
        let lengths: Vec<u64> = (0..count).map(|_| reader.varint()).collect();
        let mut text = terms.join("\n");
        for length in lengths {
            let bytes = reader.take((length >> 1) as usize);
            if length & 1 == 1 {
                // The hash of the posting file: text.
                text.push('\n');
                text.push_str(std::str::from_utf8(bytes).expect("a posting file hash"));
            } else {
                Reader { path, bytes, at: 0 }.postings();
            }
        }
        reader.end();
        push(files, path.to_string(), text, terms);
    } else if name.starts_with("f/") {
        let terms = reader.terms();
        reader.end();
        push(files, path.to_string(), terms.join("\n"), terms);
    } else if name.starts_with("p/") {
        reader.postings();
        push(files, path.to_string(), String::new(), Vec::new());
    } else if name.starts_with("m/") {
        let value: serde_json::Value = serde_json::from_slice(payload)
            .unwrap_or_else(|e| panic!("{path}: metadata is not JSON: {e}"));
        push(
            files,
            path.to_string(),
            json_text(&value, payload),
            Vec::new(),
        );
    } else if name.starts_with("x.") {
        let at = payload
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or_else(|| panic!("{path}: facets without their lists"));
        let value: serde_json::Value = serde_json::from_slice(&payload[..at])
            .unwrap_or_else(|e| panic!("{path}: facets are not JSON: {e}"));
        let mut lists = Reader {
            path,
            bytes: &payload[at + 1..],
            at: 0,
        };
        while lists.at < lists.bytes.len() {
            lists.varint();
        }
        push(
            files,
            path.to_string(),
            json_text(&value, &payload[..at]),
            Vec::new(),
        );
    } else if name.starts_with("d.") {
        while reader.at < reader.bytes.len() {
            reader.varint();
        }
        push(files, path.to_string(), String::new(), Vec::new());
    } else if name.starts_with("z.") {
        let text = std::str::from_utf8(payload)
            .unwrap_or_else(|e| panic!("{path}: fuzzy hashes are not text: {e}"));
        assert!(
            text.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{path}: fuzzy hashes are not base 32"
        );
        push(files, path.to_string(), text.to_string(), Vec::new());
    } else {
        panic!("{path}: an index part of unknown kind {name:?}");
    }
}

fn json_text(value: &serde_json::Value, raw: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(raw).into_owned();
    for string in json_strings(value) {
        text.push('\n');
        text.push_str(&string);
    }
    text
}

/// Reads the binary parts of the index, panicking at the first byte that does not fit.
struct Reader<'a> {
    path: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> u8 {
        let byte = *self
            .bytes
            .get(self.at)
            .unwrap_or_else(|| panic!("{}: ends early at byte {}", self.path, self.at));
        self.at += 1;
        byte
    }

    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        panic!("{}: a varint longer than 64 bits at {}", self.path, self.at)
    }

    fn take(&mut self, length: usize) -> &'a [u8] {
        let bytes = self
            .bytes
            .get(self.at..self.at + length)
            .unwrap_or_else(|| panic!("{}: ends early at byte {}", self.path, self.at));
        self.at += length;
        bytes
    }

    /// Front-coded terms: count, then for each the bytes shared with the last, the rest's length
    /// and the rest.
    fn terms(&mut self) -> Vec<String> {
        let count = self.varint();
        let mut terms: Vec<String> = Vec::new();
        let mut previous: Vec<u8> = Vec::new();
        for _ in 0..count {
            let shared = usize::from(self.byte());
            assert!(
                shared <= previous.len(),
                "{}: a term shares more than the last has",
                self.path
            );
            let length = self.varint() as usize;
            let mut term = previous[..shared].to_vec();
            term.extend_from_slice(self.take(length));
            let text = String::from_utf8(term.clone())
                .unwrap_or_else(|e| panic!("{}: a term is not UTF-8: {e}", self.path));
            terms.push(text);
            previous = term;
        }
        terms
    }

    /// A posting list: count, gaps (low bit: a section byte follows), impacts, section bytes.
    fn postings(&mut self) {
        let count = self.varint() as usize;
        let mut sections = 0;
        for _ in 0..count {
            sections += (self.varint() & 1) as usize;
        }
        self.take(count + sections);
        self.end();
    }

    fn end(&self) {
        assert_eq!(
            self.at,
            self.bytes.len(),
            "{}: {} bytes left over after decoding",
            self.path,
            self.bytes.len() - self.at
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::TempSite;
    use std::io::Write as _;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn varint(out: &mut Vec<u8>, mut value: u64) {
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

    /// A dictionary shard of `terms`, each with one posting inline.
    fn shard(terms: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        varint(&mut out, terms.len() as u64);
        let mut previous: &[u8] = &[];
        for term in terms {
            let shared = previous
                .iter()
                .zip(term.as_bytes())
                .take_while(|(a, b)| a == b)
                .count();
            out.push(shared as u8);
            varint(&mut out, (term.len() - shared) as u64);
            out.extend_from_slice(&term.as_bytes()[shared..]);
            previous = term.as_bytes();
        }
        let posting = [1u8, 0, 200];
        for _ in terms {
            varint(&mut out, 1);
        }
        for _ in terms {
            varint(&mut out, (posting.len() as u64) << 1);
        }
        for _ in terms {
            out.extend_from_slice(&posting);
        }
        out
    }

    fn folder(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        dir
    }

    #[test]
    fn a_value_only_inside_a_compressed_copy_is_found() {
        let mut brotli_bytes = Vec::new();
        brotli::CompressorWriter::new(&mut brotli_bytes, 4096, 5, 22)
            .write_all(b"<p>Call Avery on 555 0199</p>")
            .unwrap();
        let dir = folder(&[
            ("index.html", b"<p>Nothing here</p>".to_vec()),
            (
                "index.html.gz",
                gzip(b"<p>Write to jo.doe@mail.example</p>"),
            ),
            ("index.html.br", brotli_bytes),
        ]);
        let output = Output::read(dir.path());
        assert_eq!(
            output.files_containing("JO.DOE@mail.example"),
            ["index.html.gz"]
        );
        assert_eq!(output.files_containing("avery"), ["index.html.br"]);
        output.assert_absent(&["nobody"]);
        assert_eq!(
            output.file("index.html").unwrap().text,
            "<p>Nothing here</p>"
        );
        assert_eq!(output.texts_ending(".html").len(), 1);
    }

    #[test]
    fn escaped_values_are_seen_as_a_reader_sees_them() {
        let dir = folder(&[
            (
                "feed.xml",
                b"<content>jo&#46;doe&#x40;mail.example</content>".to_vec(),
            ),
            (
                "p.json",
                br#"{"html": "\u003ca href=\"https://x\"\u003e"}"#.to_vec(),
            ),
        ]);
        let output = Output::read(dir.path());
        assert_eq!(output.files_containing("jo.doe@mail"), ["feed.xml"]);
        assert_eq!(
            output.files_containing("<a href=\"https://x\">"),
            ["p.json"]
        );
    }

    #[test]
    fn a_value_only_as_a_term_of_a_bundled_index_is_found() {
        let part = shard(&["parcel", "zebra", "zebras"]);
        let manifest = serde_json::json!({"v": 1, "b": {"t/_.abcde": [0, part.len()]}});
        let mut payload = manifest.to_string().into_bytes();
        payload.push(b'\n');
        payload.extend_from_slice(&part);
        let dir = folder(&[("search/index.gz", gzip(&payload))]);
        let output = Output::read(dir.path());
        assert_eq!(
            output.files_containing("zebra"),
            ["search/index.gz#t/_.abcde"]
        );
        assert!(output.terms().contains("zebras"));
    }

    #[test]
    fn a_value_only_in_a_split_index_shard_is_found() {
        let dir = folder(&[
            ("search/index.gz", gzip(br#"{"v":1,"s":[""]}"#)),
            ("search/t/_.abcde.gz", gzip(&shard(&["avery", "parcel"]))),
            (
                "search/f/_.abcde.gz",
                gzip(&{
                    let mut terms = shard(&["avery"]);
                    terms.truncate(1 + 1 + 1 + 5);
                    terms
                }),
            ),
            (
                "search/m/0.abcde.gz",
                gzip(br#"[["/a/","Title","","Jo \u0040 home",[]]]"#),
            ),
        ]);
        let output = Output::read(dir.path());
        assert_eq!(
            output.files_containing("avery"),
            ["search/f/_.abcde.gz", "search/t/_.abcde.gz"]
        );
        assert_eq!(
            output.files_containing("jo @ home"),
            ["search/m/0.abcde.gz"]
        );
    }

    #[test]
    #[should_panic(expected = "is not gzip")]
    fn a_file_that_cannot_be_decoded_fails_the_scan() {
        let dir = folder(&[("page.html.gz", b"not gzip at all".to_vec())]);
        Output::read(dir.path());
    }

    #[test]
    #[should_panic(expected = "left over")]
    fn an_index_shard_that_does_not_decode_exactly_fails_the_scan() {
        let mut part = shard(&["zebra"]);
        part.push(7);
        let dir = folder(&[
            ("search/index.gz", gzip(br#"{"v":1}"#)),
            ("search/t/_.abcde.gz", gzip(&part)),
        ]);
        Output::read(dir.path());
    }

    #[test]
    fn the_scan_decodes_the_index_of_a_real_build() {
        let site = TempSite::fixture("faq", "basic");
        site.build(&["--now", "2026-02-01T12:00:00Z"])
            .assert_success();
        let output = Output::read(&site.public());
        assert!(output.terms().contains("parcel"), "{:?}", output.terms());
        assert!(
            output
                .files_containing("parcel")
                .iter()
                .any(|p| p.starts_with("search/index.gz#t/"))
        );
    }
}
