//! The output folder: written whole or not at all, and never a folder guildhall did not create.

use std::os::unix::fs::MetadataExt as _;

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

/// Every file below `dir` with its bytes, modification time and inode, sorted by path.
fn published_state(dir: &std::path::Path) -> Vec<(String, Vec<u8>, i64, i64, u64)> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let meta = std::fs::metadata(dir.join(&path)).unwrap();
            (path, bytes, meta.mtime(), meta.mtime_nsec(), meta.ino())
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_published_files_bytes_and_mtimes_untouched() {
    // Unchanged files are hard-linked from the live site into the new one, so a failure after some
    // of them were linked must still leave every published file as it was: bytes, modification
    // time and the file itself. Content, render and I/O failures, with compressed copies on.
    let site = TempSite::fixture("build", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[output]\nprecompress = [\"gzip\", \"brotli\"]\n"),
    );
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    let before = published_state(&site.public());
    assert!(before.iter().any(|(path, ..)| path.ends_with(".html.br")));

    type Break = fn(&TempSite);
    type Mend = fn(&TempSite);
    let failures: [(&str, i32, &str, Break, Mend); 3] = [
        (
            "content",
            1,
            "content/guides/broken.md:6:1: error: the link `gone.md`",
            |site| {
                site.write(
                    "content/guides/broken.md",
                    "+++\ntitle = \"Broken\"\nlevel = \"beginner\"\n+++\n\n[gone](gone.md)\n",
                )
            },
            |site| std::fs::remove_file(site.path().join("content/guides/broken.md")).unwrap(),
        ),
        (
            "render",
            1,
            "cannot render `about/index.html` with the template `page.html`",
            |site| site.write("templates/page.html", "{{ page.no_such_field | upper }}\n"),
            |site| std::fs::remove_dir_all(site.path().join("templates")).unwrap(),
        ),
        (
            "I/O",
            2,
            "cannot write",
            // A file where the output needs a folder: the write fails after the pages before it
            // were linked or written.
            |site| site.write("static/guides", "not a folder\n"),
            |site| std::fs::remove_file(site.path().join("static/guides")).unwrap(),
        ),
    ];
    for (kind, code, message, break_site, mend) in failures {
        break_site(&site);
        let run = site.build(&["--now", "2026-05-01T09:00:00Z", "--format", "short"]);
        assert_eq!(run.code, code, "{kind} failure\n{}", run.stderr);
        assert!(
            run.stderr.contains(message),
            "{kind} failure\n{}",
            run.stderr
        );
        assert!(
            published_state(&site.public()) == before,
            "a {kind} failure changed the published files"
        );
        let leftovers: Vec<_> = std::fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("guildhall-"))
            .collect();
        assert!(leftovers.is_empty(), "{kind}: left behind {leftovers:?}");
        mend(&site);
    }
    // Once mended, the build succeeds and changes nothing: every file keeps its time.
    let run = site.build(&["--now", "2026-05-01T09:00:00Z"]);
    run.assert_success();
    assert!(
        run.stdout.contains(" 0 changed, 0 removed"),
        "{}",
        run.stdout
    );
    let after: Vec<_> = published_state(&site.public())
        .into_iter()
        .map(|(path, bytes, secs, nanos, _)| (path, bytes, secs, nanos))
        .collect();
    let expected: Vec<_> = before
        .into_iter()
        .map(|(path, bytes, secs, nanos, _)| (path, bytes, secs, nanos))
        .collect();
    let touched: Vec<&String> = after
        .iter()
        .zip(&expected)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        // The marker that says guildhall owns the folder is written again by every build.
        .filter(|path| *path != ".guildhall-output")
        .collect();
    assert_eq!(after.len(), expected.len());
    assert!(
        touched.is_empty(),
        "unchanged files got a new time: {touched:?}"
    );
}

#[test]
fn an_edit_rewrites_only_the_files_whose_bytes_change_and_the_summary_counts_them() {
    // README: files whose bytes did not change keep their modification time, so a sync uploads
    // only what changed, and the summary line says how many files changed.
    let site = TempSite::fixture("build", "basic");
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    let before = published_state(&site.public());
    let guide = site.path().join("content/guides/third.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, format!("{text}\nOne more sentence.\n")).unwrap();
    let run = site.build(&["--now", "2026-05-01T09:00:00Z"]);
    run.assert_success();
    let after = published_state(&site.public());
    let old: std::collections::BTreeMap<&str, _> = before
        .iter()
        .map(|(path, bytes, secs, nanos, inode)| (path.as_str(), (bytes, secs, nanos, inode)))
        .collect();
    let mut changed = Vec::new();
    for (path, bytes, secs, nanos, inode) in &after {
        if path == ".guildhall-output" {
            continue;
        }
        match old.get(path.as_str()) {
            Some((old_bytes, old_secs, old_nanos, old_inode)) if *old_bytes == bytes => {
                assert!(
                    (*old_secs, *old_nanos, *old_inode) == (secs, nanos, inode),
                    "{path} kept its bytes but got a new time"
                );
            }
            _ => changed.push(path.as_str()),
        }
    }
    assert!(
        changed.contains(&"guides/third/index.html"),
        "the edited page changed: {changed:?}"
    );
    assert!(
        changed.len() < after.len() / 2,
        "most files did not change: {changed:?}"
    );
    assert!(
        run.stdout
            .contains(&format!(" {} changed, 0 removed", changed.len())),
        "the summary counts the {} changed files {changed:?}:\n{}",
        changed.len(),
        run.stdout
    );
}
