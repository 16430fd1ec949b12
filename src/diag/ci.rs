//! The formats CI hosts read: GitHub's workflow commands, which annotate the lines of a pull
//! request, and GitLab's code quality report, which the merge request widget shows.
//!
//! GitHub: one `::error file=PATH,line=N,col=N,title=TITLE::MESSAGE` line per problem on standard
//! output, escaped as the Actions toolkit escapes them (`%`, CR and LF everywhere; `:` and `,`
//! inside properties too). GitLab: a JSON array of issues with `description`, `check_name`,
//! `fingerprint`, `severity`, `location.path` and `location.lines.begin`, as GitLab documents its
//! code quality report; fingerprints are stable across runs, so GitLab can tell new problems from
//! fixed ones.

use std::fmt::Write as _;

use super::{Diagnostic, Severity, display_path};

/// The title GitHub shows above each annotation.
const TITLE: &str = "guildhall";

/// The name GitLab groups the report's issues under.
const CHECK_NAME: &str = "guildhall";

/// One workflow command per diagnostic, each on its own line.
pub(super) fn github(diagnostics: &[&Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![("file", display_path(&diagnostic.path))];
        if let Some(location) = &diagnostic.location {
            properties.push(("line", location.line.to_string()));
            properties.push(("col", location.column.to_string()));
        }
        properties.push(("title", TITLE.to_string()));
        let properties: Vec<String> = properties
            .iter()
            .map(|(name, value)| format!("{name}={}", escape_property(value)))
            .collect();
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message(diagnostic))
        );
    }
    out
}

/// The message with its hint, as one text.
fn message(diagnostic: &Diagnostic) -> String {
    match &diagnostic.hint {
        Some(hint) => format!("{}\nhint: {hint}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

/// The message of a workflow command: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property of a workflow command: like the message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The code quality report: a JSON array, one issue per diagnostic, pretty-printed.
pub(super) fn gitlab(diagnostics: &[&Diagnostic]) -> String {
    let mut seen = std::collections::HashSet::new();
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            let path = display_path(&diagnostic.path);
            let (line, column) = diagnostic
                .location
                .as_ref()
                .map_or((1, 1), |l| (l.line.max(1), l.column.max(1)));
            // The same problem at the same place is one issue; GitLab keeps only one issue per
            // fingerprint, so two problems never share one.
            let mut key = format!("{path}\0{line}\0{column}\0{}", diagnostic.message);
            while !seen.insert(fingerprint(&key)) {
                key.push('\0');
            }
            serde_json::json!({
                "type": "issue",
                "description": message(diagnostic).replace('\n', " "),
                "check_name": CHECK_NAME,
                "fingerprint": fingerprint(&key),
                "severity": match diagnostic.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {
                    "path": path,
                    "lines": { "begin": line },
                    "positions": { "begin": { "line": line, "column": column } },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// A stable hex fingerprint of `key` (the same in every release, unlike the standard hasher).
fn fingerprint(key: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_the_toolkit_escapes() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("content/a,b:c.md"), "content/a%2Cb%3Ac.md");
    }

    #[test]
    fn a_diagnostic_becomes_one_annotation_line() {
        let text = "+++\ntitle = 1\n+++\n";
        let diagnostic = Diagnostic::error("content/guides/a, b.md", text, 12..13, "50% wrong")
            .with_hint("write \"a string\"");
        let out = github(&[&diagnostic]);
        assert_eq!(
            out,
            "::error file=content/guides/a%2C b.md,line=2,col=9,title=guildhall::50%25 wrong%0Ahint: write \"a string\"\n"
        );
    }
}
