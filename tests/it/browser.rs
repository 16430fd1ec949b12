//! Real-browser checks of the default theme and real validators on the output: Debian's headless
//! Chromium driven by `tests/browser/check-pages.mjs` (axe-core in light and dark mode, keyboard, phone
//! width, no request to another host), and the Nu HTML Checker on every page.
//!
//! These need Chromium, Java and `npm ci` in `tests/browser/`; `.ci/install-deps` installs them. They
//! fail when a tool is missing: a test here never passes without having run. To leave them out while
//! iterating, filter them by name (`cargo test -- --skip browser::`), which the summary counts as
//! "filtered out".

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempSite, repo_root, snapshot_tree};

fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// Panics when the tools are missing.
pub fn require_tools() {
    let modules = browser_dir().join("node_modules");
    assert!(
        modules.join("playwright-core").is_dir()
            && modules.join("axe-core").is_dir()
            && modules.join("vnu-jar").is_dir(),
        "browser test tools are missing: run `.ci/install-deps` (or leave these tests out by name: `cargo test -- --skip browser::`)"
    );
}

/// Runs one of the Node scripts in `tests/browser` and checks its closing line.
pub fn run_script(script: &str, args: &[&str], expected_passes: usize) {
    let result = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .current_dir(browser_dir())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    // The figures the scripts measure, shown with `--nocapture`.
    println!("{stdout}");
    assert!(
        result.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("{expected_passes} passed, 0 failed")),
        "{stdout}"
    );
}

/// Runs the page checker on `pages` of `output`, served under `base_path`.
pub fn check_pages(output: &Path, base_path: &str, pages: &[&str]) {
    let mut args = vec![output.to_str().unwrap(), base_path];
    args.extend_from_slice(pages);
    run_script("check-pages.mjs", &args, pages.len());
}

/// Runs the Nu HTML Checker over every HTML file of `output`.
pub fn validate_html(output: &Path) {
    let files: Vec<PathBuf> = snapshot_tree(output)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, _)| output.join(path))
        .collect();
    assert!(!files.is_empty());
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let result = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

/// One page of each kind the demo hub has, as paths below its base URL.
const DEMO_HUB_PAGE_OF_EACH_KIND: &[&str] = &[
    "",
    "guides/",
    "guides/casting-on/",
    "start-here/",
    "faq/",
    "faq/returns/",
    "stories/",
    "stories/blocking-the-wedding-shawl/",
    "updates/",
    "updates/clearer-yarn-labels/",
    "members/",
    "members/ellie/",
    "topics/",
    "topics/socks/",
    "products/",
    "products/bl-merino-dk/",
    "events/",
    "events/tuesday-knit-along/",
    // With a query, as a search link opens it: without one the page puts the keyboard in the search
    // field on load (check-search.mjs requires that), so the first Tab cannot reach the skip link.
    "search/?q=wool",
    "404.html",
];

#[test]
fn demo_hub_pages_pass_axe_keyboard_and_phone_checks_in_chromium() {
    require_tools();
    let site = TempSite::copy_of(&repo_root());
    site.build(&[]).assert_success();
    let mut pages = DEMO_HUB_PAGE_OF_EACH_KIND.to_vec();
    pages.extend([
        "guides/page/2/",
        "guides/gauge-swatches/",
        "community-guidelines/",
        "about/",
        "events/blocking-workshop/",
        "events/bristol-yarn-crawl/",
    ]);
    check_pages(&site.public(), "/", &pages);
}

#[test]
fn the_header_is_compact_and_the_first_search_result_is_on_a_phones_first_screen() {
    // Measured at 390 × 844: the header at most 120 px on every page kind, the search box beside the
    // name and every menu section visible on a desktop, "sock" showing its first result (the Socks
    // topic) on the first screen, and the search page's footer below it.
    require_tools();
    let site = TempSite::copy_of(&repo_root());
    site.build(&[]).assert_success();
    let pages = [
        "",
        "guides/",
        "guides/casting-on/",
        "faq/returns/",
        "events/",
        "404.html",
    ];
    let mut args = vec![
        site.public().to_str().unwrap().to_string(),
        "/".into(),
        "sock".into(),
    ];
    args.extend(pages.iter().map(|p| p.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_script("check-layout.mjs", &args, pages.len() + 1);
}

#[test]
fn a_branded_french_hub_passes_axe_in_light_and_dark_mode() {
    require_tools();
    let site = TempSite::fixture("brand", "localized");
    site.build(&["--now", "2026-03-01T12:00:00Z"])
        .assert_success();
    check_pages(
        &site.public(),
        "/",
        &[
            "",
            "guides/monter-les-mailles/",
            "faq/retours/",
            "events/atelier/",
            "events/club/",
            "products/",
            "topics/laine/",
            "members/alice/",
        ],
    );
}

/// One page of each kind of `tests/sites/snapshots/every-kind/`, as paths below its base URL.
const FIXTURE_PAGE_OF_EACH_KIND: &[&str] = &[
    "",
    "guides/",
    "guides/turning-a-heel/",
    "about/",
    "faq/",
    "faq/returns/",
    "stories/",
    "stories/first-socks/",
    "updates/",
    "updates/clearer-labels/",
    "members/",
    "members/ada/",
    "topics/",
    "topics/socks/",
    "products/",
    "products/sock-4/",
    "events/",
    "events/sock-clinic/",
    "events/knit-night/",
    "search/?q=socks",
    "404.html",
];

#[test]
fn pages_of_every_kind_pass_axe_keyboard_and_phone_checks_under_a_sub_path() {
    require_tools();
    let site = TempSite::fixture("snapshots", "every-kind");
    site.build(&[
        "--now",
        "2026-03-01T12:00:00Z",
        "--base-url",
        "https://shop.example/community/",
    ])
    .assert_success();
    check_pages(&site.public(), "/community/", FIXTURE_PAGE_OF_EACH_KIND);
}

#[test]
fn pages_work_under_a_sub_path() {
    require_tools();
    let site = TempSite::fixture("build", "basic");
    site.build(&["--base-url", "https://shop.example/community/"])
        .assert_success();
    check_pages(
        &site.public(),
        "/community/",
        &["", "guides/", "guides/first/", "about/"],
    );
}

#[test]
fn every_page_of_the_demo_hub_and_examples_is_valid_html() {
    require_tools();
    let demo = TempSite::copy_of(&repo_root());
    demo.build(&[]).assert_success();
    validate_html(&demo.public());
    let fixture = TempSite::fixture("build", "basic");
    fixture.build(&["--drafts"]).assert_success();
    validate_html(&fixture.public());
    for entry in std::fs::read_dir(repo_root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("guildhall.toml").is_file() {
            let example = TempSite::copy_of(&path);
            example.build(&[]).assert_success();
            validate_html(&example.public());
        }
    }
}

#[test]
fn the_product_embed_shows_community_links_on_a_store_page_of_another_origin() {
    require_tools();
    let site = TempSite::fixture("community", "basic");
    site.build(&["--now", "2026-03-01T12:00:00Z"])
        .assert_success();
    let public = site.public();
    run_script(
        "check-embed.mjs",
        &[
            public.to_str().unwrap(),
            "NEEDLE-2",
            "Third guide",
            "First guide",
        ],
        1,
    );
}

#[test]
fn community_pages_pass_axe_keyboard_and_phone_checks() {
    require_tools();
    let site = TempSite::fixture("community", "basic");
    site.build(&["--now", "2026-03-01T12:00:00Z"])
        .assert_success();
    validate_html(&site.public());
    check_pages(
        &site.public(),
        "/",
        &[
            "",
            "stories/",
            "stories/ada-story/",
            "topics/",
            "topics/yarn/",
            "topics/tools/",
            "products/",
            "products/needle-2/",
            "members/",
            "members/ada/",
            "guides/first/",
        ],
    );
}

#[test]
fn event_pages_pass_axe_keyboard_and_phone_checks_and_are_valid_html() {
    require_tools();
    let site = TempSite::fixture("events", "basic");
    site.build(&["--now", "2026-03-20T12:00:00Z"])
        .assert_success();
    validate_html(&site.public());
    check_pages(
        &site.public(),
        "/",
        &[
            "",
            "events/",
            "events/sock-clinic/",
            "events/weekly-prompt/",
            "events/cancelled-meetup/",
            "events/new-york-meetup/",
            "events/yarn-fair/",
            "events/offset-talk/",
            "topics/yarn/",
            "members/ada/",
        ],
    );
}

#[test]
fn a_served_tab_reloads_shows_the_error_overlay_and_recovers_in_chromium() {
    require_tools();
    let site = TempSite::fixture("community", "basic");
    run_script(
        "check-serve.mjs",
        &[
            env!("CARGO_BIN_EXE_guildhall"),
            site.path().to_str().unwrap(),
        ],
        11,
    );
}

#[test]
fn the_events_script_keeps_lists_true_between_builds_and_shows_the_readers_time() {
    require_tools();
    let site = TempSite::fixture("events", "basic");
    site.build(&["--now", "2026-03-20T12:00:00Z"])
        .assert_success();
    run_script("check-events.mjs", &[site.public().to_str().unwrap()], 14);
}

#[test]
fn search_works_in_chromium_as_you_type_with_filters_under_a_sub_path() {
    require_tools();
    let site = TempSite::copy_of(&repo_root());
    site.build(&["--base-url", "https://shop.example/community/"])
        .assert_success();
    let expectations = serde_json::json!({
        "deep": {"q": "blocking", "first": "/guides/blocking-your-knits/", "kinds": {"guide": 6}},
        "typed": {"q": "refund", "first": "/faq/returns/"},
        "facet": {"q": "wool", "kind": "guide"},
        "nothing": "xylophone zebra",
    });
    run_script(
        "check-search.mjs",
        &[
            site.public().to_str().unwrap(),
            "/community/",
            &expectations.to_string(),
        ],
        17,
    );
}

#[test]
fn a_guide_with_five_phone_photos_weighs_under_400_kb_on_a_phone_without_layout_shift() {
    // Five 12-megapixel photos of a phone, 3 to 4 MB each: a 390 px phone gets 480 px WebP copies,
    // and with the page, its styles, scripts and icons (gzipped) the visit stays under 400 kB.
    require_tools();
    let site = TempSite::fixture("images", "phone-guide");
    let photos = site.path().join("static/photos");
    std::fs::create_dir_all(&photos).unwrap();
    use rayon::prelude::*;
    (1..=5u32).into_par_iter().for_each(|step| {
        let jpeg = crate::photo::photo_jpeg(step);
        std::fs::write(photos.join(format!("step-{step}.jpg")), jpeg).unwrap();
    });
    site.build(&[]).assert_success();
    let public = site.public();
    run_script(
        "check-weight.mjs",
        &[public.to_str().unwrap(), "/", "guides/five-photos/", "400"],
        5,
    );
}
