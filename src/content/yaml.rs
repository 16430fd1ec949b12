//! YAML front matter (between `---` lines), read into the same [`FrontMatter`](super::FrontMatter)
//! model as TOML, with the same diagnostics.
//!
//! saphyr (the maintained successor of yaml-rust) parses the text into nodes that carry their
//! position; `Node` is a serde deserializer over those nodes. It answers `toml::Spanned` the way the
//! TOML deserializer does, so every span a check reports points into the YAML just as it would
//! into TOML, and every error (unknown key, wrong type, missing key) carries the span of the node
//! it concerns. Scalars follow YAML 1.2's core schema: `2026-03-14` is a string, read as a date
//! where a date is expected; `yes` is a string, not true.

use std::fmt;
use std::ops::Range;

use crate::config::serde_diagnostic;
use crate::content::FRONT_MATTER_KEYS;
use crate::diag::Diagnostic;
use saphyr::{LoadableYamlNode as _, MarkedYaml, Scalar, YamlData};
use serde::de::{self, IntoDeserializer as _, Visitor};

/// A problem in YAML front matter: a message and, when known, the byte span (relative to the
/// front matter) it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    pub span: Option<Range<usize>>,
    /// True when the text is not YAML at all (rather than YAML that does not fit the model).
    pub syntax: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            span: None,
            syntax: false,
        }
    }
}

impl Error {
    fn at(mut self, span: Range<usize>) -> Self {
        self.span.get_or_insert(span);
        self
    }
}

/// Byte offsets of a text's characters: saphyr counts positions in characters.
struct Offsets(Vec<usize>);

impl Offsets {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        Offsets(offsets)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or_else(|| self.0.last().copied().unwrap_or(0))
    }

    fn span(&self, node: &MarkedYaml) -> Range<usize> {
        let start = self.byte(node.span.start.index());
        start..self.byte(node.span.end.index()).max(start)
    }
}

/// Parses YAML front matter into `T`. An empty front matter is an empty mapping.
pub fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let offsets = Offsets::new(text);
    let documents = MarkedYaml::load_from_str(text).map_err(|error| {
        let at = offsets.byte(error.marker().index());
        Error {
            message: error.info().to_string(),
            span: Some(at..at),
            syntax: true,
        }
    })?;
    match documents.first() {
        None => T::deserialize(de::value::MapDeserializer::<
            std::iter::Empty<(String, String)>,
            Error,
        >::new(std::iter::empty())),
        Some(document) => {
            if let Some(second) = documents.get(1) {
                let at = offsets.span(second);
                return Err(Error {
                    message: "the front matter holds more than one YAML document".to_string(),
                    span: Some(at),
                    syntax: true,
                });
            }
            if !matches!(document.data, YamlData::Mapping(_)) {
                return Err(Error {
                    message: "the front matter must be `key: value` lines".to_string(),
                    span: Some(offsets.span(document)),
                    syntax: true,
                });
            }
            T::deserialize(Node {
                node: document,
                offsets: &offsets,
            })
        }
    }
}

/// The diagnostic for `error` in the front matter of `file` that starts at `offset`.
pub(crate) fn diagnostic(file: &super::SourceFile, offset: usize, error: &Error) -> Diagnostic {
    let span = error
        .span
        .as_ref()
        .map_or(offset..offset, |s| offset + s.start..offset + s.end);
    if error.syntax {
        return Diagnostic::error(&file.path, &file.text, span, error.message.clone()).with_hint(
            "write one `key: value` per line; quote a value that holds `: ` or `#`, or starts with `[`, `{`, `*`, `&`, `!`, `%` or `@`",
        );
    }
    serde_diagnostic(
        &file.path,
        &file.text,
        span,
        &error.message,
        FRONT_MATTER_KEYS,
    )
}

/// Parses YAML front matter into a TOML table, for tools that read any key (such as `import`).
/// Null values are left out, since TOML has none.
pub fn to_table(text: &str) -> Result<toml::Table, Error> {
    let value: Option<Generic> = from_str(text)?;
    match value.and_then(|v| v.0) {
        Some(toml::Value::Table(table)) => Ok(table),
        _ => Ok(toml::Table::new()),
    }
}

/// Any YAML value as TOML, nulls dropped (`None`).
struct Generic(Option<toml::Value>);

impl<'de> de::Deserialize<'de> for Generic {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GenericVisitor;
        impl<'de> Visitor<'de> for GenericVisitor {
            type Value = Generic;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E>(self) -> Result<Generic, E> {
                Ok(Generic(None))
            }
            fn visit_none<E>(self) -> Result<Generic, E> {
                Ok(Generic(None))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Generic, E> {
                Ok(Generic(Some(toml::Value::Boolean(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Generic, E> {
                Ok(Generic(Some(toml::Value::Integer(v))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Generic, E> {
                Ok(Generic(Some(toml::Value::Float(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Generic, E> {
                Ok(Generic(Some(toml::Value::String(v.to_string()))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Generic, A::Error> {
                let mut items = Vec::new();
                while let Some(Generic(item)) = seq.next_element()? {
                    items.extend(item);
                }
                Ok(Generic(Some(toml::Value::Array(items))))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Generic, A::Error> {
                let mut table = toml::Table::new();
                while let Some((key, Generic(value))) = map.next_entry::<String, Generic>()? {
                    if let Some(value) = value {
                        table.insert(key, value);
                    }
                }
                Ok(Generic(Some(toml::Value::Table(table))))
            }
        }
        deserializer.deserialize_any(GenericVisitor)
    }
}

/// A deserializer over one YAML node; errors without a position get the node's.
#[derive(Clone, Copy)]
struct Node<'a, 'input> {
    node: &'a MarkedYaml<'input>,
    offsets: &'a Offsets,
}

impl<'a, 'input> Node<'a, 'input> {
    fn span(&self) -> Range<usize> {
        let span = self.offsets.span(self.node);
        // saphyr gives a collection the span of its first character; point at that character.
        if span.is_empty() && span.start < self.offsets.byte(usize::MAX) {
            span.start..span.start + 1
        } else {
            span
        }
    }

    fn child(&self, node: &'a MarkedYaml<'input>) -> Self {
        Node {
            node,
            offsets: self.offsets,
        }
    }

    /// The node with its tags looked through.
    fn data(&self) -> &'a YamlData<'input, MarkedYaml<'input>> {
        let mut node = self.node;
        while let YamlData::Tagged(_, inner) = &node.data {
            node = inner;
        }
        &node.data
    }

    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data() {
            YamlData::Value(Scalar::Null) => visitor.visit_unit(),
            YamlData::Value(Scalar::Boolean(value)) => visitor.visit_bool(*value),
            YamlData::Value(Scalar::Integer(value)) => visitor.visit_i64(*value),
            YamlData::Value(Scalar::FloatingPoint(value)) => visitor.visit_f64(value.0),
            YamlData::Value(Scalar::String(value)) => visitor.visit_str(value),
            YamlData::Representation(value, ..) => visitor.visit_str(value),
            YamlData::Sequence(items) => visitor.visit_seq(Sequence {
                items: items.iter(),
                parent: self,
            }),
            YamlData::Mapping(map) => visitor.visit_map(Mapping {
                entries: map.iter().collect::<Vec<_>>().into_iter(),
                parent: self,
                value: None,
            }),
            YamlData::Tagged(..) => Err(de::Error::custom("a tag that cannot be read")),
            YamlData::Alias(_) => Err(de::Error::custom(
                "aliases (`*name`) are not supported in front matter; write the value out",
            )),
            YamlData::BadValue => Err(de::Error::custom("this value cannot be read")),
        }
    }
}

impl<'de> de::Deserializer<'de> for Node<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span();
        self.visit(visitor).map_err(|e| e.at(span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span();
        match self.data() {
            YamlData::Value(Scalar::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.at(span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.span();
        if serde_spanned::de::is_spanned(name) {
            let spanned = serde_spanned::de::SpannedDeserializer::new(self, span.clone());
            return visitor.visit_map(spanned).map_err(|e| e.at(span));
        }
        let _ = fields;
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.span();
        match self.data() {
            YamlData::Value(Scalar::String(value)) | YamlData::Representation(value, ..) => {
                visitor.visit_enum(value.as_ref().into_deserializer())
            }
            _ => self.visit(visitor),
        }
        .map_err(|e: Error| e.at(span))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.span();
        visitor.visit_newtype_struct(self).map_err(|e| e.at(span))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

impl<'de, 'a, 'input> de::IntoDeserializer<'de, Error> for Node<'a, 'input> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

struct Sequence<'a, 'input> {
    items: std::slice::Iter<'a, MarkedYaml<'input>>,
    parent: Node<'a, 'input>,
}

impl<'de> de::SeqAccess<'de> for Sequence<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(item) => seed.deserialize(self.parent.child(item)).map(Some),
            None => Ok(None),
        }
    }
}

type Entries<'a, 'input> = std::vec::IntoIter<(&'a MarkedYaml<'input>, &'a MarkedYaml<'input>)>;

struct Mapping<'a, 'input> {
    entries: Entries<'a, 'input>,
    parent: Node<'a, 'input>,
    value: Option<&'a MarkedYaml<'input>>,
}

impl<'de> de::MapAccess<'de> for Mapping<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(self.parent.child(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(self.parent.child(value)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FrontMatter;

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "title: Casting on\nslug: cast-on\ntopics: [a, b]\n";
        let front_matter: FrontMatter = from_str(text).unwrap();
        let slug = front_matter.slug.unwrap();
        assert_eq!(&text[slug.span()], "cast-on");
        assert_eq!(front_matter.topics.len(), 2);
        assert_eq!(&text[front_matter.topics[1].span()], "b");
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let text = "title: A\nauthors: [x]\n";
        let error = from_str::<FrontMatter>(text).unwrap_err();
        assert!(
            error.message.starts_with("unknown field `authors`"),
            "{error:?}"
        );
        assert_eq!(&text[error.span.unwrap()], "authors");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = "title: A\nweight: three\n";
        let error = from_str::<FrontMatter>(text).unwrap_err();
        assert_eq!(
            error.message,
            "invalid type: string \"three\", expected i64"
        );
        assert_eq!(&text[error.span.unwrap()], "three");
    }

    #[test]
    fn positions_count_characters_as_bytes() {
        let text = "title: Crème brûlée\nlevel: expert\n";
        let error = from_str::<FrontMatter>(text).unwrap_err();
        assert_eq!(&text[error.span.unwrap()], "expert");
    }

    #[test]
    fn nested_tables_and_extra_are_read() {
        let text = "title: A\nextra:\n  colour: red\n  sizes: [1, 2]\nlocation:\n  venue: Hall\n";
        let front_matter: FrontMatter = from_str(text).unwrap();
        assert_eq!(front_matter.extra["colour"].as_str(), Some("red"));
        assert_eq!(
            front_matter.location.unwrap().into_inner().venue.as_deref(),
            Some("Hall")
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let text = "title: A\nsummary: a: b\n";
        let error = from_str::<FrontMatter>(text).unwrap_err();
        assert!(error.span.is_some(), "{error:?}");
    }

    #[test]
    fn to_table_drops_nulls() {
        let table = to_table("title: A\nimage:\ntags: [x, ~]\n").unwrap();
        assert!(!table.contains_key("image"));
        assert_eq!(table["tags"].as_array().unwrap().len(), 1);
    }
}
