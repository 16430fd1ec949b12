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

/// Every output file as text, gzip files (the search index) decompressed.
fn output_texts(site: &TempSite) -> Vec<(String, String)> {
    snapshot_tree(&site.public())
        .into_iter()
        .map(|(path, bytes)| {
            let text = if path.ends_with(".gz") {
                let mut raw = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut raw)
                    .unwrap();
                String::from_utf8_lossy(&raw).into_owned()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (path, text)
        })
        .collect()
}

fn files_mentioning(site: &TempSite, needle: &str) -> Vec<String> {
    output_texts(site)
        .into_iter()
        .filter(|(path, text)| !path.starts_with(".guildhall/") && text.contains(needle))
        .map(|(path, _)| path)
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
