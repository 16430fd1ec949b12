//! `guildhall serve`: the real binary serving a fixture site over HTTP, rebuilding on changes, telling
//! tabs through server-sent events, and refusing paths that leave the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{TempSite, guildhall, snapshot_tree};

const NOW: &str = "2026-03-01T12:00:00Z";

/// A running `guildhall serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What serve prints, line by line, after its address.
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// The next printed line that starts with one of `prefixes`.
    fn wait_for_line(&self, prefixes: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints what it did");
            if prefixes.iter().any(|p| line.starts_with(p)) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &TempSite) -> Server {
    serve_with(site, &[], &[])
}

/// Starts `guildhall serve` on `site` with more arguments `extra` and environment variables `env`.
fn serve_with(site: &TempSite, extra: &[&str], env: &[(&str, &Path)]) -> Server {
    let (tx, rx) = mpsc::channel();
    let mut server = Server {
        child: Command::new(env!("CARGO_BIN_EXE_guildhall"))
            .args(["serve", "--port", "0", "--now", NOW, "--root"])
            .arg(site.path())
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("guildhall serve starts"),
        port: 0,
        lines: rx,
    };
    let stdout = server.child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve prints its address");
        // `building ... for http://...` comes first; the site is served once it says `serving`.
        if let Some(rest) = line
            .strip_prefix("serving ")
            .and_then(|line| line.split("http://127.0.0.1:").nth(1))
        {
            let port = rest.trim_end_matches(|c: char| !c.is_ascii_digit());
            server.port = port.split('/').next().unwrap().parse().unwrap();
            return server;
        }
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A raw HTTP/1.0 GET, so the path reaches the server exactly as written.
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers: headers.to_ascii_lowercase(),
        body: raw[split + 4..].to_vec(),
    }
}

/// Reads server-sent events from the live endpoint, one `(event, data)` at a time.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__guildhall/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((event.clone(), data.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        Events { rx }
    }

    fn next(&self) -> (String, String) {
        self.rx
            .recv_timeout(Duration::from_secs(30))
            .expect("an event arrives")
    }

    /// Waits for an event of the given kind, skipping others.
    fn wait_for(&self, kind: &str) -> String {
        loop {
            let (event, data) = self.next();
            if event == kind {
                return data;
            }
        }
    }
}

#[test]
fn pages_assets_folders_and_the_hubs_404_are_served_with_their_types() {
    let site = TempSite::fixture("community", "basic");
    let server = serve(&site);
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.text()
            .contains("<h1 id=\"hero-heading\">Loom Club</h1>")
    );
    assert!(
        home.text()
            .contains("<script src=\"/__guildhall/live.js\"></script></body>")
    );
    let css = get(server.port, "/style.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));
    let feed = get(server.port, "/stories/atom.xml");
    assert!(feed.headers.contains("content-type: application/xml"));
    let json = get(server.port, "/products/yarn-1.json");
    assert!(json.headers.contains("content-type: application/json"));
    let folder = get(server.port, "/guides");
    assert_eq!(folder.status, 301);
    assert!(folder.headers.contains("location: /guides/"));
    assert_eq!(get(server.port, "/guides/first/").status, 200);
    let missing = get(server.port, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("<h1>Page not found</h1>"),
        "{}",
        missing.text()
    );
    // Links point at the server itself.
    assert!(
        home.text()
            .contains(&format!("http://127.0.0.1:{}/", server.port))
    );
}

#[test]
fn requests_that_try_to_leave_the_site_are_refused() {
    let site = TempSite::fixture("community", "basic");
    // Symbolic links in the site folder that point out of it are never followed.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.txt"),
        "base_url outside the site",
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/outside")).unwrap();
    let server = serve(&site);
    for path in [
        "/../guildhall.toml",
        "/%2e%2e/guildhall.toml",
        "/guides/..%2f..%2fguildhall.toml",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..\\guildhall.toml",
        "/secret.txt",
        "/outside/secret.txt",
    ] {
        let response = get(server.port, path);
        assert!(
            response.status == 403 || response.status == 404,
            "{path}: {}",
            response.status
        );
        assert!(
            !response.text().contains("base_url"),
            "{path} leaked the config"
        );
    }
    for path in [
        "/guildhall.toml",
        "/content/guides/first.md",
        "/data/members.toml",
    ] {
        let response = get(server.port, path);
        assert_eq!(
            response.status, 404,
            "{path} is a source, not part of the site"
        );
    }
}

/// Regression: a static folder swapped for a symbolic link while serving was followed at request
/// time, so `/images/...` could serve any file of the machine.
#[test]
fn a_link_swapped_into_static_while_serving_is_never_followed() {
    let site = TempSite::fixture("community", "basic");
    let images = site.path().join("static/images");
    let name = std::fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .min()
        .unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join(&name), "outside the site").unwrap();
    let server = serve(&site);
    let path = format!("/images/{name}");
    assert_eq!(get(server.port, &path).status, 200);
    std::fs::rename(&images, site.path().join("static/moved")).unwrap();
    std::os::unix::fs::symlink(outside.path(), &images).unwrap();
    // At once, before any rebuild, and after the rebuild the swap causes.
    for attempt in 0..2 {
        let response = get(server.port, &path);
        assert!(
            !response.text().contains("outside the site"),
            "attempt {attempt}: a file outside the site was served"
        );
        std::thread::sleep(std::time::Duration::from_millis(600));
    }
}

#[test]
fn edits_rebuild_and_errors_reach_the_tab_until_fixed() {
    let site = TempSite::fixture("community", "basic");
    let server = serve(&site);
    let events = Events::connect(server.port);
    let first = events.wait_for("built");
    assert!(first.contains("\"version\":1"), "{first}");
    let guide = site.path().join("content/guides/first.md");
    let original = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, format!("{original}\nA freshly added sentence.\n")).unwrap();
    let rebuilt = events.wait_for("built");
    assert!(rebuilt.contains("/guides/first/index.html"), "{rebuilt}");
    assert!(
        get(server.port, "/guides/first/")
            .text()
            .contains("A freshly added sentence.")
    );

    site.write("content/guides/bad.md", "+++\ntitle = \"Broken\"\n");
    let problems = events.wait_for("problems");
    assert!(problems.contains("content/guides/bad.md:1:1"), "{problems}");
    assert!(
        get(server.port, "/guides/first/")
            .text()
            .contains("A freshly added sentence."),
        "the last good build is still served"
    );
    std::fs::remove_file(site.path().join("content/guides/bad.md")).unwrap();
    events.wait_for("built");
}

/// A file outside the site whose existence holds serve's next build open once it has read its
/// inputs (`GUILDHALL_TEST_HOLD_REBUILD`), so a test can save while a build is running.
struct Hold {
    dir: tempfile::TempDir,
}

impl Hold {
    fn new() -> Hold {
        Hold {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("hold")
    }

    /// Serves `site` with the hook pointing at this hold.
    fn serve(&self, site: &TempSite) -> Server {
        serve_with(site, &[], &[("GUILDHALL_TEST_HOLD_REBUILD", &self.path())])
    }

    fn set(&self) {
        std::fs::write(self.path(), "").unwrap();
    }

    fn release(&self) {
        std::fs::remove_file(self.path()).unwrap();
    }
}

/// Waits, build after build, until `settled` holds for what the server serves.
fn wait_until_served(server: &Server, events: &Events, settled: impl Fn(&Server) -> bool) {
    for _ in 0..20 {
        if settled(server) {
            return;
        }
        events.wait_for("built");
    }
    panic!("twenty builds and the server still does not serve the last saves");
}

#[test]
fn a_save_made_while_serve_is_rebuilding_is_served_afterwards() {
    let site = TempSite::fixture("community", "basic");
    let hold = Hold::new();
    let server = hold.serve(&site);
    let events = Events::connect(server.port);
    events.wait_for("built");
    hold.set();
    let guide = site.path().join("content/guides/first.md");
    let original = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, format!("{original}\nThe first save.\n")).unwrap();
    server.wait_for_line(&["rebuild held"]);
    // The build has read the first save and not published it yet: these land during it.
    std::fs::write(&guide, format!("{original}\nThe second save.\n")).unwrap();
    site.write(
        "content/guides/late.md",
        "+++\ntitle = \"Late\"\nlevel = \"beginner\"\n+++\n\nSaved during a build.\n",
    );
    hold.release();
    wait_until_served(&server, &events, |server| {
        get(server.port, "/guides/first/")
            .text()
            .contains("The second save.")
            && get(server.port, "/guides/late/").status == 200
    });
    assert_serves_a_fresh_build(&site, &server);
}

#[test]
fn a_burst_of_saves_ends_in_the_same_site_as_a_fresh_build() {
    let site = TempSite::fixture("community", "basic");
    let hold = Hold::new();
    let server = hold.serve(&site);
    let events = Events::connect(server.port);
    events.wait_for("built");
    hold.set();
    let save = |i: usize| {
        site.write(
            &format!("content/guides/burst-{}.md", i % 4),
            &format!("+++\ntitle = \"Burst {i}\"\nlevel = \"beginner\"\ntopics = [\"yarn\"]\n+++\n\nSave number {i}.\n"),
        );
    };
    for i in 0..5 {
        save(i);
    }
    // The first saves start a build; the rest land while it runs.
    server.wait_for_line(&["rebuild held"]);
    for i in 5..15 {
        save(i);
        if i == 7 {
            std::fs::remove_file(site.path().join("content/guides/third.md")).unwrap();
        }
    }
    hold.release();
    wait_until_served(&server, &events, |server| {
        (0..4).all(|n| {
            let last = (0..15).filter(|i| i % 4 == n).max().unwrap();
            get(server.port, &format!("/guides/burst-{n}/"))
                .text()
                .contains(&format!("Save number {last}."))
        }) && get(server.port, "/guides/third/").status == 404
    });
    let files = assert_serves_a_fresh_build(&site, &server);
    assert!(files.iter().any(|p| p == "guides/burst-3/index.html"));
}

/// Builds a copy of `site` with `build` and checks that `server` serves every file of it, byte for
/// byte; returns the paths.
fn assert_serves_a_fresh_build(site: &TempSite, server: &Server) -> Vec<String> {
    let fresh = TempSite::copy_of(site.path());
    let base = format!("http://127.0.0.1:{}/", server.port);
    let run = guildhall(
        &[
            "build",
            "--root",
            fresh.path().to_str().unwrap(),
            "--now",
            NOW,
            "--drafts",
            "--base-url",
            &base,
        ],
        fresh.path(),
    );
    run.assert_success();
    let files = snapshot_tree(&fresh.public());
    let paths = files.iter().map(|(p, _)| p.clone()).collect();
    for (path, bytes) in files {
        if path == ".guildhall-output" {
            continue;
        }
        let served = get(server.port, &format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        let body = if path.ends_with(".html") {
            served
                .text()
                .replace("<script src=\"/__guildhall/live.js\"></script>", "")
                .into_bytes()
        } else {
            served.body
        };
        assert!(body == bytes, "{path} differs from a fresh build");
    }
    paths
}

/// Waits for the server to say how it rebuilt, checks that it says `how`, and that every file it
/// serves is what a fresh build writes.
fn assert_rebuilt_as(site: &TempSite, server: &Server, how: &str) {
    let line = server.wait_for_line(&["updated", "rebuilt"]);
    assert!(line.starts_with(how), "{line}");
    assert_serves_a_fresh_build(site, server);
}

#[test]
fn a_body_edit_renders_only_its_page_and_anything_more_builds_everything() {
    let site = TempSite::fixture("community", "basic");
    let server = serve(&site);
    let events = Events::connect(server.port);
    events.wait_for("built");
    let guide = site.path().join("content/guides/first.md");
    let original = std::fs::read_to_string(&guide).unwrap();

    std::fs::write(
        &guide,
        original.replacen("are the store too.", "are the shop too.", 1),
    )
    .unwrap();
    let built = events.wait_for("built");
    // The page, and the feeds that carry its text: nothing else shows the body.
    assert!(
        built.contains("\"changed\":[\"/atom.xml\",\"/guides/atom.xml\",\"/guides/first/index.html\",\"/topics/yarn/atom.xml\"]"),
        "{built}"
    );
    assert_rebuilt_as(&site, &server, "updated 1 page in ");

    // Regression: a new sentence changes the word count, which list items show, even when the
    // reading time stays: what shows the page is rendered too.
    std::fs::write(
        &guide,
        format!("{original}\nA sentence that only this page shows.\n"),
    )
    .unwrap();
    events.wait_for("built");
    assert_rebuilt_as(&site, &server, "updated 1 page and what shows it in ");

    // A new heading can be linked to from other pages, and the search index sections the page by
    // it: the model is built again (checking every link) and what shows the page is rendered.
    std::fs::write(&guide, format!("{original}\n## A new section\n\nMore.\n")).unwrap();
    events.wait_for("built");
    assert_rebuilt_as(&site, &server, "updated 1 page and what shows it in ");

    // A change of front matter, which lists and topic pages show: the model is built again and
    // only what shows the page is rendered.
    std::fs::write(
        &guide,
        original.replacen("title = ", "title = \"Renamed\" # ", 1),
    )
    .unwrap();
    let built = events.wait_for("built");
    assert!(built.contains("/guides/index.html"), "{built}");
    assert_rebuilt_as(&site, &server, "updated 1 page and what shows it in ");

    // New topics and a new date move the page between lists and topic hubs.
    let retagged = original
        .replacen("title = ", "title = \"Renamed again\" # ", 1)
        .replacen("topics = [", "topics = [\"tools\", ", 1)
        .replacen("date = ", "date = 2026-02-01 # ", 1);
    assert_ne!(
        retagged, original,
        "the fixture has topics and a date to change"
    );
    std::fs::write(&guide, &retagged).unwrap();
    events.wait_for("built");
    assert_rebuilt_as(&site, &server, "updated 1 page and what shows it in ");

    // A new slug changes the site's shape: everything is built again.
    std::fs::write(
        &guide,
        retagged.replacen("+++\n", "+++\nslug = \"moved\"\n", 1),
    )
    .unwrap();
    events.wait_for("built");
    assert_rebuilt_as(&site, &server, "rebuilt");
}

#[test]
fn a_taken_port_is_reported_with_a_free_one() {
    let site = TempSite::fixture("community", "basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(&["serve", "--port", &port, "--root", &root], Path::new("."));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("port {port} is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("try --port"), "{}", run.stderr);
}

#[test]
fn front_matter_edits_of_every_kind_render_in_part_and_match_a_fresh_build() {
    let site = TempSite::fixture("community", "basic");
    let server = serve(&site);
    let events = Events::connect(server.port);
    events.wait_for("built");
    // Each edit changes what lists, topic hubs, product and member pages, related content, the
    // start-here path or feeds show; after each, every served file must be what a build writes.
    let edits: &[(&str, &str, &str)] = &[
        (
            "content/stories/ada-story.md",
            "date = 2026-02-01",
            "date = 2025-12-01",
        ),
        (
            "content/stories/ada-story.md",
            "products = [\"YARN-1\"]",
            "products = [\"NEEDLE-2\"]",
        ),
        (
            "content/pages/welcome.md",
            "title = \"Welcome\"",
            "title = \"Welcome, knitters\"",
        ),
        (
            "content/guides/second.md",
            "level = \"advanced\"",
            "level = \"beginner\"",
        ),
        (
            "content/guides/second.md",
            "author = \"bo\"",
            "author = \"ada\"",
        ),
        (
            "content/guides/second.md",
            "topics = [\"yarn\", \"tools\"]",
            "topics = [\"tools\"]",
        ),
    ];
    edit_each_and_compare(&site, &server, &events, edits);
}

#[test]
fn front_matter_edits_of_faq_entries_events_updates_and_dates_match_a_fresh_build() {
    // The demo hub has every kind of content, a support export and feeds.
    let site = TempSite::copy_of(&crate::support::repo_root());
    let server = serve(&site);
    let events = Events::connect(server.port);
    events.wait_for("built");
    let edits: &[(&str, &str, &str)] = &[
        // The FAQ: its index, the FAQPage data and the customers' phrasings matched to it.
        (
            "content/faq/dye-lots.md",
            "question = \"Can I get more yarn from the same dye lot?\"",
            "question = \"Can I order more yarn from one dye lot?\"",
        ),
        ("content/faq/dye-lots.md", "  \"What is a dye lot?\",\n", ""),
        // Events: the list, the calendars and the topic's calendar.
        (
            "content/events/sock-clinic.md",
            "start = 2026-12-05T14:00:00",
            "start = 2026-12-05T13:00:00",
        ),
        (
            "content/events/sock-clinic.md",
            "topics = [\"socks\"]",
            "topics = [\"socks\", \"techniques\"]",
        ),
        // Dates: the sitemap, feeds and every newest-first list.
        (
            "content/guides/casting-on.md",
            "updated = 2025-08-21",
            "updated = 2026-02-21",
        ),
        (
            "content/stories/library-knit-night.md",
            "date = 2025-10-07",
            "date = 2026-02-07",
        ),
        (
            "content/updates/knit-night-times.md",
            "title = \"Knit-alongs move to Tuesday evenings\"",
            "title = \"Knit-alongs now on Tuesday evenings\"",
        ),
    ];
    edit_each_and_compare(&site, &server, &events, edits);
}

/// Makes each edit (file, from, to) in turn, saved directly or through a renamed temporary file
/// as editors do, and checks after each that it was rendered in part and that every served file is
/// what a fresh build writes.
fn edit_each_and_compare(
    site: &TempSite,
    server: &Server,
    events: &Events,
    edits: &[(&str, &str, &str)],
) {
    for (number, (file, from, to)) in edits.iter().enumerate() {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has {from}");
        let edited = text.replacen(from, to, 1);
        if number % 2 == 0 {
            std::fs::write(&path, edited).unwrap();
        } else {
            // As sed -i and many editors save: a temporary file renamed over the page.
            let temporary = path.with_file_name(format!("sedX{number}a"));
            std::fs::write(&temporary, edited).unwrap();
            std::fs::rename(&temporary, &path).unwrap();
        }
        events.wait_for("built");
        let line = server.wait_for_line(&["updated", "rebuilt"]);
        assert!(
            line.starts_with("updated 1 page and what shows it in "),
            "{file}: {line}"
        );
        assert_serves_a_fresh_build(site, server);
    }
}

/// Sends `requests` one after the other on one connection, reading each response whole (by its
/// Content-Length) before sending the next; returns the heads and bodies.
fn on_one_connection(port: u16, requests: &[&str]) -> Vec<(String, String)> {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut responses = Vec::new();
    for request in requests {
        writer.write_all(request.as_bytes()).unwrap();
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .map_or(0, |n| n.trim().parse().unwrap());
        let mut body = vec![
            0;
            if request.starts_with("HEAD") {
                0
            } else {
                length
            }
        ];
        reader.read_exact(&mut body).unwrap();
        responses.push((head, String::from_utf8_lossy(&body).into_owned()));
    }
    responses
}

/// Regression: HTTP/1.0 keep-alive hung, every method answered 200, and any `Host` was answered
/// (a DNS-rebinding page could read the preview).
#[test]
fn methods_hosts_and_keep_alive_follow_http() {
    let site = TempSite::fixture("build", "basic");
    let server = serve_with(&site, &["--allow-host", "hub.test"], &[]);
    let responses = on_one_connection(
        server.port,
        &[
            "GET / HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n",
            "HEAD /guides/ HTTP/1.0\r\nHost: hub.test:8080\r\nConnection: keep-alive\r\n\r\n",
            "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
        ],
    );
    assert!(
        responses[0].0.starts_with("HTTP/1.1 200"),
        "{:?}",
        responses[0]
    );
    assert!(responses[0].0.contains("Connection: keep-alive"));
    assert!(responses[0].1.contains("</html>"));
    assert!(
        responses[1].0.starts_with("HTTP/1.1 200"),
        "{:?}",
        responses[1]
    );
    assert!(
        responses[2].0.starts_with("HTTP/1.1 200"),
        "{:?}",
        responses[2]
    );
    assert!(
        responses[3].0.starts_with("HTTP/1.1 405"),
        "{:?}",
        responses[3]
    );
    assert!(responses[3].0.contains("Allow: GET, HEAD"));
    assert!(responses[3].0.contains("Connection: close"));
    for host in ["rebind.attacker.example", "hub.test.attacker.example"] {
        let request = format!("GET /__guildhall/status HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let responses = on_one_connection(server.port, &[request.as_str()]);
        assert!(
            responses[0].0.starts_with("HTTP/1.1 403"),
            "{host}: {:?}",
            responses[0]
        );
        assert!(
            responses[0].1.contains("--allow-host"),
            "{:?}",
            responses[0]
        );
    }
}

/// Regression: `--bind 0.0.0.0` made every link of the preview point at `http://0.0.0.0:PORT/`.
#[test]
fn a_server_bound_to_every_address_links_to_a_browsable_one() {
    let site = TempSite::fixture("build", "basic");
    let server = serve_with(&site, &["--bind", "0.0.0.0"], &[]);
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("0.0.0.0"), "{}", home.text());
}
