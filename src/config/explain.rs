//! TOML errors in the words of the person who edits the file.
//!
//! The parser's messages name what it expected ("string values must be quoted"); an editor needs to
//! hear what they wrote and what to write instead: curly quotes are not quotes, `12/03/2026` is a
//! date written the wrong way round, `Beginner` is the right word in the wrong case. Keys other site
//! generators use (`description`, `tags`, `lastmod`) are told their guildhall name.

use std::ops::Range;
use std::path::PathBuf;

use crate::diag::{Diagnostic, did_you_mean};

/// Front matter keys of other generators (Hugo, Zola, Jekyll, Eleventy) and what to write instead.
const FRONT_MATTER_SYNONYMS: &[(&str, &str)] = &[
    (
        "description",
        "use `summary = \"...\"`: lists, search results and link previews show it",
    ),
    ("excerpt", "use `summary = \"...\"`"),
    ("subtitle", "use `summary = \"...\"`"),
    (
        "tags",
        "use `topics = [\"...\"]`: each topic gets a page that lists its pages",
    ),
    (
        "categories",
        "use `topics = [\"...\"]`: each topic gets a page that lists its pages",
    ),
    (
        "keywords",
        "use `topics = [\"...\"]`; search already indexes every word of the page",
    ),
    (
        "taxonomies",
        "use `topics = [\"...\"]` at the top level of the front matter",
    ),
    (
        "series",
        "use `topics = [\"...\"]`, or list the pages in `[start_here]` of guildhall.toml",
    ),
    (
        "lastmod",
        "use `updated = YYYY-MM-DD`, the day the page last changed",
    ),
    (
        "last_modified",
        "use `updated = YYYY-MM-DD`, the day the page last changed",
    ),
    (
        "modified",
        "use `updated = YYYY-MM-DD`, the day the page last changed",
    ),
    (
        "pubdate",
        "use `date = YYYY-MM-DD`; `publish_date` hides the page until that day",
    ),
    (
        "publishdate",
        "use `publish_date = YYYY-MM-DD`: the page appears on that day",
    ),
    (
        "expirydate",
        "use `expiry_date = YYYY-MM-DD`: the page disappears on that day",
    ),
    (
        "authors",
        "use `author = \"handle\"`: one member's handle from data/members.toml",
    ),
    (
        "layout",
        "use `template = \"name.html\"`, a template of the theme",
    ),
    (
        "type",
        "the folder under content/ decides the kind of page; move the file there",
    ),
    (
        "url",
        "use `slug = \"...\"` for the last part of the address, and `aliases` for old addresses",
    ),
    (
        "permalink",
        "use `slug = \"...\"` for the last part of the address, and `aliases` for old addresses",
    ),
    (
        "path",
        "use `slug = \"...\"` for the last part of the address, and `aliases` for old addresses",
    ),
    (
        "images",
        "use `image = \"/images/....jpg\"` with `image_alt = \"...\"`",
    ),
    (
        "cover",
        "use `image = \"/images/....jpg\"` with `image_alt = \"...\"`",
    ),
    (
        "thumbnail",
        "use `image = \"/images/....jpg\"` with `image_alt = \"...\"`",
    ),
    (
        "featured_image",
        "use `image = \"/images/....jpg\"` with `image_alt = \"...\"`",
    ),
    (
        "difficulty",
        "use `level = \"beginner\"`, \"intermediate\" or \"advanced\"",
    ),
    (
        "order",
        "use `weight = N`: lower weights come first in lists sorted by weight",
    ),
    (
        "toc",
        "every page gets its table of contents from its headings; remove it",
    ),
    (
        "menu",
        "the menu is `[[nav]]` in guildhall.toml; remove it here",
    ),
    (
        "lang",
        "the language is `language` in guildhall.toml; remove it here",
    ),
    ("params", "put values for the theme under `[extra]`"),
];

/// Keys of other generators' configuration files and what to write in guildhall.toml.
const CONFIG_SYNONYMS: &[(&str, &str)] = &[
    ("baseurl", "use `base_url = \"https://...\"`"),
    ("base-url", "use `base_url = \"https://...\"`"),
    (
        "url",
        "use `base_url = \"https://...\"`, the address the hub is published at",
    ),
    ("languagecode", "use `language = \"en\"`"),
    ("default_language", "use `language = \"en\"`"),
    ("name", "use `title = \"...\"`"),
    ("params", "put values for the theme under `[extra]`"),
    ("menu", "use `[[nav]]` tables, each with `name` and `url`"),
    ("menus", "use `[[nav]]` tables, each with `name` and `url`"),
    (
        "generate_feed",
        "feeds are written for guides and stories; add `feed = true` under `[collections.NAME]` for another folder",
    ),
    (
        "generate_feeds",
        "feeds are written for guides and stories; add `feed = true` under `[collections.NAME]` for another folder",
    ),
    (
        "build_search_index",
        "the search index is on by default; `[search] enabled = false` turns it off",
    ),
    (
        "taxonomies",
        "topics are always on: pages list them in `topics = [...]`, and `[topics]` sets how strictly they are checked",
    ),
    (
        "author",
        "pages name their author in front matter (`author = \"handle\"`); put a site-wide name under `[extra]`",
    ),
    (
        "copyright",
        "put it under `[extra]`, where the theme can print it",
    ),
];

/// Turns a TOML parse or type error into a diagnostic. `offset` is where the TOML fragment starts in
/// `text` (front matter sits after the opening `+++`); `known_keys` feeds the "did you mean" hint
/// when the error does not say which keys its table takes.
pub(crate) fn toml_diagnostic(
    path: impl Into<PathBuf>,
    text: &str,
    offset: usize,
    error: &toml::de::Error,
    known_keys: &[&str],
) -> Diagnostic {
    let path = path.into();
    let span: Range<usize> = error
        .span()
        .map_or(offset..offset, |s| offset + s.start..offset + s.end);
    serde_diagnostic(path, text, span, error.message(), known_keys)
}

/// A diagnostic for a deserialization `message` (serde's wording) at `span` of the file: unknown
/// keys with their guildhall name or a "did you mean", missing keys, wrong types, values in the
/// wrong case. TOML and YAML front matter share it.
pub(crate) fn serde_diagnostic(
    path: impl Into<PathBuf>,
    text: &str,
    span: Range<usize>,
    message: &str,
    known_keys: &[&str],
) -> Diagnostic {
    let path = path.into();
    let (message, hint) = explain(&path, text, span.clone(), message.trim(), known_keys);
    let diagnostic = Diagnostic::error(path, text, span, message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The message and hint for one error at `span` of `text`.
fn explain(
    path: &std::path::Path,
    text: &str,
    span: Range<usize>,
    message: &str,
    known_keys: &[&str],
) -> (String, Option<String>) {
    let written = text.get(span.clone()).unwrap_or_default().trim();
    let key = key_of(text, span.start);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return (
            format!("unknown key `{field}`"),
            Some(unknown_key_hint(path, field, message, known_keys)),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing required key `{field}`"),
            Some(format!("add `{field} = ...`")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default();
        return unknown_value(&key, value, message);
    }
    if message.starts_with("invalid type") {
        let hint = type_hint(&key, written, message);
        // In YAML front matter, the examples are written as YAML.
        let hint = if written_as_yaml(text, span.start, &key) {
            hint.replace(&format!("`{key} = "), &format!("`{key}: "))
        } else {
            hint
        };
        return (type_message(&key, message), Some(hint));
    }
    let line = line_of(text, span.start);
    let at = span.start.min(text.len());
    let line_start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..at).unwrap_or_default();
    // Inside `[...]` on its line: an item of a list, whose fix is the item alone.
    let in_list = before
        .split_once('=')
        .is_some_and(|(_, value)| value.matches('[').count() > value.matches(']').count());
    if message.starts_with("string values must be quoted") || message.starts_with("invalid boolean")
    {
        return match in_list {
            true if written.contains(['“', '”', '‘', '’']) => (
                "curly quotes (“ ”) are not quotes in TOML".to_string(),
                Some(format!(
                    "type straight quotes: \"{}\"",
                    written.trim_matches(['“', '”', '‘', '’'])
                )),
            ),
            true => (
                format!("text must be in quotes: `{written}`"),
                Some(format!(
                    "each item of a list is quoted too: `{key} = [\"{written}\", ...]`"
                )),
            ),
            false => unquoted(&key, written),
        };
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        return (
            "the text is never closed".to_string(),
            Some("end it with a quote on the same line; text over several lines goes between \"\"\" and \"\"\"".to_string()),
        );
    }
    if (message.starts_with("invalid unquoted key") || message.starts_with("key with no value"))
        && let Some((yaml_key, value)) = line.split_once(':')
        && !yaml_key.contains('=')
    {
        let yaml_key = yaml_key.trim();
        return (
            format!("`{yaml_key}:` is YAML; front matter and guildhall.toml are TOML"),
            Some(format!("write `{yaml_key} = {}`", value.trim())),
        );
    }
    if let Some((_, value)) = line.split_once('=')
        && let Some((whole, fraction)) = value.trim().split_once(',')
        && !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
    {
        return (
            format!("`{}` is not a number TOML can read", value.trim()),
            Some(format!(
                "numbers take a point, not a comma: `{key} = {whole}.{fraction}`"
            )),
        );
    }
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        let hint = match day_month_year(written) {
            Some(hint) => hint,
            None => "write dates as year-month-day with two digits for month and day, like `2026-04-09`, or `2026-04-09T18:30:00` with a time".to_string(),
        };
        return (
            format!("`{written}` is not a date TOML can read"),
            Some(hint),
        );
    }
    if message.starts_with("duplicate key") {
        return (
            format!("`{written}` is set twice"),
            Some("keep one of the two lines".to_string()),
        );
    }
    if line.contains(['“', '”', '‘', '’']) {
        return curly(&key, line);
    }
    if line.contains("'s ") || line.contains("n't") {
        return (
            message.to_string(),
            Some("an apostrophe ends a 'single-quoted' text; put text with apostrophes in \"double quotes\"".to_string()),
        );
    }
    (
        message.to_string(),
        Some(
            "see https://toml.io for the syntax; text needs \"quotes\" and each key goes on its own line"
                .to_string(),
        ),
    )
}

/// The key written before the value at `at` (`freq` in `repeat = { freq = "x" }`), or "key".
fn key_of(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..at).unwrap_or_default();
    // `key = value` in TOML, `key: value` in YAML front matter.
    let key = before
        .rsplit_once('=')
        .or_else(|| before.split_once(':'))
        .map(|(key, _)| key.trim_end())
        .and_then(|key| {
            key.rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .next()
        })
        .unwrap_or_default();
    if key.is_empty() {
        "key".to_string()
    } else {
        key.to_string()
    }
}

/// The line of `text` holding byte `at`.
fn line_of(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text.get(start..end)
        .unwrap_or_default()
        .trim_end_matches('\r')
}

fn unknown_key_hint(path: &std::path::Path, field: &str, message: &str, known: &[&str]) -> String {
    let synonyms = if path.starts_with("content") {
        FRONT_MATTER_SYNONYMS
    } else if path.ends_with(crate::config::CONFIG_FILE) {
        CONFIG_SYNONYMS
    } else {
        &[]
    };
    let lower = field.to_ascii_lowercase();
    if let Some((_, hint)) = synonyms.iter().find(|(other, _)| *other == lower) {
        return hint.to_string();
    }
    // The keys this very table takes, when the error names them; every key of the file otherwise.
    let expected: Vec<&str> = message
        .split_once(", expected ")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let candidates: &[&str] = if expected.is_empty() {
        known
    } else {
        &expected
    };
    match did_you_mean(&lower, candidates.iter().copied()) {
        Some("author") => "did you mean `author`? It names a member by the handle of data/members.toml (`author = \"handle\"`); a name that is not a member can go under `[extra]`".to_string(),
        Some(close) => format!("did you mean `{close}`?"),
        None if expected.is_empty() => "remove it".to_string(),
        None => format!("this table takes {}", expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
    }
}

fn unknown_value(key: &str, value: &str, message: &str) -> (String, Option<String>) {
    let expected: Vec<&str> = message
        .split_once("expected ")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let lower = value.to_lowercase();
    let hint = if let Some(same) = expected.iter().find(|e| e.to_lowercase() == lower) {
        format!("values are lowercase: write `{key} = \"{same}\"`")
    } else if let Some(close) = did_you_mean(&lower, expected.iter().copied()) {
        format!("did you mean \"{close}\"?")
    } else {
        let listed: Vec<String> = expected.iter().map(|e| format!("\"{e}\"")).collect();
        format!("use one of {}", listed.join(", "))
    };
    (
        format!("`{value}` is not a value `{key}` takes"),
        Some(hint),
    )
}

/// "invalid type: string \"ten\", expected usize" as "`paginate_by` takes a whole number, not
/// text".
fn type_message(key: &str, message: &str) -> String {
    let Some((got, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return message.to_string();
    };
    let expected = match expected {
        "i64" | "u64" | "usize" | "u32" | "i32" | "u16" | "u8" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        "a string" => "text",
        other => other,
    };
    let got = match got.split([' ', ':']).next().unwrap_or_default() {
        "string" => "text",
        "integer" | "float" => "a number",
        "boolean" => "true or false",
        "sequence" => "a list",
        "map" => "a table",
        _ => return format!("`{key}` takes {expected}"),
    };
    format!("`{key}` takes {expected}, not {got}")
}

/// Whether the line of `offset` sets `key` the YAML way (`key: value`).
fn written_as_yaml(text: &str, offset: usize, key: &str) -> bool {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or_default();
    line.trim_start()
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

fn type_hint(key: &str, written: &str, message: &str) -> String {
    let got_string = message.starts_with("invalid type: string");
    let inner = written.trim_matches(['"', '\'']);
    if message.ends_with("expected a sequence") && got_string {
        return format!("`{key}` takes a list: `{key} = [{written}]`");
    }
    if got_string && message.ends_with("expected a boolean") {
        return format!(
            "true and false go without quotes: `{key} = {}`",
            inner.to_lowercase()
        );
    }
    let number = [
        "i64", "u64", "usize", "u32", "i32", "f32", "f64", "integer", "float",
    ]
    .iter()
    .any(|name| message.ends_with(name));
    if got_string && number {
        if inner.trim().parse::<f64>().is_ok() {
            return format!("numbers go without quotes: `{key} = {}`", inner.trim());
        }
        return format!("write a number without quotes, like `{key} = 10`");
    }
    if message.ends_with("expected a string") {
        return format!("text goes in quotes: `{key} = \"{inner}\"`");
    }
    "check the quotes: text goes in \"quotes\", numbers and true/false do not".to_string()
}

/// A value the parser could not read as TOML: a date written as day/month/year, a yes/no, text
/// without quotes.
fn unquoted(key: &str, written: &str) -> (String, Option<String>) {
    if written.contains(['“', '”', '‘', '’']) {
        return curly(key, written);
    }
    if let Some(hint) = day_month_year(written) {
        return (
            format!("`{written}` is not a date TOML can read"),
            Some(hint),
        );
    }
    let lower = written.to_ascii_lowercase();
    if let Some(value) = match lower.as_str() {
        "yes" | "on" | "true" => Some("true"),
        "no" | "off" | "false" => Some("false"),
        _ => None,
    } {
        return (
            format!("`{written}` is not a value TOML knows"),
            Some(format!(
                "write `{key} = {value}`: true and false are lowercase, without quotes"
            )),
        );
    }
    (
        format!("text must be in quotes: `{written}`"),
        Some(format!(
            "write `{key} = \"{}\"`",
            written.replace('"', "\\\"")
        )),
    )
}

/// Curly quotes, which word processors and some editors type, are not quotes to TOML.
fn curly(key: &str, written: &str) -> (String, Option<String>) {
    let value = written
        .rsplit_once('=')
        .map_or(written, |(_, value)| value)
        .trim()
        .trim_matches(['“', '”', '‘', '’', '"', '\'']);
    (
        "curly quotes (“ ”) are not quotes in TOML".to_string(),
        Some(format!(
            "type straight quotes: `{key} = \"{value}\"`; word processors and some editors turn them curly"
        )),
    )
}

/// A hint with the ISO form of a date written `12/03/2026`, `12.03.2026`, `2026/03/12` or
/// `2026-3-4`; `None` when `written` is not such a date.
pub(crate) fn iso_date_hint(written: &str) -> Option<String> {
    day_month_year(written.trim())
}

fn day_month_year(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.split(['/', '.', '-']).collect();
    if parts.len() != 3 || written.contains(' ') {
        return None;
    }
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (year, first, second) = if parts[0].len() == 4 {
        (numbers[0], numbers[1], numbers[2])
    } else if parts[2].len() == 4 {
        (numbers[2], numbers[0], numbers[1])
    } else {
        return None;
    };
    let iso = |month: u32, day: u32| format!("{year:04}-{month:02}-{day:02}");
    let valid = |month: u32, day: u32| (1..=12).contains(&month) && (1..=31).contains(&day);
    if parts[0].len() == 4 && valid(first, second) {
        return Some(format!(
            "write `{}`, with dashes and no quotes",
            iso(first, second)
        ));
    }
    match (valid(second, first), valid(first, second)) {
        (true, true) if first != second => Some(format!(
            "dates are written year-month-day without quotes: `{}` if {first} is the day, `{}` if it is the month",
            iso(second, first),
            iso(first, second)
        )),
        (true, _) => Some(format!(
            "dates are written year-month-day without quotes: `{}`",
            iso(second, first)
        )),
        (false, true) => Some(format!(
            "dates are written year-month-day without quotes: `{}`",
            iso(first, second)
        )),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str) -> String {
        let read = crate::config::lenient::from_str::<crate::content::FrontMatter>(text);
        read.errors
            .iter()
            .map(|e| toml_diagnostic("content/a.md", text, 0, e, &[]).render_short() + "\n")
            .collect()
    }

    #[test]
    fn curly_quotes_are_named() {
        let out = explained("title = “Hello”\n");
        assert!(out.contains("curly quotes"), "{out}");
        assert!(out.contains("`title = \"Hello\"`"), "{out}");
    }

    #[test]
    fn dates_written_day_first_get_the_iso_form() {
        let out = explained("title = \"A\"\ndate = 12/03/2026\n");
        assert!(out.contains("`2026-03-12` if 12 is the day"), "{out}");
        let out = explained("title = \"A\"\ndate = 25/12/2026\n");
        assert!(out.contains("`2026-12-25`"), "{out}");
        let out = explained("title = \"A\"\ndate = 2026-3-4\n");
        assert!(out.contains("`2026-03-04`"), "{out}");
    }

    #[test]
    fn a_value_in_the_wrong_case_is_told_its_case() {
        let out = explained("title = \"A\"\nlevel = \"Beginner\"\n");
        assert!(out.contains("`level = \"beginner\"`"), "{out}");
    }

    #[test]
    fn keys_of_other_generators_get_their_guildhall_name() {
        let out =
            explained("title = \"A\"\ndescription = \"x\"\ntags = [\"a\"]\nlastmod = 2026-01-02\n");
        assert!(out.contains("use `summary"), "{out}");
        assert!(out.contains("use `topics"), "{out}");
        assert!(out.contains("use `updated"), "{out}");
    }

    #[test]
    fn yes_and_unquoted_text_are_explained() {
        let out = explained("title = \"A\"\ndraft = yes\n");
        assert!(out.contains("`draft = true`"), "{out}");
        let out = explained("title = Hello world\n");
        assert!(out.contains("`title = \"Hello world\"`"), "{out}");
        let out = explained("title = \"A\"\ntopics = \"x\"\n");
        assert!(out.contains("`topics = [\"x\"]`"), "{out}");
    }

    #[test]
    fn other_common_slips_are_explained() {
        let out = explained("title: \"Yaml\"\n");
        assert!(
            out.starts_with("content/a.md:1:6: error: `title:` is YAML"),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1, "one problem per line: {out}");
        let out = explained("title = \"Open\ndate = 2026-01-01\n");
        assert!(out.contains("the text is never closed"), "{out}");
        let out = explained("title = \"A\"\ntopics = [leather]\n");
        assert!(out.contains("`topics = [\"leather\", ...]`"), "{out}");
        let out = explained("title = \"A\"\nweight = 1,5\n");
        assert!(out.contains("`weight = 1.5`"), "{out}");
        let out = explained("title = \"A\"\ndraft = True\n");
        assert!(out.contains("`draft = true`"), "{out}");
    }
}
