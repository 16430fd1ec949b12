//! Feeds and sitemaps checked by validators that share no code with guildhall:
//! `tests/validators/check_feeds.py` (the RELAX NG schema of Atom from RFC 4287, the further rules of
//! the W3C Feed Validator, feedparser) and `tests/validators/check_sitemap.py` (the sitemaps.org XML
//! Schema, every location in the output and indexable, robots.txt), and every internal link by
//! `tests/validators/check_links.py`. The demo hub and every example are checked at their own base
//! URL and under a sub-path; broken files show that the checkers fail.

use std::path::Path;
use std::process::Command;

use crate::support::{TempSite, repo_root, validator_python};

const NOW: &str = "2026-03-20T12:00:00Z";
const SUB_PATH: &str = "https://shop.example/community/";

/// How a run of one of the checkers ended.
pub(crate) struct Checked {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn run_checker(script: &str, output: &Path, base_url: &str) -> Checked {
    let result = Command::new(validator_python())
        .arg(repo_root().join("tests/validators").join(script))
        .arg(output)
        .arg(base_url)
        .output()
        .expect("python runs");
    Checked {
        code: result.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&result.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
    }
}

/// The `base_url` of a site's guildhall.toml.
fn configured_base_url(site: &TempSite) -> String {
    let text = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    config["base_url"].as_str().unwrap().to_string()
}

/// Builds a copy of `source` at its own base URL and under a sub-path, and runs both checkers on
/// each output.
fn passes_both_checkers_at_both_base_urls(source: &Path) {
    let site = TempSite::copy_of(source);
    let own = configured_base_url(&site);
    for (base_url, extra) in [
        (own.as_str(), vec!["--now", NOW]),
        (SUB_PATH, vec!["--now", NOW, "--base-url", SUB_PATH]),
    ] {
        site.build(&extra).assert_success();
        for script in ["check_feeds.py", "check_sitemap.py"] {
            let checked = run_checker(script, &site.public(), base_url);
            assert!(
                checked.code == 0 && checked.stdout.contains(" passed, 0 failed"),
                "{script} rejects the output of {} built for {base_url}: guildhall writes a broken \
                 feed or sitemap (fix the output, not the checker):\n{}\n{}",
                source.display(),
                checked.stdout,
                checked.stderr
            );
        }
        let checked = run_checker("check_links.py", &site.public(), base_url);
        assert!(
            checked.code == 0 && checked.stdout.contains(" links, 0 dead"),
            "check_links.py finds dead links in the output of {} built for {base_url}: the \
             theme or the link check lets one through (fix guildhall, not the checker):\n{}\n{}",
            source.display(),
            checked.stdout,
            checked.stderr
        );
    }
}

#[test]
fn the_demo_hubs_feeds_and_sitemap_pass_the_validators_at_its_base_url_and_under_a_sub_path() {
    passes_both_checkers_at_both_base_urls(&repo_root());
}

#[test]
fn every_examples_feeds_and_sitemap_pass_the_validators_at_its_base_url_and_under_a_sub_path() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("guildhall.toml").is_file() {
            passes_both_checkers_at_both_base_urls(&path);
            checked += 1;
        }
    }
    assert!(checked >= 1, "no example hub found in examples/");
}

#[test]
fn the_feed_checker_fails_a_feed_without_an_id_and_with_a_relative_link() {
    let output = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(output.path().join("stories/one")).unwrap();
    std::fs::write(
        output.path().join("stories/one/index.html"),
        "<!doctype html>",
    )
    .unwrap();
    std::fs::write(
        output.path().join("stories/atom.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Stories</title>
<link rel="self" type="application/atom+xml" href="https://shop.example/stories/atom.xml"/>
<updated>2026-01-01T00:00:00Z</updated>
<author><name>Shop</name></author>
<entry>
<title>One</title>
<id>https://shop.example/stories/one/</id>
<link rel="alternate" type="text/html" href="/stories/one/"/>
<updated>2026-01-01T00:00:00Z</updated>
</entry>
</feed>
"#,
    )
    .unwrap();
    let checked = run_checker("check_feeds.py", output.path(), "https://shop.example/");
    assert_eq!(checked.code, 1, "{}\n{}", checked.stdout, checked.stderr);
    for expected in [
        "FAIL stories/atom.xml",
        "line 2: the feed has no <id>",
        "line 10: the link '/stories/one/' is not an absolute URL",
        "0 passed, 1 failed",
    ] {
        assert!(
            checked.stdout.contains(expected),
            "missing `{expected}`:\n{}",
            checked.stdout
        );
    }

    // An output without any feed fails too.
    std::fs::remove_file(output.path().join("stories/atom.xml")).unwrap();
    let checked = run_checker("check_feeds.py", output.path(), "https://shop.example/");
    assert_eq!(checked.code, 1, "{}", checked.stdout);
    assert!(
        checked.stdout.contains("FAIL no Atom feed found"),
        "{}",
        checked.stdout
    );
}

#[test]
fn the_sitemap_checker_fails_a_loc_on_another_host() {
    let output = tempfile::tempdir().unwrap();
    std::fs::write(output.path().join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(
        output.path().join("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://shop.example/sitemap.xml\n",
    )
    .unwrap();
    std::fs::write(
        output.path().join("sitemap.xml"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://shop.example/</loc></url>
<url><loc>https://elsewhere.example/guides/</loc></url>
</urlset>
"#,
    )
    .unwrap();
    let checked = run_checker("check_sitemap.py", output.path(), "https://shop.example/");
    assert_eq!(checked.code, 1, "{}\n{}", checked.stdout, checked.stderr);
    for expected in [
        "FAIL sitemap.xml",
        "line 4: https://elsewhere.example/guides/ is not under https://shop.example/ (its host is elsewhere.example)",
        "ok robots.txt",
        "1 passed, 1 failed",
    ] {
        assert!(
            checked.stdout.contains(expected),
            "missing `{expected}`:\n{}",
            checked.stdout
        );
    }
}

#[test]
fn the_feed_of_a_collection_passes_both_checkers() {
    passes_both_checkers_at_both_base_urls(&repo_root().join("tests/sites/collections/blog"));
}
