//! Members, stories, products and topics: consent is enforced in every output, store links are tagged
//! exactly once, and topic and product pages list exactly the content that references them.

use std::collections::BTreeSet;

use crate::scan::Output;
use crate::support::TempSite;

const NOW: &str = "2026-03-01T12:00:00Z";

fn built() -> TempSite {
    let site = TempSite::fixture("community", "basic");
    let run = site.build(&["--now", NOW, "--format", "short"]);
    run.assert_success();
    site
}

/// Every `href` value of an HTML text.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

/// The `<main>` element of a page, where the page's own content is.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a closing </main>");
    &html[start..end]
}

/// Links to guides and stories inside `<main>`.
fn content_links(html: &str) -> BTreeSet<String> {
    hrefs(main_of(html))
        .into_iter()
        .filter(|h| {
            (h.starts_with("/guides/") || h.starts_with("/stories/")) && h.matches('/').count() == 3
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn members_without_consent_appear_in_no_output_at_all() {
    let site = built();
    let forbidden = [
        "Bo Withheld",
        "Cy Expired",
        "bo-story",
        "cy-story",
        "Bo&#39;s secret",
        "Bo's secret",
        "Private text of Bo",
        "words must never",
        "Text of Cy",
        "/members/bo/",
        "/members/cy/",
        "Never agreed",
        "Agreed once",
    ];
    let output = Output::read(&site.public());
    output.assert_absent(&forbidden);
    for name in ["bo", "cy", "withheld", "expired"] {
        assert!(
            !output.terms().contains(name),
            "`{name}` is a term of the search index"
        );
    }
    assert!(
        !output.files_containing("Ada Consenting").is_empty(),
        "the scan sees the members who agreed"
    );
    assert!(site.public().join("members/ada/index.html").is_file());
    assert!(!site.public().join("members/bo").exists());
    let ada = site.read("stories/ada-story/index.html");
    assert!(
        ada.contains(r#"href="/stories/""#),
        "the link to a withheld story leads to the list"
    );
}

#[test]
fn consent_until_is_read_against_the_build_time() {
    let site = TempSite::fixture("community", "basic");
    site.build(&["--now", "2025-12-31T23:00:00Z"])
        .assert_success();
    assert!(
        site.public().join("members/cy/index.html").is_file(),
        "still public on the last day"
    );
    assert!(
        site.read("stories/cy-story/index.html")
            .contains("Cy Expired")
    );
    site.build(&["--now", "2026-01-01T00:00:00Z"])
        .assert_success();
    assert!(
        !site.public().join("stories/cy-story").exists(),
        "withheld from the next day"
    );
}

#[test]
fn a_withheld_author_is_not_named_but_the_guide_stays() {
    let site = built();
    let second = site.read("guides/second/index.html");
    assert!(second.contains("Second guide"));
    let first = site.read("guides/first/index.html");
    assert!(
        first.contains("/members/ada/"),
        "a consenting author is linked"
    );
}

/// The host of an absolute or protocol-relative URL, lower-cased; `None` for a path on the hub.
fn host_of(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "//"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    Some(host.to_string())
}

/// Every link of the output as (file, URL): the `href`s of each file's text as a reader sees it
/// (entities resolved, so links inside escaped feed entries count) and every URL value of its JSON.
fn every_link(output: &Output) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for file in &output.files {
        if file.path.starts_with(".guildhall/") || file.path.starts_with("search/") {
            continue;
        }
        for href in hrefs(&file.text) {
            links.push((file.path.clone(), href));
        }
        if file.path.ends_with(".json") {
            for line in file.text.lines() {
                if host_of(line).is_some() {
                    links.push((file.path.clone(), line.to_string()));
                }
            }
        }
    }
    links
}

#[test]
fn store_links_carry_utm_tags_exactly_once_and_other_links_none() {
    let site = built();
    let output = Output::read(&site.public());
    let mut store_links = BTreeSet::new();
    for (path, link) in every_link(&output) {
        let tags = link.to_ascii_lowercase().matches("utm_source=").count();
        if host_of(&link).as_deref() == Some("shop.example") {
            assert_eq!(tags, 1, "{path}: {link} is a store link");
            store_links.insert(link.split('?').next().unwrap().to_lowercase());
        } else {
            assert_eq!(
                tags, 0,
                "{path}: {link} is not a store link but carries tags"
            );
        }
    }
    // The fixture links to the store from the theme, products and guides, by `http://` and in
    // capitals too; each is seen (feeds carry them escaped).
    for expected in [
        "https://shop.example/",
        "https://shop.example/p/needle-2",
        "https://shop.example/p/yarn-1",
        "https://shop.example/sale",
        "http://shop.example/old",
        "https://shop.example/loud",
    ] {
        assert!(
            store_links.contains(expected),
            "{expected} in {store_links:?}"
        );
    }
    let feed = output.file("guides/atom.xml").unwrap();
    assert!(
        hrefs(&feed.text)
            .iter()
            .any(|h| h.starts_with("http://shop.example/old?utm_source=club&")),
        "the escaped link of a feed entry is tagged"
    );
    let first = site.read("guides/first/index.html");
    assert!(first.contains("https://shop.example/p/needle-2?size=4&amp;utm_source=club&amp;utm_medium=community&amp;utm_campaign=guides-first"), "{first}");
    assert!(
        first.contains("https://shop.example/x?utm_source=mail\""),
        "an already tagged link is left alone"
    );
    assert!(first.contains("href=\"https://blog.example/post\""));
    assert!(
        first.contains("href=\"HTTPS://Shop.Example/Loud?utm_source=club&amp;"),
        "a store link in capitals is a store link"
    );
}

#[test]
fn topic_pages_list_exactly_the_content_that_references_them() {
    let site = built();
    let yarn = site.read("topics/yarn/index.html");
    assert_eq!(
        content_links(&yarn),
        set(&["/guides/first/", "/guides/second/", "/stories/ada-story/"]),
        "declared topic"
    );
    assert!(yarn.contains("All about yarn"));
    assert!(
        yarn.contains("Merino Yarn"),
        "products of the topic are listed"
    );
    let tools = site.read("topics/tools/index.html");
    assert_eq!(
        content_links(&tools),
        set(&["/guides/second/", "/guides/third/"]),
        "a generated topic"
    );
    let index = site.read("topics/index.html");
    assert!(index.contains("/topics/yarn/") && index.contains("/topics/tools/"));
}

#[test]
fn product_pages_list_exactly_the_content_that_references_them() {
    let site = built();
    let needles = site.read("products/needle-2/index.html");
    assert_eq!(
        content_links(&needles),
        set(&["/guides/first/", "/guides/third/"]),
        "front matter and inline links count"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("products/needle-2.json")).unwrap();
    let titles: Vec<&str> = json["guides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Third guide", "First guide"], "newest first");
    assert_eq!(
        json["guides"][0]["url"],
        "https://club.example/guides/third/"
    );
    assert!(site.read("products/index.html").contains("Old Kit"));
}

#[test]
fn the_start_here_path_links_each_page_to_the_next() {
    let site = built();
    let first = site.read("guides/first/index.html");
    let main = main_of(&first);
    assert!(main.contains("href=\"/welcome/\""), "previous step");
    assert!(main.contains("href=\"/guides/second/\""), "next step");
    let home = site.read("index.html");
    let (welcome, first_at) = (
        home.find("href=\"/welcome/\"").unwrap(),
        home.find("href=\"/guides/first/\"").unwrap(),
    );
    assert!(welcome < first_at, "the home page lists the path in order");
}

#[test]
fn the_stories_feed_is_atom_with_consenting_stories_only() {
    let site = built();
    let feed = site.read("stories/atom.xml");
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("https://club.example/stories/ada-story/"));
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(site.read("index.html").contains("application/atom+xml"));
}

#[test]
fn every_page_shows_related_content_from_shared_topics_and_products() {
    let site = built();
    let third = site.read("guides/third/index.html");
    let related = main_of(&third);
    assert!(
        related.contains("/guides/second/"),
        "shares the tools topic"
    );
}

#[test]
fn product_and_member_mistakes_are_reported_where_they_are() {
    let site = TempSite::fixture("community", "basic");
    site.write("content/guides/bad.md", "+++\ntitle = \"Bad\"\nlevel = \"beginner\"\nproducts = [\"YARN-1\", \"YARN-9\"]\nauthor = \"adda\"\n+++\n\nBuy [old](product:OLD-3) or [missing](product:NOPE).\n");
    site.write(
        "content/stories/nobody.md",
        "+++\ntitle = \"Nobody\"\ndate = 2026-01-01\nphotos = [{ src = \"/images/x.svg\" }]\n+++\n",
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1);
    for expected in [
        "content/guides/bad.md:4:23: error: unknown product sku `YARN-9` (hint: did you mean `YARN-1`?)",
        "content/guides/bad.md:5:10: error: unknown member `adda` (hint: did you mean \"ada\"?)",
        "content/guides/bad.md:8:5: warning: the product `OLD-3` (Old Kit) is discontinued",
        "content/guides/bad.md:8:29: error: unknown product sku `NOPE`",
        "content/stories/nobody.md:1:1: error: the story has no member",
        "content/stories/nobody.md:4:19: error: the photo has no alt text",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
}

#[test]
fn discontinued_products_warn_without_failing_the_build() {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "content/guides/old.md",
        "+++\ntitle = \"Old\"\nlevel = \"beginner\"\nproducts = [\"OLD-3\"]\n+++\n",
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "content/guides/old.md:4:13: warning: the product `OLD-3` (Old Kit) is discontinued"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn config_and_data_mistakes_point_into_their_files() {
    let site = TempSite::fixture("community", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace(
            "\"guides/second.md\"]",
            "\"guides/secnd.md\"]\n\n[topics]\nrequire_declared = true",
        ),
    );
    site.write(
        "data/members.toml",
        &format!(
            "{}\n[[members]]\nhandle = \"ada\"\nname = \"Twin\"\nconsent = true\n",
            std::fs::read_to_string(site.path().join("data/members.toml")).unwrap()
        ),
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1);
    for expected in [
        "guildhall.toml:14:49: error: the start-here page `guides/secnd.md` does not exist (hint: did you mean \"guides/second.md\"?)",
        "data/members.toml:23:10: error: the handle `ada` is used twice",
        "content/guides/second.md:5:19: error: the topic `tools` is not declared",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
}
