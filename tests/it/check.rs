//! `guildhall check` (the CI gate) and `guildhall new` (files with the right front matter).

use serde_json::Value;

use crate::support::{TempSite, guildhall};

const NOW: &str = "2026-03-01T12:00:00Z";

fn check(site: &TempSite, extra: &[&str]) -> crate::support::Run {
    let root = site.path().to_str().unwrap().to_string();
    let mut args = vec!["check", "--root", &root];
    args.extend_from_slice(extra);
    guildhall(&args, site.path())
}

#[test]
fn check_reports_editorial_problems_at_their_lines_and_writes_nothing() {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "content/pages/lost.md",
        "+++\ntitle = \"Lost page\"\nsummary = \"Nobody links here.\"\n+++\n\nAlone.\n",
    );
    site.write(
        "content/guides/again.md",
        "+++\ntitle = \"First guide\"\nsummary = \"Same title as another.\"\ndate = 2026-01-01\nupdated = 2026-01-20\nlevel = \"beginner\"\n+++\n\nBody.\n",
    );
    site.write(
        "content/guides/bare.md",
        "+++\ntitle = \"Bare\"\nlevel = \"beginner\"\n+++\n\n## Steps\n\n- one\n- two\n",
    );
    let run = check(
        &site,
        &[
            "--now",
            "2026-06-01",
            "--stale-days",
            "100",
            "--format",
            "short",
        ],
    );
    assert_eq!(
        run.code, 0,
        "warnings do not fail the check\n{}",
        run.stderr
    );
    for expected in [
        "content/pages/lost.md:2:1: warning: no page, list or menu links to this page",
        "content/guides/first.md:2:1: warning: another page has the same title: content/guides/again.md",
        "content/guides/again.md:5:1: warning: this guide was last updated on 2026-01-20, more than 100 days ago",
        "content/guides/bare.md:2:1: warning: the page has no summary and no paragraph to show in its place",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    assert!(
        !run.stderr.contains("welcome.md:2:1: warning: no page"),
        "pages on the start-here path are linked"
    );
    assert!(
        !run.stderr
            .contains("first.md:2:1: warning: the page has no summary"),
        "the first paragraph stands in for a summary\n{}",
        run.stderr
    );
    assert!(!site.public().exists(), "check never writes the site");
}

#[test]
fn check_fails_on_errors_and_speaks_json_for_ci() {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "content/guides/broken.md",
        "+++\ntitle = \"Broken\"\nsummary = \"Links nowhere.\"\nlevel = \"beginner\"\n+++\n\nSee [nothing](missing.md).\n",
    );
    let run = check(&site, &["--now", NOW, "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "JSON goes to stdout, and nothing else does");
    let mut diagnostics: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let summary = diagnostics.pop().expect("the summary closes the output");
    assert_eq!(summary["summary"]["status"], "failed", "{summary}");
    assert_eq!(summary["summary"]["errors"], 1, "{summary}");
    assert!(summary["summary"]["pages"].as_u64() > Some(0), "{summary}");
    let errors: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stdout);
    assert_eq!(errors[0]["path"], "content/guides/broken.md");
    assert_eq!(errors[0]["line"], 7);
    assert_eq!(errors[0]["column"], 5);
}

#[test]
fn external_links_are_checked_politely_and_cached() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let agents = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&agents);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = std::sync::Arc::clone(&done);
    // Serves until the test is over, however long the build before the checks takes.
    let handle = std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let request = match server.recv_timeout(std::time::Duration::from_millis(100)) {
                Ok(Some(request)) => request,
                Ok(None) => continue,
                Err(_) => break,
            };
            let agent = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("User-Agent"))
                .map(|h| h.value.to_string())
                .unwrap_or_default();
            seen.lock().unwrap().push(agent);
            let status = if request.url() == "/ok" { 200 } else { 404 };
            let _ = request.respond(tiny_http::Response::empty(status));
        }
    });
    let site = TempSite::fixture("community", "basic");
    site.write(
        "content/guides/links.md",
        &format!("+++\ntitle = \"Links\"\nsummary = \"Out.\"\n+++\n\nGood [one](http://127.0.0.1:{port}/ok) and\na [gone one](http://127.0.0.1:{port}/gone).\n"),
    );
    let run = check(&site, &["--now", NOW, "--external", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!(
        "content/guides/links.md:7:14: error: the link http://127.0.0.1:{port}/gone answers 404"
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(!run.stderr.contains("/ok answers"));
    let requests = agents.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "one request per link: {requests:?}");
    assert!(requests.iter().all(|a| a.starts_with("guildhall/")));
    assert!(site.path().join(".guildhall-cache/links.json").is_file());
    // A second run within the cache's lifetime asks nothing.
    let again = check(&site, &["--now", NOW, "--external", "--format", "short"]);
    assert!(again.stderr.contains(&expected));
    assert_eq!(agents.lock().unwrap().len(), 2);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    handle.join().unwrap();
}

#[test]
fn new_writes_each_kind_with_its_front_matter_and_never_overwrites() {
    let site = TempSite::fixture("community", "basic");
    let root = site.path().to_str().unwrap().to_string();
    let new = |kind: &str, title: &str| {
        guildhall(
            &["new", kind, title, "--root", &root, "--now", "2026-04-05"],
            site.path(),
        )
    };
    new("guide", "Crème brûlée stitch: a how-to").assert_success();
    let guide = std::fs::read_to_string(
        site.path()
            .join("content/guides/creme-brulee-stitch-a-how-to.md"),
    )
    .unwrap();
    assert!(guide.contains("title = \"Crème brûlée stitch: a how-to\""));
    assert!(guide.contains("date = 2026-04-05"));
    assert!(guide.contains("level = \"beginner\""));
    assert!(guide.contains("draft = true"));
    new("faq", "Can I return opened yarn?").assert_success();
    let faq = std::fs::read_to_string(site.path().join("content/faq/can-i-return-opened-yarn.md"))
        .unwrap();
    assert!(faq.contains("question = \"Can I return opened yarn?\""));
    new("story", "Ada's second blanket").assert_success();
    let story = std::fs::read_to_string(site.path().join("content/stories/adas-second-blanket.md"))
        .unwrap();
    assert!(story.contains("member = \"\""));
    new("event", "Spring swap meet").assert_success();
    let event =
        std::fs::read_to_string(site.path().join("content/events/spring-swap-meet.md")).unwrap();
    assert!(event.contains("start = 2026-04-12T18:00:00\nend = 2026-04-12T19:00:00\n"));
    assert!(event.contains("timezone = \"UTC\""));
    new("topic", "Colour work").assert_success();
    assert!(site.path().join("content/topics/colour-work.md").is_file());
    new("page", "Contact us").assert_success();
    let again = new("page", "Contact us");
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("content/pages/contact-us.md already exists")
    );
    let nameless = new("guide", "!!!");
    assert_eq!(nameless.code, 2);
    assert!(nameless.stderr.contains("--slug"));
    // Drafts are left out of a normal build, which still succeeds.
    site.build(&["--now", NOW]).assert_success();
    assert!(
        !site
            .public()
            .join("guides/creme-brulee-stitch-a-how-to")
            .exists()
    );
    assert!(
        site.public()
            .join("topics/colour-work/index.html")
            .is_file()
    );
    // The new event is a valid event once drafts are shown (the story still needs its member).
    std::fs::remove_file(site.path().join("content/stories/adas-second-blanket.md")).unwrap();
    site.build(&["--now", NOW, "--drafts"]).assert_success();
    let page = site.read("events/spring-swap-meet/index.html");
    assert!(page.contains("Spring swap meet"), "{page}");
    assert!(site.public().join("events/spring-swap-meet.ics").is_file());
}

#[test]
fn check_exits_2_when_it_cannot_run() {
    // 2 is "the check itself could not run", never confused with 1 (the content has errors): a
    // folder that is not a site, one that does not exist, a moment or an option it cannot read.
    let empty = tempfile::tempdir().unwrap();
    let missing = empty.path().join("nowhere");
    let site = TempSite::fixture("community", "basic");
    let cases: [(Vec<&str>, &str); 4] = [
        (
            vec!["check", "--root", empty.path().to_str().unwrap()],
            "a guildhall site?",
        ),
        (
            vec!["check", "--root", missing.to_str().unwrap()],
            "nowhere/guildhall.toml",
        ),
        (
            vec![
                "check",
                "--root",
                site.path().to_str().unwrap(),
                "--now",
                "tomorrow",
            ],
            "--now tomorrow",
        ),
        (
            vec![
                "check",
                "--root",
                site.path().to_str().unwrap(),
                "--format",
                "xml",
            ],
            "invalid value 'xml'",
        ),
    ];
    for (args, expected) in cases {
        let run = guildhall(&args, empty.path());
        assert_eq!(run.code, 2, "{args:?}\n{}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert!(!site.public().exists(), "check never writes the site");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}
