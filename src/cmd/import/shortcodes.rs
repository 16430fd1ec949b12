//! Shortcodes of other generators turned into guildhall's components (generic directives), and the
//! ones that cannot be converted reported by line and kept in an HTML comment, so the page prints
//! nothing of them and the editor finds them in the source.
//!
//! Three syntaxes are read: Hugo's `{{< name args >}}` and `{{% name args %}}` (closed by
//! `{{< /name >}}`), Zola's `{{ name(args) }}` and `{% name(args) %}` ... `{% end %}`, and Liquid's
//! `{% tag args %}` ... `{% endtag %}` and `{{ expression }}` (Jekyll, Eleventy). Nothing inside
//! fenced code is touched, except Hugo's escaped `{{</* name */>}}`, which becomes what it shows.

use std::collections::BTreeMap;
use std::ops::Range;

/// The shortcode syntax of a source site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Hugo,
    Zola,
    Liquid,
}

/// A shortcode that was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unknown {
    /// The line in the body, from 1.
    pub line: usize,
    /// The shortcode as written.
    pub written: String,
}

/// A body with its shortcodes converted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Converted {
    pub text: String,
    /// How many shortcodes of each name became components or plain Markdown.
    pub converted: BTreeMap<String, usize>,
    pub unknown: Vec<Unknown>,
}

/// Finds the new link for an old reference (`ref`, `relref`, `post_url`, `link`, `@/`).
pub(crate) type Links<'a> = &'a dyn Fn(&str) -> Option<String>;

/// What the shortcodes of a page may refer to outside it.
#[derive(Clone, Copy)]
pub(crate) struct Lookup<'a> {
    pub links: Links<'a>,
    /// The site's parameters (Hugo's `params`), for `param`.
    pub params: &'a toml::Table,
    /// The new address of a picture named as the source wrote it (Zola names them from the
    /// content folder).
    pub pictures: &'a dyn Fn(&str) -> String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// Opens a pair, or stands alone when nothing closes it.
    Open,
    Close,
    /// Stands alone (`{{< name />}}`, Zola's `{{ f() }}`, Liquid output).
    Alone,
    /// Hugo's `{{</* x */>}}`: shown as written, without the comment marks.
    Escaped(String),
}

#[derive(Debug, Clone)]
struct Token {
    span: Range<usize>,
    role: Role,
    name: String,
    positional: Vec<String>,
    named: BTreeMap<String, String>,
    /// The index of the token that closes this one.
    partner: Option<usize>,
}

impl Token {
    fn arg(&self, keys: &[&str], position: Option<usize>) -> Option<String> {
        keys.iter()
            .find_map(|key| self.named.get(*key).cloned())
            .or_else(|| position.and_then(|p| self.positional.get(p).cloned()))
            .filter(|value| !value.trim().is_empty())
    }
}

/// Byte ranges of fenced code blocks.
fn code_blocks(body: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, char, usize)> = None;
    let mut position = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let fence_length =
            fence_char.map_or(0, |c| trimmed.chars().take_while(|x| *x == c).count());
        match (open, fence_char) {
            (None, Some(c)) if indent < 4 && fence_length >= 3 => {
                open = Some((position, c, fence_length));
            }
            (Some((start, c, length)), Some(d))
                if c == d
                    && fence_length >= length
                    && trimmed[fence_length..].trim().is_empty() =>
            {
                blocks.push(start..position + line.len());
                open = None;
            }
            _ => {}
        }
        position += line.len();
    }
    if let Some((start, ..)) = open {
        blocks.push(start..body.len());
    }
    blocks
}

/// Splits shortcode arguments: `a "b c" key=d key2="e f"`, with commas allowed between them.
fn split_arguments(text: &str) -> (Vec<String>, BTreeMap<String, String>) {
    let mut positional = Vec::new();
    let mut named = BTreeMap::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let read_value = |i: &mut usize| -> String {
        let mut value = String::new();
        if let Some(&quote) = chars.get(*i).filter(|c| matches!(c, '"' | '\'' | '`')) {
            *i += 1;
            while *i < chars.len() && chars[*i] != quote {
                if chars[*i] == '\\' && chars.get(*i + 1) == Some(&quote) {
                    *i += 1;
                }
                value.push(chars[*i]);
                *i += 1;
            }
            *i += 1;
        } else {
            while *i < chars.len() && !chars[*i].is_whitespace() && chars[*i] != ',' {
                value.push(chars[*i]);
                *i += 1;
            }
        }
        value
    };
    while i < chars.len() {
        if chars[i].is_whitespace() || chars[i] == ',' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.'))
        {
            i += 1;
        }
        if i > start && chars.get(i) == Some(&'=') {
            let key: String = chars[start..i].iter().collect();
            i += 1;
            named.insert(key, read_value(&mut i));
        } else {
            i = start;
            positional.push(read_value(&mut i));
        }
    }
    (positional, named)
}

fn hugo_token(inner: &str) -> Option<(Role, String, String)> {
    let inner = inner.trim();
    if let Some(escaped) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
        return Some((
            Role::Escaped(escaped.trim().to_string()),
            String::new(),
            String::new(),
        ));
    }
    if let Some(name) = inner.strip_prefix('/') {
        return Some((Role::Close, name.trim().to_string(), String::new()));
    }
    let (inner, alone) = match inner.strip_suffix('/') {
        Some(rest) => (rest.trim_end(), true),
        None => (inner, false),
    };
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let role = if alone { Role::Alone } else { Role::Open };
    Some((role, name.to_string(), rest.to_string()))
}

fn call(inner: &str) -> Option<(String, String)> {
    let inner = inner.trim();
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    let args = inner[open + 1..].strip_suffix(')')?;
    (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| (name.to_string(), args.to_string()))
}

static END_RAW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\{%-?\s*endraw\s*-?%\}").expect("a valid pattern")
});

/// Every shortcode token of `body`, outside fenced code.
fn tokens(body: &str, syntax: Syntax, code: &[Range<usize>]) -> Vec<Token> {
    let mut found = Vec::new();
    let mut position = 0;
    while let Some(offset) = body[position..].find('{') {
        let start = position + offset;
        position = start + 1;
        if let Some(block) = code.iter().find(|b| b.contains(&start)) {
            position = block.end;
            continue;
        }
        let rest = &body[start..];
        let (open, close) = match syntax {
            Syntax::Hugo if rest.starts_with("{{<") => ("{{<", ">}}"),
            Syntax::Hugo if rest.starts_with("{{%") => ("{{%", "%}}"),
            Syntax::Zola | Syntax::Liquid if rest.starts_with("{{") => ("{{", "}}"),
            Syntax::Zola | Syntax::Liquid if rest.starts_with("{%") => ("{%", "%}"),
            _ => continue,
        };
        let Some(length) = rest[open.len()..].find(close) else {
            continue;
        };
        let inner = &rest[open.len()..open.len() + length];
        let span = start..start + open.len() + length + close.len();
        let parsed = match syntax {
            Syntax::Hugo => hugo_token(inner),
            Syntax::Zola if open == "{{" => call(inner).map(|(n, a)| (Role::Alone, n, a)),
            Syntax::Zola if inner.trim() == "end" => {
                Some((Role::Close, String::new(), String::new()))
            }
            Syntax::Zola => call(inner).map(|(n, a)| (Role::Open, n, a)),
            Syntax::Liquid => {
                let inner = inner.trim().trim_matches('-').trim();
                if open == "{{" {
                    Some((Role::Alone, "{{".to_string(), inner.to_string()))
                } else {
                    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
                    match name.strip_prefix("end") {
                        Some(closed) => Some((Role::Close, closed.to_string(), String::new())),
                        None => Some((Role::Open, name.to_string(), rest.to_string())),
                    }
                }
            }
        };
        let Some((role, name, arguments)) = parsed else {
            continue;
        };
        let (positional, named) = if syntax == Syntax::Liquid && name == "{{" {
            (vec![arguments], BTreeMap::new())
        } else {
            split_arguments(&arguments)
        };
        position = span.end;
        // Liquid's raw block is shown as written: skip to its end.
        if syntax == Syntax::Liquid && name == "raw" && role == Role::Open {
            found.push(Token {
                span: span.clone(),
                role,
                name,
                positional,
                named,
                partner: None,
            });
            if let Some(end) = END_RAW.find(&body[position..]) {
                position += end.start();
            }
            continue;
        }
        found.push(Token {
            span,
            role,
            name,
            positional,
            named,
            partner: None,
        });
    }
    pair(&mut found, syntax);
    found
}

/// Links each opening token to the token that closes it.
fn pair(tokens: &mut [Token], syntax: Syntax) {
    let mut open: Vec<usize> = Vec::new();
    for index in 0..tokens.len() {
        match tokens[index].role {
            Role::Open => open.push(index),
            Role::Close => {
                let name = tokens[index].name.clone();
                let matching = open
                    .iter()
                    .rposition(|&o| syntax == Syntax::Zola || tokens[o].name == name);
                if let Some(at) = matching {
                    let opener = open[at];
                    open.truncate(at);
                    tokens[opener].partner = Some(index);
                    if syntax == Syntax::Zola {
                        tokens[index].name = tokens[opener].name.clone();
                    }
                }
            }
            _ => {}
        }
    }
}

/// What a known shortcode becomes.
enum Replacement {
    /// A line of its own (a leaf component).
    Line(String),
    /// Text in place.
    Inline(String),
    /// Lines around the content of a pair.
    Around(String, String),
}

fn quote(value: &str) -> String {
    let value = value.replace('\n', " ");
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "’"))
    } else {
        format!("\"{value}\"")
    }
}

fn callout_kind(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "note" | "info" | "information" | "primary" | "secondary" | "default" | "abstract"
        | "summary" | "question" | "example" | "quote" => "note",
        "tip" | "hint" | "success" | "ok" | "check" => "tip",
        "important" => "important",
        "warning" | "warn" | "attention" | "danger" | "error" | "bug" | "failure" => "warning",
        "caution" => "caution",
        _ => return None,
    })
}

/// The arguments that name a callout's kind, across themes.
const CALLOUT_KIND_KEYS: &[&str] = &["type", "kind", "class", "style", "context", "color"];

/// A callout written as one shortcode with its text in an argument (`{{< alert text="..." >}}`).
fn callout_alone(token: &Token, name: &str) -> Option<Replacement> {
    let text = token.arg(&["text", "content", "message", "body"], None)?;
    let kind = callout_kind(name)
        .or_else(|| {
            token
                .arg(CALLOUT_KIND_KEYS, None)
                .and_then(|k| callout_kind(&k))
        })
        .unwrap_or("note");
    let mut open = format!(":::callout{{kind=\"{kind}\"");
    if let Some(title) = token.arg(&["title"], None) {
        open.push_str(&format!(" title={}", quote(&title)));
    }
    Some(Replacement::Line(format!("{open}}}\n{}\n:::", text.trim())))
}

/// A disclosure (`details`, `expand`): HTML's own `<details>`, its summary from the arguments.
fn details(token: &Token) -> Option<Replacement> {
    let summary = token
        .arg(&["summary", "title"], Some(0))
        .unwrap_or_else(|| "Details".to_string());
    let summary = summary
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let open = if token.arg(&["open"], None).is_some_and(|o| o == "true") {
        "<details open>"
    } else {
        "<details>"
    };
    Some(Replacement::Around(
        format!("{open}\n<summary>{summary}</summary>\n"),
        "</details>".into(),
    ))
}

/// Hugo's `param`: the site parameter's value, found by its dotted name.
fn param(token: &Token, params: &toml::Table) -> Option<Replacement> {
    let key = token.arg(&["name", "key"], Some(0))?;
    let mut value = None;
    let mut table = Some(params);
    for part in key.split('.') {
        let found = table?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(part))
            .map(|(_, v)| v);
        table = found.and_then(toml::Value::as_table);
        value = found;
    }
    match value? {
        toml::Value::String(text) => Some(Replacement::Inline(text.clone())),
        toml::Value::Integer(_) | toml::Value::Float(_) | toml::Value::Boolean(_) => {
            Some(Replacement::Inline(value?.to_string()))
        }
        _ => None,
    }
}

/// A post on another service (a gist, a post on X, an Instagram picture): a link to it, since
/// embedding would load the service's scripts.
fn embed_link(token: &Token, name: &str) -> Option<Replacement> {
    let (label, url) = match name {
        "gist" => {
            let user = token.arg(&["user", "username"], Some(0))?;
            let id = token.arg(&["id"], Some(1))?;
            (
                format!("Gist {user}/{id}"),
                format!("https://gist.github.com/{user}/{id}"),
            )
        }
        "instagram" => {
            let id = token.arg(&["id"], Some(0))?;
            (
                "The post on Instagram".to_string(),
                format!("https://www.instagram.com/p/{id}/"),
            )
        }
        _ => {
            let user = token.arg(&["user"], None)?;
            let id = token.arg(&["id"], None)?;
            (
                format!("The post by @{user} on X"),
                format!("https://x.com/{user}/status/{id}"),
            )
        }
    };
    Some(Replacement::Line(format!("[{label}]({url})")))
}

const CALLOUT_NAMES: &[&str] = &[
    "notice",
    "hint",
    "admonition",
    "callout",
    "alert",
    "note",
    "tip",
    "warning",
    "info",
    "important",
    "caution",
    "danger",
    "aside",
];

fn video(token: &Token, name: &str) -> Option<Replacement> {
    let id = token.arg(&["id", "src", "url"], Some(0))?;
    let src = if id.starts_with("http") {
        id
    } else if name == "vimeo" {
        format!("https://vimeo.com/{id}")
    } else {
        format!("https://www.youtube.com/watch?v={id}")
    };
    let title = token
        .arg(&["title", "caption", "alt"], None)
        .unwrap_or_else(|| "Video".to_string());
    Some(Replacement::Line(format!(
        "::video{{src={} title={}}}",
        quote(&src),
        quote(&title)
    )))
}

fn figure(token: &Token, in_gallery: bool, lookup: Lookup) -> Option<Replacement> {
    let src = token.arg(&["src", "url", "path", "file", "image", "link"], Some(0))?;
    let src = (lookup.pictures)(&src);
    let caption = token.arg(&["caption", "title"], None);
    let alt = token
        .arg(&["alt", "title", "caption"], None)
        .unwrap_or_default();
    if in_gallery || (alt.is_empty() && caption.is_none()) {
        return Some(Replacement::Line(format!(
            "![{}]({src})",
            alt.replace(['[', ']'], "")
        )));
    }
    let mut line = format!("::figure{{src={} alt={}", quote(&src), quote(&alt));
    if let Some(caption) = caption {
        line.push_str(&format!(" caption={}", quote(&caption)));
    }
    line.push('}');
    Some(Replacement::Line(line))
}

/// The component or Markdown a shortcode becomes, if guildhall has one for it.
fn known(token: &Token, syntax: Syntax, lookup: Lookup, in_gallery: bool) -> Option<Replacement> {
    let links = lookup.links;
    let paired = token.partner.is_some();
    let mut name = token.name.to_ascii_lowercase();
    if syntax == Syntax::Liquid && name == "include" {
        let file = token.positional.first()?;
        name = file
            .rsplit('/')
            .next()?
            .split('.')
            .next()?
            .to_ascii_lowercase();
    }
    if syntax == Syntax::Liquid && name == "{{" {
        let expression = token.positional.first()?.trim();
        let (value, filters) = expression.split_once('|').unwrap_or((expression, ""));
        let value = value.trim();
        if matches!(value, "site.baseurl" | "site.url" | "site.base_url") {
            return Some(Replacement::Inline(String::new()));
        }
        let filter = filters.trim();
        if (filter == "relative_url" || filter == "absolute_url")
            && let Some(path) = value
                .strip_prefix(['"', '\''])
                .and_then(|v| v.strip_suffix(['"', '\'']))
        {
            return Some(Replacement::Inline(path.to_string()));
        }
        return None;
    }
    match name.as_str() {
        "youtube" | "vimeo" | "video" if !paired => video(token, &name),
        "figure" | "image" | "img" | "resize_image" | "picture" if !paired => {
            figure(token, in_gallery, lookup)
        }
        "ref" | "relref" | "post_url" | "link" if !paired => {
            let target = token.arg(&["path"], Some(0))?;
            links(&target).map(Replacement::Inline)
        }
        "highlight" | "code" if paired => {
            let language = token
                .arg(&["lang", "language"], Some(0))
                .unwrap_or_default();
            let language = language
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or("");
            Some(Replacement::Around(
                format!("```{language}"),
                "```".to_string(),
            ))
        }
        "raw" if paired => Some(Replacement::Around(String::new(), String::new())),
        "gallery" if paired => Some(Replacement::Around(":::gallery".into(), ":::".into())),
        "steps" if paired => Some(Replacement::Around(":::steps".into(), ":::".into())),
        "details" | "expand" | "spoiler" | "collapse" if paired => details(token),
        "param" if !paired => param(token, lookup.params),
        "gist" | "tweet" | "x" | "instagram" if !paired => embed_link(token, &name),
        _ if !paired && CALLOUT_NAMES.contains(&name.as_str()) => callout_alone(token, &name),
        _ if paired && CALLOUT_NAMES.contains(&name.as_str()) => {
            let kind = callout_kind(&name)
                .or_else(|| {
                    token
                        .arg(CALLOUT_KIND_KEYS, Some(0))
                        .and_then(|k| callout_kind(&k))
                })
                .unwrap_or("note");
            let mut open = format!(":::callout{{kind=\"{kind}\"");
            if let Some(title) = token.arg(&["title"], None) {
                open.push_str(&format!(" title={}", quote(&title)));
            }
            open.push('}');
            Some(Replacement::Around(open, ":::".into()))
        }
        _ => None,
    }
}

/// The name a shortcode is counted under: Liquid's includes by the file they include.
fn shown_name(token: &Token) -> String {
    match token.name.as_str() {
        "include" => token.positional.first().map_or("include".into(), |file| {
            let stem = file.rsplit('/').next().unwrap_or(file);
            format!("include {stem}")
        }),
        "{{" => "{{ url }}".into(),
        name => name.to_ascii_lowercase(),
    }
}

/// `text` on a line of its own at `span` of `body`: blank lines are added where it shares a line.
fn own_line(body: &str, span: &Range<usize>, text: &str) -> String {
    let before = &body[..span.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &body[span.end..];
    let line_end = after.find('\n').unwrap_or(after.len());
    let mut out = String::new();
    if !before[line_start..].trim().is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(text);
    if !after[..line_end].trim().is_empty() {
        out.push_str("\n\n");
    }
    out
}

/// An HTML comment holding what could not be converted, with `--` broken so it cannot end early.
fn commented(written: &str) -> String {
    format!("<!-- import: {} -->", written.replace("--", "- -"))
}

/// Converts the shortcodes of `body`.
pub(crate) fn convert(body: &str, syntax: Syntax, lookup: Lookup) -> Converted {
    let code = code_blocks(body);
    let tokens = tokens(body, syntax, &code);
    let mut out = Converted::default();
    let mut text = String::with_capacity(body.len());
    let mut closers: BTreeMap<usize, Option<String>> = BTreeMap::new();
    let mut galleries = 0usize;
    let mut position = 0;
    let mut line = 1;
    let mut counted = 0;
    for (index, token) in tokens.iter().enumerate() {
        push_text(
            &mut text,
            &body[position..token.span.start],
            syntax,
            &code,
            position,
        );
        position = token.span.end;
        line += body[counted..token.span.start].matches('\n').count();
        counted = token.span.start;
        let written = &body[token.span.clone()];
        if let Role::Escaped(shown) = &token.role {
            let (open, close) = if written.starts_with("{{%") {
                ("{{%", "%}}")
            } else {
                ("{{<", ">}}")
            };
            text.push_str(&format!("`{open} {shown} {close}`"));
            continue;
        }
        if token.role == Role::Close {
            match closers.remove(&index) {
                Some(Some(close)) => {
                    if close == ":::" && galleries > 0 {
                        galleries -= 1;
                    }
                    text.push_str(&own_line(body, &token.span, &close));
                }
                Some(None) => {}
                None => {
                    text.push_str(&commented(written));
                    out.unknown.push(Unknown {
                        line,
                        written: written.to_string(),
                    });
                }
            }
            continue;
        }
        match known(token, syntax, lookup, galleries > 0) {
            Some(replacement) => {
                *out.converted.entry(shown_name(token)).or_default() += 1;
                match replacement {
                    Replacement::Line(line_text) => {
                        text.push_str(&own_line(body, &token.span, &line_text))
                    }
                    Replacement::Inline(inline) => text.push_str(&inline),
                    Replacement::Around(open, close) => {
                        if open == ":::gallery" {
                            galleries += 1;
                        }
                        if open.is_empty() {
                            // Liquid's raw: the content stays as written.
                            if let Some(partner) = token.partner {
                                closers.insert(partner, None);
                            }
                        } else {
                            text.push_str(&own_line(body, &token.span, &open));
                            if let Some(partner) = token.partner {
                                closers.insert(partner, Some(close));
                            }
                        }
                    }
                }
            }
            None => {
                text.push_str(&commented(written));
                out.unknown.push(Unknown {
                    line,
                    written: written.to_string(),
                });
            }
        }
    }
    push_text(&mut text, &body[position..], syntax, &code, position);
    out.text = text;
    out
}

/// Copies body text, turning Hugo's escaped shortcodes inside code into what they show.
fn push_text(text: &mut String, part: &str, syntax: Syntax, code: &[Range<usize>], at: usize) {
    let in_code = code.iter().any(|b| b.start < at + part.len() && at < b.end);
    if syntax == Syntax::Zola {
        text.push_str(
            &part
                .replace("{{/*", "{{")
                .replace("*/}}", "}}")
                .replace("{%/*", "{%")
                .replace("*/%}", "%}"),
        );
    } else if syntax == Syntax::Hugo && in_code {
        text.push_str(
            &part
                .replace("{{</*", "{{<")
                .replace("*/>}}", ">}}")
                .replace("{{%/*", "{{%")
                .replace("*/%}}", "%}}"),
        );
    } else {
        text.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hugo(body: &str) -> Converted {
        let params = toml::from_str("[shop]\nname = \"Yarn & Co\"").unwrap();
        convert(
            body,
            Syntax::Hugo,
            Lookup {
                links: &|target: &str| Some(format!("../{target}")),
                params: &params,
                pictures: &|src: &str| src.to_string(),
            },
        )
    }

    #[test]
    fn hugo_shortcodes_become_components() {
        let body = "Intro\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< figure src=\"a.jpg\" caption=\"A cast-on\" >}}\n\n{{% notice warning %}}\nMind the **tail**.\n{{% /notice %}}\n";
        let converted = hugo(body);
        assert_eq!(
            converted.text,
            "Intro\n\n::video{src=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" title=\"Video\"}\n\n::figure{src=\"a.jpg\" alt=\"A cast-on\" caption=\"A cast-on\"}\n\n:::callout{kind=\"warning\"}\nMind the **tail**.\n:::\n"
        );
        assert!(converted.unknown.is_empty());
        assert_eq!(converted.converted["notice"], 1);
    }

    #[test]
    fn unknown_shortcodes_are_reported_and_commented() {
        let converted = hugo("a\n\nSee {{< chart type=\"pie\" id=\"1\" >}} here\n");
        assert_eq!(converted.unknown.len(), 1);
        assert_eq!(converted.unknown[0].line, 3);
        assert_eq!(
            converted.text,
            "a\n\nSee <!-- import: {{< chart type=\"pie\" id=\"1\" >}} --> here\n"
        );
    }

    #[test]
    fn code_blocks_are_left_alone_and_escapes_shown() {
        let converted = hugo("```\n{{</* youtube x */>}}\n```\nUse {{</* figure */>}}.\n");
        assert_eq!(
            converted.text,
            "```\n{{< youtube x >}}\n```\nUse `{{< figure >}}`.\n"
        );
        assert!(converted.unknown.is_empty());
    }

    #[test]
    fn refs_become_links() {
        let converted = hugo("[x]({{< ref \"posts/a.md\" >}})\n");
        assert_eq!(converted.text, "[x](../posts/a.md)\n");
    }

    #[test]
    fn zola_shortcodes_become_components() {
        let body = "{{ youtube(id=\"abc\", autoplay=true) }}\n\n{% note(title=\"Heads up\") %}\nBody\n{% end %}\n{{ tweet(id=1) }}\n";
        let converted = convert(
            body,
            Syntax::Zola,
            Lookup {
                links: &|_: &str| None,
                params: &toml::Table::new(),
                pictures: &|src: &str| src.to_string(),
            },
        );
        assert_eq!(
            converted.text,
            "::video{src=\"https://www.youtube.com/watch?v=abc\" title=\"Video\"}\n\n:::callout{kind=\"note\" title=\"Heads up\"}\nBody\n:::\n<!-- import: {{ tweet(id=1) }} -->\n"
        );
        assert_eq!(converted.unknown[0].line, 6);
    }

    #[test]
    fn liquid_tags_become_markdown() {
        let body = "![a]({{ site.baseurl }}/img/a.png)\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n{% include youtube.html id=\"xyz\" %}\n[p]({% post_url 2024-01-05-hello %})\n{% raw %}{{ keep }}{% endraw %}\n{% if x %}y{% endif %}\n";
        let converted = convert(
            body,
            Syntax::Liquid,
            Lookup {
                links: &|t: &str| Some(format!("{t}.md")),
                params: &toml::Table::new(),
                pictures: &|src: &str| src.to_string(),
            },
        );
        assert_eq!(
            converted.text,
            "![a](/img/a.png)\n```ruby\nputs 1\n```\n::video{src=\"https://www.youtube.com/watch?v=xyz\" title=\"Video\"}\n[p](2024-01-05-hello.md)\n{{ keep }}\n<!-- import: {% if x %} -->y<!-- import: {% endif %} -->\n"
        );
        assert_eq!(converted.unknown.len(), 2);
        assert_eq!(converted.unknown[0].line, 8);
    }

    #[test]
    fn theme_notices_details_and_params_are_converted() {
        let converted = hugo(
            "{{< alert icon=\"👉\" text=\"For <b>new</b> users.\" />}}\n{{< details \"Why?\" >}}\nBecause.\n{{< /details >}}\nAt {{< param \"shop.name\" >}}.\n{{< gist spf13 7896402 >}}\n",
        );
        assert_eq!(
            converted.text,
            ":::callout{kind=\"note\"}\nFor <b>new</b> users.\n:::\n<details>\n<summary>Why?</summary>\n\nBecause.\n</details>\nAt Yarn & Co.\n[Gist spf13/7896402](https://gist.github.com/spf13/7896402)\n"
        );
        assert!(converted.unknown.is_empty());
    }

    #[test]
    fn figures_inside_a_gallery_become_pictures() {
        let converted =
            hugo("{{< gallery >}}\n{{< figure src=\"a.jpg\" alt=\"A\" >}}\n{{< /gallery >}}\n");
        assert_eq!(converted.text, ":::gallery\n![A](a.jpg)\n:::\n");
    }
}
