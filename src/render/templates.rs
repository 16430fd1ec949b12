//! The Tera environment: every template compiled once, the `url()` and `asset()` functions, and the
//! `card` filter that renders a page's card once and hands the same HTML to every list.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::*;
use crate::config::BaseUrl;
use crate::diag::Diagnostic;
use crate::markdown::escape_html;

/// Moves a value into a template context (`tera::Context::insert` serializes a copy, which for the
/// big page and list values is a large share of a build).
pub(crate) trait Put {
    fn put(&mut self, key: &str, value: impl Into<Value>);
}

impl Put for tera::Context {
    fn put(&mut self, key: &str, value: impl Into<Value>) {
        let mut map = serde_json::Map::new();
        map.insert(key.to_string(), value.into());
        if let Ok(owned) = tera::Context::from_value(Value::Object(map)) {
            self.extend(owned);
        }
    }
}

/// Compiles the theme's templates once, for every page of a build.
pub fn compile(theme: &Theme, base: &BaseUrl) -> Result<tera::Tera, Box<Diagnostic>> {
    let mut tera = tera::Tera::default();
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    if let Err(error) = tera.add_raw_templates(templates) {
        let chain = error_chain(&error);
        let origin = theme
            .templates
            .iter()
            .find(|(name, _)| chain.contains(&format!("'{name}'")))
            .map_or("templates".to_string(), |(_, (origin, _))| origin.clone());
        return Err(Box::new(
            Diagnostic::file_error(origin, format!("the template cannot be read: {chain}"))
                .with_hint("check the {% %} and {{ }} tags near the position shown"),
        ));
    }
    let origin = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| format!("templates/{name}"), |(origin, _)| origin.clone())
    };
    if let Some(diagnostic) = super::recursion::check(&tera, origin) {
        return Err(Box::new(diagnostic));
    }
    // Tera's own escaping also rewrites `/` as `&#x2F;`, which bloats every URL for no safety gain.
    tera.set_escape_fn(escape_html);
    tera.register_function("url", UrlFunction { base: base.clone() });
    tera.register_function(
        "asset",
        AssetFunction {
            base: base.clone(),
            hashed: theme.hashed.clone(),
        },
    );
    // The card partial is rendered by a copy of the templates made before `card` exists: a card
    // cannot hold cards.
    tera.register_function(
        "t",
        super::words::Translate {
            words: theme.words.clone(),
        },
    );
    let partials = tera.clone();
    tera.register_filter("card", CardFilter::new(partials));
    Ok(tera)
}

/// Registers `url()`, `asset()` and `t()`, for templates compiled apart from the pages'
/// (components).
pub(super) fn register_urls(tera: &mut tera::Tera, theme: &Theme, base: &BaseUrl) {
    tera.register_function(
        "t",
        super::words::Translate {
            words: theme.words.clone(),
        },
    );
    tera.register_function("url", UrlFunction { base: base.clone() });
    tera.register_function(
        "asset",
        AssetFunction {
            base: base.clone(),
            hashed: theme.hashed.clone(),
        },
    );
}

/// Every message of an error and its sources, joined, so nothing Tera says is hidden.
pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ").replace('\n', " ")
}

pub(crate) struct UrlFunction {
    base: BaseUrl,
}

impl tera::Function for UrlFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("url() needs a `path` argument, like url(path=\"/guides/\")")
        })?;
        Ok(Value::String(self.base.site_path(path)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

pub(crate) struct AssetFunction {
    base: BaseUrl,
    hashed: BTreeMap<String, String>,
}

impl tera::Function for AssetFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("asset() needs a `path` argument, like asset(path=\"style.css\")")
        })?;
        let site_path = format!("/{}", path.trim_start_matches('/'));
        let path = self.hashed.get(&site_path).unwrap_or(&site_path);
        Ok(Value::String(self.base.site_path(path)))
    }
}

/// The template of one card, rendered by the `card` filter.
pub(super) const CARD_TEMPLATE: &str = "partials/card.html";

/// How many pages' cards [`CardFilter`] keeps before it starts again.
pub(crate) const CARD_CACHE_ENTRIES: usize = 1 << 20;

/// `p | card(heading=3)`: a page in a list of cards, rendered with [`CARD_TEMPLATE`] once per page
/// and heading level and reused on every list that shows it. The template sees `page` and `heading`
/// only, as a macro would, so the card of equal values is always the same HTML. (A filter, not a
/// function or macro: Tera hands a filter its input by reference, where it copies their arguments.)
pub(crate) struct CardFilter {
    partials: tera::Tera,
    /// A page's cards by its URL. A page whose value changed (in `serve`, which keeps the templates
    /// between builds) has a different hash and is rendered again.
    cache: std::sync::Mutex<rustc_hash::FxHashMap<String, Vec<Card>>>,
}

/// One card of a page: its heading level, the hash of the page value and the HTML.
pub(crate) struct Card {
    heading: i64,
    hash: u64,
    html: Arc<str>,
}

impl CardFilter {
    pub(super) fn new(partials: tera::Tera) -> CardFilter {
        CardFilter {
            partials,
            cache: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
        }
    }
}

impl tera::Filter for CardFilter {
    fn filter(
        &self,
        page: &Value,
        args: &std::collections::HashMap<String, Value>,
    ) -> tera::Result<Value> {
        if !page.is_object() {
            return Err(tera::Error::msg(format!(
                "the card filter takes a page, like `p | card(heading=3)`, not {page}"
            )));
        }
        let heading = match args.get("heading") {
            None => 2,
            Some(value) => value.as_i64().ok_or_else(|| {
                tera::Error::msg(format!("card: `heading` must be a number, not {value}"))
            })?,
        };
        let url = page.get("url").and_then(Value::as_str).unwrap_or_default();
        let hash = {
            let mut hasher = rustc_hash::FxHasher::default();
            hash_value(page, &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        let cached = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.get(url).and_then(|cards| {
                cards
                    .iter()
                    .find(|card| card.heading == heading && card.hash == hash)
                    .map(|card| card.html.clone())
            })
        };
        let html = match cached {
            Some(html) => html,
            None => {
                let mut context = tera::Context::new();
                context.put("page", page.clone());
                context.put("heading", heading);
                let html: Arc<str> = self
                    .partials
                    .render(CARD_TEMPLATE, &context)
                    .map_err(|error| {
                        tera::Error::msg(format!(
                            "cannot render the card of `{url}` with `{CARD_TEMPLATE}`: {}",
                            error_chain(&error)
                        ))
                    })?
                    .into();
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CARD_CACHE_ENTRIES {
                    cache.clear();
                }
                let cards = cache.entry(url.to_string()).or_default();
                cards.retain(|card| card.heading != heading);
                cards.push(Card {
                    heading,
                    hash,
                    html: html.clone(),
                });
                html
            }
        };
        Ok(Value::String(html.to_string()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Feeds a JSON value to a hasher: its type, then its contents (object keys in their order).
pub(crate) fn hash_value(value: &Value, hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash as _;
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => {
            (2u8, n.as_i64(), n.as_u64(), n.as_f64().map(f64::to_bits)).hash(hasher)
        }
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                hash_value(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}
