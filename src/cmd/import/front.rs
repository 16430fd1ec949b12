//! Front matter of other generators mapped onto guildhall's: the keys Zola, Hugo, Jekyll, Eleventy
//! and Astro write, read from a table (TOML or YAML alike) and written back as TOML between `+++`
//! lines. Nothing is dropped: a key guildhall has no field for is kept under `[extra]`.

use std::collections::BTreeSet;

use toml::Value;

/// What the old front matter says about a page's address, beside what is written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Address {
    pub title: Option<String>,
    pub slug: Option<String>,
    /// An explicit old address (`url`, `permalink`, Zola's `path`).
    pub permalink: Option<String>,
    /// The date as `YYYY-MM-DD`, for permalink patterns.
    pub day: Option<String>,
    /// Jekyll's categories, for permalink patterns.
    pub categories: Vec<String>,
    /// Old addresses the page declared (`aliases`, `redirect_from`), as written.
    pub aliases: Vec<String>,
    /// The taxonomy terms the page was listed under, as (taxonomy, term as written), for the
    /// addresses of the old term pages.
    pub terms: Vec<(String, String)>,
}

/// Front matter ready to write, and what the editor should know about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mapped {
    /// guildhall's fields in the order they are written.
    pub fields: Vec<(&'static str, Value)>,
    pub extra: toml::Table,
    pub address: Address,
    /// Keys kept under `[extra]` because guildhall has no field for them.
    pub kept: BTreeSet<String>,
    /// Values that could not be read, as `key: value`.
    pub unreadable: Vec<String>,
    pub draft: bool,
}

/// Keys that only shape the old address or the old generator's output, never written.
const ADDRESS_KEYS: &[&str] = &["slug", "url", "permalink", "path"];

/// Normalises a date as written by any of the generators (`2024-01-05 10:00:00 +0100`) to TOML.
pub(crate) fn date(value: &Value) -> Option<Value> {
    let text = match value {
        Value::Datetime(_) => return Some(value.clone()),
        Value::String(text) => text.trim(),
        _ => return None,
    };
    static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$",
        )
        .expect("a valid pattern")
    });
    let captures = PATTERN.captures(text)?;
    let mut normal = captures[1].to_string();
    if let Some(time) = captures.get(2) {
        normal.push('T');
        normal.push_str(time.as_str());
        normal.push_str(captures.get(3).map_or(":00", |s| s.as_str()));
        match captures.get(4).map(|z| z.as_str()) {
            Some("Z" | "UTC" | "GMT") => normal.push('Z'),
            Some(offset) if !offset.contains(':') => {
                normal.push_str(&format!("{}:{}", &offset[..3], &offset[3..]))
            }
            Some(offset) => normal.push_str(offset),
            None => {}
        }
    }
    normal
        .parse::<toml::value::Datetime>()
        .ok()
        .map(Value::Datetime)
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A string or a list of strings (Jekyll allows `tags: a b c`, split by spaces).
fn words(value: &Value, split_spaces: bool) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::String(s) if split_spaces => s.split_whitespace().map(str::to_string).collect(),
        Value::String(s) => s
            .split(',')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// The terms of a taxonomy key (`tags`, Zola's `[taxonomies]`...), noted in `address` with their
/// taxonomy when the old site gave them a page of their own.
fn terms(key: &str, value: &Value, split_spaces: bool, address: &mut Address) -> Vec<String> {
    if key == "taxonomies" {
        let mut found = Vec::new();
        if let Value::Table(taxonomies) = value {
            for (taxonomy, terms) in taxonomies {
                for term in words(terms, false) {
                    address.terms.push((taxonomy.clone(), term.clone()));
                    found.push(term);
                }
            }
        }
        return found;
    }
    let found = words(value, split_spaces);
    if matches!(key, "categories" | "category") {
        address.categories.extend(found.iter().cloned());
    }
    if matches!(key, "tags" | "categories" | "category" | "series") {
        let taxonomy = if key == "category" { "categories" } else { key };
        for term in &found {
            address.terms.push((taxonomy.to_string(), term.clone()));
        }
    }
    found
}

/// Maps an old front matter table. `split_spaces`: Jekyll's space-separated tag lists.
pub(crate) fn map(source: &toml::Table, split_spaces: bool, guide: bool) -> Mapped {
    let mut mapped = Mapped::default();
    let mut summary: Option<(u8, String)> = None;
    let mut topics: Vec<String> = Vec::new();
    let mut byline: Vec<String> = Vec::new();
    let mut fields: Vec<(&'static str, Value)> = Vec::new();
    for (key, value) in source {
        let lower = key.to_ascii_lowercase();
        let mut keep = false;
        match lower.as_str() {
            "title" => mapped.address.title = text(value),
            "date" => match date(value) {
                Some(date) => {
                    mapped.address.day = date.to_string().get(..10).map(str::to_string);
                    fields.push(("date", date));
                }
                None => {
                    mapped.unreadable.push(format!("{key}: {value}"));
                    keep = true;
                }
            },
            "updated" | "lastmod" | "last_modified_at" | "modified" | "last_modified"
            | "publishdate" | "pubdate" | "publish_date" | "expirydate" | "expiry_date" => {
                let field = match lower.as_str() {
                    "publishdate" | "pubdate" | "publish_date" => "publish_date",
                    "expirydate" | "expiry_date" => "expiry_date",
                    _ => "updated",
                };
                match date(value) {
                    Some(date) if !fields.iter().any(|(f, _)| *f == field) => {
                        fields.push((field, date))
                    }
                    Some(_) => keep = true,
                    None => {
                        mapped.unreadable.push(format!("{key}: {value}"));
                        keep = true;
                    }
                }
            }
            "summary" | "description" | "excerpt" => {
                let rank = match lower.as_str() {
                    "summary" => 0,
                    "description" => 1,
                    _ => 2,
                };
                match (text(value), &summary) {
                    (Some(new), None) => summary = Some((rank, new)),
                    (Some(new), Some((old_rank, old))) if rank < *old_rank => {
                        let old = old.clone();
                        let old_key = ["summary", "description", "excerpt"][*old_rank as usize];
                        mapped.extra.insert(old_key.to_string(), Value::String(old));
                        summary = Some((rank, new));
                    }
                    _ => keep = true,
                }
            }
            "draft" => {
                mapped.draft |=
                    matches!(value, Value::Boolean(true)) || value.as_str() == Some("true")
            }
            "published" => mapped.draft |= matches!(value, Value::Boolean(false)),
            "aliases" | "redirect_from" | "alias" => {
                mapped.address.aliases.extend(words(value, false))
            }
            "weight" => match value {
                Value::Integer(_) => fields.push(("weight", value.clone())),
                _ => keep = true,
            },
            "author" | "authors" => byline.extend(words(value, false)),
            "tags" | "categories" | "category" | "keywords" | "topics" | "series"
            | "taxonomies" => {
                topics.extend(terms(&lower, value, split_spaces, &mut mapped.address));
            }
            "level" | "difficulty" if guide => match value.as_str().map(str::to_ascii_lowercase) {
                Some(level)
                    if matches!(level.as_str(), "beginner" | "intermediate" | "advanced") =>
                {
                    fields.push(("level", Value::String(level)))
                }
                _ => keep = true,
            },
            "extra" | "params" => {
                if let Value::Table(table) = value {
                    for (k, v) in table {
                        mapped.extra.insert(k.clone(), v.clone());
                    }
                } else {
                    keep = true;
                }
            }
            "paginate_by" if value.as_integer().is_some_and(|n| n > 0) => {
                fields.push(("paginate_by", value.clone()))
            }
            "sort_by" if matches!(value.as_str(), Some("date" | "weight" | "title")) => {
                fields.push(("sort_by", value.clone()))
            }
            "slug" => mapped.address.slug = text(value),
            "url" | "permalink" | "path" => mapped.address.permalink = text(value),
            _ => keep = true,
        }
        if keep && !ADDRESS_KEYS.contains(&lower.as_str()) {
            mapped.kept.insert(key.clone());
            mapped
                .extra
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
    if let Some(title) = &mapped.address.title {
        mapped.fields.push(("title", Value::String(title.clone())));
    }
    if let Some((_, summary)) = summary {
        mapped.fields.push(("summary", Value::String(summary)));
    }
    mapped.fields.extend(fields);
    if mapped.draft {
        mapped.fields.push(("draft", Value::Boolean(true)));
    }
    let mut seen = BTreeSet::new();
    let topics: Vec<Value> = topics
        .iter()
        .map(|t| crate::slug::words(t))
        .filter(|t| !t.is_empty() && seen.insert(t.clone()))
        .map(Value::String)
        .collect();
    if !topics.is_empty() {
        mapped.fields.push(("topics", Value::Array(topics)));
    }
    if !byline.is_empty() {
        mapped
            .extra
            .insert("byline".into(), Value::String(byline.join(", ")));
    }
    mapped
}

/// The TOML front matter of an imported page, with its aliases.
pub(crate) fn write(mapped: &Mapped, title: &str, aliases: &[String]) -> String {
    let mut out = String::from("+++\n");
    let mut line = |key: &str, value: &Value| out.push_str(&format!("{key} = {value}\n"));
    if mapped.address.title.is_none() {
        line("title", &Value::String(title.to_string()));
    }
    for (key, value) in &mapped.fields {
        line(key, value);
    }
    if !aliases.is_empty() {
        let list = aliases.iter().map(|a| Value::String(a.clone())).collect();
        line("aliases", &Value::Array(list));
    }
    if !mapped.extra.is_empty() {
        let mut root = toml::Table::new();
        root.insert("extra".into(), Value::Table(mapped.extra.clone()));
        out.push('\n');
        out.push_str(&toml::to_string(&root).unwrap_or_default());
    }
    out.push_str("+++\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_every_generator_become_toml_dates() {
        let d = |s: &str| date(&Value::String(s.into())).map(|v| v.to_string());
        assert_eq!(d("2024-01-05").as_deref(), Some("2024-01-05"));
        assert_eq!(
            d("2024-01-05 10:30:00 +0100").as_deref(),
            Some("2024-01-05T10:30:00+01:00")
        );
        assert_eq!(
            d("2024-01-05T10:30Z").as_deref(),
            Some("2024-01-05T10:30:00Z")
        );
        assert_eq!(d("5 January 2024"), None);
    }

    #[test]
    fn hugo_front_matter_is_mapped_and_nothing_is_lost() {
        let source: toml::Table = toml::from_str(
            "title = \"A\"\ndescription = \"D\"\nlastmod = \"2024-02-01\"\ntags = [\"Yarn Care\", \"socks\"]\ncategories = [\"Socks\"]\nauthors = [\"Ann\", \"Bo\"]\ntoc = true\nslug = \"a-b\"\n[params]\ncolour = \"red\"\n",
        )
        .unwrap();
        let mapped = map(&source, false, false);
        let written = write(&mapped, "A", &["/old/".into()]);
        assert_eq!(
            written,
            "+++\ntitle = \"A\"\nsummary = \"D\"\nupdated = 2024-02-01\ntopics = [\"socks\", \"yarn-care\"]\naliases = [\"/old/\"]\n\n[extra]\nbyline = \"Ann, Bo\"\ncolour = \"red\"\ntoc = true\n+++\n"
        );
        assert_eq!(mapped.address.slug.as_deref(), Some("a-b"));
        assert!(mapped.kept.contains("toc"));
        let parsed: crate::content::FrontMatter = toml::from_str(
            written
                .trim_start_matches("+++\n")
                .trim_end_matches("+++\n"),
        )
        .expect("guildhall reads it");
        assert_eq!(parsed.topics.len(), 2);
    }

    #[test]
    fn jekyll_unpublished_pages_are_drafts() {
        let source =
            crate::content::yaml::to_table("title: A\npublished: false\ntags: a b\n").unwrap();
        let mapped = map(&source, true, false);
        assert!(mapped.draft);
        assert!(write(&mapped, "A", &[]).contains("topics = [\"a\", \"b\"]"));
    }
}
