//! Problems in content are reported all at once, at `path:line:col`, with exit code 1.

use crate::support::{TempSite, guildhall};

/// Every mistake in `tests/sites/diagnostics/many-mistakes`, at the position it must be reported.
pub(crate) const EXPECTED: &[&str] = &[
    "content/guides/bad-date.md:4:8: error: invalid date `2025-13-45`",
    "content/guides/bad-level.md:3:9: error: `expert` is not a value `level` takes",
    "content/guides/bad-toml.md:2:18: error: the text is never closed",
    "content/guides/broken-link.md:8:5: error: the link `../faq/returns.md` points to content/faq/returns.md, which does not exist",
    "content/guides/front-image-without-alt.md:4:9: error: the image has no alt text",
    "content/guides/image-without-alt.md:8:3: error: the image has no alt text",
    "content/guides/missing-anchor.md:6:7: error: there is no heading `#nowhere` in content/guides/other.md (hint: its headings are: #somewhere)",
    "content/guides/missing-image.md:6:1: error: the image `/images/nope.png` does not exist",
    "content/guides/missing-template.md:4:12: error: the template `fancy.html` does not exist",
    "content/guides/missing-title.md:2:1: error: the page has no title",
    "content/guides/two-problems.md:4:1: error: unknown key `tags`",
    "content/guides/two-problems.md:7:3: error: the link `nowhere.md` points to content/guides/nowhere.md",
    "content/guides/unknown-key.md:3:1: error: unknown key `colour`",
    "content/guides/wrong-type.md:4:10: error: `weight` takes a whole number, not text",
    "content/pages/second.md:3:8: error: this page has the same URL `/same/` as content/pages/first.md",
];

#[test]
fn every_mistake_is_reported_at_its_line_and_column() {
    let site = TempSite::fixture("diagnostics", "many-mistakes");
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "content errors exit with 1\n{}", run.stderr);
    for expected in EXPECTED {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\nstderr:\n{}",
            run.stderr
        );
    }
    let error_lines = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .count();
    assert_eq!(
        error_lines,
        EXPECTED.len(),
        "unexpected extra errors:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("{} errors", EXPECTED.len())));
}

#[test]
fn the_human_format_shows_the_line_and_a_caret() {
    let site = TempSite::fixture("diagnostics", "many-mistakes");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    let expected = "error: unknown key `colour`\n  --> content/guides/unknown-key.md:3:1\n  |\n3 | colour = \"red\"\n  | ^^^^^^\n";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(run.stderr.contains("  = hint: "));
}

#[test]
fn json_format_gives_one_object_per_problem() {
    let site = TempSite::fixture("diagnostics", "many-mistakes");
    let run = site.build(&["--format", "json"]);
    assert_eq!(run.code, 1);
    // Only JSON on stdout: one object per problem, saying what the short format says in the same
    // order, then the summary as one more object; nothing on stderr.
    assert_eq!(run.stderr, "", "nothing but JSON, and only on stdout");
    let mut objects: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{}", run.stdout))
        })
        .collect();
    let summary = objects.pop().expect("a summary");
    assert_eq!(summary["summary"]["command"], "build");
    assert_eq!(summary["summary"]["status"], "failed");
    assert_eq!(summary["summary"]["errors"], EXPECTED.len());
    assert_eq!(
        summary["summary"]["output"],
        site.public().display().to_string()
    );
    assert_eq!(objects.len(), EXPECTED.len(), "{}", run.stderr);
    for (object, expected) in objects.iter().zip(EXPECTED) {
        let mut short = format!(
            "{}:{}:{}: {}: {}",
            object["path"].as_str().unwrap(),
            object["line"],
            object["column"],
            object["severity"].as_str().unwrap(),
            object["message"].as_str().unwrap()
        );
        if let Some(hint) = object["hint"].as_str() {
            short.push_str(&format!(" (hint: {hint})"));
        }
        assert!(short.starts_with(expected), "{short}\nexpected: {expected}");
    }
}

#[test]
fn config_mistakes_point_into_guildhall_toml() {
    let site = TempSite::fixture("build", "basic");
    site.write(
        "guildhall.toml",
        "title = \"x\"\nbase_url = \"https://a.example/\"\n\n[collections.guides]\npaginate_by = \"ten\"\nsortby = \"date\"\n",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "guildhall.toml:5:15: error: `paginate_by` takes a whole number, not text"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_error_names_the_page_and_the_template() {
    let site = TempSite::fixture("build", "basic");
    site.write("templates/page.html", "{{ page.no_such_field | upper }}\n");
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/about.md: error: cannot render `about/index.html` with the template `page.html`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no_such_field"),
        "the cause is shown: {}",
        run.stderr
    );
}

#[test]
fn a_template_syntax_error_names_the_template_file() {
    let site = TempSite::fixture("build", "basic");
    site.write(
        "templates/page.html",
        "{% if page.title %}\n<p>unclosed</p>\n",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("templates/page.html: error: the template cannot be read"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_site_is_an_operational_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = guildhall(&["build", "--root", "nowhere"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("guildhall.toml"), "{}", run.stderr);
}

#[test]
fn files_that_are_not_utf8_are_reported_and_the_rest_still_checked() {
    let site = TempSite::fixture("build", "basic");
    std::fs::write(
        site.path().join("content/guides/latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    )
    .unwrap();
    site.write(
        "content/guides/bad.md",
        "+++\ntitle = \"Bad\"\nlevel = \"beginner\"\n+++\n[x](y.md)\n",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/guides/latin1.md:2:13: error: the file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/bad.md:5:1: error"),
        "{}",
        run.stderr
    );
}
