//! Linear cost for every input shape: each test builds one shape at two sizes and compares what
//! the build produced (bytes of report or output), never how long it took.

use crate::support::TempSite;

/// The size of the human report of a build with `count` broken links on one line.
fn report_for_links(count: usize) -> usize {
    let site = TempSite::fixture("build", "basic");
    let links: Vec<String> = (0..count)
        .map(|n| format!("[x{n}](missing{n}.md)"))
        .collect();
    site.write(
        "content/pages/links.md",
        &format!("+++\ntitle = \"Links\"\n+++\n{}\n", links.join(" ")),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(run.stderr.contains(&format!("{count} errors")));
    run.stderr.len()
}

/// Regression: 4,000 broken links on one line took 806 MB, each problem repeating the whole line.
#[test]
fn broken_links_on_one_line_give_a_report_that_grows_linearly() {
    let (small, large) = (report_for_links(500), report_for_links(2_000));
    assert!(
        large < 5 * small,
        "500 links: {small} bytes, 2,000 links: {large}"
    );
}

/// Regression: one page with 4,000 topics took 2.8 GB: every topic page listed the page with all
/// its topics. A page has at most 50.
#[test]
fn a_page_with_thousands_of_topics_is_one_error() {
    let site = TempSite::fixture("build", "basic");
    let topics: Vec<String> = (0..4_000).map(|n| format!("\"t{n}\"")).collect();
    site.write(
        "content/pages/many.md",
        &format!(
            "+++\ntitle = \"T\"\ntopics = [{}]\n+++\nx\n",
            topics.join(", ")
        ),
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/pages/many.md:3:")
            && run
                .stderr
                .contains("error: a page can have at most 50 topics; `t50` is one more"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

/// The bytes of `file` in the output of a site with one guide whose body is `body`.
fn output_size(body: &str, file: &str) -> usize {
    let site = TempSite::fixture("build", "basic");
    site.write(
        "content/guides/big.md",
        &format!("+++\ntitle = \"Big\"\ndate = 2026-01-05\nlevel = \"beginner\"\n+++\n{body}\n"),
    );
    site.build(&[]).assert_success();
    std::fs::metadata(site.public().join(file)).unwrap().len() as usize
}

/// Headings each get an anchor and a place in the table of contents: output grows with their
/// number, not its square.
#[test]
fn many_headings_give_output_that_grows_linearly() {
    let body = |count: usize| {
        (0..count)
            .map(|n| format!("## Heading {n}\n\nText.\n"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let small = output_size(&body(500), "guides/big/index.html");
    let large = output_size(&body(2_000), "guides/big/index.html");
    assert!(
        large < 5 * small,
        "500 headings: {small} bytes, 2,000: {large}"
    );
}

/// Regression: 10,000 footnotes in one guide took 82 s, the feed's link rewriting searching the
/// rest of the page at every link (the rewriting's own count is tested in `render::feeds`).
#[test]
fn many_footnotes_give_a_feed_that_grows_linearly() {
    let body = |count: usize| {
        let marks: Vec<String> = (0..count).map(|n| format!("word[^{n}]")).collect();
        let notes: Vec<String> = (0..count).map(|n| format!("[^{n}]: Note {n}.")).collect();
        format!("{}\n\n{}", marks.join(" "), notes.join("\n"))
    };
    let small = output_size(&body(1_000), "guides/atom.xml");
    let large = output_size(&body(4_000), "guides/atom.xml");
    assert!(
        large < 5 * small,
        "1,000 footnotes: {small} bytes, 4,000: {large}"
    );
}
