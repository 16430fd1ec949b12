//! What a good build writes: pages at their URLs, lists, redirects, sitemap, links and anchors.

use crate::support::{TempSite, snapshot_tree};

#[test]
fn writes_every_page_kind_at_its_url() {
    let site = TempSite::fixture("build", "basic");
    let run = site.build(&[]);
    run.assert_success();
    assert!(run.stdout.starts_with("built 5 pages"), "{}", run.stdout);
    for path in [
        "index.html",
        "404.html",
        "about/index.html",
        "guides/index.html",
        "guides/page/2/index.html",
        "guides/first/index.html",
        "guides/socks/index.html",
        "guides/socks/heel/index.html",
        "old/first/index.html",
        "images/swatch.svg",
        "style.css",
        "robots.txt",
        "sitemap.xml",
    ] {
        assert!(site.public().join(path).is_file(), "missing {path}");
    }
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    assert!(!site.public().join("guides/hidden/index.html").exists());
    assert!(!site.read("sitemap.xml").contains("hidden"));
    site.build(&["--drafts"]).assert_success();
    let page = site.read("guides/hidden/index.html");
    assert!(
        page.contains("noindex"),
        "a draft shown with --drafts must not be indexed"
    );
    assert!(!site.read("sitemap.xml").contains("hidden"));
}

#[test]
fn links_to_pages_become_urls_with_their_anchors() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let first = site.read("guides/first/index.html");
    assert!(
        first.contains(r#"href="/guides/second/#the-middle""#),
        "{first}"
    );
    assert!(first.contains(r#"href="/about/""#));
    let about = site.read("about/index.html");
    assert!(
        about.contains(r#"href="/guides/""#),
        "@/ links resolve from the content root"
    );
    let home = site.read("index.html");
    assert!(home.contains(r#"href="/guides/first/""#));
}

#[test]
fn headings_get_ids_anchors_and_a_table_of_contents() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let second = site.read("guides/second/index.html");
    assert!(second.contains(r#"<h2 id="the-middle">"#));
    assert!(
        second.contains(r#"<h2 id="the-middle-1">"#),
        "duplicate headings get distinct ids"
    );
    assert!(
        second.contains(r##"href="#the-middle-1""##),
        "the table of contents links every heading"
    );
}

#[test]
fn nested_folders_are_sections_listed_by_their_parent() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let guides = site.read("guides/index.html");
    assert!(
        guides.contains(r#"<a href="/guides/socks/">Socks</a>"#),
        "{guides}"
    );
    let heel = site.read("guides/socks/heel/index.html");
    let crumbs = heel.split("Breadcrumb").nth(1).expect("breadcrumbs");
    let (guides_at, socks_at) = (
        crumbs.find("/guides/\"").unwrap(),
        crumbs.find("/guides/socks/\"").unwrap(),
    );
    assert!(guides_at < socks_at, "breadcrumbs go home, guides, socks");
}

#[test]
fn markdown_extensions_are_rendered() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let first = site.read("guides/first/index.html");
    assert!(first.contains("<table>"), "tables");
    assert!(first.contains(r#"type="checkbox""#), "task lists");
    assert!(first.contains("<section class=\"footnotes\""), "footnotes");
    assert!(
        first.contains("\u{201c}quotes\u{201d}"),
        "smart punctuation"
    );
    assert!(
        first.contains(r#"<img src="/images/swatch.svg" alt="A green swatch""#),
        "{first}"
    );
}

#[test]
fn sections_are_paginated_in_date_order() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let page_one = site.read("guides/index.html");
    let page_two = site.read("guides/page/2/index.html");
    let third = page_one.find("Third guide").expect("newest first");
    let second = page_one.find("Second guide").expect("second newest");
    assert!(third < second);
    assert!(!page_one.contains(">First guide<"), "only two per page");
    assert!(page_two.contains("First guide"));
    assert!(
        page_two.contains(r#"href="/guides/""#),
        "page two links back to page one"
    );
}

#[test]
fn every_page_has_canonical_description_and_open_graph() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let first = site.read("guides/first/index.html");
    assert!(first.contains(r#"<link rel="canonical" href="https://hub.example/guides/first/">"#));
    assert!(first.contains(r#"<meta name="description" content="The oldest guide.">"#));
    // The guide's picture is an SVG, which social sites do not show: its own card stands in.
    assert!(first.contains(
        r#"<meta property="og:image" content="https://hub.example/_cards/guides/first.png">"#
    ));
    let third = site.read("guides/third/index.html");
    assert!(
        third.contains("content=\"The newest guide has no summary, so this first paragraph becomes its summary.\""),
        "the first paragraph is the fallback description"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let alias = site.read("old/first/index.html");
    assert!(alias.contains("https://hub.example/guides/first/"));
    assert!(alias.contains("http-equiv=\"refresh\""));
}

#[test]
fn sitemap_lists_public_pages_with_last_modification() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://hub.example/guides/first/</loc><lastmod>2025-06-01</lastmod>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://hub.example/sitemap.xml")
    );
}

#[test]
fn a_sub_path_base_url_prefixes_every_link_and_asset() {
    let site = TempSite::fixture("build", "basic");
    site.build(&["--base-url", "https://shop.example/community/"])
        .assert_success();
    let first = site.read("guides/first/index.html");
    assert!(first.contains(r#"href="/community/guides/second/#the-middle""#));
    assert!(first.contains(r#"href="/community/assets/style."#));
    assert!(first.contains(r#"src="/community/images/swatch.svg""#));
    assert!(
        first.contains(
            r#"<link rel="canonical" href="https://shop.example/community/guides/first/">"#
        )
    );
    for (path, bytes) in snapshot_tree(&site.public()) {
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("href=\"/guides"),
                "{path} has a link without the base path"
            );
        }
    }
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let first = snapshot_tree(&site.public());
    let copy = TempSite::fixture("build", "basic");
    copy.build(&[]).assert_success();
    assert_eq!(
        first,
        snapshot_tree(&copy.public()),
        "two builds of the same input differ"
    );
}

#[test]
fn templates_can_be_overridden_one_by_one() {
    let site = TempSite::fixture("build", "basic");
    site.write(
        "templates/partials/footer.html",
        "<footer class=\"site-footer\"><p>Custom footer</p></footer>\n",
    );
    site.build(&[]).assert_success();
    let home = site.read("index.html");
    assert!(home.contains("Custom footer"));
    assert!(
        home.contains("skip-link"),
        "the rest of the default theme stays"
    );
}

#[test]
fn the_card_partial_renders_every_list_card_and_sees_only_its_page() {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "templates/partials/card.html",
        "<li class=\"custom-card\" data-heading=\"{{ heading }}\">{{ page.title }}|{{ site.title | default(value=\"no site\") }}</li>",
    );
    site.build(&[]).assert_success();
    // A section list (level 2), a topic's guides (level 4) and a page's related content (level 3).
    let guides = site.read("guides/index.html");
    assert!(
        guides.contains("<li class=\"custom-card\" data-heading=\"2\">First guide|no site</li>"),
        "{guides}"
    );
    let topic = site.read("topics/yarn/index.html");
    assert!(
        topic.contains("<li class=\"custom-card\" data-heading=\"4\">First guide|no site</li>"),
        "{topic}"
    );
    let first = site.read("guides/first/index.html");
    assert!(
        first.contains("<li class=\"custom-card\" data-heading=\"3\">"),
        "{first}"
    );
    assert!(
        !first.contains("<li class=\"card\">"),
        "no card escapes the partial"
    );
}

#[test]
fn an_error_in_the_card_partial_names_the_card_and_the_page() {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "templates/partials/card.html",
        "{{ page.title | no_such_filter }}",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/topics/yarn.md: error: cannot render `topics/yarn/index.html`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("cannot render the card of `/guides/first/` with `partials/card.html`")
            && run.stderr.contains("no_such_filter"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_folder_replaces_templates_and_falls_back_to_the_default() {
    let site = TempSite::fixture("build", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write("guildhall.toml", &format!("theme = \"plain\"\n{config}"));
    site.write(
        "themes/plain/templates/page.html",
        "<p>plain {{ page.title }}</p>\n",
    );
    site.write("themes/plain/static/extra.css", "body{}\n");
    site.build(&[]).assert_success();
    assert_eq!(site.read("about/index.html"), "<p>plain About</p>\n");
    assert!(
        site.read("guides/first/index.html").contains("<main"),
        "guide.html comes from the default theme"
    );
    assert_eq!(site.read("extra.css"), "body{}\n");
}
