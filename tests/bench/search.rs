//! Search: what a shopper's queries cost, next to Pagefind on the same site, and what the index costs
//! the build.
//!
//!     cargo bench --bench search                 # 1,000 and 10,000 pages
//!     cargo bench --bench search -- 1000 10000 30000
//!
//! For each size it generates a hub (tests/bench/common/hub.rs, words drawn from a Zipf vocabulary),
//! builds it with the release binary and prints:
//! - the build with and without the index (wall, peak memory) and the index stage's own time;
//! - the index: files, bytes, and the files in packed mode (`[search] packed = true`);
//! - how many index files change when one guide's text is edited;
//! - a fixed query set run through the real client (tests/bench/search.mjs under Node): bytes and
//!   requests of each cold first query and of typing a word key by key, beside Pagefind's own client
//!   on the same output (Pagefind is installed from tests/bench/node/package-lock.json on first use),
//!   each printed twice: the index data alone, and with the engine that reads it (guildhall's script;
//!   Pagefind's script and WebAssembly).
//!
//! Every build starts from an empty output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

#[path = "common/hub.rs"]
mod hub;
#[path = "common/measure.rs"]
mod measure;

use measure::measure;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hubs = root.join("target/bench-hubs");
    let pagefind = install_pagefind(root);
    for pages in sizes {
        println!("\n== {pages} pages ==");
        let dir = hubs.join(format!("hub-{pages}"));
        hub::ensure(&dir, pages).expect("generate the hub");
        let out = hubs.join(format!("search-out-{pages}"));

        let without = with_search_config(&dir, "enabled = false", || build(&dir, &out));
        let with = build(&dir, &out);
        let stage = with
            .stderr
            .lines()
            .find_map(|l| l.strip_prefix("timing: search index: "))
            .unwrap_or("?")
            .to_string();
        println!(
            "build: {:.2} s, {} MB with the index; {:.2} s, {} MB without; the index stage: {stage}",
            with.wall, with.peak_mb, without.wall, without.peak_mb
        );
        let files = index_files(&out);
        let bytes: u64 = files.iter().map(|(_, size)| size).sum();
        println!(
            "index: {} files, {:.1} MB on disk (gzip)",
            files.len(),
            bytes as f64 / 1e6
        );

        let packed_out = hubs.join(format!("search-packed-{pages}"));
        with_search_config(&dir, "packed = true", || build(&dir, &packed_out));
        println!("packed mode: {} files", index_files(&packed_out).len());
        let _ = std::fs::remove_dir_all(&packed_out);

        let changed = edit_one_guide(&dir, &out, &hubs.join(format!("search-edit-{pages}")));
        println!(
            "one guide edited: {changed} of {} index files rewritten ({:.2}%)",
            files.len(),
            100.0 * changed as f64 / files.len() as f64
        );

        let queries = query_set();
        let ours = run_queries(root, "guildhall", &out, &queries);
        let pagefind_out = hubs.join(format!("pagefind-out-{pages}"));
        let _ = std::fs::remove_dir_all(&pagefind_out);
        copy_html(&out, &pagefind_out);
        let indexing = measure(
            Command::new(&pagefind)
                .arg("--site")
                .arg(&pagefind_out)
                .arg("--quiet"),
        );
        let pagefind_files = walkdir::WalkDir::new(pagefind_out.join("pagefind"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        println!(
            "pagefind indexing: {:.2} s, {} MB, {pagefind_files} files",
            indexing.wall, indexing.peak_mb
        );
        let theirs = run_queries(root, "pagefind", &pagefind_out, &queries);
        print_side_by_side(&ours, &theirs);
        let _ = std::fs::remove_dir_all(&pagefind_out);
    }
    let engine = root.join("themes/default/static/guildhall-search.js");
    let ui = root.join("themes/default/static/guildhall-search-ui.js");
    let engine_gz = gzip_len(&std::fs::read(&engine).expect("the engine"));
    let ui_gz = gzip_len(&std::fs::read(&ui).expect("the search page script"));
    println!(
        "\nscripts (gzip -9): engine {engine_gz} B, with the search page {} B",
        engine_gz + ui_gz
    );
}

/// The fixed query set: frequent, middling and rare words of the generated vocabulary, two-word
/// queries, one-letter typos, a sku, and words to type key by key.
fn query_set() -> Value {
    let w = hub::word;
    // A one-letter typo: the middle letter dropped.
    let typo = |word: String| {
        let mut chars: Vec<char> = word.chars().collect();
        chars.remove(chars.len() / 2);
        chars.into_iter().collect::<String>()
    };
    json!({
        "cold": [
            w(1), w(3), w(12), w(40), w(200), w(1000), w(5000), w(20000),
            format!("{} {}", w(2), w(8)),
            format!("{} {}", w(30), w(300)),
            format!("{} {} {}", w(5), w(50), w(500)),
            typo(w(4)), typo(w(60)), typo(w(2000)),
            "SKU-42",
        ],
        "typed": [w(7), w(150), w(3000)],
    })
}

/// Builds `dir` into `out`, emptied first: a build never reuses (hard-links) files of an earlier run,
/// so every figure is that of a build from scratch.
fn build(dir: &Path, out: &Path) -> measure::Measured {
    let _ = std::fs::remove_dir_all(out);
    measure(
        Command::new(env!("CARGO_BIN_EXE_guildhall"))
            .env("GUILDHALL_TIMINGS", "1")
            .args(["build", "--now", "2026-01-01", "--root"])
            .arg(dir)
            .arg("--out")
            .arg(out),
    )
}

/// Runs `f` with `setting` added to the hub's `[search]` table, then puts the config back.
fn with_search_config<T>(dir: &Path, setting: &str, f: impl FnOnce() -> T) -> T {
    let config = dir.join("guildhall.toml");
    let original = std::fs::read_to_string(&config).expect("the hub's config");
    std::fs::write(&config, format!("{original}\n[search]\n{setting}\n")).expect("write config");
    let result = f();
    std::fs::write(&config, original).expect("restore config");
    result
}

/// The index files of an output folder with their sizes, by path.
fn index_files(out: &Path) -> Vec<(String, u64)> {
    let dir = out.join("search");
    let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "gz"))
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(&dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (path, e.metadata().map_or(0, |m| m.len()))
        })
        .collect();
    files.sort();
    files
}

/// Adds a sentence to one guide, builds into `edit_out`, and counts the index files whose name is
/// new (content-hashed names: a new name is a rewritten file). Puts the guide back.
fn edit_one_guide(dir: &Path, out: &Path, edit_out: &Path) -> usize {
    let guides = dir.join("content/guides");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&guides)
        .expect("guides")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    names.sort();
    let guide = &names[names.len() / 2];
    let original = std::fs::read_to_string(guide).expect("a guide");
    std::fs::write(
        guide,
        format!("{original}\nOne more tip: rinse the swatch in cool water before blocking.\n"),
    )
    .expect("edit");
    build(dir, edit_out);
    std::fs::write(guide, original).expect("restore the guide");
    let before: BTreeSet<String> = index_files(out).into_iter().map(|(p, _)| p).collect();
    let changed = index_files(edit_out)
        .into_iter()
        .filter(|(p, _)| !before.contains(p) || p == "index.gz")
        .count();
    let _ = std::fs::remove_dir_all(edit_out);
    changed
}

/// The HTML pages of `out` (without guildhall's index), for Pagefind to index.
fn copy_html(out: &Path, target: &Path) {
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let rel = path.strip_prefix(out).expect("inside");
        if rel.starts_with("search") && !rel.ends_with("index.html") && entry.file_type().is_file()
        {
            continue;
        }
        let to = target.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else if path.extension().is_some_and(|x| x == "html") {
            std::fs::copy(path, &to).expect("copy");
        }
    }
}

fn run_queries(root: &Path, engine: &str, out: &Path, queries: &Value) -> Value {
    let output = Command::new("node")
        .arg(root.join("tests/bench/search.mjs"))
        .arg(engine)
        .arg(out)
        .arg(queries.to_string())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "search.mjs {engine} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("search.mjs prints JSON")
}

/// Both engines row by row: the index data alone, and the data with the engine that reads it
/// (guildhall's script; Pagefind's script and WebAssembly), loaded once per fresh client.
fn print_side_by_side(ours: &Value, theirs: &Value) {
    for (part, title) in [
        ("cold", "cold first query (top 10 loaded)"),
        ("typed", "typing key by key"),
    ] {
        println!(
            "{title:<34} {:>9} {:>9} {:>4} {:>6}   {:>9} {:>9} {:>4} {:>6}",
            "gh data", "+engine", "req", "found", "pf data", "+engine", "req", "found"
        );
        let kb = |v: &Value, key: &str| v[key].as_f64().unwrap_or(0.0) / 1024.0;
        let mut sums = [0.0f64; 4];
        let mut max_ours = 0.0f64;
        let rows_ours = ours[part].as_array().expect("rows");
        let rows_theirs = theirs[part].as_array().expect("rows");
        for (a, b) in rows_ours.iter().zip(rows_theirs) {
            let row = [
                kb(a, "bytes"),
                kb(a, "bytes") + kb(a, "code"),
                kb(b, "bytes"),
                kb(b, "bytes") + kb(b, "code"),
            ];
            for (sum, value) in sums.iter_mut().zip(row) {
                *sum += value;
            }
            max_ours = max_ours.max(row[0]);
            println!(
                "  {:<32} {:>9.1} {:>9.1} {:>4} {:>6}   {:>9.1} {:>9.1} {:>4} {:>6}",
                a["q"].as_str().unwrap_or(""),
                row[0],
                row[1],
                a["requests"],
                a["total"],
                row[2],
                row[3],
                b["requests"],
                b["total"],
            );
        }
        let n = rows_ours.len().max(1) as f64;
        println!(
            "  {:<32} {:>9.1} {:>9.1} {:>4} {:>6}   {:>9.1} {:>9.1}",
            "mean (max of gh data)",
            sums[0] / n,
            sums[1] / n,
            "",
            format!("{max_ours:.1}"),
            sums[2] / n,
            sums[3] / n
        );
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

/// Installs Pagefind (pinned in tests/bench/node) on first use; returns its binary.
fn install_pagefind(root: &Path) -> PathBuf {
    let node = root.join("tests/bench/node");
    let binary = node.join("node_modules/.bin/pagefind");
    if !binary.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&node)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci in tests/bench/node failed");
    }
    binary
}
