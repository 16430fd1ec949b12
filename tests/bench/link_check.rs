//! The cost of checking every internal link against the output, as the hub grows.
//!
//!     cargo bench --bench link-check                   # 1,000 and 4,000 pages
//!     cargo bench --bench link-check -- 1000 4000 16000
//!
//! For each size it generates a hub of page bundles (target/bench-hubs/links-N/): every guide has
//! a picture beside it and links to site paths with and without fragments, relative addresses,
//! and `href`s in raw HTML, six per page. It runs `guildhall check` (the release binary) with
//! `GUILDHALL_TIMINGS` and prints the wall time of the whole check, the time of its link stage
//! (every link looked up in the set of written paths, the ids of the pages that fragments name
//! read from their HTML), the time per link, and how both grew against the previous size: a
//! linear check grows as the pages do.

use std::path::Path;
use std::process::Command;

#[path = "common/measure.rs"]
mod measure;

use measure::measure;

/// Links each guide writes (see [`guide`]).
const LINKS_PER_PAGE: usize = 6;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 4_000]
    } else {
        sizes
    };
    let hubs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-hubs");
    println!(
        "{:>8}  {:>8}  {:>10}  {:>14}  {:>12}  {:>12}",
        "pages", "links", "check (s)", "link stage (s)", "µs per link", "stage growth"
    );
    let mut previous: Option<(usize, f64)> = None;
    for pages in sizes {
        let dir = hubs.join(format!("links-{pages}"));
        if !dir.join("guildhall.toml").is_file() {
            generate(&dir, pages).expect("the hub is written");
        }
        let measured = measure(
            Command::new(env!("CARGO_BIN_EXE_guildhall"))
                .args(["check", "--root"])
                .arg(&dir)
                .env("GUILDHALL_TIMINGS", "1"),
        );
        let stage = measured
            .stderr
            .lines()
            .find_map(|line| line.strip_prefix("timing: check links: "))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|seconds| seconds.parse::<f64>().ok())
            .expect("a timing line for the link stage");
        let links = pages * LINKS_PER_PAGE;
        let growth = previous.map_or(String::from("-"), |(size, time)| {
            format!(
                "{:.2}x for {:.2}x",
                stage / time.max(1e-6),
                pages as f64 / size as f64
            )
        });
        println!(
            "{pages:>8}  {links:>8}  {:>10.2}  {stage:>14.4}  {:>12.2}  {growth:>12}",
            measured.wall,
            stage * 1e6 / links as f64
        );
        previous = Some((pages, stage));
    }
}

/// The Markdown of guide `n` of `pages`: links to its neighbours' headings, its list, a page far
/// away in raw HTML, and its own picture.
fn guide(n: usize, pages: usize) -> String {
    let next = (n + 1) % pages;
    let previous = (n + pages - 1) % pages;
    let far = (n * 7 + 3) % pages;
    format!(
        "+++\ntitle = \"Guide {n}\"\nsummary = \"Guide number {n}.\"\nlevel = \"beginner\"\n+++\n\n\
         ## Part one\n\n![The swatch of guide {n}](swatch.png)\n\n\
         Go on to [the next guide](/guides/g{next}/#part-two) or back to [the one before](../g{previous}/).\n\
         See [all guides](/guides/) and [this part](#part-one).\n\n\
         <p>Or read <a href=\"/guides/g{far}/#part-one\">a guide far away</a>.</p>\n\n\
         ## Part two\n\nThe [feed](/guides/atom.xml) lists the newest.\n"
    )
}

fn generate(dir: &Path, pages: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content/guides"))?;
    std::fs::write(
        dir.join("guildhall.toml"),
        "title = \"Link hub\"\ndescription = \"Pages that link to each other.\"\nbase_url = \"https://links.example/community/\"\n",
    )?;
    std::fs::write(
        dir.join("content/guides/_index.md"),
        "+++\ntitle = \"Guides\"\n+++\n\nEvery guide.\n",
    )?;
    for n in 0..pages {
        let bundle = dir.join(format!("content/guides/g{n}"));
        std::fs::create_dir_all(&bundle)?;
        std::fs::write(bundle.join("index.md"), guide(n, pages))?;
        std::fs::write(bundle.join("swatch.png"), b"\x89PNG\r\n\x1a\n")?;
    }
    Ok(())
}
