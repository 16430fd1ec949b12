//! The HTML editors write inside Markdown: which of its attributes name another file or page
//! (`<a href>`, `<img src>`, `srcset`, `<video poster>`...), where each value sits in the text, and
//! whether the browser loads it by itself (a resource) or only when followed (a link).
//!
//! Tokenizing is html5gum's (a WHATWG tokenizer with byte spans), so quoting, entities and odd
//! spacing are read as a browser reads them; this module only knows which attributes hold URLs.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::{LinkError, Renderer, escape_html};
use crate::diag::Severity;

/// A raw HTML block as read so far: its text, and where each of its lines starts in the body
/// (lines of a block inside a list or quote are not contiguous in the file).
#[derive(Debug, Default)]
pub(super) struct HtmlBlock {
    text: String,
    /// `(offset in text, offset in body)` of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Renderer<'_, '_> {
    /// A line of the raw HTML block being read.
    pub(super) fn html_piece(&mut self, html: &str, range: Range<usize>) {
        if let Some(block) = &mut self.html_block {
            block.pieces.push((block.text.len(), range.start));
            block.text.push_str(html);
        }
    }

    /// The end of a raw HTML block: the whole block, checked and rewritten.
    pub(super) fn end_html_block(&mut self) -> String {
        let block = self.html_block.take().unwrap_or_default();
        self.raw_html(&block.text, &block.pieces)
    }

    /// Checks every URL of `html` (raw HTML whose `pieces` place it in the body) as the same
    /// URL in Markdown would be, and returns it with the URLs rewritten where they must be
    /// (a picture beside the page, a site path under the base path).
    pub(super) fn raw_html(&mut self, html: &str, pieces: &[(usize, usize)]) -> String {
        let to_body = |offset: usize| {
            let piece = pieces.partition_point(|&(start, _)| start <= offset);
            let (start, body) = pieces
                .get(piece.saturating_sub(1))
                .copied()
                .unwrap_or((0, 0));
            body + offset - start
        };
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        let (attributes, ids) = scan(html);
        // Elements of raw HTML with an id are places links may point to, as headings are.
        self.out.anchor_ids.extend(ids);
        for attribute in attributes {
            let span = to_body(attribute.span.start)..to_body(attribute.span.end);
            if let Some(host) = off_site_host(&attribute.value) {
                if attribute.kind != UrlKind::Link {
                    let what = format!("`<{}>`", attribute.tag);
                    self.off_site(&what, host, span);
                }
                continue;
            }
            let resolved = match attribute.kind {
                UrlKind::Link | UrlKind::Frame => self.resolver.link(&attribute.value),
                UrlKind::Resource => self.resolver.image(&attribute.value),
            };
            match resolved {
                Ok(link) => {
                    let href = link.href.clone();
                    self.record(link, span, &attribute.value);
                    if href != attribute.value && attribute.span.start >= copied {
                        out.push_str(&html[copied..attribute.span.start]);
                        let escaped = escape_html(&href);
                        if attribute.quoted {
                            out.push_str(&escaped);
                        } else {
                            out.push('"');
                            out.push_str(&escaped);
                            out.push('"');
                        }
                        copied = attribute.span.end;
                    }
                }
                Err(mut error) => {
                    if !matches!(attribute.tag.as_str(), "img" | "source" | "input") {
                        error.message = error.message.replacen("the image", "the file", 1);
                    }
                    self.problem(span, error);
                }
            }
        }
        out.push_str(&html[copied..]);
        out
    }

    /// A warning for a file loaded from another host.
    pub(super) fn off_site(&mut self, what: &str, host: &str, span: Range<usize>) {
        self.problem_with(
            Severity::Warning,
            span,
            LinkError {
                message: format!(
                    "the {what} is loaded from another host ({host}); pages of the hub ask no other host for anything"
                ),
                hint: Some(
                    "save the file beside the page or under static/ and refer to it there; for a video or a map, link to it instead of embedding it"
                        .into(),
                ),
            },
        );
    }
}

/// How the browser treats the URL of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    /// Followed when the reader chooses to (`<a href>`, `<area href>`).
    Link,
    /// A page shown inside this one (`<iframe src>`): loaded at once, and a page of the site.
    Frame,
    /// Loaded with the page: pictures, media, scripts, style sheets.
    Resource,
}

/// One URL of a start tag, with the byte range of its text in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlAttribute {
    /// The element's name, lowercase: `img`.
    pub tag: String,
    /// The attribute's name, lowercase: `src`.
    pub attribute: String,
    /// The URL, with character references resolved.
    pub value: String,
    /// Where the URL is written (for `srcset`, this one candidate's URL when it can be told apart).
    pub span: Range<usize>,
    /// Whether the value is written between quotes.
    pub quoted: bool,
    pub kind: UrlKind,
}

/// One attribute of the tag being read: its name, value and where the value is written.
type Attribute = (String, String, Range<usize>);

/// Every URL attribute of every start tag of `html`, in order.
#[cfg(test)]
fn url_attributes(html: &str) -> Vec<UrlAttribute> {
    scan(html).0
}

/// The URL attributes and the ids of `html`, read in one pass.
fn scan(html: &str) -> (Vec<UrlAttribute>, Vec<String>) {
    let mut found = Vec::new();
    let mut ids = Vec::new();
    for_each_start_tag(html, |tag, attributes| {
        url_attributes_of(html, tag, attributes, &mut found);
        ids.extend(
            attributes
                .iter()
                .filter(|(name, _, _)| name == "id")
                .map(|(_, value, _)| value.clone()),
        );
    });
    (found, ids)
}

/// The values of every `id` attribute of `html` (for links into a page's fragments).
pub(crate) fn ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for_each_start_tag(html, |_, attributes| {
        ids.extend(
            attributes
                .iter()
                .filter(|(name, _, _)| name == "id")
                .map(|(_, value, _)| value.clone()),
        );
    });
    ids
}

/// Calls `visit` with the name and attributes of each start tag; the contents of `<script>`,
/// `<style>` and `<textarea>` are text, as a browser reads them.
fn for_each_start_tag(html: &str, mut visit: impl FnMut(&str, &[Attribute])) {
    let mut tag = String::new();
    let mut attributes: Vec<Attribute> = Vec::new();
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<(String, Vec<Attribute>)> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    tag = String::from_utf8_lossy(name).to_ascii_lowercase();
                    attributes.clear();
                }
                CallbackEvent::AttributeName { name } => {
                    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
                    attributes.push((name, String::new(), span.end..span.end));
                }
                CallbackEvent::AttributeValue { value } => {
                    if let Some(last) = attributes.last_mut() {
                        last.1.push_str(&String::from_utf8_lossy(value));
                        last.2 = span.start..span.end;
                    }
                }
                CallbackEvent::CloseStartTag { .. } => {
                    return Some((std::mem::take(&mut tag), std::mem::take(&mut attributes)));
                }
                _ => {}
            }
            None
        },
    );
    emitter.naively_switch_states(true);
    for (name, attributes) in Tokenizer::new_with_emitter(html, emitter).flatten() {
        visit(&name, &attributes);
    }
}

/// The URL attributes of one start tag.
fn url_attributes_of(
    html: &str,
    tag: &str,
    attributes: &[Attribute],
    found: &mut Vec<UrlAttribute>,
) {
    let get = |wanted: &str| {
        attributes
            .iter()
            .find(|(name, _, _)| name == wanted)
            .map(|(_, value, _)| value.to_ascii_lowercase())
    };
    for (name, value, span) in attributes {
        let Some(kind) = url_kind(tag, name, &get) else {
            continue;
        };
        let quoted = span.start > 0 && matches!(html.as_bytes()[span.start - 1], b'"' | b'\'');
        let make = |value: &str, span: Range<usize>| UrlAttribute {
            tag: tag.to_string(),
            attribute: name.clone(),
            value: value.to_string(),
            span,
            quoted,
            kind,
        };
        if name == "srcset" {
            // Candidates are `url descriptor` separated by commas; each URL is placed in the text
            // when the value is written without character references.
            let written_as_is = html.get(span.clone()) == Some(value.as_str());
            for (offset, url) in srcset_urls(value) {
                let place = if written_as_is {
                    span.start + offset..span.start + offset + url.len()
                } else {
                    span.clone()
                };
                found.push(make(url, place));
            }
        } else if !value.trim().is_empty() {
            found.push(make(value.trim(), trimmed(span.clone(), value)));
        }
    }
}

/// Which attributes of which elements hold a URL, and how the browser uses it.
fn url_kind(tag: &str, attribute: &str, get: &dyn Fn(&str) -> Option<String>) -> Option<UrlKind> {
    Some(match (tag, attribute) {
        ("a" | "area", "href") => UrlKind::Link,
        ("iframe" | "frame", "src") => UrlKind::Frame,
        ("img" | "source", "src" | "srcset") => UrlKind::Resource,
        ("video", "src" | "poster") => UrlKind::Resource,
        ("audio" | "track" | "embed" | "script", "src") => UrlKind::Resource,
        ("object", "data") => UrlKind::Resource,
        ("input", "src") if get("type").as_deref() == Some("image") => UrlKind::Resource,
        ("link", "href") => {
            let rel = get("rel").unwrap_or_default();
            let loaded = rel.split_ascii_whitespace().any(|word| {
                matches!(
                    word,
                    "stylesheet"
                        | "icon"
                        | "preload"
                        | "modulepreload"
                        | "prefetch"
                        | "manifest"
                        | "apple-touch-icon"
                )
            });
            if loaded {
                UrlKind::Resource
            } else {
                UrlKind::Link
            }
        }
        _ => return None,
    })
}

/// The span of `value` without the white space around it, when the span holds it as written.
fn trimmed(span: Range<usize>, value: &str) -> Range<usize> {
    if span.len() != value.len() {
        return span;
    }
    let start = span.start + (value.len() - value.trim_start().len());
    start..start + value.trim().len()
}

/// The URLs of a `srcset` value, with their byte offsets in it.
fn srcset_urls(value: &str) -> Vec<(usize, &str)> {
    let mut urls = Vec::new();
    let mut offset = 0;
    for candidate in value.split(',') {
        let leading = candidate.len() - candidate.trim_start().len();
        let url = candidate.trim_start().split_ascii_whitespace().next();
        if let Some(url) = url {
            urls.push((offset + leading, url));
        }
        offset += candidate.len() + 1;
    }
    urls
}

/// Whether a URL makes the browser ask another host (`https://...`, `//cdn...`); `data:` and
/// `mailto:` and the like do not.
pub(crate) fn off_site_host(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        url.strip_prefix("//")?
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    Some(host.rsplit_once('@').map_or(host, |(_, host)| host))
}

#[cfg(test)]
mod tests {
    use super::super::{MarkdownOptions, Rendered, Resolve, ResolvedLink, render};
    use super::*;

    /// Pictures beside the page (`*.png`) move under `/p/`; `gone.png` and `/gone/` do not exist.
    struct Beside;

    impl Resolve for Beside {
        fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError> {
            if destination.contains("gone") {
                return Err(LinkError {
                    message: format!("`{destination}` does not exist"),
                    hint: None,
                });
            }
            Ok(ResolvedLink {
                href: destination.to_string(),
                page: None,
                anchor: None,
                warning: None,
                product: None,
                asset: None,
                output: destination
                    .starts_with('/')
                    .then(|| (destination.to_string(), None)),
            })
        }

        fn image(&self, source: &str) -> Result<ResolvedLink, LinkError> {
            let mut link = self.link(source)?;
            if !source.starts_with('/') {
                link.href = format!("/p/{source}");
                link.asset = Some(format!("p/{source}"));
            }
            Ok(link)
        }
    }

    fn rendered(body: &str) -> Rendered {
        let components = crate::markdown::Components::default();
        let options = MarkdownOptions {
            smart_punctuation: false,
            heading_ids: crate::slug::HeadingIds::default(),
            components: &components,
        };
        render(body, options, &Beside)
    }

    #[test]
    fn raw_html_urls_are_rewritten_and_checked_where_they_are_written() {
        let body = "Intro\n\n> <figure>\n> <img alt=\"x\"\n>   src=a.png>\n> <img src=\"gone.png\" alt=\"y\">\n> </figure>\n\nSee <a href=\"/about/\">us</a>.\n";
        let out = rendered(body);
        assert!(out.html.contains("src=\"/p/a.png\""), "{}", out.html);
        assert_eq!(out.assets, ["p/a.png"]);
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert_eq!(&body[out.problems[0].span.clone()], "gone.png");
        assert_eq!(out.output_refs.len(), 1);
        assert_eq!(&body[out.output_refs[0].span.clone()], "/about/");
    }

    #[test]
    fn ids_of_raw_html_are_anchors_of_the_page() {
        let out = rendered("<div id=\"sizes\">\n<p>Sizes</p>\n</div>\n\n## Next\n");
        assert_eq!(out.anchor_ids, ["sizes", "next"]);
    }

    #[test]
    fn resources_from_other_hosts_are_warnings_and_links_to_them_are_not() {
        let body = "<script src=\"https://cdn.example/x.js\"></script>\n\n![a](//img.example/a.png) [b](https://b.example/) <a href=\"https://c.example/\">c</a>\n";
        let out = rendered(body);
        let warned: Vec<&str> = out
            .problems
            .iter()
            .map(|p| {
                assert_eq!(p.severity, Severity::Warning);
                &body[p.span.clone()]
            })
            .collect();
        assert_eq!(
            warned,
            ["https://cdn.example/x.js", "![a](//img.example/a.png)"]
        );
    }

    fn urls(html: &str) -> Vec<(String, String, &str, UrlKind)> {
        url_attributes(html)
            .into_iter()
            .map(|a| (a.tag, a.value, &html[a.span], a.kind))
            .collect()
    }

    #[test]
    fn quoted_unquoted_and_single_quoted_values_are_placed_exactly() {
        let html = r#"<a class=x href="/a/">A</a><img alt='' src=pic.png><IMG SRC='b.png' >"#;
        let found = urls(html);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].1, "/a/");
        assert_eq!(found[0].2, "/a/");
        assert_eq!(found[0].3, UrlKind::Link);
        assert_eq!(found[1].2, "pic.png");
        assert_eq!(found[2].0, "img", "names are read in lowercase");
        assert_eq!(found[2].2, "b.png");
        let attributes = url_attributes(html);
        assert!(attributes[0].quoted && !attributes[1].quoted && attributes[2].quoted);
    }

    #[test]
    fn character_references_are_resolved_and_the_span_covers_the_written_text() {
        let html = r#"<a href="/search/?q=a&amp;b=c">x</a>"#;
        let found = url_attributes(html);
        assert_eq!(found[0].value, "/search/?q=a&b=c");
        assert_eq!(&html[found[0].span.clone()], "/search/?q=a&amp;b=c");
    }

    #[test]
    fn attributes_across_lines_and_srcset_candidates() {
        let html = "<img\n  alt=\"x\"\n  srcset=\"a.png 1x, b.png 2x\"\n  src=\"a.png\">";
        let found = urls(html);
        let spans: Vec<&str> = found.iter().map(|f| f.2).collect();
        assert_eq!(spans, ["a.png", "b.png", "a.png"]);
    }

    #[test]
    fn only_url_attributes_of_known_elements_count() {
        let found = urls(
            r#"<div data-src="x.png" href="/no/"></div><link rel="canonical" href="/c/"><link rel="stylesheet" href="s.css"><video poster="p.jpg" src="v.mp4"></video><iframe src="https://video.example/e/1"></iframe>"#,
        );
        let kinds: Vec<(&str, UrlKind)> = found.iter().map(|f| (f.2, f.3)).collect();
        assert_eq!(
            kinds,
            [
                ("/c/", UrlKind::Link),
                ("s.css", UrlKind::Resource),
                ("p.jpg", UrlKind::Resource),
                ("v.mp4", UrlKind::Resource),
                ("https://video.example/e/1", UrlKind::Frame),
            ]
        );
    }

    #[test]
    fn script_text_is_not_read_as_tags() {
        let found = urls(r#"<script>var s = '<img src="x.png">';</script><img src="y.png">"#);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "y.png");
    }

    #[test]
    fn ids_are_collected() {
        assert_eq!(
            ids(r#"<h2 id="a">A</h2><p ID='b'>x</p><span id=c></span>"#),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn other_hosts_are_told_apart_from_local_urls() {
        assert_eq!(
            off_site_host("https://cdn.example/x.js"),
            Some("cdn.example")
        );
        assert_eq!(off_site_host("//cdn.example/x.js"), Some("cdn.example"));
        assert_eq!(off_site_host("HTTP://a.example"), Some("a.example"));
        assert_eq!(off_site_host("/images/x.png"), None);
        assert_eq!(off_site_host("data:image/png;base64,xx"), None);
        assert_eq!(off_site_host("photo.png"), None);
    }
}
