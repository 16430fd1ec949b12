//! Edit-to-reload latency of `guildhall serve` on a generated hub.
//!
//!     cargo bench --bench serve-latency               # 10,000 pages
//!     cargo bench --bench serve-latency -- 1000 10000
//!
//! For each size it starts the release binary's `serve` on the hub of `build-speed`
//! (target/bench-hubs/hub-N, generated when missing), listens to the live-reload events like a
//! browser tab, and measures the time from writing a file to the `built` event:
//! - a body edit of one guide (appending a sentence), which renders only that page, 20 times;
//! - a front-matter edit of the same guide (its title, shown in lists and topic pages), which
//!   builds the model again and renders what shows the guide, 5 times;
//! - an edit of `guildhall.toml` (a comment added), which builds the whole site, 3 times.
//!
//! It prints the median and the slowest of each, then what serve itself reports of the work after
//! the quiet time and of the search index, which follows the reload. The guide is restored at the
//! end.

use std::path::Path;
use std::time::{Duration, Instant};

#[path = "common/hub.rs"]
mod hub;
#[path = "common/serve.rs"]
mod serve;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000]
    } else {
        sizes
    };
    let hubs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-hubs");
    println!(
        "{:>8}  {:>12}  {:>22}  {:>22}  {:>22}",
        "pages",
        "first build",
        "body edit median/max",
        "title edit median/max",
        "full rebuild median/max"
    );
    for pages in sizes {
        let dir = hubs.join(format!("hub-{pages}"));
        hub::ensure(&dir, pages).expect("generate the hub");
        run(&dir, pages);
    }
}

fn run(dir: &Path, pages: usize) {
    let started = Instant::now();
    let serve::Served {
        mut child,
        lines,
        port,
    } = serve::start(dir, "2026-01-01");
    let first_build = started.elapsed();
    let events = serve::listen(port);
    events
        .recv_timeout(Duration::from_secs(30))
        .expect("the current state comes first");

    let guide = dir.join("content/guides/g1.md");
    let original = std::fs::read_to_string(&guide).unwrap();
    let config = dir.join("guildhall.toml");
    let original_config = std::fs::read_to_string(&config).unwrap();
    let edit_file = |path: &Path, text: String| -> (Duration, String) {
        // Let the watcher settle so each edit is its own rebuild.
        std::thread::sleep(Duration::from_millis(300));
        while lines.try_recv().is_ok() {}
        while events.try_recv().is_ok() {}
        let saved = Instant::now();
        std::fs::write(path, text).unwrap();
        let arrived = events
            .recv_timeout(Duration::from_secs(600))
            .expect("a built event");
        let said = loop {
            let (_, line) = lines.recv_timeout(Duration::from_secs(60)).unwrap();
            if line.starts_with("updated") || line.starts_with("rebuilt") {
                break line;
            }
        };
        (arrived - saved, said)
    };
    let edit = |text: String| edit_file(&guide, text);
    // A series of edits serve renders in part: the reload times, and what serve says of its work.
    let partial = |count: usize, text: &dyn Fn(usize) -> String, expected: &str| -> Series {
        let mut series = Series::default();
        for i in 0..count {
            let (took, said) = edit(text(i));
            assert!(said.starts_with("updated"), "{expected}: {said}");
            let (work, index) = reported(&said);
            series.reload.push(took);
            series.work.push(work);
            series.index.push(index);
        }
        series
    };
    let body = partial(
        20,
        &|i| format!("{original}\nA sentence added on save {i}.\n"),
        "a body edit should render one page",
    );
    let title = partial(
        5,
        &|i| original.replacen("title = \"", &format!("title = \"({i}) "), 1),
        "a title edit should render in part",
    );
    let mut full = Vec::new();
    for i in 0..3 {
        let (took, said) = edit_file(&config, format!("{original_config}\n# edit {i}\n"));
        assert!(said.starts_with("rebuilt"), "{said}");
        full.push(took);
    }
    std::fs::write(&guide, &original).unwrap();
    std::fs::write(&config, &original_config).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let summary = |mut times: Vec<Duration>| {
        times.sort();
        format!(
            "{:>8.1} / {:>6.1} ms",
            ms(times[times.len() / 2]),
            ms(*times.last().unwrap())
        )
    };
    println!(
        "{pages:>8}  {:>10.2} s  {:>22}  {:>22}  {:>22}",
        first_build.as_secs_f64(),
        summary(body.reload),
        summary(title.reload),
        summary(full)
    );
    println!(
        "          work after the {} ms quiet time, as serve reports it: body edit {}, title edit {}",
        quiet_time_ms(),
        summary(body.work),
        summary(title.work)
    );
    println!(
        "          the search index after the reload: body edit {}, title edit {}",
        summary(body.index),
        summary(title.index)
    );
}

/// The times of a series of edits.
#[derive(Default)]
struct Series {
    /// From the save to the reload event.
    reload: Vec<Duration>,
    /// Serve's work after the quiet time, as it reports it.
    work: Vec<Duration>,
    /// The search index, which follows the reload.
    index: Vec<Duration>,
}

/// The two times in "updated 1 page in N ms; the search index in M ms": the work after the quiet
/// time that ends a burst of saves, then the index that follows the reload.
fn reported(said: &str) -> (Duration, Duration) {
    let numbers: Vec<u64> = said
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let ms = |n: Option<&u64>| Duration::from_millis(n.copied().unwrap_or(0));
    // The first number may be a count of pages.
    let last = numbers.len();
    (ms(numbers.get(last.wrapping_sub(2))), ms(numbers.last()))
}

/// Serve's quiet time (`DEBOUNCE` in src/cmd/serve.rs), read from the code so the label follows it.
fn quiet_time_ms() -> u64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd/serve.rs");
    let code = std::fs::read_to_string(&path).expect("src/cmd/serve.rs");
    code.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("const DEBOUNCE: Duration = Duration::from_millis(")?
                .strip_suffix(");")?
                .parse()
                .ok()
        })
        .expect("src/cmd/serve.rs defines DEBOUNCE with Duration::from_millis")
}
