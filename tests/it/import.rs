//! `guildhall import`: small Zola, Hugo and Jekyll sites imported by the real binary, then built;
//! every old address still answers, unknown shortcodes are reported at `path:line`, nothing is
//! overwritten.

use std::path::Path;

use crate::support::{Run, guildhall, repo_root};

/// Imports `tests/sites/import/<format>` into a new hub and builds it.
fn import_and_build(format: &str) -> (tempfile::TempDir, Run) {
    import_case_and_build(format, format)
}

/// Imports `tests/sites/import/<case>`, a site of `format`, into a new hub and builds it.
fn import_case_and_build(format: &str, case: &str) -> (tempfile::TempDir, Run) {
    let hub = tempfile::tempdir().expect("temporary folder");
    let source = repo_root().join("tests/sites/import").join(case);
    let run = guildhall(
        &[
            "import",
            format,
            source.to_str().unwrap(),
            "--into",
            hub.path().to_str().unwrap(),
        ],
        &repo_root(),
    );
    run.assert_success();
    guildhall(
        &["build", "--root", hub.path().to_str().unwrap()],
        hub.path(),
    )
    .assert_success();
    (hub, run)
}

/// Fails unless every address is a page, a redirect or a file of the built output.
fn assert_resolves(hub: &Path, addresses: &[&str]) {
    for address in addresses {
        let relative = address.trim_start_matches('/');
        let file = if address.ends_with('/') {
            hub.join("public").join(relative).join("index.html")
        } else {
            hub.join("public").join(relative)
        };
        assert!(
            file.is_file(),
            "the old address {address} does not resolve ({} is missing)",
            file.display()
        );
    }
}

/// `text` without the parts from `open` to `close` (comments, code blocks).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn a_zola_site_is_imported_and_every_old_address_resolves() {
    let (hub, run) = import_and_build("zola");
    assert_resolves(
        hub.path(),
        &[
            "/",
            "/blog/",
            "/blog/first-socks/",
            "/posts/first-socks/",
            "/blog/colour-work/",
            "/about/",
            "/about-us/",
            "/docs/",
            "/getting-started/",
            "/images/logo.png",
        ],
    );
    let page = std::fs::read_to_string(hub.path().join("content/blog/first-socks.md")).unwrap();
    assert!(
        page.starts_with("+++\ntitle = \"My first socks\"\nsummary = "),
        "{page}"
    );
    assert!(
        page.contains("topics = [\"projects\", \"socks\", \"beginner-knitting\"]"),
        "{page}"
    );
    assert!(page.contains("byline = \"Ann Weaver, Bo Lind\""), "{page}");
    assert!(
        page.contains("::video{src=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""),
        "{page}"
    );
    assert!(
        page.contains(
            ":::callout{kind=\"note\" title=\"Before you start\"}\nKnit a **swatch** first.\n:::"
        ),
        "{page}"
    );
    assert!(
        page.contains("[colour work](colour-work/index.md#charts)"),
        "{page}"
    );
    // Zola names pictures from the content folder; the bundle's own picture is found beside it,
    // and `{{/* */}}` shows the shortcode it escapes.
    let bundle =
        std::fs::read_to_string(hub.path().join("content/blog/colour-work/index.md")).unwrap();
    assert!(
        bundle.contains("::figure{src=\"swatch.png\" alt=\"The swatch, small\"}"),
        "{bundle}"
    );
    assert!(
        bundle.contains("write `{{ youtube(id=\"ID\") }}`."),
        "{bundle}"
    );
    // The page bundle keeps its picture beside it.
    assert!(
        hub.path()
            .join("content/blog/colour-work/swatch.png")
            .is_file()
    );
    assert!(
        run.stdout.contains("tests/sites/import/zola/content/blog/2024-01-05-first-socks.md:27: unknown shortcode `{{ chart(kind=\"bar\", data=\"yarn.csv\") }}`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "shortcodes converted: 3 (note 1, resize_image 1, youtube 1); left for you: 1"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_hugo_site_is_imported_with_its_permalinks_bundles_and_shortcodes() {
    let (hub, _run) = import_and_build("hugo");
    assert_resolves(
        hub.path(),
        &[
            "/",
            "/posts/",
            "/2023/11/cast-on/",
            "/old/cast-on/",
            "/2024/01/blocking-your-knits/",
            "/install-guide/",
            "/about/",
            "/images/cast.png",
        ],
    );
    let page = std::fs::read_to_string(hub.path().join("content/posts/cast-on.md")).unwrap();
    for expected in [
        "updated = 2023-12-01",
        "::figure{src=\"/images/cast.png\" alt=\"Stitches on a needle\" caption=\"The finished edge\"}",
        ":::callout{kind=\"tip\"}\nLeave a tail",
        ":::callout{kind=\"warning\" title=\"Tension\"}",
        "[blocking](blocking/index.md) and [install](../docs/install.md)",
        // Escaped shortcodes in code show what they stand for.
        "```go-html-template\n{{< youtube ID >}}\n```",
        "[The post by @hugoknits on X](https://x.com/hugoknits/status/1234)",
    ] {
        assert!(page.contains(expected), "missing {expected}\n{page}");
    }
    let bundle =
        std::fs::read_to_string(hub.path().join("content/posts/blocking/index.md")).unwrap();
    assert!(
        bundle.contains(":::gallery\n![A blocked swatch](swatch.png)\n:::"),
        "{bundle}"
    );
    assert!(
        bundle.contains("```python\nprint(\"pin it\")\n```"),
        "{bundle}"
    );
    assert!(
        hub.path()
            .join("content/posts/blocking/swatch.png")
            .is_file()
    );
    // `param` takes the site's parameter when the page has none of that name.
    let install = std::fs::read_to_string(hub.path().join("content/docs/install.md")).unwrap();
    assert!(install.contains("Download it. Knitting notes"), "{install}");
    // No shortcode prints as text with curly braces.
    let html = std::fs::read_to_string(hub.path().join("public/posts/cast-on/index.html")).unwrap();
    let shown = without(&without(&html, "<!--", "-->"), "<pre", "</pre>");
    assert!(!shown.contains("{{") && !shown.contains("{%"), "{shown}");
}

#[test]
fn a_jekyll_site_is_imported_with_its_dated_posts_and_pages() {
    let (hub, run) = import_and_build("jekyll");
    assert_resolves(
        hub.path(),
        &[
            "/club/news/2024/03/01/welcome-to-the-club.html",
            "/2024/02/10/Hello-World.html",
            "/hello/",
            "/news/2024/04/02/spring-retreat.html",
            "/about/",
            "/contact.html",
            "/assets/img/yarn.png",
        ],
    );
    let post =
        std::fs::read_to_string(hub.path().join("content/blog/welcome-to-the-club.md")).unwrap();
    for expected in [
        "date = 2024-03-01T09:00:00+00:00",
        "![Our yarn](/assets/img/yarn.png)",
        "```ruby\ndef knit = puts \"knit\"\n```",
        "::video{src=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" title=\"Video\"}",
        "[first post](hello-world.md)",
    ] {
        assert!(post.contains(expected), "missing {expected}\n{post}");
    }
    let draft = std::fs::read_to_string(hub.path().join("content/blog/winter-plans.md")).unwrap();
    assert!(draft.contains("draft = true"), "{draft}");
    assert!(run.stdout.contains("_posts/2024-03-01-welcome-to-the-club.md:21: unknown shortcode `{% include newsletter-signup.html %}`"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("index.html: not imported: an HTML page run through Liquid"),
        "{}",
        run.stdout
    );
    assert!(!hub.path().join("static/Gemfile").exists());
}

#[test]
fn importing_twice_never_overwrites_a_file() {
    let hub = tempfile::tempdir().expect("temporary folder");
    let source = repo_root().join("tests/sites/import/zola");
    let args = [
        "import",
        "zola",
        source.to_str().unwrap(),
        "--into",
        hub.path().to_str().unwrap(),
    ];
    guildhall(&args, &repo_root()).assert_success();
    let edited = hub.path().join("content/pages/about.md");
    std::fs::write(&edited, "+++\ntitle = \"Edited\"\n+++\n").unwrap();
    let run = guildhall(&args, &repo_root());
    run.assert_success();
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "+++\ntitle = \"Edited\"\n+++\n"
    );
    assert!(
        run.stdout
            .contains("skipped, already in the hub (never overwritten): 9"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("content/pages/about.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": 0 files written"), "{}", run.stdout);
}

#[test]
fn sections_can_be_sent_to_another_folder() {
    let hub = tempfile::tempdir().expect("temporary folder");
    let source = repo_root().join("tests/sites/import/hugo");
    let run = guildhall(
        &[
            "import",
            "hugo",
            source.to_str().unwrap(),
            "--into",
            hub.path().to_str().unwrap(),
            "--section",
            "posts=stories-archive",
        ],
        &repo_root(),
    );
    run.assert_success();
    assert!(
        hub.path()
            .join("content/stories-archive/cast-on.md")
            .is_file()
    );
    // The list moved: the editor is told to redirect it.
    assert!(
        run.stdout
            .contains("the list at /posts/ is now at /stories-archive/"),
        "{}",
        run.stdout
    );
    let bad = guildhall(
        &[
            "import",
            "hugo",
            source.to_str().unwrap(),
            "--section",
            "posts",
        ],
        hub.path(),
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("write it as OLD=NEW"), "{}", bad.stderr);
}

#[test]
fn an_eleventy_site_of_markdown_with_yaml_front_matter_is_imported() {
    let (hub, run) = import_and_build("markdown");
    assert_resolves(
        hub.path(),
        &[
            "/",
            "/posts/hello/",
            "/blog/hello-world/",
            "/posts/trip/",
            "/about/",
        ],
    );
    let page = std::fs::read_to_string(hub.path().join("content/posts/hello.md")).unwrap();
    assert!(
        page.contains("::video{src=\"https://www.youtube.com/watch?v=M7lc1UVf-VE\""),
        "{page}"
    );
    assert!(
        page.contains(":::callout{kind=\"tip\"}\nWind your yarn first.\n:::"),
        "{page}"
    );
    assert!(hub.path().join("content/posts/trip/sheep.png").is_file());
    // `Index.md` is its folder's list page, not a page named `index` (a bundle).
    let list = std::fs::read_to_string(hub.path().join("content/posts/_index.md")).unwrap();
    assert!(list.contains("All our posts"), "{list}");
    assert!(!hub.path().join("content/posts/index.md").exists());
    // A picture beside the pages moves to static/ and is reached from the site's root.
    let hello = std::fs::read_to_string(hub.path().join("content/posts/hello.md")).unwrap();
    assert!(
        hello.contains("![How the yarn is spun](/pictures/diagram.png)"),
        "{hello}"
    );
    assert!(hub.path().join("static/pictures/diagram.png").is_file());
    // A file renamed to its slug is linked under its new name, by inline and reference links.
    let about = std::fs::read_to_string(hub.path().join("content/pages/about.md")).unwrap();
    assert!(
        about.contains("[when it meets](../posts/knit-along.md#when)")
            && about.contains("[kal]: ../posts/knit-along.md#when \"Our knit-along\""),
        "{about}"
    );
    assert!(
        run.stdout.contains("tests/sites/import/markdown/posts/trip/index.md:8: unknown shortcode `{% tweet \"123\" %}`"),
        "{}",
        run.stdout
    );
}

/// Regression: a Hugo site configured in `config/_default/` with one content folder per language
/// was read as if it had no configuration, so every page moved under `/en/` and lost its address;
/// a page named for the default language (`faq.en.md`) was taken for a translation.
#[test]
fn a_hugo_configuration_folder_and_language_content_folders_are_followed() {
    let (hub, run) = import_case_and_build("hugo", "hugo-config-dir");
    assert_resolves(
        hub.path(),
        &[
            "/",
            "/docs/",
            "/docs/getting-started/",
            "/docs/getting-started/introduction/",
            "/docs/getting-started/faq/",
            "/news/2024/hello-knitters/",
            // The tag's old page leads to its topic.
            "/tags/cast-on/",
        ],
    );
    let config = std::fs::read_to_string(hub.path().join("guildhall.toml")).unwrap();
    assert!(config.contains("https://docs.knits.example/"), "{config}");
    assert!(
        run.stdout
            .contains("content/fr: not imported: the pages in the language `fr`"),
        "{}",
        run.stdout
    );
    let page = std::fs::read_to_string(
        hub.path()
            .join("content/docs/getting-started/introduction.md"),
    )
    .unwrap();
    for expected in [
        ":::callout{kind=\"note\"}\nThe tutorial is for <b>new</b> knitters.\n:::",
        "Read the [FAQ](faq.md) first.",
        "<details>\n<summary>Why an app?</summary>\n\nCounting rows by hand goes wrong.\n</details>",
        "Write to help@knits.example.",
    ] {
        assert!(page.contains(expected), "missing {expected}\n{page}");
    }
    assert!(run.stdout.contains("left for you: 0"), "{}", run.stdout);
    let html = std::fs::read_to_string(
        hub.path()
            .join("public/docs/getting-started/introduction/index.html"),
    )
    .unwrap();
    assert!(html.contains("<summary>Why an app?</summary>"), "{html}");
}

/// Regression: a Jekyll site giving its permalinks through `defaults` lost every address, its
/// excluded files were imported as pages, and kramdown's `{: .prompt-tip }` printed as text.
#[test]
fn jekyll_defaults_exclude_and_kramdown_attributes_are_followed() {
    let (hub, run) = import_case_and_build("jekyll", "jekyll-defaults");
    assert_resolves(
        hub.path(),
        &[
            "/posts/casting-on/",
            "/posts/templates/",
            "/about/",
            "/tags/cast-on/",
            "/categories/basics/",
        ],
    );
    assert!(!hub.path().join("content/pages/changelog.md").exists());
    assert!(!run.stdout.contains("notes.md"), "{}", run.stdout);
    let page = std::fs::read_to_string(hub.path().join("content/blog/casting-on.md")).unwrap();
    for expected in [
        ":::callout{kind=\"tip\"}\nUse a needle one size up.\n:::",
        "`knit.go`\n\n```go\n",
        "![The edge](/assets/edge.png)\n",
    ] {
        assert!(page.contains(expected), "missing {expected}\n{page}");
    }
    assert!(!page.contains("{:"), "{page}");
    // With `render_with_liquid: false` the braces were text, and stay text.
    let html =
        std::fs::read_to_string(hub.path().join("public/blog/templates/index.html")).unwrap();
    assert!(html.contains("A template prints {{ stitches }}"), "{html}");
}
