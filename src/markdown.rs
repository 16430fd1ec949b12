//! Markdown to HTML: CommonMark with tables, footnotes (at the end of the article), strikethrough,
//! task lists, definition lists, GitHub's callouts, smart punctuation, highlighted code, components
//! (`components`, written as `directives`), heading ids with anchor links, a table of contents,
//! and links rewritten by a [`Resolve`]r.
//!
//! Rendering is a pure function of the text, the options and the resolver. It never fails: problems
//! (a link to a missing page, an image without alt text) come back as [`Problem`]s with byte spans of
//! the body, which the caller turns into diagnostics at `path:line:col`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::diag::Severity;
use crate::slug::HeadingIds;

mod blocks;
mod components;
#[cfg(test)]
mod conformance;
mod directives;
mod highlight;
mod raw_html;
mod rendered;

pub(crate) use components::{COMPONENTS_DIR, Components};
pub(crate) use raw_html::ids as html_ids;
pub(crate) use rendered::{Rendered, SharedBytes, Stored, StoredRef, Text, TextPlaces};

/// Rendering switches, from the site configuration, and the theme's components.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkdownOptions<'c> {
    pub smart_punctuation: bool,
    pub heading_ids: HeadingIds,
    pub components: &'c Components,
}

/// Where a link goes once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedLink {
    /// The `href` to write.
    pub href: String,
    /// A page of the site this link points to (its path under `content/`), for the link graph.
    pub page: Option<String>,
    /// A heading id that must exist, and in which page (`None`: this page).
    pub anchor: Option<(Option<String>, String)>,
    /// Something worth telling the editor about a link that still works.
    pub warning: Option<LinkError>,
    /// The product this link points to (`product:SKU`), for the product's page.
    pub product: Option<String>,
    /// A file of `content/` this link or picture points to (its path under `content/`).
    pub asset: Option<String>,
    /// A site path (and fragment) that only the whole output can tell exists.
    pub output: Option<(String, Option<String>)>,
}

/// A problem with a link or an image destination, as a sentence and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkError {
    pub message: String,
    pub hint: Option<String>,
}

/// Turns link destinations as editors write them into URLs.
pub(crate) trait Resolve {
    /// Resolves the destination of a link.
    fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError>;
    /// Resolves the source of an image (or of any file the page loads).
    fn image(&self, source: &str) -> Result<ResolvedLink, LinkError>;
    /// A product as the `product` component shows it (`sku`, `name`, `url`, `image`, `image_alt`,
    /// `description`, `discontinued`), or `None` for an unknown sku.
    fn product(&self, _sku: &str) -> Option<serde_json::Value> {
        None
    }
}

/// A problem found while rendering, at a byte range of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// A reference to a heading id that must exist, checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorRef {
    /// The target page (its path under `content/`), or `None` for this page.
    pub page: Option<String>,
    pub anchor: String,
    pub span: Range<usize>,
}

/// A link to a site path, checked once every output file is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRef {
    /// The destination as written.
    pub written: String,
    /// The site path, without base path, query or fragment.
    pub path: String,
    pub fragment: Option<String>,
    pub span: Range<usize>,
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub level: u8,
    pub children: Vec<TocEntry>,
}

/// Ids the default theme uses on every page; headings never take them.
pub(crate) const RESERVED_IDS: &[&str] = &[
    "main",
    "toc-heading",
    "subsections-heading",
    "products-heading",
    "related-heading",
    "photos-heading",
    "stories-heading",
    "guides-heading",
    "pages-heading",
    "start-here-heading",
    "topics-heading",
    "spotlight-heading",
    "faqs-heading",
    "asked-as-heading",
];

fn parser_options(options: MarkdownOptions) -> Options {
    let mut flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if options.smart_punctuation {
        flags |= Options::ENABLE_SMART_PUNCTUATION;
    }
    flags
}

/// Renders `body` to HTML.
pub(crate) fn render(body: &str, options: MarkdownOptions, resolver: &dyn Resolve) -> Rendered {
    let prepared = directives::prepare(body).unwrap_or_default();
    let text = if prepared.directives.is_empty() && prepared.problems.is_empty() {
        body
    } else {
        &prepared.text
    };
    let mut renderer = Renderer {
        resolver,
        options,
        directives: prepared.directives,
        map: prepared.map,
        frames: Vec::new(),
        footnote_definitions: Vec::new(),
        code: None,
        html_start: false,
        skip_html_end: false,
        late_problems: prepared.problems,
        out: Rendered::default(),
        plain_text: String::new(),
        events: Vec::new(),
        used_ids: RESERVED_IDS.iter().map(|id| id.to_string()).collect(),
        footnotes: HashMap::new(),
        heading: None,
        image: None,
        paragraph: None,
        text_depth: 0,
        html_block: None,
    };
    for (event, range) in Parser::new_ext(text, parser_options(options)).into_offset_iter() {
        renderer.event(event, range);
    }
    let footnotes = renderer.footnote_section();
    let Renderer {
        mut out,
        plain_text,
        mut events,
        map,
        late_problems,
        ..
    } = renderer;
    for problem in &mut out.problems {
        problem.span = map.span(problem.span.clone());
    }
    for anchor in &mut out.anchors {
        anchor.span = map.span(anchor.span.clone());
    }
    out.problems.extend(late_problems);
    out.problems.sort_by_key(|problem| problem.span.start);
    events.extend(footnotes.map(|html| Event::Html(html.into())));
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html.into();
    out.word_count = plain_text.split_whitespace().count();
    out.plain_text = plain_text.into();
    out
}

struct HeadingState<'a> {
    level: HeadingLevel,
    /// Where the heading's text starts in the plain text.
    start: usize,
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    text: String,
    events: Vec<Event<'a>>,
}

struct ImageState {
    span: Range<usize>,
    alt: String,
}

struct Renderer<'r, 'a> {
    resolver: &'r dyn Resolve,
    options: MarkdownOptions<'r>,
    directives: Vec<directives::Directive>,
    /// From the text pulldown-cmark reads back to the body.
    map: directives::SpanMap,
    /// Blocks held back until they end (`blocks`), innermost last.
    frames: Vec<blocks::Frame<'a>>,
    /// Footnote definitions (number, id, events), written at the end.
    footnote_definitions: Vec<(usize, String, Vec<Event<'a>>)>,
    /// The language and text of the fenced code block being read.
    code: Option<(String, String)>,
    /// An HTML block started and its text, maybe a directive's marker, is next.
    html_start: bool,
    skip_html_end: bool,
    /// Problems with spans of the body already (directives and components).
    late_problems: Vec<Problem>,
    out: Rendered,
    /// The plain text of the body so far (`out.plain_text` once done).
    plain_text: String,
    events: Vec<Event<'a>>,
    used_ids: HashSet<String>,
    /// Footnote label to its number and id, assigned at first sight (reference or definition).
    footnotes: HashMap<String, (usize, String)>,
    heading: Option<HeadingState<'a>>,
    image: Option<ImageState>,
    paragraph: Option<String>,
    /// Nesting of code blocks, whose text counts in the plain text but not in the first paragraph.
    text_depth: usize,
    /// The raw HTML block being read, checked and rewritten whole at its end.
    html_block: Option<raw_html::HtmlBlock>,
}

impl<'a> Renderer<'_, 'a> {
    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.sink().push(event),
        }
    }

    /// Where finished events go: the innermost held-back block, or the page.
    fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match self.frames.last_mut() {
            Some(frame) => frame.events(),
            None => &mut self.events,
        }
    }

    fn add_text(&mut self, text: &str) {
        self.plain_text.push_str(text);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        }
        if let Some(paragraph) = &mut self.paragraph {
            paragraph.push_str(text);
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        let event = match self.block_event(event, range.clone()) {
            Ok(()) => return,
            Err(event) => event,
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                self.heading = Some(HeadingState {
                    level,
                    start: self.plain_text.len(),
                    explicit_id: id,
                    classes,
                    text: String::new(),
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match link_type {
                    LinkType::Autolink | LinkType::Email => dest_url,
                    _ => self.resolve_link(dest_url, range),
                };
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id, range),
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(raw_html::HtmlBlock::default()),
            Event::Html(html) if self.html_block.is_some() => self.html_piece(&html, range),
            Event::End(TagEnd::HtmlBlock) => {
                let html = self.end_html_block();
                self.emit(Event::Html(html.into()));
            }
            Event::InlineHtml(html) => {
                let html = self.raw_html(&html, &[(0, range.start)]);
                self.emit(Event::InlineHtml(html.into()));
            }
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Start(Tag::Table(alignments)) => {
                self.emit(Event::Html("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n".into()));
                self.emit(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                if self.out.first_paragraph.is_empty()
                    && self.paragraph.is_none()
                    && self.text_depth == 0
                {
                    self.paragraph = Some(String::new());
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(paragraph) = self.paragraph.take() {
                    self.out.first_paragraph =
                        paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                self.plain_text.push('\n');
                self.emit(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.text_depth += 1;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.text_depth = self.text_depth.saturating_sub(1);
                self.plain_text.push('\n');
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) => {
                self.add_text(&text);
                self.emit(Event::Text(text));
            }
            Event::Code(code) => {
                self.add_text(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            Event::FootnoteReference(label) => {
                let (number, id) = self.footnote(&label);
                // The first reference is where the back-link leads; later ones get ids of their own.
                let ref_id = self.unique_id(format!("ref-{id}"));
                self.emit(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"{ref_id}\"><a href=\"#{id}\" role=\"doc-noteref\">{number}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::TaskListMarker(done) => {
                let label = if done { "Done" } else { "To do" };
                let checked = if done { " checked" } else { "" };
                self.emit(Event::InlineHtml(
                    format!("<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::End(
                TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::List(_),
            ) => {
                self.plain_text.push('\n');
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// An image: its source resolved, its alt text collected until [`Self::end_image`].
    fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let dest_url = match self.resolver.image(&dest_url) {
            Ok(link) => {
                if let Some(host) = raw_html::off_site_host(&dest_url) {
                    self.off_site("picture", host, range.clone());
                }
                let href = link.href.clone();
                self.record(link, range.clone(), &dest_url);
                if href == *dest_url {
                    dest_url
                } else {
                    CowStr::from(href)
                }
            }
            Err(error) => {
                self.problem(range.clone(), error);
                dest_url
            }
        };
        self.image = Some(ImageState {
            span: range,
            alt: String::new(),
        });
        self.emit(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// The end of an image: an image without alt text is an error.
    fn end_image(&mut self) {
        if let Some(image) = self.image.take()
            && image.alt.trim().is_empty()
        {
            self.out.problems.push(Problem {
                severity: Severity::Error,
                span: image.span,
                message: "the image has no alt text".into(),
                hint: Some(
                    "describe the picture between the brackets: ![what the picture shows](...)"
                        .into(),
                ),
            });
        }
        self.emit(Event::End(TagEnd::Image));
    }

    fn problem(&mut self, span: Range<usize>, error: LinkError) {
        self.problem_with(Severity::Error, span, error);
    }

    fn problem_with(&mut self, severity: Severity, span: Range<usize>, error: LinkError) {
        self.out.problems.push(Problem {
            severity,
            span,
            message: error.message,
            hint: error.hint,
        });
    }

    fn resolve_link(&mut self, destination: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        match self.resolver.link(&destination) {
            Ok(link) => {
                let href = link.href.clone();
                self.record(link, range, &destination);
                if href == *destination {
                    destination
                } else {
                    CowStr::from(href)
                }
            }
            Err(error) => {
                self.problem(range, error);
                destination
            }
        }
    }

    /// Keeps what a resolved link or source says about the page: its warning, the pages,
    /// products and files it points to, and what is checked later (anchors, site paths).
    fn record(&mut self, link: ResolvedLink, range: Range<usize>, written: &str) {
        if let Some(warning) = link.warning {
            self.problem_with(Severity::Warning, range.clone(), warning);
        }
        if let Some(page) = link.page {
            self.out.linked_pages.push(page);
        }
        if let Some(product) = link.product {
            self.out.linked_products.push(product);
        }
        if let Some(asset) = link.asset {
            self.out.assets.push(asset);
        }
        if let Some((path, fragment)) = link.output {
            self.out.output_refs.push(OutputRef {
                written: written.to_string(),
                path,
                fragment,
                span: range.clone(),
            });
        }
        if let Some((page, anchor)) = link.anchor {
            self.out.anchors.push(AnchorRef {
                page,
                anchor,
                span: range,
            });
        }
    }

    fn finish_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let title = heading
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let base = match &heading.explicit_id {
            Some(id) => id.to_string(),
            None => self.options.heading_ids.slug(&title),
        };
        let id = self.unique_id(base);
        let level = heading_number(heading.level);
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            let classes: Vec<&str> = heading.classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_html(&classes.join(" ")))
        };
        let escaped_id = escape_html(&id);
        self.sink().push(Event::Html(
            format!("<h{level} id=\"{escaped_id}\"{class}>").into(),
        ));
        self.sink().extend(heading.events);
        self.sink().push(Event::Html(
            format!("<a class=\"heading-anchor\" href=\"#{escaped_id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n")
                .into(),
        ));
        self.plain_text.push('\n');
        self.out.anchor_ids.push(id.clone());
        self.out.headings.push((id.clone(), title.clone()));
        self.out.heading_starts.push((level, heading.start));
        if level == 2 || level == 3 {
            let entry = TocEntry {
                id,
                title,
                level,
                children: Vec::new(),
            };
            match self.out.toc.last_mut() {
                Some(parent) if level == 3 && parent.level == 2 => parent.children.push(entry),
                _ => self.out.toc.push(entry),
            }
        }
    }

    /// The number and id of a footnote, assigned the first time its label is seen.
    fn footnote(&mut self, label: &str) -> (usize, String) {
        if let Some(known) = self.footnotes.get(label) {
            return known.clone();
        }
        let number = self.footnotes.len() + 1;
        let id = self.unique_id(format!("fn-{}", crate::slug::words(label)));
        self.out.anchor_ids.push(id.clone());
        self.footnotes
            .insert(label.to_string(), (number, id.clone()));
        (number, id)
    }

    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut counter = 1;
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{counter}");
            counter += 1;
        }
        id
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // The characters escaped are ASCII, so every cut is at a character boundary.
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Crème <b>"Tom's" & co</b> → ok"#),
            "Crème &lt;b&gt;&quot;Tom&#39;s&quot; &amp; co&lt;/b&gt; → ok"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("é"), "é");
    }

    /// Keeps every destination as it is, except `missing.md`, which is an error, and `other.md#x`,
    /// which needs an anchor on another page.
    struct TestResolver;

    impl Resolve for TestResolver {
        fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError> {
            if destination == "missing.md" {
                return Err(LinkError {
                    message: "no such page".into(),
                    hint: None,
                });
            }
            let anchor = destination.split_once('#').map(|(page, anchor)| {
                (
                    (!page.is_empty()).then(|| page.to_string()),
                    anchor.to_string(),
                )
            });
            Ok(ResolvedLink {
                href: destination.replace(".md", "/"),
                page: None,
                anchor,
                warning: None,
                product: None,
                asset: None,
                output: None,
            })
        }

        fn image(&self, source: &str) -> Result<ResolvedLink, LinkError> {
            self.link(source)
        }
    }

    pub(crate) fn render_default(body: &str) -> Rendered {
        render(
            body,
            MarkdownOptions {
                smart_punctuation: true,
                heading_ids: HeadingIds::Github,
                components: &Components::default(),
            },
            &TestResolver,
        )
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let out = render_default(
            "## Choosing yarn\n\n### Fibre\n\n## Choosing yarn\n\n## Custom {#mine}\n",
        );
        assert_eq!(
            out.anchor_ids,
            ["choosing-yarn", "fibre", "choosing-yarn-1", "mine"]
        );
        assert!(
            out.html
                .contains("<h2 id=\"choosing-yarn\">Choosing yarn<a class=\"heading-anchor\"")
        );
        assert_eq!(out.toc.len(), 3);
        assert_eq!(out.toc[0].children[0].id, "fibre");
    }

    #[test]
    fn links_are_rewritten_and_anchors_recorded() {
        let out = render_default("See [it](other.md#x) and [top](#intro).\n");
        assert!(out.html.contains("href=\"other/#x\""), "{}", out.html);
        assert_eq!(out.anchors.len(), 2);
        assert_eq!(out.anchors[0].page.as_deref(), Some("other.md"));
        assert_eq!(out.anchors[1].page, None);
    }

    #[test]
    fn broken_links_and_images_without_alt_are_problems_with_spans() {
        let body = "Intro\n\nA [bad](missing.md) link and ![](pic.png).\n";
        let out = render_default(body);
        assert_eq!(out.problems.len(), 2);
        assert_eq!(&body[out.problems[0].span.clone()], "[bad](missing.md)");
        assert_eq!(&body[out.problems[1].span.clone()], "![](pic.png)");
    }

    #[test]
    fn tables_are_wrapped_and_task_lists_are_labelled() {
        let out = render_default("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n");
        assert!(out.html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table>"));
        assert!(out.html.contains("checked aria-label=\"Done\""));
        assert!(out.html.contains("aria-label=\"To do\""));
    }

    #[test]
    fn footnote_ids_never_collide_with_heading_ids() {
        let out = render_default(
            "## Wool {#fn-wool}\n\nText[^wool] and [^2].\n\n[^wool]: Note.\n[^2]: Other.\n",
        );
        assert_eq!(out.anchor_ids, ["fn-wool", "fn-wool-1", "fn-2"]);
        assert!(
            out.html
                .contains("<a href=\"#fn-wool-1\" role=\"doc-noteref\">1</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("id=\"fn-2\""), "{}", out.html);
        assert!(
            out.html.contains("href=\"#ref-fn-wool-1\""),
            "a back link to the reference"
        );
    }

    #[test]
    fn headings_never_take_the_ids_of_the_theme() {
        let out = render_default("## Main\n");
        assert_eq!(out.anchor_ids, ["main-1"]);
    }

    #[test]
    fn first_paragraph_and_word_count() {
        let out = render_default("# Title\n\nFirst *para*\ngraph here.\n\nSecond one.\n");
        assert_eq!(out.first_paragraph, "First para graph here.");
        assert_eq!(out.word_count, 7);
    }
}
