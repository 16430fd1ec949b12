//! What the FAQ pipeline is worth on labelled support data: clustering quality, matching precision,
//! report honesty, and search relevance with and without the export.
//!
//!     cargo bench --bench faq-quality                  # both shared data sets
//!     cargo bench --bench faq-quality -- clinc150      # one of them
//!
//! The data sets are read from `../shared/data` beside the checkout (GUILDHALL_SHARED_DATA to
//! point elsewhere); they are not copied into the repository. For each one the benchmark writes a
//! throwaway hub under `target/bench-faq/`: one FAQ entry per label, titled from the label's name
//! only ("card_declined" → "Card declined?"), with the same neutral body, and the export rows as
//! `data/support/export.csv`. It prints:
//! - clustering: clusters, purity, AMI, ARI against the labels (labels are never an input);
//! - matching: of the rows in clusters attached to an entry, the share whose label is the entry's
//!   (precision), the same for the rows the report counts as answered, the share of all rows in
//!   clusters attached to their own entry (the true coverage) and of those counted, and the coverage
//!   the report claims, and the clusters' precision at other confidences (GUILDHALL_MATCH sets the
//!   hub's `[faq] match_threshold`);
//! - search: the held-out questions run through the real client (`faq_search.mjs` under Node) on
//!   the built index, top-1 and top-3 (the right entry first, or among the first three), with the
//!   export and without it.
//!
//! CLINC150: the `train` split (out-of-scope rows left out) is the export and `test` the queries.
//! The support sample has no split: every fifth row is held out as a query, the rest is the export.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use guildhall::cmd::build::{self, CompileOptions};

#[path = "common/scores.rs"]
mod scores;

use scores::Scores;

struct DataSet {
    name: &'static str,
    file: &'static str,
    question: &'static str,
    topic: Option<&'static str>,
}

const DATA_SETS: &[DataSet] = &[
    DataSet {
        name: "support",
        file: "support/bitext-customer-support-sample.csv",
        question: "instruction",
        topic: Some("category"),
    },
    DataSet {
        name: "clinc150",
        file: "clinc150/clinc150.csv",
        question: "text",
        topic: None,
    },
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    // `../shared/data` beside the main checkout; worktrees sit one level deeper.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("GUILDHALL_SHARED_DATA").map_or_else(
        || {
            ["../shared/data", "../../shared/data"]
                .iter()
                .map(|p| manifest.join(p))
                .find(|p| p.is_dir())
                .unwrap_or_else(|| manifest.join("../shared/data"))
        },
        PathBuf::from,
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-faq");
    for set in DATA_SETS {
        if !args.is_empty() && !args.iter().any(|a| a == set.name) {
            continue;
        }
        let path = shared.join(set.file);
        if !path.is_file() {
            eprintln!("{} is missing; skipping {}", path.display(), set.name);
            continue;
        }
        run(set, &path, &root.join(set.name));
    }
}

struct Row {
    question: String,
    label: String,
    topic: String,
}

/// The export rows and the held-out queries of a data set.
fn split(set: &DataSet, path: &Path) -> (Vec<Row>, Vec<Row>) {
    let mut reader = csv::Reader::from_path(path).expect("open the data set");
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let question = column(set.question).expect("the question column");
    let label = column("intent").expect("an intent column");
    let topic = set.topic.and_then(column);
    let split = column("split");
    let (mut export, mut queries) = (Vec::new(), Vec::new());
    for (index, record) in reader.records().enumerate() {
        let record = record.expect("row");
        let row = Row {
            question: record[question].to_string(),
            label: record[label].to_string(),
            topic: topic.map(|t| record[t].to_string()).unwrap_or_default(),
        };
        if row.label == "oos" {
            continue;
        }
        match split.map(|s| &record[s]) {
            Some("train") => export.push(row),
            Some("test") => queries.push(row),
            Some(_) => {}
            None if index % 5 == 4 => queries.push(row),
            None => export.push(row),
        }
    }
    (export, queries)
}

fn slug(label: &str) -> String {
    label.to_lowercase().replace(['_', ' '], "-")
}

/// "card_declined" → "Card declined?"
fn title(label: &str) -> String {
    let words = label.to_lowercase().replace('_', " ");
    let mut chars = words.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    format!("{}{}?", first.unwrap_or_default(), chars.as_str())
}

fn write_hub(dir: &Path, set: &DataSet, export: &[Row], labels: &[&str], with_export: bool) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("content/faq")).expect("mkdir");
    std::fs::create_dir_all(dir.join("data/support")).expect("mkdir");
    let mut config =
        String::from("title = \"Bench\"\nbase_url = \"https://bench.example/\"\n\n[faq]\n");
    if let Ok(threshold) = std::env::var("GUILDHALL_MATCH") {
        config.push_str(&format!("match_threshold = {threshold}\n"));
    }
    config.push_str("\n[faq.columns]\nquestion = \"question\"\n");
    if set.topic.is_some() {
        config.push_str("topic = \"topic\"\n");
    }
    std::fs::write(dir.join("guildhall.toml"), config).expect("config");
    for label in labels {
        let text = format!(
            "+++\ntitle = \"{}\"\n+++\n\nOur support team answers this question on this page.\n",
            title(label)
        );
        std::fs::write(dir.join(format!("content/faq/{}.md", slug(label))), text).expect("entry");
    }
    if !with_export {
        return;
    }
    let mut writer =
        csv::Writer::from_path(dir.join("data/support/export.csv")).expect("create export");
    writer.write_record(["question", "topic"]).expect("write");
    for row in export {
        writer
            .write_record([row.question.as_str(), row.topic.as_str()])
            .expect("write");
    }
    writer.flush().expect("flush");
}

fn run(set: &DataSet, path: &Path, dir: &Path) {
    let (export, queries) = split(set, path);
    let mut labels: Vec<&str> = export.iter().map(|r| r.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    println!(
        "\n== {}: {} export rows, {} labels, {} queries ==",
        set.name,
        export.len(),
        labels.len(),
        queries.len()
    );
    let with_dir = dir.join("with");
    write_hub(&with_dir, set, &export, &labels, true);
    let start = Instant::now();
    let compiled = build::compile(&CompileOptions {
        root: with_dir.clone(),
        base_url: None,
        drafts: false,
        now: Some("2026-01-01".to_string()),
        cache: None,
        no_cache: false,
    })
    .expect("compile");
    let seconds = start.elapsed().as_secs_f64();
    let site = compiled.site.expect("the site");
    let faq = &site.faq;
    // Line 1 is the header, so the row at line L is export[L - 2].
    let label_of_line = |line: u64| export[(line - 2) as usize].label.as_str();
    let entry_label: Vec<String> = faq
        .entries
        .iter()
        .map(|e| {
            let url = &site.pages[e.page].url;
            url.trim_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let mut truth = Vec::new();
    let mut predicted = Vec::new();
    let (mut attached, mut attached_right) = (0u64, 0u64);
    let (mut counted, mut counted_right) = (0u64, 0u64);
    for (c, cluster) in faq.clusters.iter().enumerate() {
        for (&(_, line), &counts) in cluster.members.iter().zip(&cluster.counted) {
            let label = label_of_line(line);
            truth.push(label);
            predicted.push(c);
            if let Some((e, _)) = cluster.answered_by {
                let right = slug(label) == entry_label[e];
                attached += 1;
                attached_right += u64::from(right);
                counted += u64::from(counts);
                counted_right += u64::from(counts && right);
            }
        }
    }
    let clustered = truth.len();
    // Rows the clustering left out each count as a cluster of their own.
    let mut next = faq.clusters.len();
    let mut seen: HashMap<u64, ()> = HashMap::new();
    for cluster in &faq.clusters {
        for &(_, line) in &cluster.members {
            seen.insert(line, ());
        }
    }
    for (index, row) in export.iter().enumerate() {
        if !seen.contains_key(&(index as u64 + 2)) {
            truth.push(row.label.as_str());
            predicted.push(next);
            next += 1;
        }
    }
    let scores = Scores::of(&truth, &predicted);
    let singletons = faq.clusters.iter().filter(|c| c.members.len() == 1).count();
    let rows = export.len() as f64;
    println!("clustering ({seconds:.2} s to load, cluster, match and render)");
    println!(
        "  clusters {}  (one-row: {singletons}; rows left out: {})",
        faq.clusters.len(),
        export.len() - clustered
    );
    println!(
        "  purity {:.3}  AMI {:.3}  ARI {:.3}",
        scores.purity, scores.ami, scores.ari
    );
    println!("matching");
    println!(
        "  precision {:.3}  ({attached_right} of {attached} attached rows reach their own entry)",
        if attached == 0 {
            0.0
        } else {
            attached_right as f64 / attached as f64
        }
    );
    println!(
        "  rows counted as answered: precision {:.3}  ({counted_right} of {counted})",
        counted_right as f64 / counted.max(1) as f64
    );
    println!(
        "  true coverage {:.1}% (rows counted that reach their own entry: {:.1}%)  reported coverage {:.1}%",
        100.0 * attached_right as f64 / rows,
        100.0 * counted_right as f64 / rows,
        100.0 * faq.covered_volume as f64 / faq.total_volume.max(1) as f64
    );
    // What other thresholds would give: the confidence is kept for every cluster.
    for threshold in [0.05f32, 0.1, 0.15, 0.2, 0.3] {
        let (mut attached, mut right) = (0u64, 0u64);
        for cluster in &faq.clusters {
            let Some((e, confidence)) = cluster.nearest else {
                continue;
            };
            if confidence < threshold {
                continue;
            }
            for &(_, line) in &cluster.members {
                attached += 1;
                right += u64::from(slug(label_of_line(line)) == entry_label[e]);
            }
        }
        println!(
            "  clusters at confidence >= {threshold:.2}: precision {:.3}, true coverage {:.1}%",
            right as f64 / attached.max(1) as f64,
            100.0 * right as f64 / rows,
        );
    }
    let answering = faq
        .entries
        .iter()
        .filter(|e| !e.clusters.is_empty())
        .count();
    println!(
        "  entries answering a cluster {answering} of {}",
        faq.entries.len()
    );

    let with_out = dir.join("with-out");
    build_output(&with_dir, &with_out);
    let without_dir = dir.join("without");
    write_hub(&without_dir, set, &[], &labels, false);
    let without_out = dir.join("without-out");
    build_output(&without_dir, &without_out);
    let queries_file = dir.join("queries.json");
    let texts: Vec<&str> = queries.iter().map(|q| q.question.as_str()).collect();
    std::fs::write(&queries_file, serde_json::to_string(&texts).expect("json")).expect("write");
    let expected: Vec<String> = queries
        .iter()
        .map(|q| format!("/faq/{}/", slug(&q.label)))
        .collect();
    let with = search(&with_out, &queries_file);
    let without = search(&without_out, &queries_file);
    let (with_1, with_3) = top(&with, &expected);
    let (without_1, without_3) = top(&without, &expected);
    let better = with
        .iter()
        .zip(&without)
        .zip(&expected)
        .filter(|((w, o), e)| rank(w, e) < rank(o, e))
        .count();
    let worse = with
        .iter()
        .zip(&without)
        .zip(&expected)
        .filter(|((w, o), e)| rank(w, e) > rank(o, e))
        .count();
    println!("search ({} queries through the real client)", queries.len());
    println!("  without the export  top-1 {without_1:.3}  top-3 {without_3:.3}");
    println!("  with the export     top-1 {with_1:.3}  top-3 {with_3:.3}");
    println!("  with vs without     {better} queries rank the right entry higher, {worse} lower");
}

fn build_output(dir: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args(["build", "--now", "2026-01-01", "--root"])
        .arg(dir)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run guildhall build");
    assert!(
        status.success(),
        "guildhall build failed in {}",
        dir.display()
    );
}

fn search(out: &Path, queries: &Path) -> Vec<Vec<String>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bench/faq_search.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(out)
        .arg(queries)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("results")
}

fn rank(results: &[String], expected: &str) -> usize {
    results
        .iter()
        .position(|u| u == expected)
        .unwrap_or(usize::MAX)
}

fn top(results: &[Vec<String>], expected: &[String]) -> (f64, f64) {
    let n = expected.len().max(1) as f64;
    let first = results
        .iter()
        .zip(expected)
        .filter(|(r, e)| rank(r, e) == 0)
        .count();
    let three = results
        .iter()
        .zip(expected)
        .filter(|(r, e)| rank(r, e) < 3)
        .count();
    (first as f64 / n, three as f64 / n)
}
