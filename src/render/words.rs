//! The theme's words in the site's language: the translation tables of `i18n/<language>.toml`
//! (shipped with the default theme for en, fr, de, es, it, nl and pt; a site's own `i18n/` folder,
//! or its theme's, overrides them key by key), the `t()` function templates call, and dates written
//! the way the language writes them.
//!
//! Dates come from the table's own month and weekday names and patterns rather than from ICU4X: the
//! theme prints three shapes of date (a day, a day with its weekday, a time), which a dozen table
//! entries per language cover, where ICU4X's compiled data would add megabytes to the binary.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};

/// The language every table falls back to, and whose keys every table must have.
pub(crate) const BASE_LANGUAGE: &str = "en";

/// One entry of a table: a text, or its forms by number (`{one, other}`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub(crate) enum Entry {
    Text(String),
    Plural { one: String, other: String },
    List(Vec<String>),
}

/// A table as written, key to entry.
pub(crate) type Table = BTreeMap<String, Entry>;

/// The words of one language, after the site's overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The language the tables were chosen for (`fr`, `de-CH`...).
    pub(crate) language: String,
    table: Table,
}

impl Words {
    /// Layers `tables` (the English table first, the site's last) into one.
    pub(crate) fn from_tables(language: &str, tables: Vec<Table>) -> Words {
        let mut table = Table::new();
        for layer in tables {
            table.extend(layer);
        }
        Words {
            language: language.to_string(),
            table,
        }
    }

    /// Every word of the table in a stable order, for cache keys.
    pub(crate) fn fingerprint(&self) -> String {
        let mut entries: Vec<String> = self
            .table
            .iter()
            .map(|(key, entry)| format!("{key}={entry:?}"))
            .collect();
        entries.sort_unstable();
        format!("{}\0{}", self.language, entries.join("\0"))
    }

    /// The text of `key`, or the key itself when no table has it.
    pub(crate) fn get(&self, key: &str) -> String {
        match self.table.get(key) {
            Some(Entry::Text(text)) => text.clone(),
            Some(Entry::Plural { other, .. }) => other.clone(),
            _ => key.to_string(),
        }
    }

    /// The text of `key` for `count` things, with `{n}` filled in.
    pub(crate) fn count(&self, key: &str, count: i64) -> String {
        let text = match self.table.get(key) {
            Some(Entry::Plural { one, other }) => {
                if self.is_one(count) {
                    one
                } else {
                    other
                }
            }
            Some(Entry::Text(text)) => text,
            _ => return key.to_string(),
        };
        text.replace("{n}", &count.to_string())
    }

    /// French and Portuguese count zero as singular; the others only one.
    fn is_one(&self, count: i64) -> bool {
        match self.language.split('-').next().unwrap_or_default() {
            "fr" | "pt" => count == 0 || count == 1,
            _ => count == 1,
        }
    }

    /// The items of a list entry (`ordinals`), or none.
    pub(crate) fn get_list(&self, key: &str) -> Vec<String> {
        match self.table.get(key) {
            Some(Entry::List(items)) => items.clone(),
            _ => Vec::new(),
        }
    }

    fn list(&self, key: &str, index: usize) -> String {
        match self.table.get(key) {
            Some(Entry::List(items)) => items.get(index).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }

    pub(crate) fn month(&self, date: jiff::civil::Date) -> String {
        self.list(
            "months",
            usize::from(date.month().unsigned_abs()).saturating_sub(1),
        )
    }

    pub(crate) fn weekday(&self, weekday: jiff::civil::Weekday) -> String {
        self.list(
            "weekdays",
            usize::from(weekday.to_monday_zero_offset().unsigned_abs()),
        )
    }

    /// `1 March 2025`, `1er mars 2025`, `1. März 2025`.
    pub(crate) fn date(&self, date: jiff::civil::Date) -> String {
        self.fill(&self.get("date_format"), date)
    }

    /// `Saturday 1 March 2025`, `samedi 1er mars 2025`, `Samstag, 1. März 2025`.
    pub(crate) fn long_date(&self, date: jiff::civil::Date) -> String {
        self.fill(&self.get("date_long_format"), date)
    }

    /// `Saturday 1 March` (the year left out, for ranges within one year).
    pub(crate) fn long_date_without_year(&self, date: jiff::civil::Date) -> String {
        self.fill(&self.get("date_long_no_year_format"), date)
    }

    fn fill(&self, pattern: &str, date: jiff::civil::Date) -> String {
        let day = if date.day() == 1 {
            self.get("first_day")
        } else {
            date.day().to_string()
        };
        pattern
            .replace("{weekday}", &self.weekday(date.weekday()))
            .replace("{day}", &day)
            .replace("{month}", &self.month(date))
            .replace("{year}", &date.year().to_string())
    }

    /// The entries whose key starts with `js_`, as a JSON object for the theme's scripts.
    pub(crate) fn script_json(&self) -> String {
        let map: serde_json::Map<String, Value> = self
            .table
            .iter()
            .filter_map(|(key, entry)| {
                let key = key.strip_prefix("js_")?;
                let value = match entry {
                    Entry::Text(text) => Value::String(text.clone()),
                    Entry::Plural { one, other } => serde_json::json!({"one": one, "other": other}),
                    Entry::List(items) => serde_json::json!(items),
                };
                Some((key.to_string(), value))
            })
            .collect();
        super::events::escape_json_for_script(&Value::Object(map).to_string())
    }
}

/// Parses one table; problems are diagnostics at the key.
pub(crate) fn parse_table(
    path: &str,
    text: &str,
    known: Option<&Table>,
) -> Result<Table, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let table: BTreeMap<String, toml::Spanned<Entry>> = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => {
            diagnostics.push(crate::config::toml_diagnostic(path, text, 0, &error, &[]));
            return Err(diagnostics);
        }
    };
    if let Some(known) = known {
        for (key, entry) in &table {
            if !known.contains_key(key) {
                let names: Vec<&str> = known.keys().map(String::as_str).collect();
                let hint = match crate::diag::did_you_mean(key, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "see the keys of themes/default/i18n/en.toml".to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        text,
                        entry.span(),
                        format!("the theme has no word `{key}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(table
        .into_iter()
        .map(|(key, entry)| (key, entry.into_inner()))
        .collect())
}

/// `t(key="min_read", n=5)`: a word of the table, its `{name}` places filled with the other
/// arguments; `n` also picks the singular or plural form.
pub(crate) struct Translate {
    pub(crate) words: std::sync::Arc<Words>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args.get("key").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("t() needs a `key` argument, like t(key=\"search\")")
        })?;
        if !self.words.table.contains_key(key) {
            return Err(tera::Error::msg(format!(
                "t(): the theme has no word `{key}` (add it to i18n/{}.toml)",
                self.words.language
            )));
        }
        let mut text = match args.get("n").and_then(Value::as_i64) {
            Some(count) => self.words.count(key, count),
            None => self.words.get(key),
        };
        for (name, value) in args {
            if name == "key" {
                continue;
            }
            let shown = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            text = text.replace(&format!("{{{name}}}"), &shown);
        }
        Ok(Value::String(text))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_table_has_every_word_of_the_english_one() {
        let english = parse_table(
            "en.toml",
            super::super::theme::embedded_table("en").unwrap(),
            None,
        )
        .unwrap();
        for language in ["fr", "de", "es", "it", "nl", "pt"] {
            let text = super::super::theme::embedded_table(language).unwrap();
            let table = parse_table(language, text, Some(&english)).unwrap();
            let missing: Vec<&String> =
                english.keys().filter(|k| !table.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
        }
    }

    #[test]
    fn dates_and_plurals_follow_the_language() {
        let table = |language: &str| {
            let english = parse_table(
                "en",
                super::super::theme::embedded_table("en").unwrap(),
                None,
            )
            .unwrap();
            let own = parse_table(
                language,
                super::super::theme::embedded_table(language).unwrap(),
                None,
            )
            .unwrap();
            Words::from_tables(language, vec![english, own])
        };
        let date = jiff::civil::date(2026, 3, 1);
        assert_eq!(table("fr").long_date(date), "dimanche 1er mars 2026");
        assert_eq!(table("de").long_date(date), "Sonntag, 1. März 2026");
        assert_eq!(table("es").date(date), "1 de marzo de 2026");
        assert_eq!(table("fr").count("pages_count", 0), "0 page");
        assert_eq!(table("de").count("pages_count", 0), "0 Seiten");
    }
}
