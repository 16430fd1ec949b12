//! Clustering quality and speed on the labelled support sample, and speed at 100,000 rows.
//!
//!     cargo bench --bench faq-cluster              # both
//!     cargo bench --bench faq-cluster -- quality   # the labelled sample only
//!     cargo bench --bench faq-cluster -- scale     # 100,000 rows only
//!
//! The sample is `tests/data/support/bitext-customer-support-sample.csv` (CDLA-Sharing 1.0; set
//! GUILDHALL_SUPPORT_SAMPLE to use another labelled export: a question column `instruction` and a label
//! column `intent`). Quality is reported against the labels as the number of clusters, purity,
//! V-measure, adjusted mutual information (AMI) and adjusted Rand index (ARI), and the share of rows
//! in the k largest clusters (k = number of labels). Labels are only read for scoring, never used by
//! the clustering. Peak memory is the process's high-water mark (VmHWM).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use guildhall::config;
use guildhall::faq::cluster::{self, Question, Settings};
use guildhall::faq::export;
use guildhall::faq::redact::Redactor;

#[path = "common/scores.rs"]
mod scores;

use scores::Scores;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let all = args.is_empty();
    let sample = sample_path();
    if !sample.is_file() {
        eprintln!("the labelled sample {} is missing", sample.display());
        std::process::exit(2);
    }
    if all || args.iter().any(|a| a == "quality") {
        quality(&sample);
    }
    if all || args.iter().any(|a| a == "scale") {
        scale(&sample);
    }
}

fn sample_path() -> PathBuf {
    std::env::var_os("GUILDHALL_SUPPORT_SAMPLE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/support/bitext-customer-support-sample.csv")
        },
        PathBuf::from,
    )
}

/// A throwaway site whose only content is the export, mapped like the sample's columns.
fn site_with_export(csv: &Path) -> (tempfile::TempDir, config::Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("data/support")).expect("mkdir");
    std::fs::copy(csv, dir.path().join("data/support/export.csv")).expect("copy export");
    let text = "title = \"Bench\"\nbase_url = \"https://bench.example/\"\n\n[faq.columns]\nquestion = \"instruction\"\ntopic = \"category\"\n";
    let config = config::parse(text).unwrap_or_else(|_| panic!("bench config"));
    (dir, config)
}

/// Labels by line number of the row.
fn labels(csv: &Path) -> HashMap<u64, String> {
    let mut reader = csv::Reader::from_path(csv).expect("open sample");
    let headers = reader.headers().expect("headers").clone();
    let column = headers
        .iter()
        .position(|h| h == "intent")
        .expect("an intent column");
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record.expect("row");
        let line = record.position().map_or(0, |p| p.line());
        out.insert(line, record.get(column).unwrap_or_default().to_string());
    }
    out
}

fn run(site: &Path, config: &config::Config) -> (usize, Vec<Option<usize>>, Vec<u64>, f64) {
    let start = Instant::now();
    let redactor = Redactor::new(&[]).expect("redactor");
    let (exports, diagnostics) = export::load(site, config, &redactor);
    assert!(
        !diagnostics.has_errors(),
        "{}",
        diagnostics.render(guildhall::diag::Format::Short)
    );
    let questions: Vec<Question<'_>> = exports
        .rows
        .iter()
        .map(|r| Question {
            text: &r.question,
            count: r.count,
            topic: r.topic.as_deref(),
        })
        .collect();
    let clustering = cluster::cluster(&questions, settings());
    let seconds = start.elapsed().as_secs_f64();
    let mut assignment = vec![None; exports.rows.len()];
    for (c, cluster) in clustering.clusters.iter().enumerate() {
        for &m in &cluster.members {
            assignment[m] = Some(c);
        }
    }
    let lines = exports.rows.iter().map(|r| r.line).collect();
    (clustering.clusters.len(), assignment, lines, seconds)
}

/// The default settings, or `GUILDHALL_LEADER` / `GUILDHALL_LINK` to explore others.
fn settings() -> Settings {
    let mut settings = Settings::default();
    let read = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(leader) = read("GUILDHALL_LEADER") {
        settings.leader = leader;
    }
    if let Some(link) = read("GUILDHALL_LINK") {
        settings.link = link;
    }
    if let Some(small) = read("GUILDHALL_SMALL") {
        settings.small = small;
    }
    if let Some(absorb) = read("GUILDHALL_ABSORB") {
        settings.absorb = absorb;
    }
    settings
}

fn quality(sample: &Path) {
    let (site, config) = site_with_export(sample);
    let (count, assignment, lines, seconds) = run(site.path(), &config);
    let labels = labels(sample);
    let truth: Vec<&str> = lines.iter().map(|l| labels[l].as_str()).collect();
    // Rows left unclustered (no usable words) each count as a cluster of their own.
    let mut next = count;
    let predicted: Vec<usize> = assignment
        .iter()
        .map(|a| {
            a.unwrap_or_else(|| {
                next += 1;
                next
            })
        })
        .collect();
    let scores = Scores::of(&truth, &predicted);
    println!("faq-cluster quality: {}", sample.display());
    println!("  rows                 {}", truth.len());
    println!("  labels               {}", scores.labels);
    println!("  clusters             {count}");
    println!("  purity               {:.3}", scores.purity);
    println!(
        "  V-measure            {:.3}  (homogeneity {:.3}, completeness {:.3})",
        scores.v_measure, scores.homogeneity, scores.completeness
    );
    println!("  AMI                  {:.3}", scores.ami);
    println!("  ARI                  {:.3}", scores.ari);
    println!(
        "  largest {} hold      {:.1}% of rows",
        scores.labels,
        100.0 * scores.top_share
    );
    println!(
        "  time, whole file     {:.3} s (read, redact, cluster)",
        seconds
    );
    println!("  peak memory          {} MB", peak_memory_mb());
}

fn scale(sample: &Path) {
    const ROWS: usize = 100_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.csv");
    write_scaled(sample, &big, ROWS);
    let (site, config) = site_with_export(&big);
    let before = peak_memory_mb();
    let (count, assignment, lines, seconds) = run(site.path(), &config);
    let labels = labels(&big);
    let truth: Vec<&str> = lines.iter().map(|l| labels[l].as_str()).collect();
    let mut next = count;
    let predicted: Vec<usize> = assignment
        .iter()
        .map(|a| {
            a.unwrap_or_else(|| {
                next += 1;
                next
            })
        })
        .collect();
    let scores = Scores::of(&truth, &predicted);
    println!("faq-cluster scale: {ROWS} rows made from the sample with typos, numbers and fillers");
    println!("  rows read            {}", truth.len());
    println!("  clusters             {count}");
    println!(
        "  purity {:.3}  AMI {:.3}  ARI {:.3}  V {:.3}",
        scores.purity, scores.ami, scores.ari, scores.v_measure
    );
    println!(
        "  time                 {:.3} s (read, redact, cluster)",
        seconds
    );
    println!(
        "  peak memory          {} MB (before the run: {before} MB)",
        peak_memory_mb()
    );
}

/// Writes `rows` rows made from the sample's questions, each changed a little (a typo, another order
/// number, a filler word), deterministically.
fn write_scaled(sample: &Path, out: &Path, rows: usize) {
    let mut reader = csv::Reader::from_path(sample).expect("open sample");
    let headers = reader.headers().expect("headers").clone();
    let q = headers
        .iter()
        .position(|h| h == "instruction")
        .expect("instruction");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let mut writer = csv::Writer::from_path(out).expect("create");
    writer
        .write_record(["instruction", "intent", "category"])
        .expect("write");
    let intent = headers.iter().position(|h| h == "intent").expect("intent");
    let category = headers
        .iter()
        .position(|h| h == "category")
        .expect("category");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const FILLERS: &[&str] = &["hi ", "hello, ", "pls ", "quick question: ", "", "", "", ""];
    for i in 0..rows {
        let record = &records[i % records.len()];
        let mut text: Vec<char> = record.get(q).unwrap_or_default().chars().collect();
        if text.len() > 4 {
            let at = 1 + (random() as usize) % (text.len() - 2);
            match random() % 4 {
                0 => text.swap(at, at + 1),
                1 => {
                    text.remove(at);
                }
                2 => text.insert(at, text[at]),
                _ => {}
            }
        }
        let mut text: String = text.into_iter().collect();
        if random() % 5 == 0 {
            text.push_str(&format!(" order {}", 100_000 + random() % 900_000));
        }
        let text = format!("{}{}", FILLERS[(random() as usize) % FILLERS.len()], text);
        writer
            .write_record([
                text.as_str(),
                record.get(intent).unwrap_or_default(),
                record.get(category).unwrap_or_default(),
            ])
            .expect("write");
    }
    writer.flush().expect("flush");
}

fn peak_memory_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
