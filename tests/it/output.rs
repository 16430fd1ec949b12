//! The output folder: written whole or not at all, and never a folder guildhall did not create.

use crate::support::{TempSite, guildhall, guildhall_with_env, snapshot_tree};

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = TempSite::fixture("build", "basic");
    let foreign = site.path().join("documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("taxes.txt"), "keep").unwrap();
    let run = site.build(&["--out", foreign.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(foreign.join("taxes.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn refuses_an_output_folder_that_holds_the_sources() {
    let site = TempSite::fixture("build", "basic");
    for out in [".", "content", "content/public"] {
        let run = site.build(&["--out", &site.path().join(out).to_string_lossy()]);
        assert_eq!(run.code, 2, "--out {out} was accepted");
    }
    assert!(site.path().join("content/guides/first.md").is_file());
}

#[test]
fn out_writes_elsewhere_and_replaces_stale_files() {
    let site = TempSite::fixture("build", "basic");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    site.build(&["--out", target.to_str().unwrap()])
        .assert_success();
    assert!(target.join("guides/first/index.html").is_file());
    std::fs::remove_file(site.path().join("content/guides/third.md")).unwrap();
    site.build(&["--out", target.to_str().unwrap()])
        .assert_success();
    assert!(
        !target.join("guides/third/index.html").exists(),
        "a removed page disappears from the output"
    );
}

#[test]
fn now_and_base_url_are_accepted_and_bad_values_rejected() {
    let site = TempSite::fixture("build", "basic");
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    site.build(&["--now", "2026-05-01"]).assert_success();
    let run = site.build(&["--now", "tomorrow"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--now tomorrow"), "{}", run.stderr);
    let run = guildhall(
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--base-url",
            "not a url",
        ],
        site.path(),
    );
    assert_eq!(run.code, 2);
}

#[test]
fn source_date_epoch_fixes_every_time_dependent_byte() {
    // The events fixture has calendars whose DTSTAMP is the build's moment, upcoming and past lists
    // split at it, and the next rebuild it is measured from: bytes that follow the clock.
    const EPOCH: &str = "1772366400"; // 2026-03-01T12:00:00Z
    const NEXT_DAY: &str = "1772452800";
    let build = |env: &[(&str, &str)], extra: &[&str]| {
        let site = TempSite::fixture("events", "basic");
        site.build_with_env(extra, env).assert_success();
        let tree = snapshot_tree(&site.public());
        (site, tree)
    };
    let (site, first) = build(&[("SOURCE_DATE_EPOCH", EPOCH)], &[]);
    site.build_with_env(&[], &[("SOURCE_DATE_EPOCH", EPOCH)])
        .assert_success();
    assert!(
        snapshot_tree(&site.public()) == first,
        "two builds with the same SOURCE_DATE_EPOCH differ"
    );
    let (_, with_now) = build(&[], &["--now", "2026-03-01T12:00:00Z"]);
    assert!(
        with_now == first,
        "SOURCE_DATE_EPOCH and --now of the same moment give different bytes"
    );
    let (later_site, later) = build(&[("SOURCE_DATE_EPOCH", NEXT_DAY)], &[]);
    assert!(
        later != first,
        "the fixture has bytes that depend on the time"
    );
    assert!(
        later_site
            .read("events/calendar.ics")
            .contains("DTSTAMP:20260302T120000Z")
    );
    let (_, overridden) = build(
        &[("SOURCE_DATE_EPOCH", NEXT_DAY)],
        &["--now", "2026-03-01T12:00:00Z"],
    );
    assert!(overridden == first, "--now wins over SOURCE_DATE_EPOCH");

    // `new` dates its file from it too, and a value that is not a number of seconds is refused.
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall_with_env(
        &["new", "guide", "Dated", "--root", &root],
        site.path(),
        &[("SOURCE_DATE_EPOCH", EPOCH)],
    );
    run.assert_success();
    let written = std::fs::read_to_string(site.path().join("content/guides/dated.md")).unwrap();
    assert!(written.contains("date = 2026-03-01"), "{written}");
    let run = site.build_with_env(&[], &[("SOURCE_DATE_EPOCH", "yesterday")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("SOURCE_DATE_EPOCH=yesterday"),
        "{}",
        run.stderr
    );
}
