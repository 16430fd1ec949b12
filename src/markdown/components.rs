//! Components in Markdown: the built-in ones (`product`, `callout`, `video`, `figure`, `gallery`,
//! `steps`) with the arguments they take, and any `components/<name>.html` a site's theme adds.
//! Each is rendered by its template in the theme, `templates/components/<name>.html`, with its
//! arguments as template values (and `content`, the HTML of what a container holds).
//!
//! A directive is checked against its component before it is rendered: an unknown component or
//! argument, a missing one, or a value of the wrong kind is a problem at its span, with a hint.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::directives::{Argument, Directive};
use super::{Problem, Resolve};
use crate::diag::{Severity, did_you_mean};

/// The folder of component templates in a theme's `templates/`.
pub(crate) const COMPONENTS_DIR: &str = "components/";

/// The component templates of the site's theme, compiled (with `url()` and `asset()`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Components {
    tera: Arc<tera::Tera>,
    names: BTreeSet<String>,
    /// A hash of the templates' sources and words: rendered bodies depend on them.
    key: u128,
    /// The theme's words for what Markdown writes itself: the footnotes' label, and the label
    /// of a link back to a reference (`{n}` its number). English when empty.
    pub(crate) footnotes: String,
    pub(crate) back_to_reference: String,
}

impl Components {
    /// Takes compiled templates and a hash of their sources; the components are the ones under
    /// `components/`.
    pub(crate) fn new(tera: tera::Tera, key: u128) -> Components {
        let names = tera
            .get_template_names()
            .filter_map(|name| name.strip_prefix(COMPONENTS_DIR)?.strip_suffix(".html"))
            .map(String::from)
            .collect();
        Components {
            tera: Arc::new(tera),
            names,
            key,
            footnotes: String::new(),
            back_to_reference: String::new(),
        }
    }

    /// A hash of the templates' sources, the same in every run.
    pub(crate) fn key(&self) -> u128 {
        self.key
    }
}

/// What a value of an argument must be.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    OneOf(&'static [&'static str]),
    /// A YouTube or Vimeo address.
    Video,
    /// A picture of the site (resolved like a Markdown image), never one on another host.
    LocalImage,
    /// A picture, resolved like a Markdown image.
    Image,
}

struct Param {
    key: &'static str,
    required: bool,
    kind: Kind,
}

const fn param(key: &'static str, required: bool, kind: Kind) -> Param {
    Param {
        key,
        required,
        kind,
    }
}

/// A built-in component: whether it holds Markdown, and what it takes.
struct Spec {
    name: &'static str,
    container: bool,
    params: &'static [Param],
}

const CALLOUT_KINDS: &[&str] = &["note", "tip", "important", "warning", "caution"];

const BUILT_IN: &[Spec] = &[
    Spec {
        name: "product",
        container: false,
        params: &[
            param("sku", true, Kind::Text),
            param("price", false, Kind::Text),
        ],
    },
    Spec {
        name: "callout",
        container: true,
        params: &[
            param("kind", false, Kind::OneOf(CALLOUT_KINDS)),
            param("title", false, Kind::Text),
        ],
    },
    Spec {
        name: "video",
        container: false,
        params: &[
            param("src", true, Kind::Video),
            param("title", true, Kind::Text),
            param("poster", false, Kind::LocalImage),
        ],
    },
    Spec {
        name: "figure",
        container: false,
        params: &[
            param("src", true, Kind::Image),
            param("alt", true, Kind::Text),
            param("caption", false, Kind::Text),
        ],
    },
    Spec {
        name: "gallery",
        container: true,
        params: &[param("caption", false, Kind::Text)],
    },
    Spec {
        name: "steps",
        container: true,
        params: &[],
    },
];

/// The names of the built-in components, for docs and hints.
pub(crate) fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|spec| spec.name)
}

/// The label a callout of `kind` shows and announces.
pub(super) fn callout_label(kind: &str) -> &'static str {
    match kind {
        "tip" => "Tip",
        "important" => "Important",
        "warning" => "Warning",
        "caution" => "Caution",
        _ => "Note",
    }
}

/// What rendering a component needs besides the directive.
pub(super) struct Call<'c> {
    pub components: &'c Components,
    pub resolver: &'c dyn Resolve,
    pub problems: &'c mut Vec<Problem>,
    pub linked_products: &'c mut Vec<String>,
    /// The files of `content/` the component's pictures use, to be published.
    pub assets: &'c mut Vec<String>,
}

impl Call<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        self.problems.push(Problem {
            severity: Severity::Error,
            span,
            message,
            hint,
        });
    }

    /// The HTML of a directive (`content`: what a container holds, rendered). When the directive
    /// is wrong, the problems say why and the content is kept as it is.
    pub(super) fn render(&mut self, directive: &Directive, content: Option<String>) -> String {
        let fallback = content.clone().unwrap_or_default();
        let spec = BUILT_IN.iter().find(|spec| spec.name == directive.name);
        if spec.is_none() && !self.components.names.contains(&directive.name) {
            let known: BTreeSet<String> = built_in_names()
                .map(String::from)
                .chain(self.components.names.iter().cloned())
                .collect();
            let hint = match did_you_mean(&directive.name, known.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the components are {}; a site adds one as templates/components/{}.html",
                    known
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    directive.name
                ),
            };
            self.error(
                directive.name_span.clone(),
                format!("there is no component `{}`", directive.name),
                Some(hint),
            );
            return fallback;
        }
        let mut values = Map::new();
        let checked = match spec {
            Some(spec) => self.check(spec, directive, &mut values),
            None => {
                for argument in &directive.arguments {
                    let value = argument
                        .value
                        .clone()
                        .map_or(Value::Bool(true), Value::from);
                    values.insert(argument.key.clone(), value);
                }
                true
            }
        };
        if let Some(content) = &content {
            values.insert("content".into(), Value::from(content.trim_end()));
        }
        if !checked || !self.check_content(directive, content.as_deref()) {
            return fallback;
        }
        let template = format!("{COMPONENTS_DIR}{}.html", directive.name);
        let context = match tera::Context::from_value(Value::Object(values)) {
            Ok(context) => context,
            Err(error) => {
                self.error(directive.span.clone(), error.to_string(), None);
                return fallback;
            }
        };
        match self.components.tera.render(&template, &context) {
            Ok(html) => format!("{}\n", html.trim()),
            Err(error) => {
                self.error(
                    directive.span.clone(),
                    format!(
                        "the template {template} cannot render this component: {}",
                        error_chain(&error)
                    ),
                    Some("check the template, or the arguments it reads".into()),
                );
                fallback
            }
        }
    }

    /// Checks a built-in component's arguments into `values`; `false` when something is wrong.
    fn check(
        &mut self,
        spec: &Spec,
        directive: &Directive,
        values: &mut Map<String, Value>,
    ) -> bool {
        let before = self.problems.len();
        let (fence, other) = if spec.container {
            (":::", "::")
        } else {
            ("::", ":::")
        };
        if directive.container != spec.container {
            let what = if spec.container {
                "holds Markdown and ends with a `:::` line"
            } else {
                "stands on its own line and holds nothing"
            };
            self.error(
                directive.name_span.clone(),
                format!(
                    "`{other}{}` is not how this component is written",
                    spec.name
                ),
                Some(format!("write `{fence}{}`: it {what}", spec.name)),
            );
        }
        for argument in &directive.arguments {
            let Some(param) = spec.params.iter().find(|p| p.key == argument.key) else {
                let hint = match did_you_mean(&argument.key, spec.params.iter().map(|p| p.key)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None if spec.params.is_empty() => format!("`{}` takes no arguments", spec.name),
                    None => format!(
                        "`{}` takes {}",
                        spec.name,
                        spec.params
                            .iter()
                            .map(|p| format!("`{}`", p.key))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(
                    argument.key_span.clone(),
                    format!("`{}` has no argument `{}`", spec.name, argument.key),
                    Some(hint),
                );
                continue;
            };
            if let Some(value) = self.value(spec, param, argument) {
                values.insert(param.key.to_string(), value);
            }
        }
        for param in spec.params.iter().filter(|p| p.required) {
            if !directive.arguments.iter().any(|a| a.key == param.key) {
                self.error(
                    directive.name_span.clone(),
                    format!("`{}` needs `{}`", spec.name, param.key),
                    Some(format!("add {}=\"...\" between the braces", param.key)),
                );
            }
        }
        if self.problems.len() > before {
            return false;
        }
        self.derive(spec, values, directive)
    }

    /// The template value of one argument, or `None` (with a problem) when it is of the wrong kind.
    fn value(&mut self, spec: &Spec, param: &Param, argument: &Argument) -> Option<Value> {
        let Some(text) = &argument.value else {
            self.error(
                argument.key_span.clone(),
                format!("`{}` needs a value", argument.key),
                Some(format!("write {}=\"...\"", argument.key)),
            );
            return None;
        };
        let span = argument.value_span.clone();
        match param.kind {
            Kind::Text if text.trim().is_empty() => {
                self.error(span, format!("`{}` is empty", argument.key), None);
                None
            }
            Kind::Text => Some(Value::from(text.as_str())),
            Kind::OneOf(choices) if choices.contains(&text.as_str()) => {
                Some(Value::from(text.as_str()))
            }
            Kind::OneOf(choices) => {
                let hint = match did_you_mean(text, choices.iter().copied()) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => format!("use one of {}", choices.join(", ")),
                };
                self.error(
                    span,
                    format!("`{}` of `{}` cannot be \"{text}\"", argument.key, spec.name),
                    Some(hint),
                );
                None
            }
            Kind::Video => match video(text) {
                Some(video) => Some(video),
                None => {
                    self.error(
                        span,
                        format!("`{text}` is not a YouTube or Vimeo address"),
                        Some("use the address of the video's page, like https://www.youtube.com/watch?v=ID or https://vimeo.com/ID".into()),
                    );
                    None
                }
            },
            Kind::LocalImage if text.contains("://") || text.starts_with("//") => {
                self.error(
                    span,
                    format!("the {} comes from another host", argument.key),
                    Some("put the picture in the site (next to the page or under static/) so no reader's browser asks another host".into()),
                );
                None
            }
            Kind::LocalImage | Kind::Image => match self.resolver.image(text) {
                Ok(src) => {
                    self.assets.extend(src.asset);
                    Some(Value::from(src.href))
                }
                Err(error) => {
                    self.error(span, error.message, error.hint);
                    None
                }
            },
        }
    }

    /// Adds what a component's template needs beyond its arguments (the product, the video's
    /// addresses, a callout's label); `false` when that fails.
    fn derive(
        &mut self,
        spec: &Spec,
        values: &mut Map<String, Value>,
        directive: &Directive,
    ) -> bool {
        match spec.name {
            "product" => {
                let sku = values
                    .get("sku")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let argument = directive.arguments.iter().find(|a| a.key == "sku");
                let span = argument.map_or(directive.span.clone(), |a| a.value_span.clone());
                match self.resolver.link(&format!("product:{sku}")) {
                    Ok(link) => {
                        if let Some(warning) = link.warning {
                            self.problems.push(Problem {
                                severity: Severity::Warning,
                                span,
                                message: warning.message,
                                hint: warning.hint,
                            });
                        }
                        let mut product = self
                            .resolver
                            .product(&sku)
                            .unwrap_or_else(|| json!({ "sku": sku }));
                        product["store_url"] = Value::from(link.href);
                        if let Some(sku) = link.product {
                            self.linked_products.push(sku);
                        }
                        values.insert("product".into(), product);
                    }
                    Err(error) => {
                        self.error(span, error.message, error.hint);
                        return false;
                    }
                }
            }
            "callout" => {
                let kind = values
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("note")
                    .to_string();
                values.insert("label".into(), Value::from(callout_label(&kind)));
                values.insert("kind".into(), Value::from(kind));
            }
            "video" => {
                if let Some(Value::Object(video)) = values.remove("src") {
                    values.extend(video);
                }
            }
            _ => {}
        }
        true
    }

    /// A gallery holds pictures and steps hold a numbered list.
    fn check_content(&mut self, directive: &Directive, content: Option<&str>) -> bool {
        let content = content.unwrap_or_default();
        let (needed, hint) = match directive.name.as_str() {
            "gallery" => (
                "<img",
                "put pictures inside, one per line: ![alt text](picture.jpg)",
            ),
            "steps" => ("<ol", "write the steps as a numbered list: 1. ..., 2. ..."),
            _ => return true,
        };
        if BUILT_IN.iter().any(|s| s.name == directive.name) && !content.contains(needed) {
            let what = if needed == "<img" {
                "pictures"
            } else {
                "numbered list"
            };
            self.error(
                directive.name_span.clone(),
                format!("this `{}` holds no {what}", directive.name),
                Some(hint.into()),
            );
            return false;
        }
        true
    }
}

/// The values of a video's template from its page address: `provider`, `video_id`, `watch_url`
/// (the page, for readers without scripts) and `embed_url` (the privacy-friendly player, asked
/// for only after the click).
fn video(url: &str) -> Option<Value> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let query: HashMap<&str, &str> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let youtube_id = |id: &str| {
        (id.len() == 11
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| id.to_string())
    };
    let (provider, id) = match host {
        "youtube.com" | "m.youtube.com" | "youtube-nocookie.com" => {
            let id = match path.split_once('/') {
                Some(("embed" | "shorts" | "live", id)) => id,
                _ if path == "watch" => query.get("v").copied()?,
                _ => return None,
            };
            ("youtube", youtube_id(id)?)
        }
        "youtu.be" => ("youtube", youtube_id(path)?),
        "vimeo.com" | "player.vimeo.com" => {
            let id = path.strip_prefix("video/").unwrap_or(path);
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            ("vimeo", id.to_string())
        }
        _ => return None,
    };
    let (watch_url, embed_url) = match provider {
        "youtube" => (
            format!("https://www.youtube.com/watch?v={id}"),
            format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
        ),
        _ => (
            format!("https://vimeo.com/{id}"),
            format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
        ),
    };
    Some(json!({
        "provider": provider,
        "video_id": id,
        "watch_url": watch_url,
        "embed_url": embed_url,
    }))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_addresses_of_both_hosts() {
        let youtube = video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3").unwrap();
        assert_eq!(
            youtube["embed_url"],
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
        );
        assert_eq!(
            video("https://youtu.be/dQw4w9WgXcQ").unwrap()["video_id"],
            "dQw4w9WgXcQ"
        );
        let vimeo = video("https://vimeo.com/76979871").unwrap();
        assert_eq!(
            vimeo["embed_url"],
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
        );
        assert!(video("https://example.com/watch?v=dQw4w9WgXcQ").is_none());
        assert!(video("https://www.youtube.com/watch?v=short").is_none());
    }
}
