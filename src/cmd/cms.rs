//! `guildhall cms`: writes a Decap CMS into `static/admin/` (its `config.yml` and the page that
//! loads it), so editors write guides, stories and events from a browser. The collections and
//! their fields come from [`crate::content::kinds`], the table the front matter is checked
//! against; topics, products and members are lists to choose from, read from the hub itself.

use std::path::Path;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::args::{CmsArgs, CmsBackend};
use crate::cmd::{Outcome, build};
use crate::content::kinds::{FIELDS, Field, Input, KINDS};
use crate::diag::Format;
use crate::model::Site;

/// The Decap CMS release the admin page loads.
pub(crate) const DECAP_VERSION: &str = "3.16.3";

/// Where pictures uploaded from the CMS go, and their site path.
const MEDIA_FOLDER: &str = "static/images/uploads";
const PUBLIC_FOLDER: &str = "/images/uploads";

/// Choices read from the hub: topics, products and public members, as (value, label).
#[derive(Debug, Clone, Default)]
pub(crate) struct Choices {
    pub topics: Vec<(String, String)>,
    pub products: Vec<(String, String)>,
    pub members: Vec<(String, String)>,
}

impl Choices {
    fn of(site: &Site) -> Choices {
        let mut choices = Choices {
            topics: site
                .topics
                .iter()
                .map(|t| (t.slug.clone(), t.title.clone()))
                .collect(),
            products: site
                .products
                .iter()
                .map(|p| (p.sku.clone(), format!("{} ({})", p.name, p.sku)))
                .collect(),
            // Only members who agreed to appear: the configuration is published with the site.
            members: site
                .members
                .iter()
                .filter(|m| m.public)
                .map(|m| (m.handle.clone(), format!("{} ({})", m.name, m.handle)))
                .collect(),
        };
        choices.topics.sort();
        choices.products.sort();
        choices.members.sort();
        choices
    }
}

fn options(choices: &[(String, String)]) -> Value {
    choices
        .iter()
        .map(|(value, label)| json!({ "label": label, "value": value }))
        .collect()
}

/// A pick from the hub's own values, or free text when the hub has none yet.
fn pick(base: &mut serde_json::Map<String, Value>, choices: &[(String, String)], multiple: bool) {
    if choices.is_empty() {
        base.insert(
            "widget".into(),
            json!(if multiple { "list" } else { "string" }),
        );
    } else {
        base.insert("widget".into(), json!("select"));
        base.insert("options".into(), options(choices));
        if multiple {
            base.insert("multiple".into(), json!(true));
        }
    }
}

fn date_widget(base: &mut serde_json::Map<String, Value>, with_time: bool) {
    base.insert("widget".into(), json!("datetime"));
    base.insert("date_format".into(), json!("YYYY-MM-DD"));
    if with_time {
        base.insert("format".into(), json!("YYYY-MM-DDTHH:mm:ss"));
        base.insert("time_format".into(), json!("HH:mm"));
    } else {
        base.insert("format".into(), json!("YYYY-MM-DD"));
        base.insert("time_format".into(), json!(false));
    }
}

fn optional_line(name: &str, label: &str) -> Value {
    json!({ "label": label, "name": name, "widget": "string", "required": false })
}

/// One field of a collection for the kind in `folder`.
pub(crate) fn widget(field: &Field, folder: &str, choices: &Choices) -> Value {
    let mut base = serde_json::Map::new();
    base.insert("label".into(), json!(field.label));
    base.insert("name".into(), json!(field.key));
    match field.input {
        Input::Line => {
            base.insert("widget".into(), json!("string"));
        }
        Input::Paragraph => {
            base.insert("widget".into(), json!("text"));
        }
        Input::Date => date_widget(&mut base, false),
        Input::DateTime => date_widget(&mut base, true),
        Input::Switch => {
            base.insert("widget".into(), json!("boolean"));
            base.insert("default".into(), json!(false));
        }
        Input::Number => {
            base.insert("widget".into(), json!("number"));
            base.insert("value_type".into(), json!("int"));
        }
        Input::Choice(words) => {
            base.insert("widget".into(), json!("select"));
            base.insert("options".into(), json!(words));
        }
        Input::Lines => {
            base.insert("widget".into(), json!("list"));
        }
        Input::Dates => {
            base.insert("widget".into(), json!("list"));
            let mut date = serde_json::Map::new();
            date.insert("label".into(), json!("Date"));
            date.insert("name".into(), json!("date"));
            date_widget(&mut date, false);
            base.insert("field".into(), Value::Object(date));
        }
        Input::Picture => {
            base.insert("widget".into(), json!("image"));
        }
        Input::Topics => pick(&mut base, &choices.topics, true),
        Input::Products => pick(&mut base, &choices.products, true),
        Input::Member => pick(&mut base, &choices.members, false),
        Input::Photos => {
            base.insert("widget".into(), json!("list"));
            base.insert(
                "fields".into(),
                json!([
                    { "label": "Photo", "name": "src", "widget": "image" },
                    { "label": "Description", "name": "alt", "widget": "string",
                      "hint": "What the photo shows, for people who cannot see it" },
                ]),
            );
        }
        Input::Location => {
            base.insert("widget".into(), json!("object"));
            let parts = [
                ("venue", "Venue"),
                ("address", "Street address"),
                ("locality", "Town or city"),
                ("region", "Region"),
                ("postal_code", "Postal code"),
                ("country", "Country"),
                ("online", "Link to join online"),
            ];
            base.insert(
                "fields".into(),
                parts
                    .iter()
                    .map(|(name, label)| optional_line(name, label))
                    .collect(),
            );
        }
    }
    if !field.required(folder) {
        base.insert("required".into(), json!(false));
    }
    if !field.hint.is_empty() {
        base.insert("hint".into(), json!(field.hint));
    }
    Value::Object(base)
}

/// The Decap CMS configuration of a hub.
pub(crate) fn config(args: &CmsArgs, choices: &Choices) -> anyhow::Result<Value> {
    let mut backend = serde_json::Map::new();
    let name = match args.backend {
        CmsBackend::GitGateway => "git-gateway",
        CmsBackend::Github => "github",
        CmsBackend::Gitlab => "gitlab",
    };
    backend.insert("name".into(), json!(name));
    if args.backend != CmsBackend::GitGateway {
        let Some(repo) = args.repo.as_deref().filter(|r| r.split('/').count() >= 2) else {
            bail!("--backend {name} needs --repo OWNER/NAME, the repository that holds the hub");
        };
        backend.insert("repo".into(), json!(repo));
    }
    backend.insert("branch".into(), json!(args.branch));
    let collections: Vec<Value> = KINDS
        .iter()
        .map(|kind| {
            let mut fields: Vec<Value> = FIELDS
                .iter()
                .filter(|f| f.applies_to(kind.folder))
                .map(|f| widget(f, kind.folder, choices))
                .collect();
            fields.push(json!({ "label": "Body", "name": "body", "widget": "markdown" }));
            json!({
                "name": kind.folder,
                "label": kind.label,
                "label_singular": kind.singular,
                "folder": format!("content/{}", kind.folder),
                "create": true,
                "extension": "md",
                "format": "toml-frontmatter",
                "slug": "{{slug}}",
                "fields": fields,
            })
        })
        .collect();
    Ok(json!({
        "backend": backend,
        "local_backend": true,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "collections": collections,
    }))
}

/// `value` as YAML: block mappings and lists, scalars in JSON's notation (which YAML reads).
pub(crate) fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                out.push_str(&format!("{pad}{key}:"));
                scalar_or_block(item, indent, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let mut inner = String::new();
                        yaml(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    _ => scalar_or_block(item, indent, out),
                }
            }
        }
        scalar => {
            out.push_str(&format!("{pad}{scalar}\n"));
        }
    }
}

fn scalar_or_block(item: &Value, indent: usize, out: &mut String) {
    match item {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml(item, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml(item, indent + 2, out);
        }
        other => out.push_str(&format!(" {other}\n")),
    }
}

fn admin_page(args: &CmsArgs, title: &str) -> String {
    let script = if args.cdn {
        format!("https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js")
    } else {
        "decap-cms.js".to_string()
    };
    let identity = if args.backend == CmsBackend::GitGateway {
        "<script src=\"https://identity.netlify.com/v1/netlify-identity-widget.js\"></script>\n"
    } else {
        ""
    };
    let title = title.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Content manager · {title}</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n{identity}</head>\n<body>\n<script src=\"{script}\"></script>\n</body>\n</html>\n"
    )
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

/// Runs `guildhall cms`.
pub(crate) fn run(args: &CmsArgs, format: Format) -> anyhow::Result<Outcome> {
    let compiled = build::model(&build::CompileOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: true,
        now: None,
        cache: None,
        no_cache: false,
    })?;
    let Some(site) = compiled.site.as_ref() else {
        build::report(&compiled.diagnostics, format);
        return Ok(Outcome::ContentErrors);
    };
    let choices = Choices::of(site);
    let config = config(args, &choices)?;
    let mut text = String::from(
        "# Decap CMS configuration, written by `guildhall cms` from the hub's content kinds.\n# Run `guildhall cms` again (after removing this file) when topics, products or members change.\n",
    );
    yaml(&config, 0, &mut text);
    let admin = args.root.join("static/admin");
    let mut written = Vec::new();
    for (name, contents) in [
        ("config.yml", text),
        ("index.html", admin_page(args, &site.config.site.title)),
    ] {
        let path = admin.join(name);
        if write_new(&path, &contents)? {
            written.push(path.display().to_string());
        } else {
            println!(
                "kept {} as it was (never overwritten; remove it to write it again)",
                path.display()
            );
        }
    }
    std::fs::create_dir_all(args.root.join(MEDIA_FOLDER))
        .with_context(|| format!("cannot create {MEDIA_FOLDER}"))?;
    for path in &written {
        println!("wrote {path}");
    }
    println!(
        "collections: {}; topics {}, products {}, members {} to choose from; pictures go to {MEDIA_FOLDER}/",
        KINDS
            .iter()
            .map(|k| k.folder)
            .collect::<Vec<_>>()
            .join(", "),
        choices.topics.len(),
        choices.products.len(),
        choices.members.len()
    );
    if !args.cdn && !admin.join("decap-cms.js").exists() {
        println!(
            "next: put the CMS beside it, once: curl -fL -o {}/decap-cms.js https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js",
            admin.display()
        );
    }
    println!(
        "then open /admin/ on the deployed hub (or run `npx decap-server` beside `guildhall serve` to edit locally)"
    );
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_kind_is_in_its_collection() {
        let args = CmsArgs {
            root: ".".into(),
            backend: CmsBackend::GitGateway,
            repo: None,
            branch: "main".into(),
            cdn: false,
        };
        let config = config(&args, &Choices::default()).unwrap();
        let collections = config["collections"].as_array().unwrap();
        assert_eq!(collections.len(), KINDS.len());
        for (kind, collection) in KINDS.iter().zip(collections) {
            let names: Vec<&str> = collection["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            for field in FIELDS.iter().filter(|f| f.applies_to(kind.folder)) {
                assert!(
                    names.contains(&field.key),
                    "{} lacks {}",
                    kind.folder,
                    field.key
                );
                let written = collection["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["name"] == field.key)
                    .unwrap();
                assert_eq!(
                    written.get("required").is_none(),
                    field.required(kind.folder),
                    "{}.{}",
                    kind.folder,
                    field.key
                );
            }
        }
    }

    #[test]
    fn yaml_is_written_in_blocks() {
        let mut out = String::new();
        yaml(
            &json!({ "a": [{ "b": 1, "c": ["x"] }], "d": "e" }),
            0,
            &mut out,
        );
        assert_eq!(out, "a:\n  - b: 1\n    c:\n      - \"x\"\nd: \"e\"\n");
    }
}
