//! What rendering one body gives ([`Rendered`]), and the form the build cache keeps it in.
//!
//! A body's two long texts, its HTML and its plain text, are most of its bytes (40 MB of a
//! 10,000-page hub). The build cache keeps them apart from the rest of the body
//! ([`Rendered::stored`] says where they are), and a later build takes them as [`Text`]s that
//! share the bytes it read rather than copying each one out ([`Rendered::from_stored`]): a rebuild
//! after a one-page edit uses a handful of them.

use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{AnchorRef, OutputRef, Problem, TocEntry};

/// The result of rendering one body (kept by the build cache, so it serializes).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    pub html: Text,
    pub toc: Vec<TocEntry>,
    /// Every id a link may target: headings and footnotes, in order.
    pub anchor_ids: Vec<String>,
    /// Heading ids with their plain text, for search results that link into long pages.
    pub headings: Vec<(String, String)>,
    /// For each of `headings`: its level and the byte offset in `plain_text` where it starts, so the
    /// search index can split a long page into the sections under its headings.
    pub heading_starts: Vec<(u8, usize)>,
    pub anchors: Vec<AnchorRef>,
    /// Pages this one links to (paths under `content/`), in order of appearance.
    pub linked_pages: Vec<String>,
    /// Skus of the products this page links to inline (`product:SKU`).
    pub linked_products: Vec<String>,
    /// Files of `content/` the body refers to (paths under `content/`), in order of appearance.
    pub assets: Vec<String>,
    /// Links to site paths, for the check of the whole output.
    pub output_refs: Vec<OutputRef>,
    /// The plain text of the body, for the search index and summaries.
    pub plain_text: Text,
    pub word_count: usize,
    /// The plain text of the first paragraph, a fallback summary.
    pub first_paragraph: String,
    pub problems: Vec<Problem>,
}

/// Bytes a [`Text`] can share: a cache file's payload, as read.
pub(crate) type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A long text of a body: its own string, or a range of bytes read from the build cache. The file's
/// checksum holds its bytes to the ones written, and those were a string's; they are read as UTF-8
/// each time they are used (a rebuild uses a handful of the ten thousands it reads).
#[derive(Clone, Default)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    Shared {
        bytes: SharedBytes,
        range: Range<usize>,
    },
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Owned(String::new())
    }
}

impl Text {
    /// The text in `range` of `bytes`, or `None` when the range is outside them.
    pub(crate) fn shared(bytes: &SharedBytes, range: Range<usize>) -> Option<Text> {
        (**bytes).as_ref().get(range.clone())?;
        Some(Text(Repr::Shared {
            bytes: Arc::clone(bytes),
            range,
        }))
    }

    /// The range of `bytes` this text is, when it shares them.
    pub(crate) fn range_in(&self, bytes: &SharedBytes) -> Option<Range<usize>> {
        match &self.0 {
            Repr::Shared { bytes: own, range }
                if std::ptr::addr_eq(Arc::as_ptr(own), Arc::as_ptr(bytes)) =>
            {
                Some(range.clone())
            }
            _ => None,
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            // Bytes that are not UTF-8 were not written by a build: they read as no text.
            Repr::Shared { bytes, range } => {
                std::str::from_utf8(&(**bytes).as_ref()[range.clone()]).unwrap_or_default()
            }
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Repr::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Repr::Owned(text.to_string()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// Where a body's two texts are kept, each as its start and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TextPlaces {
    pub(crate) html: (u64, u64),
    pub(crate) plain_text: (u64, u64),
}

/// A [`Rendered`] without its texts, borrowed for writing.
#[derive(Serialize)]
pub(crate) struct StoredRef<'a> {
    toc: &'a [TocEntry],
    anchor_ids: &'a [String],
    headings: &'a [(String, String)],
    heading_starts: &'a [(u8, usize)],
    anchors: &'a [AnchorRef],
    linked_pages: &'a [String],
    linked_products: &'a [String],
    assets: &'a [String],
    output_refs: &'a [OutputRef],
    word_count: usize,
    first_paragraph: &'a str,
    problems: &'a [Problem],
    texts: TextPlaces,
}

/// A [`Rendered`] without its texts, as read back (the same fields as [`StoredRef`]).
#[derive(Deserialize)]
pub(crate) struct Stored {
    toc: Vec<TocEntry>,
    anchor_ids: Vec<String>,
    headings: Vec<(String, String)>,
    heading_starts: Vec<(u8, usize)>,
    anchors: Vec<AnchorRef>,
    linked_pages: Vec<String>,
    linked_products: Vec<String>,
    assets: Vec<String>,
    output_refs: Vec<OutputRef>,
    word_count: usize,
    first_paragraph: String,
    problems: Vec<Problem>,
    texts: TextPlaces,
}

impl Rendered {
    /// This body's two texts, in the order [`TextPlaces`] gives their places.
    pub(crate) fn texts(&self) -> [&Text; 2] {
        [&self.html, &self.plain_text]
    }

    /// This body without its texts, which are kept at `texts`.
    pub(crate) fn stored(&self, texts: TextPlaces) -> StoredRef<'_> {
        let Rendered {
            html: _,
            toc,
            anchor_ids,
            headings,
            heading_starts,
            anchors,
            linked_pages,
            linked_products,
            assets,
            output_refs,
            plain_text: _,
            word_count,
            first_paragraph,
            problems,
        } = self;
        StoredRef {
            toc,
            anchor_ids,
            headings,
            heading_starts,
            anchors,
            linked_pages,
            linked_products,
            assets,
            output_refs,
            word_count: *word_count,
            first_paragraph,
            problems,
            texts,
        }
    }

    /// The body read back from its stored form, its texts shared from `bytes`; `None` when they are
    /// not there.
    pub(crate) fn from_stored(stored: Stored, bytes: &SharedBytes) -> Option<Rendered> {
        let text = |(start, len): (u64, u64)| -> Option<Text> {
            let start = usize::try_from(start).ok()?;
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            Text::shared(bytes, start..end)
        };
        let Stored {
            toc,
            anchor_ids,
            headings,
            heading_starts,
            anchors,
            linked_pages,
            linked_products,
            assets,
            output_refs,
            word_count,
            first_paragraph,
            problems,
            texts,
        } = stored;
        Some(Rendered {
            html: text(texts.html)?,
            toc,
            anchor_ids,
            headings,
            heading_starts,
            anchors,
            linked_pages,
            linked_products,
            assets,
            output_refs,
            plain_text: text(texts.plain_text)?,
            word_count,
            first_paragraph,
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_from_its_stored_form_with_its_texts_shared() {
        let body = crate::markdown::tests::render_default(
            "# Café\n\nSee [the guide](#caf%C3%A9) — *now*.[^1]\n\n[^1]: A note.\n",
        );
        let [html, plain] = body.texts();
        let mut bytes = b"head".to_vec();
        bytes.extend_from_slice(plain.as_bytes());
        bytes.extend_from_slice(html.as_bytes());
        let places = TextPlaces {
            html: (4 + plain.len() as u64, html.len() as u64),
            plain_text: (4, plain.len() as u64),
        };
        let meta = postcard::to_allocvec(&body.stored(places)).unwrap();
        let stored: Stored = postcard::from_bytes(&meta).unwrap();
        let shared: SharedBytes = Arc::new(bytes);
        let back = Rendered::from_stored(stored, &shared).unwrap();
        assert_eq!(format!("{back:?}"), format!("{body:?}"));
        assert!(back.html.range_in(&shared).is_some());
        assert!(body.html.range_in(&shared).is_none());
        assert!(back.html.contains("Café"));
    }

    #[test]
    fn texts_outside_the_bytes_are_refused_and_bytes_not_utf8_read_as_none() {
        let shared: SharedBytes = Arc::new(vec![b'a', 0xff, b'b']);
        assert_eq!(Text::shared(&shared, 0..1).unwrap().as_str(), "a");
        assert_eq!(Text::shared(&shared, 0..2).unwrap().as_str(), "");
        assert!(Text::shared(&shared, 2..4).is_none());
        let body = Rendered::default();
        let places = TextPlaces {
            html: (0, 2),
            plain_text: (2, 5),
        };
        let meta = postcard::to_allocvec(&body.stored(places)).unwrap();
        let stored: Stored = postcard::from_bytes(&meta).unwrap();
        let short: SharedBytes = Arc::new(b"abc".to_vec());
        assert!(Rendered::from_stored(stored, &short).is_none());
    }
}
