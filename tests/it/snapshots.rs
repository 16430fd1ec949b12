//! The `<main>` of one page of each kind, from `tests/sites/snapshots/every-kind/`, against the
//! snapshots in `tests/it/snapshots/` (insta). A change to the default theme's markup shows here as
//! a diff; when it is meant, update the snapshots (see tests/README.md) and commit them.

use crate::support::TempSite;

/// One page of each kind the default theme renders, as output paths.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("guide", "guides/turning-a-heel/index.html"),
    ("section", "guides/index.html"),
    ("page", "about/index.html"),
    ("story", "stories/first-socks/index.html"),
    ("stories", "stories/index.html"),
    ("member", "members/ada/index.html"),
    ("members", "members/index.html"),
    ("topic", "topics/socks/index.html"),
    ("topics", "topics/index.html"),
    ("product", "products/sock-4/index.html"),
    ("products", "products/index.html"),
    ("faq", "faq/returns/index.html"),
    ("faqs", "faq/index.html"),
    ("event", "events/sock-clinic/index.html"),
    ("events", "events/index.html"),
    ("update", "updates/clearer-labels/index.html"),
    ("updates", "updates/index.html"),
    ("search", "search/index.html"),
    ("not_found", "404.html"),
];

/// The `<main>` element of a page, with what differs between machines and runs replaced: the
/// site's folder and the content hashes in asset names.
fn normalised_main(html: &str, site: &TempSite) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a closing </main>") + "</main>".len();
    let main = html[start..end].replace(site.path().to_str().unwrap(), "[site]");
    let hashed = regex::Regex::new(r"(/assets/[^\s./]+)\.[a-z2-7]{10}\.").unwrap();
    hashed.replace_all(&main, "$1.[hash].").into_owned()
}

#[test]
fn the_main_of_each_kind_of_page_matches_its_snapshot() {
    let site = TempSite::fixture("snapshots", "every-kind");
    let run = site.build(&["--now", "2026-03-01T12:00:00Z", "--format", "short"]);
    run.assert_success();
    assert!(
        run.stderr.is_empty(),
        "the fixture is clean:\n{}",
        run.stderr
    );
    for (kind, path) in PAGES {
        let main = normalised_main(&site.read(path), &site);
        insta::assert_snapshot!(*kind, main, path);
    }
}
