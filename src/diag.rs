//! Diagnostics: the problems an editor can fix in the content, reported at `path:line:col`.
//!
//! Operational failures (a disk that cannot be written, a port in use) are `anyhow` errors and never pass
//! through here. Everything an editor did wrong in a file is a [`Diagnostic`] built from a byte span of
//! that file, so the line and column are computed in one place, the same way for every kind of input.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod ci;
mod group;

/// How bad a problem is: errors fail the build (exit code 1), warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (in characters), plus the text of that line and the
/// width of the marked stretch on it, for the caret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub line_text: String,
    #[serde(skip)]
    pub width: usize,
    /// Where the marked stretch starts in `line_text` (1-based, in characters): the column,
    /// unless the line was too long to show whole.
    #[serde(skip)]
    pub caret: usize,
}

/// The most characters of a source line shown under a problem: a line of 4,000 broken links gives
/// 4,000 problems, and each repeating the whole line would make the report quadratic.
const SHOWN_LINE: usize = 160;
/// How many characters before the marked stretch a shortened line keeps.
const SHOWN_BEFORE: usize = 60;

impl Location {
    /// Locates the byte range `span` of `text`. Offsets past the end are clamped; offsets inside a
    /// multi-byte character are moved back to its start, so any span is safe.
    pub fn from_span(text: &str, span: Range<usize>) -> Location {
        LineIndex::new(text).locate(span)
    }
}

/// The part of `line` shown under a problem starting at byte `at` of it (character `column`), and
/// where the problem falls in it. Looks at no more than the shown window, so a problem on a long
/// line costs the same as one on a short line.
fn shown_line(line: &str, at: usize, column: usize) -> (String, usize) {
    if line.len() <= SHOWN_LINE {
        return (line.to_string(), column);
    }
    let from = line[..at]
        .char_indices()
        .rev()
        .nth(SHOWN_BEFORE - 1)
        .map_or(0, |(index, _)| index);
    let mut shown = String::with_capacity(SHOWN_LINE * 4 + 8);
    let mut caret = line[from..at].chars().count() + 1;
    if from > 0 {
        shown.push('…');
        caret += 1;
    }
    let mut characters = line[from..].chars();
    shown.extend(characters.by_ref().take(SHOWN_LINE));
    if characters.next().is_some() {
        shown.push('…');
    }
    (shown, caret)
}

/// Where the lines of a text start, to place many problems in one file in linear time: problems in
/// order along a line count the characters from the previous one, not from the line's start.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's start.
    starts: Vec<usize>,
    /// The last place located: its byte offset and column.
    last: std::cell::Cell<(usize, usize)>,
    /// Bytes looked at to place problems, for the tests that keep this linear.
    scanned: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
            scanned: std::cell::Cell::new(text.len()),
        }
    }

    /// The same as [`Location::from_span`].
    pub fn locate(&self, span: Range<usize>) -> Location {
        let text = self.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let line_end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let (last_byte, last_column) = self.last.get();
        let (from, column_from) = if (line_start..=start).contains(&last_byte) {
            (last_byte, last_column)
        } else {
            (line_start, 1)
        };
        let column = column_from + text[from..start].chars().count();
        self.last.set((start, column));
        let full_line = text[line_start..line_end].trim_end_matches('\r');
        let at = (start - line_start).min(full_line.len());
        let marked_end = end.min(line_start + full_line.len()).max(start);
        let width = text[start..marked_end]
            .chars()
            .take(SHOWN_LINE)
            .count()
            .max(1);
        let (line_text, caret) = shown_line(full_line, at, column);
        let looked_at = (start - from) + line_text.len() + SHOWN_BEFORE * 4 + SHOWN_LINE * 4;
        self.scanned.set(self.scanned.get() + looked_at);
        Location {
            line,
            column,
            line_text,
            width,
            caret,
        }
    }

    /// How many bytes placing problems has looked at so far.
    pub fn scanned(&self) -> usize {
        self.scanned.get()
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible (that is what editors see in their tree).
    pub path: PathBuf,
    pub location: Option<Box<Location>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at byte range `span` of the file `path` whose full text is `text`.
    pub fn error(
        path: impl Into<PathBuf>,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(
            Severity::Error,
            path,
            Some(Location::from_span(text, span)),
            message,
        )
    }

    /// A warning at byte range `span` of `text`.
    pub fn warning(
        path: impl Into<PathBuf>,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(
            Severity::Warning,
            path,
            Some(Location::from_span(text, span)),
            message,
        )
    }

    /// A problem on line `line` of a file whose text must not be quoted (a support export written by
    /// customers): the position is given, the line itself is never shown.
    pub fn at_line(
        severity: Severity,
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        let location = Location {
            line: line.max(1),
            column: 1,
            line_text: String::new(),
            width: 0,
            caret: 1,
        };
        Self::new(severity, path, Some(location), message)
    }

    /// A problem at a place found with a [`LineIndex`] (many problems in one file).
    pub fn located(
        severity: Severity,
        path: impl Into<PathBuf>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Self::new(severity, path, Some(location), message)
    }

    /// An error about a whole file, with no line to point at (an unreadable file, say).
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, None, message)
    }

    /// A warning about a whole file (a picture too large, say).
    pub fn file_warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, None, message)
    }

    fn new(
        severity: Severity,
        path: impl Into<PathBuf>,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            location: location.map(Box::new),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint: what the editor can do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn position(&self) -> String {
        let path = display_path(&self.path);
        match &self.location {
            Some(location) => format!("{path}:{}:{}", location.line, location.column),
            None => path,
        }
    }

    /// One line: `path:line:col: error: message (hint: ...)`, for editors and CI annotations.
    pub fn render_short(&self) -> String {
        let mut out = format!(
            "{}: {}: {}",
            self.position(),
            self.severity.label(),
            self.message
        );
        if let Some(hint) = &self.hint {
            let _ = write!(out, " (hint: {hint})");
        }
        out
    }

    /// The human format: the message, the position, the line with a caret under the spot, the hint.
    pub fn render_human(&self) -> String {
        let mut out = format!("{}: {}\n", self.severity.label(), self.message);
        let _ = writeln!(out, "  --> {}", self.position());
        if let Some(location) = self.location.as_ref().filter(|l| l.width > 0) {
            let number = location.line.to_string();
            let gutter = " ".repeat(number.len());
            let text = location.line_text.replace('\t', " ");
            let indent = " ".repeat(location.caret.saturating_sub(1));
            let carets = "^".repeat(location.width);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {text}");
            let _ = writeln!(out, "{gutter} | {indent}{carets}");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }

    fn sort_key(&self) -> (PathBuf, usize, usize, Severity, String) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (
            self.path.clone(),
            line,
            column,
            self.severity,
            self.message.clone(),
        )
    }
}

/// Paths are shown with forward slashes on every platform, as editors write them in links.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The message, the line and a caret under the spot, and a hint.
    #[default]
    Human,
    /// One line each: `path:line:col: error: message`.
    Short,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`), on standard output, which annotate
    /// the lines of a pull request.
    Github,
    /// A GitLab code quality report (a JSON array), on standard output or in `--report FILE`.
    Gitlab,
}

impl Format {
    /// Whether the diagnostics go to standard output, for the CI host to read, instead of stderr.
    pub fn for_ci_host(self) -> bool {
        matches!(self, Format::Github | Format::Gitlab)
    }
}

/// Every diagnostic of a run, collected so that one bad file never hides the problems in the others.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in a stable order: by file, then position.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_cached_key(|d| d.sort_key());
        items.dedup();
        items
    }

    /// Renders the diagnostics in `format`, in a stable order. The human and short formats show
    /// the first few warnings of each kind and count the rest; JSON lists every one.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Github => return ci::github(&self.sorted()),
            Format::Gitlab => return ci::gitlab(&self.sorted()),
            _ => {}
        }
        let mut out = String::new();
        let sorted = self.sorted();
        let plan = match format {
            Format::Json | Format::Github | Format::Gitlab => vec![Some(0); sorted.len()],
            Format::Human | Format::Short => group::plan(&sorted),
        };
        for (diagnostic, shown) in sorted.into_iter().zip(plan) {
            let Some(more) = shown else {
                continue;
            };
            match format {
                Format::Github | Format::Gitlab => {}
                Format::Human => out.push_str(&diagnostic.render_human()),
                Format::Short => out.push_str(&(diagnostic.render_short() + "\n")),
                Format::Json => out.push_str(&(render_json(diagnostic) + "\n")),
            }
            if more > 0 {
                let _ = writeln!(out, "{}", more_line(format, more));
            }
            if format == Format::Human {
                out.push('\n');
            }
        }
        out
    }
}

/// The line after the last shown warning of a kind: how many more there are.
fn more_line(format: Format, more: usize) -> String {
    let plural = if more == 1 { "" } else { "s" };
    let what =
        format!("and {more} more warning{plural} of this kind (`--format json` lists every one)");
    match format {
        Format::Human => format!("  = {what}"),
        _ => format!("note: {what}"),
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

fn render_json(diagnostic: &Diagnostic) -> String {
    let value = serde_json::json!({
        "severity": diagnostic.severity,
        "path": display_path(&diagnostic.path),
        "line": diagnostic.location.as_ref().map(|l| l.line),
        "column": diagnostic.location.as_ref().map(|l| l.column),
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    });
    value.to_string()
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Edit distance over characters, counting a swap of two neighbours as one edit (the optimal string
/// alignment distance), since swapped letters are the commonest typo.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for (i, row) in table.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in table.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[a.len() * width + b.len()]
}

/// The text of a file, or a diagnostic at the first byte that is not UTF-8.
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        // The valid part is text: the position is where it ends.
        let before = String::from_utf8_lossy(&bytes[..valid]);
        Diagnostic::error(
            path,
            &before,
            before.len()..before.len(),
            format!("the file is not valid UTF-8 text (byte {valid} is not)"),
        )
        .with_hint("save it with the UTF-8 encoding in your editor")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn many_problems_on_one_long_line_cost_linear_work_and_output() {
        let line = |count: usize| {
            (0..count)
                .map(|n| format!("[x{n}](missing{n}.md)"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut costs = Vec::new();
        for count in [2_000, 8_000] {
            let text = line(count);
            let index = LineIndex::new(&text);
            let mut shown = 0;
            for (start, _) in text.match_indices('[') {
                let location = index.locate(start..start + 3);
                assert_eq!(location.line, 1);
                assert_eq!(
                    &location.line_text.chars().nth(location.caret - 1),
                    &Some('[')
                );
                shown += location.line_text.len();
            }
            costs.push((index.scanned(), shown));
        }
        // Four times the problems: about four times the work and the report, never sixteen.
        assert!(costs[1].0 < 5 * costs[0].0, "{costs:?}");
        assert!(costs[1].1 < 5 * costs[0].1, "{costs:?}");
    }

    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "first\nsécond line\nthird";
        let offset = text.find("line").unwrap();
        let location = Location::from_span(text, offset..offset + 4);
        assert_eq!((location.line, location.column, location.width), (2, 8, 4));
        assert_eq!(location.line_text, "sécond line");
    }

    #[test]
    fn location_survives_spans_out_of_range_or_inside_a_character() {
        let text = "é";
        let location = Location::from_span(text, 1..99);
        assert_eq!((location.line, location.column), (1, 1));
        let location = Location::from_span("", std::ops::Range { start: 5, end: 3 });
        assert_eq!((location.line, location.column), (1, 1));
    }

    #[test]
    fn short_format_is_one_line_with_position() {
        let d = Diagnostic::error("content/a.md", "a\nbc", 3..4, "bad").with_hint("fix it");
        assert_eq!(
            d.render_short(),
            "content/a.md:2:2: error: bad (hint: fix it)"
        );
    }

    #[test]
    fn human_format_puts_a_caret_under_the_column() {
        let d = Diagnostic::error("a.md", "title = 3", 8..9, "wrong type");
        let rendered = d.render_human();
        assert!(rendered.contains("--> a.md:1:9"), "{rendered}");
        assert!(
            rendered.contains("1 | title = 3\n  |         ^\n"),
            "{rendered}"
        );
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("colour", ["title", "summary"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
