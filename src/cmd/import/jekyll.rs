//! A Jekyll site's configuration (`_config.yml`) and the addresses its pages had: posts by the
//! permalink style or pattern, collections by theirs, and the `defaults` that give a permalink to
//! every page of a scope (a folder, a type such as `posts`, or a collection).

use std::collections::BTreeMap;
use std::path::Path;

use toml::Value;

use super::sources::{OldPlace, Settings, fill, read_config, slug_like_hugo, string};

/// A permalink that `defaults` gives to the pages of a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScopedPermalink {
    /// The folder or file the scope covers, below the site (`""` for all).
    pub path: String,
    /// `posts`, `pages`, `drafts` or a collection's name; `None` for every type.
    pub kind: Option<String>,
    pub permalink: String,
}

/// Fills `settings` from the `_config.yml` at `root`.
pub(crate) fn settings(root: &Path, settings: &mut Settings) -> anyhow::Result<()> {
    let path = root.join("_config.yml");
    if !path.is_file() {
        return Ok(());
    }
    let config = read_config(&path)?;
    settings.title = string(&config, "title");
    let url = string(&config, "url").unwrap_or_default();
    let base = string(&config, "baseurl").unwrap_or_default();
    settings.base_url = (!url.is_empty()).then(|| {
        format!(
            "{}{}/",
            url.trim_end_matches('/'),
            base.trim_end_matches('/')
        )
    });
    if let Some(p) = string(&config, "permalink") {
        settings.post_permalink = p;
    }
    if let Some(Value::Table(collections)) = config.get("collections") {
        for (name, value) in collections {
            let output = value
                .get("output")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if output {
                let permalink = value
                    .get("permalink")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                settings.collections.insert(name.clone(), permalink);
            }
        }
    }
    if let Some(archives) = config.get("jekyll-archives") {
        archive_pages(archives, settings);
    }
    if let Some(Value::Array(exclude)) = config.get("exclude") {
        settings.exclude = exclude
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
    }
    if let Some(Value::Array(defaults)) = config.get("defaults") {
        settings.default_permalinks = defaults.iter().filter_map(scoped).collect();
    }
    Ok(())
}

/// The term pages of the jekyll-archives plugin: `/tag/:name/` and `/category/:name/` unless its
/// `permalinks` say otherwise, for the kinds it has `enabled`.
fn archive_pages(archives: &Value, settings: &mut Settings) {
    let enabled: Vec<&str> = match archives.get("enabled") {
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(all)) if all == "all" => vec!["tags", "categories"],
        _ => Vec::new(),
    };
    for (plural, singular) in [("tags", "tag"), ("categories", "category")] {
        if !enabled.contains(&plural) {
            continue;
        }
        let pattern = archives
            .get("permalinks")
            .and_then(|p| p.get(singular))
            .and_then(Value::as_str)
            .map_or_else(|| format!("/{singular}/:name/"), str::to_string);
        settings.term_pages.insert(plural.to_string(), pattern);
    }
}

/// One entry of `defaults`, when it sets a permalink.
fn scoped(entry: &Value) -> Option<ScopedPermalink> {
    let permalink = entry.get("values")?.get("permalink")?.as_str()?.to_string();
    let scope = entry.get("scope");
    let path = scope
        .and_then(|s| s.get("path"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_matches('/')
        .to_string();
    let kind = scope
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Some(ScopedPermalink {
        path,
        kind,
        permalink,
    })
}

/// The permalink `defaults` gives this page: the matching scope with the longest path, the later
/// one of two alike, as Jekyll lets the more specific scope win.
fn default_permalink<'a>(place: &OldPlace<'a>) -> Option<&'a str> {
    let parts: Vec<&str> = place.dir.split('/').filter(|p| !p.is_empty()).collect();
    let kind = if parts.iter().any(|p| *p == "_posts" || *p == "_drafts") {
        "posts".to_string()
    } else if let Some(collection) = parts.first().and_then(|p| p.strip_prefix('_')) {
        collection.to_string()
    } else {
        "pages".to_string()
    };
    let file = format!("{}/{}", place.dir, place.stem);
    let file = file.trim_start_matches('/');
    place
        .settings
        .default_permalinks
        .iter()
        .filter(|scope| {
            let path_matches = scope.path.is_empty()
                || file == scope.path
                || file.starts_with(&format!("{}/", scope.path))
                || file.starts_with(&format!("{}.", scope.path));
            let kind_matches = scope
                .kind
                .as_deref()
                .is_none_or(|k| k == kind || (k == "drafts" && parts.contains(&"_drafts")));
            path_matches && kind_matches
        })
        .max_by_key(|scope| scope.path.len())
        .map(|scope| scope.permalink.as_str())
}

/// The address a Jekyll page, post or document had.
pub(crate) fn old_url(
    place: &OldPlace,
    (year, month, day): (String, String, String),
) -> Option<String> {
    let address = place.address;
    let scoped = default_permalink(place);
    let explicit = address.permalink.as_deref().filter(|p| p.contains(':'));
    let first = place.dir.split('/').next().unwrap_or_default();
    let posts = place
        .dir
        .split('/')
        .any(|part| part == "_posts" || part == "_drafts");
    let title = address
        .slug
        .clone()
        .unwrap_or_else(|| place.stem.to_string());
    if posts {
        let mut categories: Vec<String> = place
            .dir
            .split('/')
            .take_while(|part| *part != "_posts" && *part != "_drafts")
            .filter(|part| !part.is_empty())
            .map(str::to_string)
            .collect();
        categories.extend(address.categories.iter().map(|c| slug_like_hugo(c)));
        let style = explicit
            .or(scoped)
            .unwrap_or(&place.settings.post_permalink);
        let pattern = match style {
            "date" => "/:categories/:year/:month/:day/:title:output_ext",
            "pretty" => "/:categories/:year/:month/:day/:title/",
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
            "none" => "/:categories/:title:output_ext",
            other => other,
        };
        let values = BTreeMap::from([
            ("categories", categories.join("/")),
            ("year", year.clone()),
            ("month", month.clone()),
            ("day", day.clone()),
            ("i_month", month.trim_start_matches('0').to_string()),
            ("i_day", day.trim_start_matches('0').to_string()),
            ("short_year", year.get(2..).unwrap_or_default().to_string()),
            ("title", title.clone()),
            ("slug", title),
            ("output_ext", ".html".into()),
        ]);
        return Some(fill(pattern, &values));
    }
    if let Some(collection) = first.strip_prefix('_') {
        let pattern = place.settings.collections.get(collection)?.clone();
        let pattern = explicit.or(scoped).map(str::to_string).or(pattern);
        let path = place
            .dir
            .split_once('/')
            .map_or(String::new(), |(_, rest)| format!("{rest}/"));
        let pattern = pattern.unwrap_or_else(|| "/:collection/:path:output_ext".into());
        let values = BTreeMap::from([
            ("collection", collection.to_string()),
            ("path", format!("{path}{}", place.stem)),
            ("name", place.stem.to_string()),
            ("title", title),
            ("output_ext", ".html".into()),
        ]);
        return Some(fill(&pattern, &values));
    }
    if let Some(pattern) = explicit.or(scoped) {
        let values = BTreeMap::from([
            ("path", place.dir.to_string()),
            ("basename", place.stem.to_string()),
            ("title", title),
            ("output_ext", ".html".into()),
        ]);
        return Some(fill(pattern, &values));
    }
    let pretty =
        place.settings.post_permalink.ends_with('/') || place.settings.post_permalink == "pretty";
    let dir = if place.dir.is_empty() {
        String::from("/")
    } else {
        format!("/{}/", place.dir)
    };
    if place.folder_address {
        return Some(dir);
    }
    Some(if pretty {
        format!("{dir}{}/", place.stem)
    } else {
        format!("{dir}{}.html", place.stem)
    })
}
