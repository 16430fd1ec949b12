//! How a run reports: every planted mistake of a broken hub in one run, at its line, in an editor's
//! words; JSON that is only JSON; repeated warnings grouped; one warning for a site-wide cause and
//! none caused by an error. Also what real hubs need beyond the built-in folders: a feed for any
//! collection, a 404 page made of the hub's own sections, and drafts from `new` that pass `check`.

use serde_json::Value;

use crate::support::{TempSite, guildhall};

const NOW: &str = "2026-03-10T12:00:00Z";

fn check(site: &TempSite, extra: &[&str]) -> crate::support::Run {
    let root = site.path().to_str().unwrap().to_string();
    let mut args = vec!["check", "--root", &root, "--now", NOW];
    args.extend_from_slice(extra);
    guildhall(&args, site.path())
}

/// Every mistake planted in `tests/sites/reporting/broken`, as `--format short` gives it.
const PLANTED: &[&str] = &[
    // Two typos in the configuration and a bad value that has a default: the content is still
    // checked in the same run.
    "guildhall.toml:3:1: error: unknown key `descripton` (hint: did you mean `description`?)",
    "guildhall.toml:6:1: error: unknown key `enabeld` (hint: did you mean `enabled`?)",
    "guildhall.toml:9:15: error: `paginate_by` takes a whole number, not text (hint: write a number without quotes, like `paginate_by = 10`)",
    // Two unknown keys in one file, both from other generators' habits.
    "content/guides/two-keys.md:3:1: error: unknown key `tags` (hint: use `topics = [\"...\"]`",
    "content/guides/two-keys.md:4:1: error: unknown key `sumary` (hint: did you mean `summary`?)",
    "content/guides/polishing.md:5:11: warning: the topic `leathr-care` is used by this page only, and looks like `leather-care` (hint: did you mean \"leather-care\"?",
    "content/guides/curly.md:2:9: error: curly quotes (“ ”) are not quotes in TOML (hint: type straight quotes: `title = \"Curly quotes\"`",
    "content/guides/day-first.md:3:8: error: `12/03/2026` is not a date TOML can read (hint: dates are written year-month-day without quotes: `2026-03-12` if 12 is the day, `2026-12-03` if it is the month)",
    "content/guides/capital.md:3:9: error: `Beginner` is not a value `level` takes (hint: values are lowercase: write `level = \"beginner\"`)",
    "content/guides/capital.md:4:10: error: unknown member `Jane Doe` (hint: `author` and `member` name a member of the community by their `handle` in data/members.toml",
    "content/pages/about.md:4:12: warning: the alias `/about/` is this page's own address",
];

#[test]
fn every_planted_mistake_is_reported_at_its_line_in_one_run() {
    let site = TempSite::fixture("reporting", "broken");
    let run = check(&site, &["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in PLANTED {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    // A guide without `level` is fine; a misspelt topic does not get a page of its own silently.
    assert!(!run.stderr.contains("has no level"), "{}", run.stderr);
    // The build reports the same mistakes in the same single run.
    let built = site.build(&["--format", "short"]);
    assert_eq!(built.code, 1);
    for expected in PLANTED.iter().filter(|e| !e.contains("about.md")) {
        assert!(
            built.stderr.contains(expected),
            "build misses: {expected}\n{}",
            built.stderr
        );
    }
}

#[test]
fn mistakes_are_explained_in_the_words_of_an_editor() {
    let site = TempSite::fixture("reporting", "broken");
    site.write(
        "content/guides/habits.md",
        "+++\ntitle = \"Habits\"\ndescription = \"x\"\nlastmod = 2026-01-02\ndraft = yes\n+++\n\nText.\n",
    );
    site.write(
        "content/guides/text-date.md",
        "+++\ntitle = \"Text date\"\ndate = \"25/12/2026\"\n+++\n\nText.\n",
    );
    let run = check(&site, &["--format", "short"]);
    for expected in [
        // Syntax errors of a file come first, and all of them: `yes` is not TOML.
        "content/guides/habits.md:5:9: error: `yes` is not a value TOML knows (hint: write `draft = true`",
        "content/guides/text-date.md:3:8: error: invalid date `25/12/2026` (hint: dates are written year-month-day without quotes: `2026-12-25`)",
    ] {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    site.write(
        "content/guides/habits.md",
        "+++\ntitle = \"Habits\"\ndescription = \"x\"\nlastmod = 2026-01-02\n+++\n\nText.\n",
    );
    let run = check(&site, &["--format", "short"]);
    for expected in [
        "content/guides/habits.md:3:1: error: unknown key `description` (hint: use `summary = \"...\"`",
        "content/guides/habits.md:4:1: error: unknown key `lastmod` (hint: use `updated = YYYY-MM-DD`",
    ] {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    // No hint names the demo hub's examples.
    for word in ["knit", "2026-03-14", "casting", "cast-on"] {
        assert!(!run.stderr.contains(word), "`{word}` in:\n{}", run.stderr);
    }
}

/// The objects of a JSON run: every line of stdout parses, nothing is on stderr, and the last one
/// is the summary.
fn json_lines(run: &crate::support::Run) -> (Vec<Value>, Value) {
    assert_eq!(run.stderr, "", "JSON runs print nothing on stderr");
    let mut objects: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}\n{}", run.stdout))
        })
        .collect();
    let summary = objects.pop().expect("a summary line");
    assert!(summary["summary"].is_object(), "{summary}");
    (objects, summary["summary"].clone())
}

#[test]
fn json_output_is_only_json_lines_with_a_summary_last() {
    let site = TempSite::fixture("reporting", "broken");
    let (diagnostics, summary) = json_lines(&check(&site, &["--format", "json"]));
    assert_eq!(summary["command"], "check");
    assert_eq!(summary["status"], "failed");
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(summary["errors"], errors);
    assert_eq!(
        summary["warnings"],
        diagnostics.len() - errors,
        "{diagnostics:?}"
    );
    assert!(diagnostics.iter().all(|d| d["line"].is_u64()));

    let good = TempSite::fixture("collections", "blog");
    let (diagnostics, summary) = json_lines(&good.build(&["--format", "json", "--now", NOW]));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(summary["command"], "build");
    assert_eq!(summary["status"], "succeeded");
    assert_eq!(summary["pages"], 3);
    let (_, summary) = json_lines(&check(&good, &["--format", "json"]));
    assert_eq!(summary["status"], "passed");
}

#[test]
fn repeated_warnings_of_one_kind_are_grouped_with_a_count() {
    let site = TempSite::fixture("collections", "blog");
    for n in 1..=7 {
        site.write(
            &format!("content/blog/bare-{n}.md"),
            &format!(
                "+++\ntitle = \"Bare {n}\"\ndate = 2026-01-0{n}\n+++\n\n## Only a heading\n\n- and a list\n"
            ),
        );
    }
    let run = check(&site, &["--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let no_summary = |text: &str| {
        text.lines()
            .filter(|l| l.contains("warning: the page has no summary"))
            .count()
    };
    assert_eq!(no_summary(&run.stderr), 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: and 4 more warnings of this kind (`--format json` lists every one)"),
        "{}",
        run.stderr
    );
    // The count line counts every warning, and JSON lists them all.
    let (diagnostics, summary) = json_lines(&check(&site, &["--format", "json"]));
    let listed = diagnostics
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("the page has no summary")
        })
        .count();
    assert_eq!(listed, 7);
    assert!(
        run.stderr
            .contains(&format!("{} warnings", summary["warnings"])),
        "{}",
        run.stderr
    );
    let human = check(&site, &[]);
    assert!(
        human
            .stderr
            .contains("  = and 4 more warnings of this kind"),
        "{}",
        human.stderr
    );
}

#[test]
fn a_site_wide_cause_is_one_warning_and_a_warning_caused_by_an_error_is_not_printed() {
    let site = TempSite::fixture("collections", "blog");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("description"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("guildhall.toml", &config);
    // Without its own file, the blog's list takes its description from the hub's.
    std::fs::remove_file(site.path().join("content/blog/_index.md")).unwrap();
    // A page whose front matter has an error: its date and summary cannot be read.
    site.write(
        "content/blog/broken.md",
        "+++\ntitle = \"Broken\"\nsumary = \"Typo.\"\n+++\n\n## Heading\n",
    );
    let run = check(&site, &["--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let about_description: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("description"))
        .collect();
    assert_eq!(about_description.len(), 1, "{}", run.stderr);
    assert!(
        about_description[0]
            .starts_with("guildhall.toml:1:1: warning: the hub has no `description`"),
        "{}",
        run.stderr
    );
    let broken: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/blog/broken.md"))
        .collect();
    assert_eq!(broken.len(), 1, "only the error itself: {broken:#?}");
    assert!(broken[0].contains("error: unknown key `sumary`"));
}

#[test]
fn any_collection_can_have_a_feed_linked_from_its_list() {
    let site = TempSite::fixture("collections", "blog");
    site.build(&["--now", NOW]).assert_success();
    let feed = site.read("blog/atom.xml");
    assert!(
        feed.contains("<title>Canvas Bags Community: Blog</title>"),
        "{feed}"
    );
    let entries: Vec<&str> = feed.matches("<entry>").collect();
    assert_eq!(entries.len(), 2, "{feed}");
    assert!(
        feed.find("A new strap") < feed.find("Waxing canvas at home"),
        "newest first"
    );
    let list = site.read("blog/index.html");
    assert!(
        list.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Canvas Bags Community: Blog\" href=\"/blog/atom.xml\">"),
        "{list}"
    );
    // The hub's feed carries the collection too; a folder without `feed = true` has none.
    assert!(site.read("atom.xml").contains("A new strap"));
    site.write(
        "guildhall.toml",
        "title = \"Canvas\"\ndescription = \"Bags.\"\nbase_url = \"https://community.canvas.example/\"\n",
    );
    site.build(&["--now", NOW]).assert_success();
    assert!(!site.public().join("blog/atom.xml").exists());
}

#[test]
fn the_404_page_links_only_the_sections_the_hub_has() {
    let site = TempSite::fixture("collections", "blog");
    site.build(&["--now", NOW]).assert_success();
    let page = site.read("404.html");
    assert!(page.contains("<a href=\"/blog/\">Blog</a>"), "{page}");
    assert!(
        !page.contains("/guides/"),
        "a dead link on a hub without guides\n{page}"
    );
    // Under a sub-path the links follow.
    site.build(&[
        "--now",
        NOW,
        "--base-url",
        "https://shop.example/community/",
    ])
    .assert_success();
    assert!(site.read("404.html").contains("href=\"/community/blog/\""));
}

#[test]
fn a_guide_without_a_level_is_listed_apart_on_its_topics() {
    let site = TempSite::fixture("reporting", "broken");
    for file in ["two-keys", "curly", "day-first", "capital"] {
        std::fs::remove_file(site.path().join(format!("content/guides/{file}.md"))).unwrap();
    }
    site.write(
        "guildhall.toml",
        "title = \"Leather\"\ndescription = \"Leather care.\"\nbase_url = \"https://community.leather.example/\"\n",
    );
    site.write(
        "content/guides/polishing.md",
        "+++\ntitle = \"Polishing boots\"\nsummary = \"A shine that lasts.\"\ndate = 2026-01-06\ntopics = [\"leather-care\"]\n+++\n\nNo level.\n",
    );
    site.build(&["--now", NOW]).assert_success();
    let topic = site.read("topics/leather-care/index.html");
    let beginner = topic
        .find("id=\"guides-beginner\"")
        .expect("the beginner group");
    let other = topic
        .find("id=\"guides-other\"")
        .expect("a group for guides without level");
    let polishing = topic.find("Polishing boots").unwrap();
    assert!(beginner < other && other < polishing, "{topic}");
}

#[test]
fn drafts_from_new_on_a_fresh_hub_pass_check_with_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hub");
    let root_text = root.to_str().unwrap();
    guildhall(&["init", root_text], dir.path()).assert_success();
    for (kind, title) in [
        ("story", "How I started"),
        ("event", "Spring meetup"),
        ("guide", "Waxing a jacket"),
        ("page", "Our workshop"),
    ] {
        guildhall(
            &["new", kind, title, "--root", root_text, "--now", NOW],
            dir.path(),
        )
        .assert_success();
    }
    let run = guildhall(
        &[
            "check", "--drafts", "--root", root_text, "--now", NOW, "--format", "short",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A draft story may wait for its member, but cannot be published without one.
    assert!(
        run.stderr.contains("warning: the story has no member yet"),
        "{}",
        run.stderr
    );
    let story = root.join("content/stories/how-i-started.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text.replace("draft = true\n", "")).unwrap();
    let run = guildhall(
        &[
            "check", "--root", root_text, "--now", NOW, "--format", "short",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: the story has no member"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_did_you_mean_names_the_nearest_file_of_that_name() {
    let site = TempSite::fixture("collections", "blog");
    for version in ["v1", "v2"] {
        site.write(
            &format!("content/docs/{version}/install.md"),
            &format!("+++\ntitle = \"Install {version}\"\nsummary = \"How.\"\n+++\n\nSteps.\n"),
        );
    }
    site.write(
        "content/docs/v1/setup.md",
        "+++\ntitle = \"Setup\"\nsummary = \"First.\"\n+++\n\nRead [the install](instal.md) first.\n",
    );
    let run = site.build(&["--format", "short", "--now", NOW]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/docs/v1/setup.md:6:6: error: the link `instal.md` points to content/docs/v1/instal.md, which does not exist (hint: did you mean `install.md`?)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_dates_are_said_where_they_matter_and_once_when_they_are_the_habit() {
    let site = TempSite::fixture("collections", "blog");
    for n in 1..=4 {
        site.write(
            &format!("content/guides/g{n}.md"),
            &format!("+++\ntitle = \"Guide {n}\"\nsummary = \"How.\"\n+++\n\nSteps.\n"),
        );
    }
    site.write(
        "content/blog/undated.md",
        "+++\ntitle = \"Undated post\"\nsummary = \"When?\"\n+++\n\nNews.\n",
    );
    let run = check(&site, &["--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dates: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("no `date`"))
        .collect();
    assert_eq!(
        dates,
        [
            "content/blog/undated.md:2:1: warning: the page has no `date`, so the feed of `blog/` leaves it out (hint: add `date = YYYY-MM-DD` to the front matter, the day the page was first published)",
            "content/guides: warning: 4 of the 4 guides have no `date`, so readers and search engines cannot tell how fresh they are (the first: content/guides/g1.md) (hint: add `date = YYYY-MM-DD` to the front matter, the day the page was first published)",
        ],
        "{}",
        run.stderr
    );
    // The free page about.md needs no date.
    assert!(!run.stderr.contains("about.md"), "{}", run.stderr);
}
