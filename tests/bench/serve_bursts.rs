//! `guildhall serve` on a 10,000-page hub while files are edited, renamed, deleted and added in
//! bursts, as editors and `git checkout` do.
//!
//!     cargo bench --bench serve-bursts              # 10,000 pages, 8 bursts
//!     cargo bench --bench serve-bursts -- 1000 4    # pages, bursts
//!
//! It copies the hub of `build-speed` (target/bench-hubs/hub-N) to target/bench-hubs/bursts-N,
//! serves the copy, and makes bursts of a few changes a few milliseconds apart: body edits, title
//! and topic edits (saved directly or through a temporary file renamed over the page), a guide
//! renamed, a story deleted, a guide added. After each burst it waits for the site to settle, then
//! builds the copy afresh with `guildhall build --drafts` for the server's address and fetches every
//! file of that build from the server: each must be served byte for byte, and the pages renamed or
//! deleted must be gone (404). It prints the time from the end of the burst to the first reload and
//! to the settled state: the moment serve finished the last work the burst caused (its last
//! "updated"/"rebuilt" line, search index included), after which every file equals the fresh
//! build's. It exits with an error at the first difference.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "common/hub.rs"]
mod hub;
#[path = "common/serve.rs"]
mod serve;

const NOW: &str = "2026-01-01";
const LIVE_SCRIPT: &str = "<script src=\"/__guildhall/live.js\"></script>";

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let pages = numbers.first().copied().unwrap_or(10_000);
    let bursts = numbers.get(1).copied().unwrap_or(8);
    let hubs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-hubs");
    let source = hubs.join(format!("hub-{pages}"));
    hub::ensure(&source, pages).expect("generate the hub");
    let dir = hubs.join(format!("bursts-{pages}"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&source, &dir);
    let fresh_out = hubs.join(format!("bursts-{pages}-fresh"));

    let serve::Served {
        mut child,
        lines,
        port,
    } = serve::start(&dir, NOW);
    let events = serve::listen(port);
    events
        .recv_timeout(Duration::from_secs(30))
        .expect("the current state comes first");

    println!(
        "{:>6}  {:<52}  {:>14}  {:>14}  {:>22}",
        "burst", "changes", "first reload", "settled", "served = fresh build"
    );
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut gone: Vec<String> = Vec::new();
    let mut failed = false;
    for burst in 0..bursts {
        std::thread::sleep(Duration::from_millis(300));
        while lines.try_recv().is_ok() {}
        while events.try_recv().is_ok() {}
        let mut done = Vec::new();
        for step in 0..3 + random.below(3) {
            let change = change(&dir, pages, burst, step, &mut random, &mut gone);
            done.push(change);
            std::thread::sleep(Duration::from_millis(random.below(15) as u64));
        }
        let ended = Instant::now();
        // The first reload after the burst, then quiet: every rebuild the burst causes is done.
        let first = events
            .recv_timeout(Duration::from_secs(600))
            .expect("a built event");
        let settled = settle(&lines);
        let started = Instant::now();
        let differences = compare(&dir, &fresh_out, port, &gone);
        let verdict = if differences.is_empty() {
            format!("yes ({:.1} s)", started.elapsed().as_secs_f64())
        } else {
            failed = true;
            format!("NO: {}", differences[..differences.len().min(5)].join(", "))
        };
        println!(
            "{burst:>6}  {:<52}  {:>11.1} ms  {:>11.1} ms  {verdict:>22}",
            done.join(", "),
            (first - ended).as_secs_f64() * 1000.0,
            (settled - ended).as_secs_f64() * 1000.0
        );
        if failed {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&fresh_out);
    if failed {
        eprintln!("the served site differs from a fresh build");
        std::process::exit(1);
    }
}

/// A small deterministic generator, so every run makes the same changes.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Makes one change to the hub at `dir`; returns what it did. Pages removed or renamed are added to
/// `gone` by their old address.
fn change(
    dir: &Path,
    pages: usize,
    burst: usize,
    step: usize,
    random: &mut Random,
    gone: &mut Vec<String>,
) -> String {
    let guides = dir.join("content/guides");
    let guide_count = pages * 6 / 10;
    // A guide that still exists.
    let pick = |random: &mut Random| loop {
        let n = random.below(guide_count);
        let path = guides.join(format!("g{n}.md"));
        if path.is_file() {
            return (n, path);
        }
    };
    match random.below(7) {
        0 | 1 => {
            let (n, path) = pick(random);
            let text = std::fs::read_to_string(&path).expect("read a guide");
            std::fs::write(
                &path,
                format!("{text}\nA sentence added in burst {burst}.\n"),
            )
            .expect("edit a guide");
            format!("body g{n}")
        }
        2 => {
            let (n, path) = pick(random);
            let text = std::fs::read_to_string(&path).expect("read a guide");
            let edited = text.replacen("title = \"", &format!("title = \"[{burst}.{step}] "), 1);
            // Through a temporary file renamed over the page, as `sed -i` saves.
            let temporary = guides.join(format!(".sed{burst}{step}"));
            std::fs::write(&temporary, edited).expect("write a temporary file");
            std::fs::rename(&temporary, &path).expect("rename it over the guide");
            format!("title g{n}")
        }
        3 => {
            let (n, path) = pick(random);
            let text = std::fs::read_to_string(&path).expect("read a guide");
            let topic = format!("\"topic-{}\"", random.below(pages / 40));
            if text.contains(&topic) {
                return format!("topics g{n} (unchanged)");
            }
            let edited = text.replacen("topics = [", &format!("topics = [{topic}, "), 1);
            std::fs::write(&path, edited).expect("edit a guide");
            format!("topics g{n}")
        }
        4 => {
            let (n, path) = pick(random);
            let name = format!("g{n}-moved-{burst}.md");
            std::fs::rename(&path, guides.join(&name)).expect("rename a guide");
            // And the links to it, as the commit that renames a page does.
            let (from, to) = (format!("](g{n}.md)"), format!("]({name})"));
            let mut fixed = 0;
            for entry in std::fs::read_dir(&guides).expect("list the guides") {
                let other = entry.expect("a guide").path();
                let Ok(text) = std::fs::read_to_string(&other) else {
                    continue;
                };
                if text.contains(&from) {
                    std::fs::write(&other, text.replace(&from, &to)).expect("fix a link");
                    fixed += 1;
                }
            }
            gone.push(format!("/guides/g{n}/"));
            format!("rename g{n} (+{fixed} links)")
        }
        5 => {
            let n = random.below(pages / 5);
            let path = dir.join(format!("content/stories/s{n}.md"));
            if std::fs::remove_file(&path).is_ok() {
                gone.push(format!("/stories/s{n}/"));
                format!("delete s{n}")
            } else {
                "delete (already gone)".to_string()
            }
        }
        _ => {
            let name = format!("added-{burst}-{step}");
            std::fs::write(
                guides.join(format!("{name}.md")),
                format!(
                    "+++\ntitle = \"Added in burst {burst}\"\nsummary = \"A guide added while serving.\"\ndate = 2025-06-01\nlevel = \"beginner\"\ntopics = [\"topic-1\"]\n+++\n\n## Steps\n\nCast on and knit.\n"
                ),
            )
            .expect("add a guide");
            format!("add {name}")
        }
    }
}

/// Waits until serve has said how it handled the last change and nothing more arrives for a second;
/// returns the moment of its last such line (the work of the burst, search index included, done).
fn settle(lines: &mpsc::Receiver<(Instant, String)>) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut said = None;
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(1000)) {
            Ok((at, line)) => {
                if line.starts_with("updated") || line.starts_with("rebuilt") {
                    said = Some(at);
                }
            }
            Err(_) => {
                if let Some(at) = said {
                    return at;
                }
            }
        }
    }
    panic!("serve said nothing about the burst in ten minutes")
}

/// Builds the hub afresh and fetches every file of the build from the server; returns the paths
/// that differ (and the addresses in `gone` still served).
fn compare(dir: &Path, out: &Path, port: u16, gone: &[String]) -> Vec<String> {
    let base = format!("http://127.0.0.1:{port}/");
    let status = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args([
            "build",
            "--drafts",
            "--now",
            NOW,
            "--base-url",
            &base,
            "--root",
        ])
        .arg(dir)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("guildhall build runs");
    assert!(status.success(), "the fresh build fails");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| !p.starts_with(out.join(".guildhall")) && !p.ends_with(".guildhall-output"))
        .collect();
    let threads = 8;
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        for part in files.chunks(files.len().div_ceil(threads).max(1)) {
            let tx = tx.clone();
            scope.spawn(move || {
                for path in part {
                    let relative = path
                        .strip_prefix(out)
                        .expect("inside the output")
                        .to_string_lossy()
                        .replace('\\', "/");
                    let expected = std::fs::read(path).expect("read a built file");
                    let (status, mut body) = get(port, &format!("/{relative}"));
                    if relative.ends_with(".html") {
                        body = String::from_utf8_lossy(&body)
                            .replace(LIVE_SCRIPT, "")
                            .into_bytes();
                    }
                    if status != 200 || body != expected {
                        let _ = tx.send(relative);
                    }
                }
            });
        }
    });
    drop(tx);
    let mut differences: Vec<String> = rx.into_iter().collect();
    for address in gone {
        let renamed_back = out.join(address.trim_start_matches('/')).join("index.html");
        if !renamed_back.exists() && get(port, address).0 != 404 {
            differences.push(format!("{address} still served"));
        }
    }
    differences.sort();
    differences
}

/// The status and body of `GET path`.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to serve");
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("send a request");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, Vec::new());
    };
    let status = String::from_utf8_lossy(&raw[..split])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw[split + 4..].to_vec())
}

/// Copies the hub, without the generation stamp's siblings that are not part of the site.
fn copy_dir(source: &Path, target: &Path) {
    for entry in walkdir::WalkDir::new(source).min_depth(1) {
        let entry = entry.expect("walk the hub");
        let relative = entry.path().strip_prefix(source).expect("inside the hub");
        if relative.starts_with("public") {
            continue;
        }
        let destination = target.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&destination).expect("make a folder");
        } else {
            std::fs::copy(entry.path(), &destination).expect("copy a file");
        }
    }
}
