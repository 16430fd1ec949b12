//! A Hugo site's configuration as Hugo reads it: the root file (`hugo.toml`, `config.yaml`, ...)
//! merged with the configuration folder (`config/_default/`, one file per top key such as
//! `params.toml` or `languages.toml`), keys compared without case. From it come the base URL, the
//! permalinks, the site parameters, and where the pages of the default language live
//! (`contentDir`, per language or for the site), which decides the content folder that is imported.

use std::path::Path;

use toml::Value;

use super::sources::{Settings, read_config};

const ROOT_NAMES: &[&str] = &["hugo", "config"];
const EXTENSIONS: &[&str] = &["toml", "yaml", "yml"];

/// Keys in lowercase, at every depth, as Hugo compares them.
fn lowercase(table: toml::Table) -> toml::Table {
    table
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                Value::Table(inner) => Value::Table(lowercase(inner)),
                other => other,
            };
            (key.to_ascii_lowercase(), value)
        })
        .collect()
}

/// `overlay` merged into `base`, tables key by key, other values replaced.
fn merge(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(old)), Value::Table(new)) => merge(old, new),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The whole configuration of the Hugo site at `root`.
pub(crate) fn config(root: &Path) -> anyhow::Result<toml::Table> {
    let mut config = toml::Table::new();
    let root_file = ROOT_NAMES
        .iter()
        .flat_map(|name| EXTENSIONS.iter().map(move |ext| format!("{name}.{ext}")))
        .map(|name| root.join(name))
        .find(|path| path.is_file());
    if let Some(path) = root_file {
        merge(&mut config, lowercase(read_config(&path)?));
    }
    let folder = root.join("config").join("_default");
    if folder.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", folder.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        for path in entries {
            let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
                continue;
            };
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if !EXTENSIONS.contains(&ext) || !path.is_file() {
                continue;
            }
            let table = lowercase(read_config(&path)?);
            let stem = stem.to_ascii_lowercase();
            if ROOT_NAMES.contains(&stem.as_str()) {
                merge(&mut config, table);
            } else if !stem.contains('.') {
                // `menus.en.toml` and its like belong to one language; the rest name a top key.
                merge(
                    &mut config,
                    toml::Table::from_iter([(stem, Value::Table(table))]),
                );
            }
        }
    }
    Ok(config)
}

fn string(table: &toml::Table, key: &str) -> Option<String> {
    table
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// Fills `settings` from the Hugo configuration at `root`.
pub(crate) fn settings(root: &Path, settings: &mut Settings) -> anyhow::Result<()> {
    let config = config(root)?;
    settings.title = string(&config, "title");
    settings.base_url = string(&config, "baseurl");
    settings.ugly_urls = config
        .get("uglyurls")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(Value::Table(params)) = config.get("params") {
        settings.params = params.clone();
    }
    if let Some(Value::Table(permalinks)) = config.get("permalinks") {
        for (section, pattern) in permalinks {
            match pattern {
                Value::String(p) => {
                    settings.permalinks.insert(section.clone(), p.clone());
                }
                Value::Table(kind) if section == "page" => {
                    for (s, p) in kind {
                        if let Some(p) = p.as_str() {
                            settings.permalinks.insert(s.clone(), p.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // Hugo lists tags and categories unless the configuration names its own taxonomies.
    match config.get("taxonomies") {
        Some(Value::Table(taxonomies)) => {
            for plural in taxonomies.values().filter_map(Value::as_str) {
                settings
                    .term_pages
                    .insert(plural.to_string(), format!("/{plural}/:name/"));
            }
        }
        _ => {
            for plural in ["tags", "categories"] {
                settings
                    .term_pages
                    .insert(plural.to_string(), format!("/{plural}/:name/"));
            }
        }
    }
    let site_dir = string(&config, "contentdir").unwrap_or_else(|| "content".into());
    let default_language = string(&config, "defaultcontentlanguage").unwrap_or_else(|| "en".into());
    let in_subdir = config
        .get("defaultcontentlanguageinsubdir")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let disabled: Vec<String> = match config.get("disablelanguages") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    let mut content_dir = site_dir.clone();
    if let Some(Value::Table(languages)) = config.get("languages") {
        for (language, value) in languages {
            let dir = value.get("contentdir").and_then(Value::as_str);
            if language.eq_ignore_ascii_case(&default_language) {
                if let Some(dir) = dir {
                    content_dir = dir.to_string();
                }
            } else if let Some(dir) = dir
                && !disabled.contains(&language.to_ascii_lowercase())
                && root.join(dir).is_dir()
            {
                settings.left_out.push((
                    root.join(dir),
                    format!(
                        "the pages in the language `{language}`; a hub is in one language, import them into a hub of their own"
                    ),
                ));
            }
        }
    }
    settings.default_language = Some(default_language.to_ascii_lowercase());
    if in_subdir {
        settings.url_prefix = format!("/{}", default_language.to_ascii_lowercase());
    }
    settings.content_dir = Some(content_dir.trim_end_matches('/').to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_folder_is_merged_under_its_file_names() {
        let mut base = toml::Table::new();
        merge(
            &mut base,
            lowercase(toml::from_str("baseURL = 'https://a.example/'\n[Params]\nx = 1").unwrap()),
        );
        merge(
            &mut base,
            toml::Table::from_iter([(
                "params".to_string(),
                Value::Table(toml::from_str("y = 2").unwrap()),
            )]),
        );
        assert_eq!(base["baseurl"].as_str(), Some("https://a.example/"));
        assert_eq!(base["params"]["x"].as_integer(), Some(1));
        assert_eq!(base["params"]["y"].as_integer(), Some(2));
    }
}
