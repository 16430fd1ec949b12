//! Generic directives, the syntax of components in Markdown (as remark-directive and the CommonMark
//! directives proposal write them): a leaf `::name{key="value" other=value}` on a line of its own,
//! and a container `:::name{...}` ... `:::` around Markdown, nested with more colons on the outside.
//!
//! Directives are found line by line before pulldown-cmark sees the text (outside fenced code), and
//! each directive line is replaced by an HTML comment that names it, so the Markdown between a
//! container's fences is parsed with the rest of the body. [`SpanMap`] takes byte offsets of the
//! prepared text back to the body the editor wrote.

use std::ops::Range;

use crate::diag::Severity;

use super::Problem;

/// The start of the comment a directive line becomes: `<!--guildhall:open 3-->`.
pub(super) const MARKER: &str = "<!--guildhall:";

/// One argument as written: `key="value"`, `key=value`, `key='value'` or a bare `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Argument {
    pub key: String,
    pub key_span: Range<usize>,
    /// `None` for a bare key.
    pub value: Option<String>,
    pub value_span: Range<usize>,
}

/// A directive as written, with byte spans of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    pub name: String,
    pub name_span: Range<usize>,
    pub arguments: Vec<Argument>,
    /// The directive's line, without its line break.
    pub span: Range<usize>,
    /// `:::name` around Markdown rather than a `::name` leaf.
    pub container: bool,
}

/// What a marker comment stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Leaf(usize),
    Open(usize),
    Close(usize),
}

/// Reads a marker comment (an HTML block's text), or `None` for any other HTML.
pub(super) fn marker(html: &str) -> Option<Marker> {
    let rest = html.trim_end().strip_prefix(MARKER)?.strip_suffix("-->")?;
    let (kind, index) = rest.split_once(' ')?;
    let index = index.parse().ok()?;
    match kind {
        "leaf" => Some(Marker::Leaf(index)),
        "open" => Some(Marker::Open(index)),
        "close" => Some(Marker::Close(index)),
        _ => None,
    }
}

/// One replaced line: where it is in both texts.
#[derive(Debug, Clone)]
struct Edit {
    prepared: Range<usize>,
    original: Range<usize>,
}

/// Takes offsets of the prepared text back to the body.
#[derive(Debug, Clone, Default)]
pub(super) struct SpanMap {
    edits: Vec<Edit>,
}

impl SpanMap {
    /// The body offset of a prepared offset; inside a replaced line, that line's start.
    pub(super) fn offset(&self, at: usize) -> usize {
        let index = self.edits.partition_point(|edit| edit.prepared.start <= at);
        let Some(edit) = index.checked_sub(1).map(|i| &self.edits[i]) else {
            return at;
        };
        if at < edit.prepared.end {
            edit.original.start
        } else {
            at - edit.prepared.end + edit.original.end
        }
    }

    pub(super) fn span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.offset(span.start);
        start..self.offset(span.end).max(start)
    }
}

/// The body with directive lines replaced by markers, the directives, and what was wrong.
#[derive(Debug, Clone, Default)]
pub(super) struct Prepared {
    pub text: String,
    pub directives: Vec<Directive>,
    pub map: SpanMap,
    pub problems: Vec<Problem>,
}

/// An open container while scanning: its index in `directives` and its colons.
struct Open {
    index: usize,
    colons: usize,
}

/// Finds the directives of `body`. A body without `::` at the start of a line is not copied.
pub(super) fn prepare(body: &str) -> Option<Prepared> {
    if !body.starts_with("::") && !body.contains("\n::") {
        return None;
    }
    let mut prepared = Prepared {
        text: String::with_capacity(body.len() + 64),
        ..Prepared::default()
    };
    let mut open: Vec<Open> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(next) = fence_change(content, fence) {
            fence = next;
        }
        let directive_line = fence.is_none() && content.starts_with("::");
        let marker = if directive_line {
            scan_line(content, start, &mut prepared, &mut open)
        } else {
            None
        };
        match marker {
            Some(marker) => {
                let text = match marker {
                    Marker::Leaf(i) => format!("{MARKER}leaf {i}-->\n"),
                    Marker::Open(i) => format!("{MARKER}open {i}-->\n"),
                    Marker::Close(i) => format!("{MARKER}close {i}-->\n"),
                };
                let prepared_start = prepared.text.len();
                prepared.text.push_str(&text);
                prepared.map.edits.push(Edit {
                    prepared: prepared_start..prepared.text.len(),
                    original: start..start + line.len(),
                });
            }
            None => prepared.text.push_str(line),
        }
    }
    for unclosed in open.iter().rev() {
        let directive = &prepared.directives[unclosed.index];
        let fence = ":".repeat(unclosed.colons);
        prepared.problems.push(error(
            directive.span.clone(),
            format!("the `{}` component is never closed", directive.name),
            Some(format!("end it with `{fence}` on a line of its own")),
        ));
        let marker = format!("\n{MARKER}close {}-->\n", unclosed.index);
        let end = prepared.text.len();
        prepared.text.push_str(&marker);
        prepared.map.edits.push(Edit {
            prepared: end..prepared.text.len(),
            original: body.len()..body.len(),
        });
    }
    Some(prepared)
}

/// How a line changes the fenced code block the scan is in: `Some(new state)` or `None` for no change.
fn fence_change(line: &str, fence: Option<(u8, usize)>) -> Option<Option<(u8, usize)>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let char = *rest.as_bytes().first()?;
    if char != b'`' && char != b'~' {
        return None;
    }
    let run = rest.bytes().take_while(|&b| b == char).count();
    if run < 3 {
        return None;
    }
    match fence {
        None if char == b'`' && rest[run..].contains('`') => None,
        None => Some(Some((char, run))),
        Some((open, length)) if open == char && run >= length && rest[run..].trim().is_empty() => {
            Some(None)
        }
        Some(_) => None,
    }
}

/// Reads one line starting with `::`: a marker when it is a directive, `None` when it is text.
fn scan_line(
    line: &str,
    start: usize,
    prepared: &mut Prepared,
    open: &mut Vec<Open>,
) -> Option<Marker> {
    let colons = line.bytes().take_while(|&b| b == b':').count();
    let rest = &line[colons..];
    let name_length = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphanumeric() || (i > 0 && (c == '-' || c == '_'))))
        .map_or(rest.len(), |(i, _)| i);
    let span = start..start + line.len();
    if name_length == 0 {
        if colons < 3 || !rest.trim().is_empty() {
            return None;
        }
        // A closing fence: it closes the innermost container it is long enough for.
        let Some(top) = open.last() else {
            prepared.problems.push(error(
                span,
                format!("this `{line}` closes no component", line = line.trim()),
                Some(
                    "remove it, or open a component above it like `:::callout{kind=\"note\"}`"
                        .into(),
                ),
            ));
            return Some(Marker::Leaf(usize::MAX));
        };
        if colons < top.colons {
            let name = &prepared.directives[top.index].name;
            prepared.problems.push(error(
                span,
                format!(
                    "`{}` cannot close the `{name}` component",
                    ":".repeat(colons)
                ),
                Some(format!("close it with `{}`", ":".repeat(top.colons))),
            ));
        }
        let top = open.pop()?;
        return Some(Marker::Close(top.index));
    }
    let name = &rest[..name_length];
    let name_span = start + colons..start + colons + name_length;
    let after = &rest[name_length..];
    if !after.trim().is_empty()
        && !after.starts_with(['{', '['])
        && !after.trim_start().starts_with('{')
    {
        // `::name` followed by words is text that happens to start with colons.
        return None;
    }
    let attributes_at = start + colons + name_length;
    let arguments = match parse_attributes(after, attributes_at) {
        Ok(arguments) => arguments,
        Err(problem) => {
            prepared.problems.push(problem);
            Vec::new()
        }
    };
    let index = prepared.directives.len();
    prepared.directives.push(Directive {
        name: name.to_string(),
        name_span,
        arguments,
        span,
        container: colons >= 3,
    });
    if colons >= 3 {
        open.push(Open { index, colons });
        Some(Marker::Open(index))
    } else {
        Some(Marker::Leaf(index))
    }
}

fn error(span: Range<usize>, message: String, hint: Option<String>) -> Problem {
    Problem {
        severity: Severity::Error,
        span,
        message,
        hint,
    }
}

/// Reads `{key="value" key=value}` after a directive's name (`at`: its offset in the body).
fn parse_attributes(text: &str, at: usize) -> Result<Vec<Argument>, Problem> {
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let bad = |offset: usize, message: &str, hint: &str| {
        error(
            at + offset..at + trimmed.len(),
            message.to_string(),
            Some(hint.to_string()),
        )
    };
    if trimmed.starts_with('[') {
        return Err(bad(
            0,
            "components take no `[label]`",
            "write the text as an argument, like `{title=\"...\"}`",
        ));
    }
    let Some(inner) = trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return Err(bad(
            0,
            "a component's arguments go between `{` and `}` at the end of its line",
            "write it like `::product{sku=\"SOCK-1\"}`",
        ));
    };
    let bytes = inner.as_bytes();
    let base = at + 1;
    let mut arguments: Vec<Argument> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_'))
        {
            i += 1;
        }
        if i == key_start {
            let c = inner[i..].chars().next().unwrap_or(' ');
            return Err(error(
                base + i..base + i + c.len_utf8(),
                format!("`{c}` cannot start an argument"),
                Some("write arguments as key=\"value\", separated by spaces".into()),
            ));
        }
        let key = &inner[key_start..i];
        let key_span = base + key_start..base + i;
        if bytes.get(i) != Some(&b'=') {
            arguments.push(Argument {
                key: key.to_string(),
                key_span: key_span.clone(),
                value: None,
                value_span: key_span,
            });
            continue;
        }
        i += 1;
        let (value, value_span) = match bytes.get(i) {
            Some(&quote) if quote == b'"' || quote == b'\'' => {
                let Some(length) = inner[i + 1..].find(quote as char) else {
                    return Err(error(
                        base + i..base + inner.len(),
                        format!("the value of `{key}` has no closing {}", quote as char),
                        Some(format!("end the value with {}", quote as char)),
                    ));
                };
                let value = &inner[i + 1..i + 1 + length];
                let span = base + i..base + i + length + 2;
                i += length + 2;
                (value, span)
            }
            Some(&quote) if !quote.is_ascii() => {
                let c = inner[i..].chars().next().unwrap_or(' ');
                return Err(error(
                    base + i..base + i + c.len_utf8(),
                    format!("the value of `{key}` starts with `{c}`, a typographic quote"),
                    Some(format!("use straight quotes: {key}=\"...\"")),
                ));
            }
            _ => {
                let length = inner[i..]
                    .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
                    .unwrap_or(inner.len() - i);
                let value = &inner[i..i + length];
                let span = base + i..base + i + length;
                i += length;
                (value, span)
            }
        };
        if arguments.iter().any(|a| a.key == key) {
            return Err(error(
                key_span,
                format!("`{key}` is given twice"),
                Some("keep one of them".into()),
            ));
        }
        arguments.push(Argument {
            key: key.to_string(),
            key_span,
            value: Some(value.to_string()),
            value_span,
        });
    }
    Ok(arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_become_markers_and_spans_map_back() {
        let body =
            "Intro\n\n:::callout{kind=\"tip\"}\nWash *cold*.\n:::\n\n::product{sku=SOCK-1}\n";
        let prepared = prepare(body).unwrap();
        assert!(prepared.problems.is_empty(), "{:?}", prepared.problems);
        assert_eq!(prepared.directives.len(), 2);
        let callout = &prepared.directives[0];
        assert!(callout.container);
        assert_eq!(&body[callout.name_span.clone()], "callout");
        assert_eq!(callout.arguments[0].value.as_deref(), Some("tip"));
        assert_eq!(&body[callout.arguments[0].value_span.clone()], "\"tip\"");
        let product = &prepared.directives[1];
        assert_eq!(&body[product.arguments[0].value_span.clone()], "SOCK-1");
        assert!(
            prepared
                .text
                .contains("<!--guildhall:open 0-->\nWash *cold*.\n<!--guildhall:close 0-->\n")
        );
        let wash = prepared.text.find("Wash").unwrap();
        assert_eq!(prepared.map.offset(wash), body.find("Wash").unwrap());
        let end = prepared.text.len();
        assert_eq!(prepared.map.offset(end), body.len());
    }

    #[test]
    fn nesting_takes_more_colons_outside_and_code_is_left_alone() {
        let body = "::::steps\n:::callout\nA\n:::\n::::\n\n```\n::product{sku=X}\n```\n";
        let prepared = prepare(body).unwrap();
        assert!(prepared.problems.is_empty(), "{:?}", prepared.problems);
        assert_eq!(prepared.directives.len(), 2);
        assert!(
            prepared
                .text
                .contains("<!--guildhall:close 1-->\n<!--guildhall:close 0-->")
        );
        assert!(prepared.text.contains("```\n::product{sku=X}\n```"));
    }

    #[test]
    fn mistakes_are_problems_at_their_spans() {
        let body = ":::callout\nA\n\n::product{sku=“X”}\n:::\n:::\n::figure{src=\"a.png\n";
        let prepared = prepare(body).unwrap();
        let messages: Vec<_> = prepared
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("typographic quote"));
        assert!(messages[1].contains("closes no component"));
        assert!(messages[2].contains("between `{` and `}`"), "{messages:?}");
        assert_eq!(&body[prepared.problems[0].span.clone()], "“");
    }

    #[test]
    fn text_that_only_looks_like_a_directive_stays() {
        assert!(prepare("No colons here.\n").is_none());
        let prepared = prepare(":: not one\n::\n::note to self\n").unwrap();
        assert!(prepared.directives.is_empty());
        assert_eq!(prepared.text, ":: not one\n::\n::note to self\n");
    }
}
