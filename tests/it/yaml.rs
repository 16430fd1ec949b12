//! YAML front matter (`---`) is read like TOML, and its mistakes are reported at `path:line:col`.

use crate::support::TempSite;

#[test]
fn yaml_front_matter_builds_beside_toml() {
    let site = TempSite::fixture("yaml", "front-matter");
    site.build(&[]).assert_success();
    let page = site.read("guides/cast-on/index.html");
    assert!(page.contains("Casting on: the long-tail method"), "{page}");
    assert!(page.contains("Make a slip knot"), "{page}");
    // The aliases of the YAML list redirect to the page.
    assert!(
        site.read("old/casting-on/index.html")
            .contains("/guides/cast-on/")
    );
    assert!(
        site.read("posts/2025/casting-on.html")
            .contains("/guides/cast-on/")
    );
    assert!(
        site.read("guides/toml-beside/index.html")
            .contains("side by side")
    );
}

/// Every mistake of `tests/sites/yaml/mistakes`, at the token it concerns.
const EXPECTED: &[&str] = &[
    "content/guides/bad-date.md:4:7: error: invalid date `2025-13-45`",
    "content/guides/bad-level.md:3:8: error: `expert` is not a value `level` takes",
    "content/guides/bad-yaml.md:2:8: error: invalid indentation in quoted scalar",
    "content/guides/not-a-list.md:3:9: error: `topics` takes a list, not text (hint: `topics` takes a list: `topics: [x]`)",
    "content/guides/unclosed.md:2:1: error: the front matter is never closed (hint: add a line with `---`",
    "content/guides/unknown-key.md:4:1: error: unknown key `lastmod`",
    "content/guides/wrong-type.md:4:9: error: `weight` takes a whole number, not text (hint: write a number without quotes, like `weight: 10`)",
];

#[test]
fn yaml_mistakes_are_reported_at_their_line_and_column() {
    let site = TempSite::fixture("yaml", "mistakes");
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in EXPECTED {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\nstderr:\n{}",
            run.stderr
        );
    }
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .count();
    assert_eq!(errors, EXPECTED.len(), "{}", run.stderr);
}
