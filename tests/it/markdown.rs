//! Markdown as editors write it: components (directives) rendered by the theme's templates, their
//! mistakes at `path:line:col`, highlighted code, definition lists, GitHub's callouts, footnotes at
//! the end, heading ids in GitHub's and Zola's styles, and slugs that keep existing URLs.

use crate::browser::{check_pages, validate_html};
use crate::support::TempSite;

const NOW: &str = "2026-03-01T12:00:00Z";

fn built_components() -> (TempSite, String) {
    let site = TempSite::fixture("markdown", "components");
    site.build(&["--now", NOW]).assert_success();
    let html = site.read("guides/every-component/index.html");
    (site, html)
}

/// The `<div class="content">` of a page: the rendered body.
fn content(html: &str) -> &str {
    let start = html
        .find("<div class=\"content\">")
        .expect("a content block");
    let end = start + html[start..].find("\n</div>\n\n").expect("its end");
    &html[start..end]
}

#[test]
fn every_component_renders_through_its_template() {
    let (_site, html) = built_components();
    let body = content(&html);
    assert!(body.contains("<div class=\"product-inline\">"), "{body}");
    assert!(body.contains("<span class=\"product-inline-price\">€12.50</span>"));
    assert!(body.contains("href=\"https://shop.example/p/yarn-1?utm_source=community&amp;utm_medium=referral&amp;utm_campaign=guides-every-component\""));
    assert!(body.contains("<div class=\"callout callout-tip\" role=\"note\" aria-label=\"Tip\">"));
    assert!(body.contains("Tip: Cold water</p>\n<p>Wash it <strong>cold</strong>"));
    assert!(body.contains(
        "<figure class=\"figure\">\n<img src=\"/images/swatch.svg\" alt=\"A knitted swatch\""
    ));
    assert!(body.contains("<figcaption>The swatch after blocking</figcaption>"));
    assert!(body.contains(
        "<figure class=\"gallery\">\n<p><img src=\"/images/swatch.svg\" alt=\"Red swatch\""
    ));
    assert!(body.contains("<div class=\"steps\">\n<ol>\n<li>Cast on.</li>"));
    // A site's own component, with its arguments as values.
    assert!(body.contains(
        "<blockquote class=\"quote-card\">\n<p>Knitting is maths you can wear.</p>\n<p>— Ada</p>"
    ));
    // GitHub's callouts take the callout component's markup.
    assert!(
        body.contains("<div class=\"callout callout-note\" role=\"note\" aria-label=\"Note\">")
    );
    assert!(
        body.contains(
            "<div class=\"callout callout-caution\" role=\"note\" aria-label=\"Caution\">"
        )
    );
    assert!(!body.contains("[!NOTE]"));
    // Text that only starts with colons stays text.
    assert!(body.contains("<p>::callout-like text in a paragraph stays text.</p>"));
}

#[test]
fn videos_ask_their_host_for_nothing_before_the_click() {
    let (_site, html) = built_components();
    let body = content(&html);
    assert!(!body.contains("<iframe"), "no player before the click");
    for attribute in [" src=\"http", " poster=\"http", " srcset=\"http"] {
        assert!(!body.contains(attribute), "no {attribute} in {body}");
    }
    assert!(
        body.contains(
            "data-embed=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        )
    );
    assert!(
        body.contains(
            "data-embed=\"https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1\""
        )
    );
    assert!(body.contains("<img class=\"video-poster\" src=\"/images/poster.svg\""));
    assert!(
        body.contains(
            "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">watch on YouTube</a>"
        )
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let (site, html) = built_components();
    let body = content(&html);
    assert!(body.contains("<pre><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"));
    assert!(body.contains("<span class=\"hl-entity hl-name hl-function hl-rust\">main</span>"));
    assert!(body.contains("<pre><code class=\"language-klingon\">Qapla'\n</code></pre>"));
    assert!(!body.contains("style="), "classes, never inline colours");
    let css = std::fs::read_to_string(
        std::fs::read_dir(site.public().join("assets"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| path.to_string_lossy().contains("content."))
            .expect("the content stylesheet"),
    )
    .unwrap();
    assert!(css.contains(".hl-string") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn definition_lists_and_footnotes_at_the_end_with_back_links() {
    let (_site, html) = built_components();
    let body = content(&html);
    assert!(body.contains("<dl>\n<dt>Wool</dt>\n<dd>Fibre from sheep.</dd>"));
    let notes = body
        .find("<section class=\"footnotes\"")
        .expect("a footnotes section");
    let last_paragraph = body.find("stays text.</p>").unwrap();
    assert!(
        notes > last_paragraph,
        "footnotes come after the whole article"
    );
    assert!(
        !body[..notes].contains("Wool is warm."),
        "not where they are defined"
    );
    assert!(body.contains("<li id=\"fn-wool\" value=\"1\"><p>Wool is warm. <a class=\"footnote-backref\" href=\"#ref-fn-wool\""));
    // A note referenced twice: two distinct reference ids, one note.
    assert!(body.contains("id=\"ref-fn-wool\"") && body.contains("id=\"ref-fn-wool-1\""));
    assert_eq!(body.matches("id=\"fn-wool\"").count(), 1);
}

#[test]
fn heading_ids_follow_github_by_default_and_zola_when_asked() {
    // GitHub's ids for these headings, as github.com renders them.
    const GITHUB: &[(&str, &str)] = &[
        ("People & Body", "people--body"),
        ("Crème brûlée", "crème-brûlée"),
        ("Hello, World!", "hello-world"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("C++ / Rust", "c--rust"),
        ("Version 1.2.3", "version-123"),
        ("Привет мир", "привет-мир"),
        ("Repeat", "repeat"),
        ("Repeat", "repeat-1"),
        ("Repeat", "repeat-2"),
    ];
    let site = TempSite::fixture("markdown", "components");
    let body: String = GITHUB.iter().map(|(h, _)| format!("## {h}\n\n")).collect();
    site.write(
        "content/guides/headings.md",
        &format!(
            "+++\ntitle = \"Headings\"\ndate = 2026-01-10\nlevel = \"beginner\"\n+++\n\n{body}"
        ),
    );
    site.build(&["--now", NOW]).assert_success();
    let html = site.read("guides/headings/index.html");
    for (heading, id) in GITHUB {
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">")),
            "{heading} -> {id}\n{html}"
        );
    }
    // Its link to `#people--body` would rightly fail with Zola's ids.
    std::fs::remove_file(site.path().join("content/guides/every-component.md")).unwrap();
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[markdown]\nheading_ids = \"zola\"\n"),
    );
    site.build(&["--now", NOW]).assert_success();
    let html = site.read("guides/headings/index.html");
    for id in [
        "people-body",
        "creme-brulee",
        "c-rust",
        "version-1-2-3",
        "privet-mir",
    ] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}\n{html}");
    }
}

#[test]
fn component_mistakes_are_reported_at_their_line_and_column_with_a_hint() {
    let site = TempSite::fixture("markdown", "components");
    site.write(
        "content/guides/broken.md",
        "+++\ntitle = \"Broken\"\ndate = 2026-01-10\nlevel = \"beginner\"\n+++\n\n\
         ::prodcut{sku=\"YARN-1\"}\n\
         ::product{skew=\"YARN-1\"}\n\
         :::callout{kind=\"danger\"}\nText.\n:::\n\
         ::video{src=\"https://example.com/v.mp4\" title=\"A\"}\n\
         ::figure{src=\"/images/swatch.svg\"}\n\
         ::product{sku=\"NOPE\"}\n\
         ::video{src=\"https://vimeo.com/1\" title=\"B\" poster=\"https://i.vimeocdn.com/p.jpg\"}\n\
         :::steps\nNo list.\n:::\n\
         :::gallery\n",
    );
    let run = site.build(&["--format", "short", "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let path = "content/guides/broken.md";
    for expected in [
        format!("{path}:7:3: error: there is no component `prodcut`"),
        format!("{path}:8:11: error: `product` has no argument `skew`"),
        format!("{path}:8:3: error: `product` needs `sku`"),
        format!("{path}:9:17: error: `kind` of `callout` cannot be \"danger\""),
        format!(
            "{path}:12:13: error: `https://example.com/v.mp4` is not a YouTube or Vimeo address"
        ),
        format!("{path}:13:3: error: `figure` needs `alt`"),
        format!("{path}:14:15: error: unknown product sku `NOPE`"),
        format!("{path}:15:52: error: the poster comes from another host"),
        format!("{path}:16:4: error: this `steps` holds no numbered list"),
        format!("{path}:19:1: error: the `gallery` component is never closed"),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}\n{}",
            run.stderr
        );
    }
    let human = site.build(&["--now", NOW]);
    assert!(
        human.stderr.contains("did you mean `product`?"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("`product` takes `sku`, `price`"),
        "{}",
        human.stderr
    );
}

#[test]
fn slugs_keep_existing_urls_with_capitals_underscores_and_dots() {
    let site = TempSite::fixture("markdown", "components");
    let page = |slug: &str| {
        format!(
            "+++\ntitle = \"Old\"\ndate = 2026-01-10\nlevel = \"beginner\"\nslug = \"{slug}\"\n+++\n\nText.\n"
        )
    };
    site.write("content/guides/old.md", &page("Old_Page.v2"));
    site.build(&["--now", NOW]).assert_success();
    assert!(
        site.public()
            .join("guides/Old_Page.v2/index.html")
            .is_file()
    );
    site.write("content/guides/old.md", &page("old page?"));
    let run = site.build(&["--format", "short", "--now", NOW]);
    assert!(
        run.stderr.contains("content/guides/old.md:5:8: error: the slug `old page?` cannot be used in a URL: it has a space"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_guide_with_every_component_is_valid_html_and_passes_axe_in_chromium() {
    let (site, _html) = built_components();
    validate_html(&site.public());
    check_pages(&site.public(), "/", &["guides/every-component/"]);
}
