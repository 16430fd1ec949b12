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
    // The events fixture has upcoming and past lists split at the build's moment, and the next
    // rebuild measured from it: bytes that follow the clock.
    const EPOCH: &str = "1772366400"; // 2026-03-01T12:00:00Z
    const LATER: &str = "1774008000"; // 2026-03-20T12:00:00Z, after the 17 March event
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
    let (later_site, later) = build(&[("SOURCE_DATE_EPOCH", LATER)], &[]);
    assert!(
        later != first,
        "the fixture has bytes that depend on the time"
    );
    // What moves with the moment is which events are upcoming, never a calendar's DTSTAMP.
    let stamps = |site: &TempSite| -> Vec<String> {
        site.read("events/calendar.ics")
            .lines()
            .filter(|line| line.starts_with("DTSTAMP"))
            .map(str::to_string)
            .collect()
    };
    assert!(!stamps(&later_site).is_empty());
    assert_eq!(
        stamps(&later_site),
        stamps(&site),
        "DTSTAMP follows the clock"
    );
    let (_, overridden) = build(
        &[("SOURCE_DATE_EPOCH", LATER)],
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
            .filter(|name| name.contains("guildhall-") && !name.ends_with("-lock"))
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

/// Runs `guildhall build` on `site` in the background, with `GUILDHALL_TEST_FAULT` set to `faults`.
fn spawn_build(site: &TempSite, extra: &[&str], faults: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args(["build", "--root", site.path().to_str().unwrap()])
        .args(extra)
        .env("GUILDHALL_TEST_FAULT", faults)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the guildhall binary runs")
}

fn finish(child: std::process::Child) -> (i32, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The names beside the output that a build left (the lock file is meant to stay).
fn leftovers(parent: &std::path::Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.guildhall-");
    let mut found: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix) && !n.ends_with("-lock"))
        .collect();
    found.sort();
    found
}

/// Regression: two builds at once shared a staging name, and the second deleted the first's work
/// as a leftover, publishing a partial site with exit 0.
#[test]
fn concurrent_builds_always_leave_a_complete_site() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let complete = snapshot_tree(&site.public());
    for pair in 0..12 {
        let first = spawn_build(&site, &[], "");
        let second = spawn_build(&site, &[], "");
        for (code, stderr) in [finish(first), finish(second)] {
            assert_eq!(code, 0, "pair {pair}: {stderr}");
        }
        assert_eq!(
            snapshot_tree(&site.public()),
            complete,
            "pair {pair} left a different site"
        );
        assert_eq!(leftovers(site.path(), "public"), Vec::<String>::new());
    }
}

/// Regression: a kill between moving the old site aside and moving the new one in left no output,
/// and the next build, failing on a content error, deleted the only good copy.
#[test]
fn a_kill_between_the_renames_is_recovered_by_the_next_build_even_a_failing_one() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let good = snapshot_tree(&site.public());
    site.write("content/pages/new.md", "+++\ntitle = \"New\"\n+++\nNew.\n");
    let (code, _) = finish(spawn_build(&site, &[], "two-renames,exit-between-renames"));
    assert_eq!(code, 137, "the injected kill happened");
    assert!(
        !site.public().exists(),
        "the kill left the output moved aside"
    );
    assert_eq!(leftovers(site.path(), "public").len(), 2);
    site.write("content/pages/new.md", "+++\ntitle = 5\n+++\nNew.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("restored the last good output"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(&site.public()), good);
    assert_eq!(leftovers(site.path(), "public"), Vec::<String>::new());
}

/// A build killed at any moment leaves the old site or the new one, whole; the next build goes on.
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    let old = snapshot_tree(&site.public());
    site.write("content/pages/new.md", "+++\ntitle = \"New\"\n+++\nNew.\n");
    site.build(&[]).assert_success();
    let new = snapshot_tree(&site.public());
    for (attempt, faults) in ["", "two-renames"].iter().cycle().take(16).enumerate() {
        let adding = attempt % 2 == 0;
        if adding {
            std::fs::remove_file(site.path().join("content/pages/new.md")).unwrap();
            site.build(&[]).assert_success();
            site.write("content/pages/new.md", "+++\ntitle = \"New\"\n+++\nNew.\n");
        }
        let mut child = spawn_build(&site, &[], faults);
        std::thread::sleep(std::time::Duration::from_millis(40 * attempt as u64));
        let _ = child.kill();
        let _ = child.wait();
        if site.public().exists() {
            let now = snapshot_tree(&site.public());
            assert!(
                now == old || now == new,
                "attempt {attempt} left a mixed site"
            );
        } else {
            // Only between the two renames, which the next build restores.
            assert_eq!(*faults, "two-renames", "attempt {attempt} left no site");
        }
        let run = site.build(&[]);
        assert_eq!(run.code, 0, "attempt {attempt}: {}", run.stderr);
        assert!(snapshot_tree(&site.public()) == new);
        assert_eq!(leftovers(site.path(), "public"), Vec::<String>::new());
    }
}

/// Regression: a build killed between making its staging folder and marking it left an empty
/// folder that no later build removed.
#[test]
fn an_empty_staging_folder_of_a_killed_build_is_removed() {
    let site = TempSite::fixture("build", "basic");
    site.build(&[]).assert_success();
    std::fs::create_dir(site.path().join(".public.guildhall-new-1-2")).unwrap();
    site.build(&[]).assert_success();
    assert_eq!(leftovers(site.path(), "public"), Vec::<String>::new());
}

/// Regression: a symbolic link given as `--out` (a web root) was replaced by a folder, and the real
/// web root was never written again.
#[test]
fn an_out_that_is_a_symbolic_link_publishes_into_its_folder() {
    let site = TempSite::fixture("build", "basic");
    let web = tempfile::tempdir().unwrap();
    let root = web.path().join("www");
    let link = site.path().join("live");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    for _ in 0..2 {
        site.build(&["--out", link.to_str().unwrap()])
            .assert_success();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(root.join("index.html").is_file());
    }
}

/// An output that cannot be renamed (a mount point) is published in place, file by file, and the
/// files the build no longer makes are removed; a kill halfway leaves whole files, and the next
/// build completes the site.
#[test]
fn an_output_that_cannot_be_renamed_is_published_in_place() {
    let site = TempSite::fixture("build", "basic");
    let reference = TempSite::fixture("build", "basic");
    std::fs::remove_file(reference.path().join("content/guides/third.md")).unwrap();
    reference.build(&[]).assert_success();
    site.build(&[]).assert_success();
    std::fs::remove_file(site.path().join("content/guides/third.md")).unwrap();
    let (code, stderr) = finish(spawn_build(&site, &[], "busy,exit-in-place"));
    assert_eq!(code, 137, "{stderr}");
    let (code, stderr) = finish(spawn_build(&site, &[], "busy"));
    assert_eq!(code, 0, "{stderr}");
    let lock = site.public().join(".guildhall-lock");
    assert!(lock.is_file(), "the lock of a mount point is inside it");
    std::fs::remove_file(lock).unwrap();
    assert_eq!(
        snapshot_tree(&site.public()),
        snapshot_tree(&reference.public())
    );
}

/// A folder that looks like a leftover but lacks the marker is someone else's: never removed.
#[test]
fn a_leftover_without_the_marker_is_kept() {
    let site = TempSite::fixture("build", "basic");
    let lookalike = site.path().join(".public.guildhall-new-1-1");
    std::fs::create_dir_all(&lookalike).unwrap();
    std::fs::write(lookalike.join("notes.txt"), "mine").unwrap();
    site.build(&[]).assert_success();
    site.build(&[]).assert_success();
    assert!(lookalike.join("notes.txt").is_file());
}

/// Regression: a `static/` folder that was itself a symbolic link was followed (`static -> /etc`
/// published `/etc/shadow`). Every folder the build reads is refused when it leads outside the site.
#[test]
fn folders_that_lead_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "+++\ntitle = \"S\"\n+++\nsecret\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("members.toml"), "").unwrap();
    for folder in [
        "static",
        "content",
        "data",
        "templates",
        "themes",
        "data/members.toml",
    ] {
        let site = TempSite::fixture("build", "basic");
        let path = site.path().join(folder);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let target = if folder.ends_with(".toml") {
            outside.path().join("members.toml")
        } else {
            outside.path().to_path_buf()
        };
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let run = site.build(&["--format", "short"]);
        assert_eq!(run.code, 1, "{folder}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "{folder}: error: `{folder}` leads outside the site folder"
            )),
            "{folder}: {}",
            run.stderr
        );
        assert!(!site.public().exists(), "{folder}: nothing is published");
    }
    // A link that stays inside the site is fine.
    let site = TempSite::fixture("build", "basic");
    std::fs::rename(site.path().join("static"), site.path().join("assets")).unwrap();
    std::os::unix::fs::symlink("assets", site.path().join("static")).unwrap();
    site.build(&[]).assert_success();
}

/// Regression: an alias could replace a generated file (`/index.html` turned the home page into a
/// redirect with exit 0; `/robots.txt` failed with "Is a directory"). Each is now an error at the
/// alias itself.
#[test]
fn aliases_never_replace_a_generated_file() {
    let aliases = [
        "/index.html",
        "/404.html",
        "/search/index.html",
        "/robots.txt",
        "/sitemap.xml",
        "/style.css",
        "/guides/index.html",
    ];
    for alias in aliases {
        let site = TempSite::fixture("build", "basic");
        site.write(
            "content/pages/moved.md",
            &format!("+++\ntitle = \"Moved\"\naliases = [\"{alias}\"]\n+++\nMoved.\n"),
        );
        let run = site.build(&["--format", "short"]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "content/pages/moved.md:3:12: error: the alias `{alias}"
            )),
            "{alias}: {}",
            run.stderr
        );
        assert!(!site.public().exists());
    }
}

/// Regression: `content/pages/search.md` and the generated search page both made
/// `search/index.html`, and which one was published changed from build to build.
#[test]
fn a_page_at_the_address_of_a_generated_list_is_an_error_on_the_page() {
    for name in ["search", "products", "members", "topics"] {
        let site = TempSite::fixture("build", "basic");
        site.write(
            &format!("content/pages/{name}.md"),
            "+++\ntitle = \"Mine\"\n+++\nMine.\n",
        );
        site.write(
            "data/products.toml",
            "[[products]]\nsku = \"S1\"\nname = \"Sock\"\nurl = \"https://shop.example/s1\"\n",
        );
        let run = site.build(&["--format", "short"]);
        if run.code == 0 {
            // Only a list the site makes can collide: this site has no members or topics.
            assert!(matches!(name, "members" | "topics"), "{name} was accepted");
            continue;
        }
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "content/pages/{name}.md: error: this page's address makes `{name}/index.html`, which is already"
            )),
            "{name}: {}",
            run.stderr
        );
    }
}

/// Regression: a 300-character alias or one with a NUL byte failed the whole run (exit 2) instead
/// of being a problem in the page.
#[test]
fn aliases_that_cannot_be_file_names_are_errors_at_the_alias() {
    for alias in [format!("/{}/", "a".repeat(300)), "/a\\u0000b/".to_string()] {
        let site = TempSite::fixture("build", "basic");
        site.write(
            "content/pages/moved.md",
            &format!("+++\ntitle = \"Moved\"\naliases = [\"{alias}\"]\n+++\nMoved.\n"),
        );
        let run = site.build(&["--format", "short"]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("content/pages/moved.md:3:12: error: the alias cannot be a file name"),
            "{alias}: {}",
            run.stderr
        );
    }
}

/// Regression: invalid UTF-8 in guildhall.toml or a data file stopped the run with exit 2 and no
/// position; it is a diagnostic at the first bad byte.
#[test]
fn invalid_utf8_in_the_configuration_or_data_is_a_diagnostic_with_its_position() {
    for file in ["guildhall.toml", "data/members.toml", "data/products.toml"] {
        let site = TempSite::fixture("build", "basic");
        let path = site.path().join(file);
        let mut bytes = std::fs::read(&path).unwrap_or_default();
        bytes.extend_from_slice(b"# caf\xe9\n");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let run = site.build(&["--format", "short"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        let line = bytes.iter().filter(|&&b| b == b'\n').count();
        assert!(
            run.stderr.contains(&format!(
                "{file}:{line}:6: error: the file is not valid UTF-8 text (byte {} is not)",
                bytes.len() - 2
            )),
            "{file}: {}",
            run.stderr
        );
    }
}

/// Regression: `date = 9999-12-31` was explained in the time library's internal wording.
#[test]
fn a_date_out_of_range_is_explained_in_plain_words() {
    let site = TempSite::fixture("build", "basic");
    site.write(
        "content/pages/late.md",
        "+++\ntitle = \"Late\"\ndate = 9999-12-31\n+++\nLate.\n",
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/pages/late.md:3:8: error: the date `9999-12-31` is too far"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Unix timestamp"), "{}", run.stderr);
}

/// Regression: a 300-character slug or sku stopped the run with exit 2 ("File name too long").
#[test]
fn a_slug_or_sku_too_long_for_a_file_name_is_a_content_error() {
    let site = TempSite::fixture("build", "basic");
    let long = "a".repeat(300);
    site.write(
        "content/pages/long.md",
        &format!("+++\ntitle = \"Long\"\nslug = \"{long}\"\n+++\nLong.\n"),
    );
    site.write(
        "data/products.toml",
        &format!(
            "[[products]]\nsku = \"{long}\"\nname = \"S\"\nurl = \"https://shop.example/s\"\n"
        ),
    );
    let run = site.build(&["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/pages/long.md: error: the page content/pages/long.md cannot be written"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("data/products.toml: error: the page of the product"),
        "{}",
        run.stderr
    );
}

/// Regression: a template that includes itself, or a macro that calls itself, overflowed the stack
/// and aborted the process (exit 134) with no diagnostic.
#[test]
fn template_recursion_is_a_diagnostic_naming_the_template() {
    let cases = [
        (
            "templates/page.html",
            "{% include \"page.html\" %}",
            "templates/page.html: error: the template `page.html` includes itself (page.html → page.html)",
        ),
        (
            "templates/page.html",
            "{% include \"partial.html\" %}",
            "the template `page.html` includes itself (page.html → partial.html → page.html)",
        ),
        (
            "templates/page.html",
            "{% import \"loop.html\" as l %}{{ l::down(n=1) }}",
            "templates/loop.html: error: the macro `down` calls itself (loop.html::down → loop.html::down)",
        ),
        (
            // Inside a loop over its argument, but passing the whole argument again: no end.
            "templates/loop.html",
            "{% macro down(n) %}{% for x in n %}{{ self::down(n=n) }}{% endfor %}{% endmacro down %}",
            "templates/loop.html: error: the macro `down` calls itself",
        ),
    ];
    for (file, text, expected) in cases {
        let site = TempSite::fixture("build", "basic");
        site.write("templates/partial.html", "{% include \"page.html\" %}");
        site.write(
            "templates/loop.html",
            "{% macro down(n) %}{{ self::down(n=n + 1) }}{% endmacro down %}",
        );
        if file.ends_with("loop.html") {
            site.write(
                "templates/page.html",
                "{% import \"loop.html\" as l %}{{ l::down(n=[1]) }}",
            );
        }
        site.write(file, text);
        let run = site.build(&["--format", "short"]);
        assert_eq!(run.code, 1, "{text}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
    }
}
