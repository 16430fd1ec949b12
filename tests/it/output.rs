//! The output folder: written whole or not at all, and never a folder guildhall did not create.

use crate::support::{TempSite, guildhall};

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
fn now_and_source_date_epoch_are_accepted_and_bad_values_rejected() {
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
