//! The build cache: after every kind of edit, a build that takes what the cache kept writes the
//! same bytes as a build from scratch, and a cache that cannot be trusted is ignored.

use std::path::Path;

use crate::support::{TempSite, copy_dir, snapshot_tree};

const NOW: &str = "2026-03-01";

/// Builds `site` into `out` with `extra` arguments; the build must succeed.
fn build_into(site: &Path, out: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "build",
        "--root",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    let run = crate::support::guildhall(&args, site);
    run.assert_success();
    run
}

/// Every file of two outputs, compared byte for byte.
fn assert_same_output(cached: &Path, cold: &Path, what: &str) {
    let cached = snapshot_tree(cached);
    let cold = snapshot_tree(cold);
    let paths = |tree: &[(String, Vec<u8>)]| -> Vec<String> {
        tree.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&cached), paths(&cold), "{what}: other files");
    for ((path, a), (_, b)) in cached.iter().zip(&cold) {
        assert!(
            a == b,
            "{what}: {path} differs from a build without the cache"
        );
    }
}

/// Edits `site` with `edit`, builds it into `out` (the output of the build before) with the cache
/// it has, and compares the output with a build of a copy of it without any cache. `updated`:
/// whether the build should render only what the edit can change and update `out` in place.
fn edit_and_compare(
    site: &TempSite,
    out: &Path,
    what: &str,
    updated: bool,
    edit: impl FnOnce(&Path),
) {
    edit(site.path());
    let run = build_into(site.path(), out, &["--timings"]);
    assert!(
        !run.stderr.contains("ignored the build cache"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.contains("render what changed"),
        updated,
        "{what}: {}",
        run.stderr
    );
    let reused: usize = run
        .stderr
        .split(" bodies from the cache")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of reused bodies: {}", run.stderr));
    // Only a change to the configuration or to what links resolve against (the catalogue, the
    // base URL, the list of pages) renders every body again.
    if !["config", "base URL", "data file", "deletion", "addition"].contains(&what) {
        assert!(reused > 0, "{what}: no body reused\n{}", run.stderr);
    }
    let cold_site = tempfile::tempdir().unwrap();
    copy_dir(site.path(), cold_site.path());
    std::fs::remove_dir_all(cold_site.path().join(".guildhall")).unwrap();
    let cold = cold_site.path().join("public");
    build_into(cold_site.path(), &cold, &["--no-cache"]);
    // (The pictures keep their own cache below the same root.)
    assert!(!cold_site.path().join(".guildhall/cache/build").exists());
    assert_same_output(out, &cold, what);
    // A build into a folder of its own (with a copy of the cache, so that `out` stays the one the
    // cache knows) writes the whole site, the same.
    let elsewhere = tempfile::tempdir().unwrap();
    let whole = elsewhere.path().join("public");
    let cache = elsewhere.path().join("cache");
    copy_dir(&site.path().join(".guildhall/cache"), &cache);
    let run = build_into(
        site.path(),
        &whole,
        &["--timings", "--cache", cache.to_str().unwrap()],
    );
    assert!(
        !run.stderr.contains("render what changed"),
        "{}",
        run.stderr
    );
    assert_same_output(&whole, &cold, what);
}

/// One edit of a site, given its root.
type Edit = Box<dyn FnOnce(&Path)>;

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_cached_build_after_every_kind_of_edit_writes_what_a_build_from_scratch_writes() {
    let site = TempSite::fixture("community", "basic");
    let warm = tempfile::tempdir().unwrap();
    let out = warm.path().join("public");
    build_into(site.path(), &out, &[]);
    assert!(site.path().join(".guildhall/cache/build/state").is_file());
    // A build with nothing changed renders only what summarises the site.
    let run = build_into(site.path(), &out, &["--timings"]);
    assert!(run.stderr.contains("render what changed"), "{}", run.stderr);
    let edits: Vec<(&str, Edit)> = vec![
        (
            "body",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "content/guides/first.md",
                    "are the store too.",
                    "are the shop.",
                )
            }),
        ),
        (
            "title",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "content/guides/second.md",
                    "title = \"",
                    "title = \"Renamed ",
                )
            }),
        ),
        (
            "front matter",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "content/stories/ada-story.md",
                    "date = 2026-02-01",
                    "date = 2025-12-01",
                )
            }),
        ),
        (
            "summary",
            Box::new(|root: &Path| {
                let path = root.join("content/guides/first.md");
                let text = std::fs::read_to_string(&path).unwrap();
                let text =
                    text.replacen("+++\n", "+++\nsummary = \"Casting on, told short.\"\n", 1);
                std::fs::write(path, text).unwrap();
            }),
        ),
        (
            "page",
            Box::new(|root: &Path| {
                let path = root.join("content/pages/welcome.md");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(
                    path,
                    text + "\nOne more line for [the first guide](../guides/first.md).\n",
                )
                .unwrap();
            }),
        ),
        (
            "topic",
            Box::new(|root: &Path| {
                replace(root, "content/topics/yarn.md", "Fibres, weights", "Fibres")
            }),
        ),
        (
            "data file",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "data/products.toml",
                    "Merino Yarn",
                    "Merino Wool Yarn",
                )
            }),
        ),
        (
            "template",
            Box::new(|root: &Path| {
                let theme = crate::support::repo_root().join("themes/default/templates/page.html");
                let text = std::fs::read_to_string(theme).unwrap();
                let text = text.replacen("{% block", "<!-- local -->{% block", 1);
                std::fs::create_dir_all(root.join("templates")).unwrap();
                std::fs::write(root.join("templates/page.html"), text).unwrap();
            }),
        ),
        (
            "config",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "guildhall.toml",
                    "name = \"Loom Shop\"",
                    "name = \"Loom Store\"",
                )
            }),
        ),
        (
            "base URL",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "guildhall.toml",
                    "https://club.example/",
                    "https://club.example/hub/",
                )
            }),
        ),
        (
            "deletion",
            Box::new(|root: &Path| {
                std::fs::remove_file(root.join("content/guides/third.md")).unwrap()
            }),
        ),
        (
            "addition",
            Box::new(|root: &Path| {
                std::fs::write(
                    root.join("content/guides/fourth.md"),
                    "+++\ntitle = \"Fourth\"\ndate = 2026-01-20\nlevel = \"beginner\"\n\
                     topics = [\"yarn\"]\n+++\n\nSee [the first](first.md#nowhere-yet).\n",
                )
                .unwrap();
                replace(
                    root,
                    "content/guides/fourth.md",
                    "first.md#nowhere-yet",
                    "first.md",
                );
            }),
        ),
    ];
    // Edits of pages' files update the output in place; anything else writes a whole new one.
    let updates = ["body", "title", "front matter", "summary", "page"];
    for (what, edit) in edits {
        edit_and_compare(&site, &out, what, updates.contains(&what), edit);
    }
    // A file of the output changed by hand: the output is no longer the one the cache knows.
    replace(&out, "index.html", "<", "<!-- by hand --><");
    std::fs::remove_file(out.join(".guildhall-output")).unwrap();
    std::fs::write(out.join(".guildhall-output"), "guildhall\n").unwrap();
    edit_and_compare(
        &site,
        &out,
        "output changed by hand",
        false,
        |root: &Path| {
            replace(
                root,
                "content/guides/first.md",
                "are the shop.",
                "are the store.",
            )
        },
    );
}

/// Builds `site` into `target`, asserting that the cache was ignored for `reason` (with a note)
/// and that the output is the one in `cold`, built without a cache.
fn build_ignoring_the_cache(site: &Path, target: &Path, cold: &Path, reason: &str) {
    let run = build_into(site, target, &[]);
    assert!(
        run.stderr.contains("ignored the build cache") && run.stderr.contains(reason),
        "{reason}: {}",
        run.stderr
    );
    assert_same_output(target, cold, reason);
}

#[test]
fn a_cache_that_cannot_be_trusted_is_ignored_and_the_output_is_right() {
    let site = TempSite::fixture("community", "basic");
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("a"), &[]);
    let state = site.path().join(".guildhall/cache/build/state");
    let whole = std::fs::read(&state).unwrap();
    let cold = out.path().join("cold");
    build_into(site.path(), &cold, &["--no-cache"]);
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("corrupted", {
            let mut bytes = whole.clone();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
            bytes
        }),
        ("another build", {
            let mut bytes = whole.clone();
            bytes[20] ^= 1;
            bytes
        }),
        ("not a guildhall cache", b"{\"pages\": []}".to_vec()),
        ("not a guildhall cache", Vec::new()),
    ];
    for (reason, bytes) in damaged {
        std::fs::write(&state, &bytes).unwrap();
        let target = out.path().join(format!("damaged-{}", bytes.len()));
        build_ignoring_the_cache(site.path(), &target, &cold, reason);
        // The build wrote a good cache again.
        let again = build_into(site.path(), &out.path().join("again"), &[]);
        assert!(!again.stderr.contains("ignored"), "{}", again.stderr);
        std::fs::remove_dir_all(out.path().join("again")).unwrap();
    }
    // The bodies' texts are kept in a file of their own: damage there is caught as well.
    let texts = site.path().join(".guildhall/cache/build/texts");
    let length = std::fs::read(&texts).unwrap().len();
    type Damage = fn(Vec<u8>) -> Option<Vec<u8>>;
    let damages: [(&str, Damage); 4] = [
        ("truncated or corrupted", |bytes| {
            Some(bytes[..bytes.len() - 1].to_vec())
        }),
        ("truncated or corrupted", |mut bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
            Some(bytes)
        }),
        ("written by another build", |mut bytes| {
            bytes[20] ^= 1;
            Some(bytes)
        }),
        ("cannot read its texts", |_| None),
    ];
    for (index, (reason, damage)) in damages.into_iter().enumerate() {
        // Each build writes the file anew (a new generation): damage the one there now.
        match damage(std::fs::read(&texts).unwrap()) {
            Some(bytes) => std::fs::write(&texts, bytes).unwrap(),
            None => std::fs::remove_file(&texts).unwrap(),
        }
        let target = out.path().join(format!("texts-{index}"));
        build_ignoring_the_cache(site.path(), &target, &cold, reason);
        assert_eq!(std::fs::read(&texts).unwrap().len(), length, "{reason}");
    }
}

#[test]
fn the_cache_goes_where_the_flag_or_the_configuration_says() {
    let site = TempSite::fixture("community", "basic");
    let out = tempfile::tempdir().unwrap();
    let elsewhere = out.path().join("ci-cache");
    build_into(
        site.path(),
        &out.path().join("a"),
        &["--cache", elsewhere.to_str().unwrap()],
    );
    assert!(elsewhere.join("build/state").is_file());
    assert!(!site.path().join(".guildhall").exists());
    replace(
        site.path(),
        "guildhall.toml",
        "title = \"Loom Club\"",
        "title = \"Loom Club\"\n\n[build]\ncache_dir = \"cache-here\"",
    );
    // A table of its own must come after the top-level keys: move it to the end.
    let text = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    let text = text.replacen("\n[build]\ncache_dir = \"cache-here\"", "", 1)
        + "\n[build]\ncache_dir = \"cache-here\"\n";
    std::fs::write(site.path().join("guildhall.toml"), text).unwrap();
    build_into(site.path(), &out.path().join("b"), &[]);
    assert!(site.path().join("cache-here/build/state").is_file());
}

#[test]
fn an_update_in_place_writes_precompressed_copies_and_search_files_like_a_whole_build() {
    let site = TempSite::fixture("community", "basic");
    let config = site.path().join("guildhall.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text + "\n[output]\nprecompress = [\"gzip\", \"brotli\"]\n",
    )
    .unwrap();
    let warm = tempfile::tempdir().unwrap();
    let out = warm.path().join("public");
    build_into(site.path(), &out, &[]);
    assert!(out.join("index.html.gz").is_file() && out.join("index.html.br").is_file());
    let edits: Vec<(&str, Edit)> = vec![
        (
            "new words for the search index",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "content/guides/first.md",
                    "Try [the needles]",
                    "Zyxwool quorbling. Try [the needles]",
                )
            }),
        ),
        (
            "title",
            Box::new(|root: &Path| {
                replace(
                    root,
                    "content/guides/third.md",
                    "title = \"",
                    "title = \"Retitled ",
                )
            }),
        ),
    ];
    for (what, edit) in edits {
        edit_and_compare(&site, &out, what, true, edit);
    }
}

#[test]
fn support_exports_that_read_cleanly_are_kept_and_read_again_when_they_change() {
    let site = TempSite::fixture("faq", "basic");
    let export = site.path().join("data/support/helpdesk.csv");
    let rows = |parcels: u32| {
        format!(
            "Created,Tag,Customer message,Tickets,Agent reply\n\
             2026-01-03,returns,how do I return my yarn,3,\n\
             2026-01-05,returns,i want to retrun yarn i bought,2,\n\
             2026-01-06,returns,return policy for yarn,2,\n\
             2026-01-07,shipping,where is my parcel,{parcels},\n\
             2026-01-08,shipping,my parcel has not arrived yet,1,\n\
             2026-01-08,shipping,parcel not arrived,1,\n"
        )
    };
    std::fs::write(&export, rows(1)).unwrap();
    let warm = tempfile::tempdir().unwrap();
    let out = warm.path().join("public");
    build_into(site.path(), &out, &[]);
    assert!(site.path().join(".guildhall/cache/build/exports").is_file());
    let before = snapshot_tree(&out);
    // The parcel questions become the most asked: the FAQ's order changes.
    std::fs::write(&export, rows(500)).unwrap();
    build_into(site.path(), &out, &[]);
    assert_ne!(
        before,
        snapshot_tree(&out),
        "the edited export was not read"
    );
    let same_as_cold = |what: &str| {
        let cold_site = tempfile::tempdir().unwrap();
        copy_dir(site.path(), cold_site.path());
        std::fs::remove_dir_all(cold_site.path().join(".guildhall")).unwrap();
        let cold = cold_site.path().join("public");
        build_into(cold_site.path(), &cold, &["--no-cache"]);
        assert_same_output(&out, &cold, what);
    };
    same_as_cold("edited export");
    // The entries' matches are kept with the bodies, and made again when an entry changes.
    let before = snapshot_tree(&out);
    replace(
        site.path(),
        "content/faq/parcel.md",
        "Where is my parcel?",
        "How do I return yarn?",
    );
    build_into(site.path(), &out, &[]);
    assert!(
        before != snapshot_tree(&out),
        "the edited entry was not matched again"
    );
    same_as_cold("edited entry");
    // An export with a problem is read every time, so its warning is never lost.
    std::fs::write(
        &export,
        rows(1) + "2026-01-11,shipping,where is my parcel,lots,\n",
    )
    .unwrap();
    for _ in 0..2 {
        let run = build_into(site.path(), &out, &[]);
        assert!(
            run.stderr.contains("the count is not a whole number"),
            "{}",
            run.stderr
        );
    }
}
