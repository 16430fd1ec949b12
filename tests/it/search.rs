//! Search: the index the build writes, queried through the real browser client under Node
//! (`tests/browser/query.mjs` imports `themes/default/static/guildhall-search.js`).
//!
//! These need Node.js (`.ci/install-deps` installs it); they do not need Chromium.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::{TempSite, repo_root, snapshot_tree};

/// Runs `tests/browser/query.mjs` with `args`, feeding `input` as JSON.
fn node(args: &[&str], input: &Value) -> Value {
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/browser/query.mjs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (install it with .ci/install-deps)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "query.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("query.mjs prints JSON")
}

/// Runs queries (each `q`, or `{q, options}`) on a built site; one answer per query.
fn search(public: &Path, queries: &[Value]) -> Vec<Value> {
    let input: Vec<Value> = queries
        .iter()
        .map(|q| match q {
            Value::String(text) => json!({"q": text}),
            other => other.clone(),
        })
        .collect();
    let answer = node(&[public.to_str().unwrap()], &Value::Array(input));
    answer.as_array().unwrap().clone()
}

fn urls(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect()
}

fn first_url(answer: &Value) -> String {
    urls(answer).into_iter().next().unwrap_or_default()
}

#[test]
fn the_client_analyzer_agrees_with_the_index_on_every_word() {
    // Support questions and every page of the demo hub and examples: the client must turn text into
    // exactly the terms the build indexed, or a word on a page could never be found.
    let mut texts: Vec<String> = Vec::new();
    let mut reader =
        csv::Reader::from_path(repo_root().join("tests/data/support/bitext-customer-support-sample.csv"))
            .unwrap();
    for record in reader.records() {
        texts.extend(record.unwrap().iter().map(str::to_string));
    }
    for (path, bytes) in snapshot_tree(&repo_root().join("content"))
        .into_iter()
        .chain(snapshot_tree(&repo_root().join("examples")))
    {
        if path.ends_with(".md") {
            texts.push(String::from_utf8(bytes).unwrap());
        }
    }
    texts.push(
        "Crème brûlée naïve façade ÉCOLE Ægir straße İstanbul ΣΊΣΥΦΟΣ knitter's rock'n'roll 'tis ''x \
         generously communication arsenal skies dying ugly yyy ayyy sayyid cry by happy happiness \
         hopefully relational conditional valenci hesitanci digitizer operator feudalism sensitiviti \
         hopeful goodness formative formalize electriciti electrical hopefulness adoption \
         controlled rolling hopping filing agreed feed bleed inning outing proceed succeeded"
            .to_string(),
    );
    let analyzer = guildhall::search::text::Analyzer::new("en");
    let client = node(&["--analyze"], &json!(texts));
    let mut mismatches = Vec::new();
    for (text, terms) in texts.iter().zip(client.as_array().unwrap()) {
        let expected = analyzer.terms(text);
        let got: Vec<String> = serde_json::from_value(terms.clone()).unwrap();
        if expected != got {
            let first = expected
                .iter()
                .zip(&got)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("index `{a}`, client `{b}`"))
                .unwrap_or_else(|| format!("{} terms vs {}", expected.len(), got.len()));
            mismatches.push(first);
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} texts differ, for example: {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(10)]
    );
}
