//! Real-browser checks of the default theme and real validators on the output: Debian's headless
//! Chromium driven by `tests/browser/check-pages.mjs` (axe-core in light and dark mode, keyboard, phone
//! width, no request to another host), and the Nu HTML Checker on every page.
//!
//! These need Chromium, Java and `npm ci` in `tests/browser/`; `.ci/install-deps` installs them. They
//! fail when a tool is missing, unless GUILDHALL_SKIP_BROWSER=1 says to skip them on purpose.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempSite, repo_root, snapshot_tree};

fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// False when the run asked to skip browser tests; panics when the tools are missing without asking.
fn tools_ready() -> bool {
    if std::env::var("GUILDHALL_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("skipping: GUILDHALL_SKIP_BROWSER=1");
        return false;
    }
    let modules = browser_dir().join("node_modules");
    assert!(
        modules.join("playwright-core").is_dir()
            && modules.join("axe-core").is_dir()
            && modules.join("vnu-jar").is_dir(),
        "browser test tools are missing: run `.ci/install-deps` (or set GUILDHALL_SKIP_BROWSER=1 to skip on purpose)"
    );
    true
}

/// Runs the page checker on `pages` of `output`, served under `base_path`.
pub fn check_pages(output: &Path, base_path: &str, pages: &[&str]) {
    let result = Command::new("node")
        .arg(browser_dir().join("check-pages.mjs"))
        .arg(output)
        .arg(base_path)
        .args(pages)
        .current_dir(browser_dir())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("{} passed, 0 failed", pages.len())),
        "{stdout}"
    );
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

#[test]
fn demo_hub_pages_pass_axe_keyboard_and_phone_checks_in_chromium() {
    if !tools_ready() {
        return;
    }
    let site = TempSite::copy_of(&repo_root());
    site.build(&[]).assert_success();
    check_pages(
        &site.public(),
        "/",
        &[
            "",
            "guides/",
            "guides/page/2/",
            "guides/casting-on/",
            "guides/gauge-swatches/",
            "start-here/",
            "community-guidelines/",
            "404.html",
        ],
    );
}

#[test]
fn pages_work_under_a_sub_path() {
    if !tools_ready() {
        return;
    }
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
    if !tools_ready() {
        return;
    }
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
