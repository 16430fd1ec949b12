//! Page bundles, the files pages refer to, and every internal link checked against the output:
//! the good hub publishes its pictures beside its pages, the broken hub reports every dead link
//! at its line in one run.

use crate::support::{TempSite, guildhall};
use crate::validators::run_checker;

#[test]
fn a_page_bundle_is_one_page_with_its_pictures_published_beside_it() {
    let site = TempSite::fixture("links", "bundle");
    let run = site.build(&["--format", "short"]);
    run.assert_success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let public = site.public();
    for file in [
        "guides/blocking/index.html",
        "guides/blocking/shawl.png",
        "guides/blocking/images/edge.png",
        "guides/blocking/chart.pdf",
        "guides/swatch.png",
    ] {
        assert!(public.join(file).is_file(), "{file} is published");
    }
    assert!(
        !public.join("guides/blocking/index/index.html").exists(),
        "index.md is the bundle's page, not a page named index"
    );
    assert!(
        !public.join("guides/unused.png").exists(),
        "a file beside a plain page is published only when a page refers to it"
    );
    let bundle = site.read("guides/blocking/index.html");
    assert!(bundle.contains(r#"<img src="/guides/blocking/shawl.png""#));
    assert!(bundle.contains(r#"<img src="/guides/blocking/images/edge.png" alt="The edge again"#));
    assert!(bundle.contains(r#"href="/guides/blocking/chart.pdf""#));
    let guide = site.read("guides/casting-on/index.html");
    assert!(
        guide.contains(r#"<img src="/guides/swatch.png""#),
        "a loose picture"
    );
    assert!(guide.contains(r#"<a href="/guides/blocking/">pictures</a>"#));
    let list = site.read("guides/index.html");
    assert!(
        list.contains(r#"href="/guides/blocking/""#),
        "the bundle is listed in its section"
    );
    assert!(!list.contains("/guides/blocking/index/"));
}

#[test]
fn links_and_pictures_of_a_bundle_follow_the_base_path() {
    let site = TempSite::fixture("links", "bundle");
    site.build(&["--base-url", "https://shop.example/community/"])
        .assert_success();
    let bundle = site.read("guides/blocking/index.html");
    assert!(bundle.contains(r#"<img src="/community/guides/blocking/shawl.png""#));
    assert!(bundle.contains(r#"href="/community/guides/atom.xml""#));
    let guide = site.read("guides/casting-on/index.html");
    assert!(guide.contains(r#"href="/community/guides/blocking/#pinning""#));
    assert!(guide.contains(r#"href="/community/guides/blocking/shawl.png""#));
}

#[test]
fn check_knows_bundles_and_site_paths() {
    let site = TempSite::fixture("links", "bundle");
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(
        &["check", "--root", &root, "--format", "short"],
        site.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("same slug"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("about.md:2:1: warning: no page"),
        "a link to the page's address counts as a link to it\n{}",
        run.stderr
    );
}

#[test]
fn every_dead_link_and_missing_picture_is_reported_at_its_line_in_one_run() {
    let site = TempSite::fixture("links", "broken");
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = "content/guides/blocking/index.md";
    for expected in [
        "5:9: error: the image `cover.png` does not exist",
        "11:1: error: the image `shawl.pgn` does not exist (looked for content/guides/blocking/shawl.pgn) (hint: did you mean `shawl.png`?)",
        "13:7: error: the link `/nope/` leads to /nope/, which the site does not have",
        "13:30: error: the link `../missing/` leads to /guides/missing/",
        "13:61: error: there is no `#no-such-heading` on /start-here/",
        "14:1: error: there is no heading `#pinnning`",
        "16:18: error: the link `/gone/` leads to /gone/",
        "16:49: error: the image `edge.png` does not exist",
        "18:30: warning: the `<iframe>` is loaded from another host (video.example)",
        "19:14: warning: the `<script>` is loaded from another host (cdn.example)",
        "21:7: error: the file `chrat.pdf` does not exist (looked for content/guides/blocking/chrat.pdf) (hint: did you mean `chart.pdf`?)",
    ] {
        let expected = format!("{page}:{expected}");
        assert!(
            run.stderr.lines().any(|line| line.starts_with(&expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    // A relative address written for a site whose addresses end without a slash.
    assert!(
        run.stderr.lines().any(|line| line.starts_with(
            "content/pages/start-here.md:10:5: error: the link `guides` leads to /start-here/guides, \
             which the site does not have (hint: relative links are read from the page's address, \
             which ends in a slash; write `../guides` for /guides)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/guides/blocking/shawl.png: warning: the picture cannot be read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("10 errors, 3 warnings"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists(), "nothing is written");
}

#[test]
fn check_reports_off_site_resources_as_warnings() {
    let site = TempSite::fixture("links", "bundle");
    site.write(
        "content/pages/video.md",
        "+++\ntitle = \"Video\"\nsummary = \"A film.\"\n+++\n\n<video src=\"https://films.example/a.mp4\" poster=\"/images/logo.png\"></video>\n",
    );
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(
        &["check", "--root", &root, "--format", "short"],
        site.path(),
    );
    assert_eq!(run.code, 0, "warnings only\n{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/pages/video.md:6:13: warning: the `<video>` is loaded from another host (films.example)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_cannot_be_a_bundle_and_a_section_and_a_bundle_holds_no_pages() {
    let site = TempSite::fixture("links", "bundle");
    site.write(
        "content/guides/blocking/_index.md",
        "+++\ntitle = \"Blocking\"\n+++\n",
    );
    site.write(
        "content/guides/blocking/more.md",
        "+++\ntitle = \"More\"\nsummary = \"x\"\nlevel = \"beginner\"\n+++\n",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/guides/blocking/_index.md:1:1: error: content/guides/blocking/ has an index.md"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/blocking/more.md:1:1: error: this page is inside content/guides/blocking/"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_draft_bundle_publishes_none_of_its_files() {
    let site = TempSite::fixture("links", "bundle");
    let path = site.path().join("content/guides/blocking/index.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("+++\n", "+++\ndraft = true\n", 1)).unwrap();
    // The links to the draft go too, so the rest of the hub builds.
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Bundle Hub\"\n+++\n\nHello.\n",
    );
    site.write(
        "content/guides/casting-on.md",
        "+++\ntitle = \"Casting on\"\nsummary = \"x\"\nlevel = \"beginner\"\n+++\n\n## The slip knot\n\n[about](/about/)\n",
    );
    site.build(&[]).assert_success();
    assert!(!site.public().join("guides/blocking").exists());
}

#[test]
fn a_bundle_inside_a_nested_section_keeps_its_subfolders() {
    let site = TempSite::fixture("links", "bundle");
    site.write(
        "content/guides/knitting/socks/index.md",
        "+++\ntitle = \"Socks\"\nsummary = \"Toe up.\"\nlevel = \"beginner\"\n+++\n\n![The heel, turned](img/heel.png)\n",
    );
    site.write("content/guides/knitting/socks/img/heel.png", "png");
    site.build(&[]).assert_success();
    assert!(
        site.public()
            .join("guides/knitting/socks/img/heel.png")
            .is_file()
    );
    let page = site.read("guides/knitting/socks/index.html");
    assert!(page.contains(r#"<img src="/guides/knitting/socks/img/heel.png""#));
    let section = site.read("guides/knitting/index.html");
    assert!(
        section.contains(r#"href="/guides/knitting/socks/""#),
        "listed in its section"
    );
}

/// `tests/validators/check_links.py`, which shares no code with guildhall, follows every `href`,
/// `src` and `srcset` of the good hub's output to a written file and id, at the root and under a
/// sub-path.
#[test]
fn an_independent_checker_finds_no_dead_link_or_picture_in_the_bundle_hub() {
    let site = TempSite::fixture("links", "bundle");
    for (base_url, extra) in [
        ("https://hub.example/", vec![]),
        (
            "https://shop.example/community/",
            vec!["--base-url", "https://shop.example/community/"],
        ),
    ] {
        site.build(&extra).assert_success();
        let checked = run_checker("check_links.py", &site.public(), base_url);
        assert!(
            checked.code == 0 && checked.stdout.contains(" links, 0 dead"),
            "dead links in the bundle hub built for {base_url}:\n{}\n{}",
            checked.stdout,
            checked.stderr
        );
    }
}

/// The checker can fail: a picture removed from the output, a heading's id gone, and a dead link,
/// a dead `srcset` candidate and a dead address on the hub's own host planted in raw HTML are each
/// named with the page they are on.
#[test]
fn the_link_checker_names_each_dead_link_picture_and_fragment() {
    let site = TempSite::fixture("links", "bundle");
    site.build(&[]).assert_success();
    let public = site.public();
    std::fs::remove_file(public.join("guides/blocking/shawl.png")).unwrap();
    let bundle = site.read("guides/blocking/index.html");
    assert!(bundle.contains(r#"id="pinning""#), "{bundle}");
    std::fs::write(
        public.join("guides/blocking/index.html"),
        bundle.replace(r#"id="pinning""#, r#"id="pinned""#),
    )
    .unwrap();
    let about = site.read("about/index.html");
    let planted = concat!(
        r#"<a href="../guides/nope/">x</a>"#,
        r#"<img src="/logo.png" srcset="/images/logo.png 1x, /images/gone.png 2x" alt="">"#,
        r#"<a href="https://hub.example/pages/missing/">y</a>"#,
        "</main>"
    );
    std::fs::write(
        public.join("about/index.html"),
        about.replacen("</main>", planted, 1),
    )
    .unwrap();
    let checked = run_checker("check_links.py", &public, "https://hub.example/");
    assert_eq!(checked.code, 1, "{}\n{}", checked.stdout, checked.stderr);
    for expected in [
        r#"guides/blocking/index.html: img src "/guides/blocking/shawl.png": no file for /guides/blocking/shawl.png"#,
        r#"guides/casting-on/index.html: a href "/guides/blocking/#pinning": no id `pinning` on /guides/blocking/"#,
        r#"about/index.html: a href "../guides/nope/": no file for /guides/nope/"#,
        r#"about/index.html: img src "/logo.png": no file for /logo.png"#,
        r#"about/index.html: img srcset "/images/gone.png": no file for /images/gone.png"#,
        r#"about/index.html: a href "https://hub.example/pages/missing/": no file for /pages/missing/"#,
    ] {
        assert!(
            checked.stdout.contains(expected),
            "missing `{expected}`:\n{}",
            checked.stdout
        );
    }
    assert!(
        !checked.stdout.contains("/images/logo.png\""),
        "a srcset candidate that exists is not dead:\n{}",
        checked.stdout
    );
}
