//! Reading the helpdesk's CSV exports.
//!
//! `[faq] exports` globs pick the files; `[faq.columns]` says which column holds the question and,
//! optionally, a topic, a count, a date and the agent's answer. Every text field is redacted the
//! moment it is read ([`Redactor`]); the raw text never leaves this module. A row that cannot be read
//! is a warning at `file:line` and the other rows still count; a mapped column that the file does not
//! have is an error at the file's header line.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSetBuilder};
use rayon::prelude::*;
use toml::Spanned;

use super::redact::Redactor;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Diagnostics, Severity, did_you_mean};

/// One question of an export, redacted.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Row {
    pub question: String,
    pub count: u32,
    pub topic: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub answer: Option<String>,
    /// Index into [`Exports::files`].
    pub file: usize,
    /// The line the row starts on (1-based; the header is line 1).
    pub line: u64,
}

/// Every row of every export, in file order then row order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Exports {
    /// Site-relative paths of the files read, sorted.
    pub files: Vec<String>,
    pub rows: Vec<Row>,
}

/// Loads the exports named by `[faq] exports`. Problems in the files are diagnostics; only I/O
/// failures outside the files (an unreadable folder) are errors.
pub fn load(root: &Path, config: &Config, redactor: &Redactor) -> (Exports, Diagnostics) {
    parse(read(root, config), config, redactor)
}

/// The exports' files as read, before their rows are: the build cache hashes these bytes to know
/// whether the rows it keeps are still right, and the same bytes are parsed when they are not.
pub struct Sources {
    /// Site-relative paths, sorted, with their bytes or the reason they cannot be read.
    files: Vec<(String, std::io::Result<Vec<u8>>)>,
    /// Problems with the patterns of `[faq] exports`.
    diagnostics: Diagnostics,
}

impl Sources {
    /// Each file's path and bytes; `None` when a pattern is broken or a file cannot be read (the
    /// rows then report it).
    pub fn readable(&self) -> Option<Vec<(&str, &[u8])>> {
        if !self.diagnostics.is_empty() {
            return None;
        }
        self.files
            .iter()
            .map(|(rel, bytes)| Some((rel.as_str(), bytes.as_deref().ok()?)))
            .collect()
    }
}

/// Reads the files `[faq] exports` names.
pub fn read(root: &Path, config: &Config) -> Sources {
    let mut diagnostics = Diagnostics::new();
    let files = matching_files(root, config, &mut diagnostics)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel));
            (rel, bytes)
        })
        .collect();
    Sources { files, diagnostics }
}

/// The rows of the exports read, redacted, and the problems found in them.
pub fn parse(sources: Sources, config: &Config, redactor: &Redactor) -> (Exports, Diagnostics) {
    let Sources {
        files,
        mut diagnostics,
    } = sources;
    let mut exports = Exports::default();
    for (index, (rel, bytes)) in files.iter().enumerate() {
        let rows = match bytes {
            Ok(bytes) => read_file(bytes, rel, index, config, redactor, &mut diagnostics),
            Err(e) => {
                diagnostics.push(Diagnostic::file_error(
                    Path::new(rel),
                    format!("cannot read the support export: {e}"),
                ));
                Vec::new()
            }
        };
        exports.rows.extend(rows);
    }
    exports.files = files.into_iter().map(|(rel, _)| rel).collect();
    (exports, diagnostics)
}

fn matching_files(root: &Path, config: &Config, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut files = Vec::new();
    for pattern in &config.site.faq.exports {
        let glob = match Glob::new(pattern.get_ref()) {
            Ok(glob) => glob,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        &config.text,
                        pattern.span(),
                        format!(
                            "`{}` is not a valid file pattern: {}",
                            pattern.get_ref(),
                            e.kind()
                        ),
                    )
                    .with_hint("use a pattern like \"data/support/*.csv\""),
                );
                continue;
            }
        };
        let Ok(set) = GlobSetBuilder::new().add(glob).build() else {
            continue;
        };
        let base = literal_prefix(pattern.get_ref());
        let mut matched = Vec::new();
        let start = root.join(&base);
        if start.is_dir() {
            for entry in walkdir::WalkDir::new(&start)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let Ok(rel) = entry.path().strip_prefix(root) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if set.is_match(&rel) {
                    matched.push(rel);
                }
            }
        } else if start.is_file() && set.is_match(&base) {
            matched.push(base.clone());
        }
        if matched.is_empty() && !is_default(pattern) {
            diagnostics.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    &config.text,
                    pattern.span(),
                    format!("no support export matches `{}`", pattern.get_ref()),
                )
                .with_hint("put the helpdesk's CSV exports there, or fix the pattern"),
            );
        }
        files.extend(matched);
    }
    files.sort();
    files.dedup();
    files
}

fn is_default(pattern: &Spanned<String>) -> bool {
    pattern.span().is_empty()
}

/// The folder part of a glob before its first wildcard: `data/support/*.csv` gives `data/support`.
fn literal_prefix(pattern: &str) -> String {
    let mut parts = Vec::new();
    for part in pattern.split('/') {
        if part.contains(['*', '?', '[', '{']) {
            return parts.join("/");
        }
        parts.push(part);
    }
    pattern.to_string()
}

/// Column positions of the mapped columns in one file.
struct Mapping {
    question: usize,
    topic: Option<usize>,
    count: Option<usize>,
    date: Option<usize>,
    answer: Option<usize>,
}

fn read_file(
    bytes: &[u8],
    rel: &str,
    file: usize,
    config: &Config,
    redactor: &Redactor,
    diagnostics: &mut Diagnostics,
) -> Vec<Row> {
    let path = PathBuf::from(rel);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(headers) => headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>(),
        Err(e) => {
            diagnostics.push(Diagnostic::at_line(
                Severity::Error,
                &path,
                1,
                format!("the header row cannot be read: {}", csv_message(&e)),
            ));
            return Vec::new();
        }
    };
    let columns = &config.site.faq.columns;
    let mut find = |name: &Spanned<String>, role: &str| -> Option<usize> {
        let wanted = name.get_ref();
        let found = headers
            .iter()
            .position(|h| h == wanted)
            .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted)));
        if found.is_none() {
            let hint = did_you_mean(wanted, headers.iter().map(String::as_str)).map_or_else(
                || {
                    format!(
                        "set `[faq.columns] {role}` in guildhall.toml to one of: {}",
                        headers.join(", ")
                    )
                },
                |close| {
                    format!("did you mean `{close}`? set `[faq.columns] {role}` in guildhall.toml")
                },
            );
            diagnostics.push(
                Diagnostic::at_line(
                    Severity::Error,
                    &path,
                    1,
                    format!("the export has no `{wanted}` column for the {role}"),
                )
                .with_hint(hint),
            );
        }
        found
    };
    let Some(question) = find(&columns.question, "question") else {
        return Vec::new();
    };
    let mapping = Mapping {
        question,
        topic: columns.topic.as_ref().and_then(|c| find(c, "topic")),
        count: columns.count.as_ref().and_then(|c| find(c, "count")),
        date: columns.date.as_ref().and_then(|c| find(c, "date")),
        answer: columns.answer.as_ref().and_then(|c| find(c, "answer")),
    };
    // Rows are read in order, then redacted in parallel (redaction is most of the work), and
    // their problems reported in the order of the file.
    let mut read: Vec<Result<(u64, csv::ByteRecord), Diagnostic>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                read.push(Err(Diagnostic::at_line(
                    Severity::Warning,
                    &path,
                    usize::try_from(line).unwrap_or(usize::MAX),
                    format!(
                        "this row cannot be read and is skipped: {}",
                        csv_message(&e)
                    ),
                )
                .with_hint("check the export's quoting; the other rows still count")));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, csv::Position::line);
        read.push(Ok((line, record.clone())));
    }
    let redacted: Vec<_> = read
        .into_par_iter()
        .map(|item| {
            item.map(|(line, record)| (line, read_row(&record, &mapping, headers.len(), redactor)))
        })
        .collect();
    let mut rows = Vec::new();
    for item in redacted {
        match item {
            Err(diagnostic) => diagnostics.push(diagnostic),
            Ok((line, Ok(mut row))) => {
                row.file = file;
                row.line = line;
                if !row.question.trim().is_empty() {
                    rows.push(row);
                }
            }
            Ok((line, Err(message))) => diagnostics.push(
                Diagnostic::at_line(
                    Severity::Warning,
                    &path,
                    usize::try_from(line).unwrap_or(usize::MAX),
                    message,
                )
                .with_hint("fix or remove the row in the export; the other rows still count"),
            ),
        }
    }
    rows
}

fn read_row(
    record: &csv::ByteRecord,
    mapping: &Mapping,
    width: usize,
    redactor: &Redactor,
) -> Result<Row, String> {
    if record.len() != width {
        return Err(format!(
            "this row has {} fields where the header has {width}; it is skipped",
            record.len()
        ));
    }
    let text = |index: usize, role: &str| -> Result<&str, String> {
        let bytes = record.get(index).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map_err(|_| format!("the {role} is not valid UTF-8 text; the row is skipped"))
    };
    let question = redactor.redact(text(mapping.question, "question")?.trim());
    let count = match mapping.count {
        Some(index) => {
            let raw = text(index, "count")?.trim();
            if raw.is_empty() {
                1
            } else {
                raw.parse::<u32>().map_err(|_| {
                    "the count is not a whole number; the row is skipped".to_string()
                })?
            }
        }
        None => 1,
    };
    let date = match mapping.date {
        Some(index) => {
            let raw = text(index, "date")?.trim();
            if raw.is_empty() {
                None
            } else {
                Some(parse_date(raw).ok_or_else(|| {
                    "the date is not a date like 2026-03-01; the row is skipped".to_string()
                })?)
            }
        }
        None => None,
    };
    let topic = match mapping.topic {
        Some(index) => {
            Some(redactor.redact(text(index, "topic")?.trim())).filter(|t| !t.is_empty())
        }
        None => None,
    };
    let answer = match mapping.answer {
        Some(index) => {
            Some(redactor.redact(text(index, "answer")?.trim())).filter(|t| !t.is_empty())
        }
        None => None,
    };
    Ok(Row {
        question,
        count,
        topic,
        date,
        answer,
        file: 0,
        line: 0,
    })
}

/// A date at the start of `raw`: `2026-03-01`, `2026-03-01 14:02`, `2026-03-01T14:02:00Z`.
fn parse_date(raw: &str) -> Option<jiff::civil::Date> {
    let head = raw.get(..10)?;
    head.parse().ok()
}

fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not valid UTF-8 text".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("it has {len} fields where the header has {expected_len}"),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => "it is not valid CSV".to_string(),
    }
}
