//! Publishing: scheduled and expiring pages (`publish_date`, `expiry_date`) at the build's `--now`,
//! and the Atom feeds of the hub, its feed collections and its topics.

use std::io::Read as _;

use serde_json::json;

use crate::search::{search, urls};
use crate::support::{TempSite, snapshot_tree};

/// Before the guide `misting.md` is published (09:00 London time on 2 June 2026, 08:00 UTC).
const BEFORE: &str = "2026-06-01T12:00:00Z";
const AFTER: &str = "2026-06-02T08:00:00Z";

fn built_at(now: &str, extra: &[&str]) -> TempSite {
    let site = TempSite::fixture("publishing", "scheduled");
    let mut args = vec!["--now", now];
    args.extend_from_slice(extra);
    site.build(&args).assert_success();
    site
}

/// The output files (compressed copies and the search index decoded) that mention `needle`.
fn files_mentioning(site: &TempSite, needle: &str) -> Vec<String> {
    crate::scan::Output::read(&site.public())
        .files_containing(needle)
        .into_iter()
        .filter(|path| !path.starts_with(".guildhall/"))
        .collect()
}

#[test]
fn a_scheduled_page_is_in_no_output_until_now_says_so() {
    let before = built_at(BEFORE, &[]);
    assert_eq!(files_mentioning(&before, "Quillwort"), Vec::<String>::new());
    assert_eq!(
        files_mentioning(&before, "guides/misting"),
        Vec::<String>::new()
    );
    // Its topic and its product page exist only through it.
    assert!(!before.public().join("topics/humidity").exists());
    assert!(
        !before
            .read("products/fern-mist/index.html")
            .contains("Misting")
    );
    assert!(urls(&search(&before.public(), &[json!("quillwort")])[0]).is_empty());
    // The link to it leads to the guides list until then.
    assert!(
        before
            .read("guides/watering/index.html")
            .contains("<a href=\"/guides/\">the sprayer guide</a>")
    );

    let after = built_at(AFTER, &[]);
    let mentioning = files_mentioning(&after, "Quillwort");
    for expected in [
        "guides/misting/index.html",
        "guides/index.html",
        "guides/atom.xml",
        "atom.xml",
        "topics/humidity/index.html",
        "topics/humidity/atom.xml",
        "products/fern-mist/index.html",
        "products/fern-mist.json",
    ] {
        assert!(
            mentioning.contains(&expected.to_string()),
            "{expected} does not show the page: {mentioning:?}"
        );
    }
    assert!(after.read("sitemap.xml").contains("/guides/misting/"));
    assert_eq!(
        urls(&search(&after.public(), &[json!("quillwort")])[0]),
        ["/guides/misting/"]
    );
    assert!(
        after
            .read("guides/watering/index.html")
            .contains("<a href=\"/guides/misting/\">the sprayer guide</a>")
    );
}

#[test]
fn an_expired_page_leaves_every_output_and_the_next_build_names_the_next_change() {
    let site = TempSite::fixture("publishing", "scheduled");
    let run = site.build(&["--now", "2026-05-30T12:00:00Z"]);
    run.assert_success();
    assert!(site.read("guides/index.html").contains("Marchwood"));
    let next: serde_json::Value =
        serde_json::from_str(&site.read(".guildhall/next-build.json")).unwrap();
    // Midnight at the end of 30 May... the expiry is the start of 31 May in London (23:00 UTC).
    assert_eq!(next["next_build"], "2026-05-30T23:00:00Z");
    assert!(
        next["reason"]
            .as_str()
            .unwrap()
            .contains("spring-sale.md) expires"),
        "{next}"
    );
    assert!(
        run.stdout
            .contains("next rebuild due at 2026-05-30T23:00:00Z")
    );

    let later = built_at(BEFORE, &[]);
    assert_eq!(files_mentioning(&later, "Marchwood"), Vec::<String>::new());
    let next: serde_json::Value =
        serde_json::from_str(&later.read(".guildhall/next-build.json")).unwrap();
    assert_eq!(next["next_build"], "2026-06-02T08:00:00Z");
}

#[test]
fn drafts_preview_shows_scheduled_pages_marked_and_out_of_the_sitemap_and_feeds() {
    let site = built_at(BEFORE, &["--drafts"]);
    let page = site.read("guides/misting/index.html");
    assert!(page.contains("Scheduled: this page is published on 2 June 2026 at 09:00 BST."));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!site.read("sitemap.xml").contains("misting"));
    assert!(!site.read("atom.xml").contains("Quillwort"));
}

#[test]
fn an_expiry_before_the_publish_date_is_an_error_at_its_value() {
    let site = TempSite::fixture("publishing", "scheduled");
    site.write(
        "content/guides/backwards.md",
        "+++\ntitle = \"Backwards\"\nlevel = \"beginner\"\npublish_date = 2026-07-01\nexpiry_date = 2026-06-01\n+++\nText.\n",
    );
    let run = site.build(&["--now", BEFORE, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/guides/backwards.md:5:15: error: `expiry_date` is not after `publish_date`"
        ),
        "{}",
        run.stderr
    );
    site.write(
        "content/guides/backwards.md",
        "+++\ntitle = \"Backwards\"\nlevel = \"beginner\"\npublish_date = \"soon\"\n+++\nText.\n",
    );
    let run = site.build(&["--now", BEFORE, "--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/guides/backwards.md:4:16: error: invalid date `soon`"),
        "{}",
        run.stderr
    );
}

#[test]
fn feeds_cover_the_hub_each_collection_and_each_topic_newest_first() {
    let site = built_at(AFTER, &["--base-url", "https://shop.example/ferns/"]);
    for feed in [
        "atom.xml",
        "guides/atom.xml",
        "stories/atom.xml",
        "updates/atom.xml",
        "topics/care/atom.xml",
    ] {
        let text = site.read(feed);
        assert!(
            text.contains(&format!(
                "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://shop.example/ferns/{feed}\"/>"
            )),
            "{feed}"
        );
    }
    let all = site.read("atom.xml");
    let order: Vec<usize> = [
        "Misting with the Quillwort sprayer",
        "Watering ferns",
        "Clearer care labels",
        "A fernery on a fire escape",
    ]
    .iter()
    .map(|title| {
        all.find(title)
            .unwrap_or_else(|| panic!("{title} not in the feed"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Whole text, with links made absolute for readers away from the site.
    let guides = site.read("guides/atom.xml");
    assert!(guides.contains(
        "&lt;a href=&quot;https://shop.example/ferns/guides/misting/&quot;&gt;the sprayer guide"
    ));
    assert!(!site.read("updates/atom.xml").contains("Watering ferns"));
    assert!(!site.read("topics/care/atom.xml").contains("Quillwort"));
    // Announced on the pages they summarise, and in every page's footer.
    let list = site.read("guides/index.html");
    assert!(list.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fern Club: guides\" href=\"/ferns/guides/atom.xml\">"));
    assert!(list.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fern Club\" href=\"/ferns/atom.xml\">"));
    let topic = site.read("topics/care/index.html");
    assert!(topic.contains("href=\"/ferns/topics/care/atom.xml\""));
    assert!(
        !site
            .read("index.html")
            .contains("/ferns/guides/atom.xml\">")
    );
}

/// The `@type`s of every JSON-LD script of a page, in order, graphs flattened.
fn ld_types(html: &str) -> Vec<String> {
    let mut types = Vec::new();
    for script in guildhall::render::structured::json_ld_scripts(html) {
        let value = script.expect("JSON-LD parses");
        let objects = match value.get("@graph") {
            Some(serde_json::Value::Array(items)) => items.clone(),
            _ => vec![value],
        };
        for object in objects {
            types.push(object["@type"].as_str().unwrap_or_default().to_string());
        }
    }
    types
}

#[test]
fn every_page_kind_has_its_structured_data_and_a_social_card() {
    let site = TempSite::fixture("snapshots", "every-kind");
    site.build(&[
        "--now",
        "2026-03-01T12:00:00Z",
        "--base-url",
        "https://shop.example/community/",
    ])
    .assert_success();
    for (page, expected) in [
        ("index.html", vec!["Organization", "WebSite"]),
        (
            "guides/turning-a-heel/index.html",
            vec!["Article", "BreadcrumbList"],
        ),
        (
            "guides/index.html",
            vec!["CollectionPage", "BreadcrumbList"],
        ),
        (
            "stories/first-socks/index.html",
            vec!["Article", "BreadcrumbList"],
        ),
        (
            "updates/clearer-labels/index.html",
            vec!["Article", "BreadcrumbList"],
        ),
        (
            "members/ada/index.html",
            vec!["ProfilePage", "BreadcrumbList"],
        ),
        (
            "topics/socks/index.html",
            vec!["CollectionPage", "BreadcrumbList"],
        ),
        (
            "products/sock-4/index.html",
            vec!["CollectionPage", "BreadcrumbList"],
        ),
        ("faq/index.html", vec!["FAQPage", "BreadcrumbList"]),
        (
            "events/sock-clinic/index.html",
            vec!["Event", "BreadcrumbList"],
        ),
        ("about/index.html", vec!["WebPage", "BreadcrumbList"]),
        (
            "search/index.html",
            vec!["SearchResultsPage", "BreadcrumbList"],
        ),
    ] {
        let html = site.read(page);
        assert_eq!(ld_types(&html), expected, "{page}");
        for tag in [
            "<meta property=\"og:image\" content=\"https://shop.example/community/",
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
            "<meta name=\"twitter:image\" content=\"https://shop.example/community/",
            "<link rel=\"canonical\" href=\"https://shop.example/community/",
        ] {
            assert!(html.contains(tag), "{page} lacks {tag}");
        }
    }
    // The guide's own picture is an SVG, which social sites do not show: its card is used instead.
    let guide = site.read("guides/turning-a-heel/index.html");
    assert!(guide.contains("<meta property=\"og:image\" content=\"https://shop.example/community/_cards/guides/turning-a-heel.png\">"), "{guide}");
    assert!(
        site.public()
            .join("_cards/guides/turning-a-heel.png")
            .is_file()
    );
    let graph = &guildhall::render::structured::json_ld_scripts(&guide)[0];
    let article = &graph.as_ref().unwrap()["@graph"][0];
    assert_eq!(article["datePublished"], "2026-01-10T00:00:00Z");
    assert_eq!(article["author"]["@type"], "Person");
    assert_eq!(article["publisher"]["name"], "Kinds Shop");
    let crumbs = &graph.as_ref().unwrap()["@graph"][1]["itemListElement"];
    assert_eq!(crumbs[1]["item"], "https://shop.example/community/guides/");
}

#[test]
fn the_search_page_is_indexable_under_its_address_without_the_query() {
    // It was `noindex`; its HTML is the same form for every query, so search engines may index it,
    // and the canonical address without `?q=` folds every shared result link into one page.
    let site = TempSite::fixture("snapshots", "every-kind");
    site.build(&["--base-url", "https://shop.example/community/"])
        .assert_success();
    let html = site.read("search/index.html");
    assert!(!html.contains("noindex"), "{html}");
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://shop.example/community/search/\">"),
        "{html}"
    );
}

#[test]
fn check_reports_missing_structured_data_at_the_source() {
    let site = TempSite::fixture("publishing", "scheduled");
    site.write(
        "content/guides/undated.md",
        "+++\ntitle = \"Undated\"\nsummary = \"No date.\"\nlevel = \"beginner\"\n+++\nText.\n",
    );
    let run = guildhall_check(&site);
    assert!(
        run.stderr.contains("content/guides/undated.md:2:1: warning: the guide has no `date`, so readers and search engines cannot tell how fresh it is"),
        "{}",
        run.stderr
    );
    // A theme that drops the head partial loses the data and the card tags: reported too.
    site.write(
        "templates/base.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{ meta.title }}</title></head><body>{% block content %}{% endblock content %}</body></html>\n",
    );
    let run = guildhall_check(&site);
    assert!(
        run.stderr.contains("content/guides/watering.md:2:1: warning: `guides/watering/index.html` has no structured data (JSON-LD)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`guides/watering/index.html` lacks an og:image"),
        "{}",
        run.stderr
    );
}

fn guildhall_check(site: &TempSite) -> crate::support::Run {
    crate::support::guildhall(
        &[
            "check",
            "--root",
            site.path().to_str().unwrap(),
            "--now",
            AFTER,
            "--format",
            "short",
        ],
        site.path(),
    )
}

#[test]
fn assets_get_content_hashed_names_that_change_with_their_bytes() {
    let site = TempSite::fixture("publishing", "scheduled");
    site.build(&["--now", AFTER, "--base-url", "https://shop.example/ferns/"])
        .assert_success();
    let page = site.read("guides/watering/index.html");
    let href = page
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert!(
        href.starts_with("/ferns/assets/style.") && href.ends_with(".css"),
        "{href}"
    );
    let hashed = href.trim_start_matches("/ferns/");
    assert_eq!(
        site.read(hashed),
        site.read("style.css"),
        "the copy has the same bytes"
    );
    // The search page loads its scripts by their hashed names too.
    assert!(
        site.read("search/index.html")
            .contains("/ferns/assets/guildhall-search.")
    );
    // A site's own stylesheet gets a new name when it changes.
    site.write("static/style.css", "body { color: green; }\n");
    site.build(&["--now", AFTER]).assert_success();
    let changed = site.read("guides/watering/index.html");
    assert!(!changed.contains(&format!("href=\"/{hashed}\"")));
    assert!(changed.contains("href=\"/assets/style."));
    // The plain names stay for pages and embeds that point at them directly.
    assert_eq!(site.read("style.css"), "body { color: green; }\n");
    assert!(site.public().join("guildhall-embed.js").is_file());
}

#[test]
fn the_headers_file_caches_hashed_files_for_a_year_and_a_sites_own_wins() {
    let site = built_at(AFTER, &[]);
    let headers = site.read("_headers");
    let rule = |path: &str| -> Vec<String> {
        headers
            .split('\n')
            .skip_while(|line| *line != path)
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            .map(|line| line.trim().to_string())
            .collect()
    };
    assert_eq!(
        rule("/assets/*"),
        ["Cache-Control: public, max-age=31536000, immutable"]
    );
    assert_eq!(
        rule("/search/t/*"),
        ["Cache-Control: public, max-age=31536000, immutable"]
    );
    assert_eq!(rule("/products/*"), ["Access-Control-Allow-Origin: *"]);
    assert!(
        !rule("/*").iter().any(|h| h.starts_with("Cache-Control")),
        "no rule overlaps another's header"
    );
    assert!(!headers.contains("/search/index.gz\n"));

    site.write("static/_headers", "/*\n  X-Frame-Options: DENY\n");
    site.build(&["--now", AFTER]).assert_success();
    assert_eq!(site.read("_headers"), "/*\n  X-Frame-Options: DENY\n");
}

#[test]
fn precompressed_copies_hold_the_same_bytes_and_are_reused_when_unchanged() {
    let site = TempSite::fixture("publishing", "scheduled");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[output]\nprecompress = [\"gzip\", \"brotli\"]\n"),
    );
    site.build(&["--now", AFTER]).assert_success();
    let public = site.public();
    let original = std::fs::read(public.join("guides/watering/index.html")).unwrap();
    let mut gunzipped = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::read(public.join("guides/watering/index.html.gz"))
            .unwrap()
            .as_slice(),
    )
    .read_to_end(&mut gunzipped)
    .unwrap();
    assert_eq!(gunzipped, original);
    let mut unbrotlied = Vec::new();
    brotli::Decompressor::new(
        std::fs::read(public.join("guides/watering/index.html.br"))
            .unwrap()
            .as_slice(),
        4096,
    )
    .read_to_end(&mut unbrotlied)
    .unwrap();
    assert_eq!(unbrotlied, original);
    // Already compressed and tiny files get no copies.
    assert!(!public.join("search/index.gz.gz").exists());
    assert!(!public.join("robots.txt.br").exists());
    // A second build of the same content writes nothing new.
    let again = site.build(&["--now", AFTER]);
    again.assert_success();
    assert!(
        again.stdout.contains(" 0 changed, 0 removed"),
        "{}",
        again.stdout
    );
}

/// The output file a URL of the site points to, or `None` when it is not the site's.
fn target_of(url: &str, base_path: &str, origin: &str) -> Option<String> {
    let url = url
        .strip_prefix(origin)
        .map_or(url.to_string(), |path| path.to_string());
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let inside = path.strip_prefix(base_path)?;
    Some(if inside.is_empty() || inside.ends_with('/') {
        format!("{inside}index.html")
    } else {
        inside.to_string()
    })
}

#[test]
fn every_link_and_asset_of_every_hub_resolves_under_a_sub_path() {
    let origin = "https://shop.example";
    let base_path = "/community/";
    let mut hubs = vec![crate::support::repo_root()];
    for entry in std::fs::read_dir(crate::support::repo_root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("guildhall.toml").is_file() {
            hubs.push(path);
        }
    }
    let attribute = regex::Regex::new(r#"(?:href|src|data-engine|data-index)="([^"]*)""#).unwrap();
    for hub in hubs {
        let site = TempSite::copy_of(&hub);
        site.build(&["--base-url", "https://shop.example/community/"])
            .assert_success();
        let files = snapshot_tree(&site.public());
        let names: std::collections::HashSet<&str> =
            files.iter().map(|(p, _)| p.as_str()).collect();
        let mut checked = 0;
        for (path, bytes) in &files {
            if !(path.ends_with(".html") || path.ends_with(".xml")) {
                continue;
            }
            let text = String::from_utf8_lossy(bytes).replace("&amp;", "&");
            for capture in attribute.captures_iter(&text) {
                let url = &capture[1];
                let url = url.replace("webcal://shop.example", origin);
                if url.starts_with("https://") && !url.starts_with(origin)
                    || url.starts_with("mailto:")
                    || url.starts_with('#')
                    || url.is_empty()
                {
                    continue;
                }
                assert!(
                    url.starts_with(base_path) || url.starts_with(origin),
                    "{}: {path} links to `{url}`, outside the base path",
                    hub.display()
                );
                if let Some(target) = target_of(&url, base_path, origin) {
                    assert!(
                        names.contains(target.as_str())
                            || names.contains(format!("{target}/index.html").as_str()),
                        "{}: {path} links to `{url}`, which is not in the output",
                        hub.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 100,
            "{}: only {checked} links checked",
            hub.display()
        );
    }
}
