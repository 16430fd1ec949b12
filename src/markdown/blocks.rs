//! The blocks the renderer holds back before writing them: components (directives and GitHub's
//! `> [!NOTE]` callouts, rendered by their templates once their content is known), footnote
//! definitions (written at the end of the article with their back-links), and fenced code (written
//! highlighted once the whole block is read).

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Tag, TagEnd};

use super::components::Call;
use super::directives::{self, Argument, Directive, Marker};
use super::{Renderer, escape_html, highlight};

/// A block whose events are collected before they are written.
pub(super) enum Frame<'a> {
    /// A container directive, by its index.
    Directive(usize, Vec<Event<'a>>),
    /// A GitHub callout: its kind and its span in the prepared text.
    Callout(&'static str, Range<usize>, Vec<Event<'a>>),
    /// A footnote definition: its number and id.
    Footnote(usize, String, Vec<Event<'a>>),
}

impl<'a> Frame<'a> {
    pub(super) fn events(&mut self) -> &mut Vec<Event<'a>> {
        match self {
            Frame::Directive(_, events)
            | Frame::Callout(_, _, events)
            | Frame::Footnote(_, _, events) => events,
        }
    }
}

/// The HTML of events already rewritten by the renderer.
fn to_html(events: Vec<Event<'_>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn callout_kind(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

impl<'a> Renderer<'_, 'a> {
    /// Handles the events of held-back blocks; `Err` gives back any other event.
    pub(super) fn block_event(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
    ) -> Result<(), Event<'a>> {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => {
                    code.push_str(&text);
                    self.add_text(&text);
                    return Ok(());
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, code)) = self.code.take() {
                        self.text_depth = self.text_depth.saturating_sub(1);
                        self.plain_text.push('\n');
                        let language = highlight::language(&info);
                        let html = highlight::highlight(language, &code);
                        self.emit(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                            info.into(),
                        ))));
                        self.emit(match html {
                            Some(html) => Event::Html(html.into()),
                            None => Event::Text(code.into()),
                        });
                        self.emit(Event::End(TagEnd::CodeBlock));
                    }
                    return Ok(());
                }
                other => return Err(other),
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language))) => {
                self.text_depth += 1;
                self.code = Some((language.to_string(), String::new()));
            }
            Event::Start(Tag::HtmlBlock) => self.html_start = true,
            Event::Html(html) if self.html_start => {
                self.html_start = false;
                match directives::marker(&html) {
                    Some(marker) => {
                        self.skip_html_end = true;
                        self.marker(marker);
                    }
                    None => {
                        // An HTML block of the page: read, checked and rewritten whole at its end.
                        self.html_block = Some(super::raw_html::HtmlBlock::default());
                        self.html_piece(&html, range);
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) if self.skip_html_end => self.skip_html_end = false,
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.frames
                    .push(Frame::Callout(callout_kind(kind), range, Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                if matches!(self.frames.last(), Some(Frame::Callout(..))) {
                    self.close_frames(1);
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (number, id) = self.footnote(&label);
                self.frames.push(Frame::Footnote(number, id, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if matches!(self.frames.last(), Some(Frame::Footnote(..))) {
                    self.close_frames(1);
                }
            }
            other => return Err(other),
        }
        Ok(())
    }

    fn marker(&mut self, marker: Marker) {
        match marker {
            Marker::Leaf(index) => {
                if let Some(directive) = self.directives.get(index).cloned() {
                    let html = self.component(&directive, None);
                    self.emit(Event::Html(html.into()));
                }
            }
            Marker::Open(index) => self.frames.push(Frame::Directive(index, Vec::new())),
            Marker::Close(index) => {
                // Whatever opened inside the container and is still open ends with it.
                let open = self
                    .frames
                    .iter()
                    .rposition(|f| matches!(f, Frame::Directive(open, _) if *open == index));
                if let Some(at) = open {
                    self.close_frames(self.frames.len() - at);
                }
            }
        }
    }

    /// Ends the `count` innermost held-back blocks, writing each where it goes.
    pub(super) fn close_frames(&mut self, count: usize) {
        for _ in 0..count {
            let Some(frame) = self.frames.pop() else {
                return;
            };
            self.plain_text.push('\n');
            match frame {
                Frame::Directive(index, events) => {
                    if let Some(directive) = self.directives.get(index).cloned() {
                        let html = self.component(&directive, Some(to_html(events)));
                        self.emit(Event::Html(html.into()));
                    }
                }
                Frame::Callout(kind, span, events) => {
                    let span = self.map.span(span);
                    let directive = Directive {
                        name: "callout".into(),
                        name_span: span.clone(),
                        arguments: vec![Argument {
                            key: "kind".into(),
                            key_span: span.clone(),
                            value: Some(kind.into()),
                            value_span: span.clone(),
                        }],
                        span,
                        container: true,
                    };
                    let html = self.component(&directive, Some(to_html(events)));
                    self.emit(Event::Html(html.into()));
                }
                Frame::Footnote(number, id, events) => {
                    self.footnote_definitions.push((number, id, events));
                }
            }
        }
    }

    fn component(&mut self, directive: &Directive, content: Option<String>) -> String {
        Call {
            components: self.options.components,
            resolver: self.resolver,
            problems: &mut self.late_problems,
            linked_products: &mut self.out.linked_products,
            assets: &mut self.out.assets,
        }
        .render(directive, content)
    }

    /// The footnotes, in their order, as the end of the article, each with a link back to where
    /// it is first referenced.
    pub(super) fn footnote_section(&mut self) -> Option<String> {
        self.close_frames(self.frames.len());
        let mut definitions = std::mem::take(&mut self.footnote_definitions);
        if definitions.is_empty() {
            return None;
        }
        definitions.sort_by_key(|(number, _, _)| *number);
        let words = self.options.components;
        let label = match words.footnotes.as_str() {
            "" => "Footnotes",
            label => label,
        };
        let back_label = match words.back_to_reference.as_str() {
            "" => "Back to reference {n}",
            label => label,
        };
        let mut html = format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">\n<ol>\n",
            escape_html(label)
        );
        for (number, id, mut events) in definitions {
            let id = escape_html(&id);
            let back = format!(
                " <a class=\"footnote-backref\" href=\"#ref-{id}\" role=\"doc-backlink\" aria-label=\"{}\">↩</a>",
                escape_html(&back_label.replace("{n}", &number.to_string()))
            );
            match events
                .iter()
                .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            {
                Some(at) if at + 1 == events.len() => {
                    events.insert(at, Event::InlineHtml(back.into()))
                }
                _ => events.push(Event::Html(back.into())),
            }
            html.push_str(&format!("<li id=\"{id}\" value=\"{number}\">"));
            html.push_str(&to_html(events));
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        Some(html)
    }
}
