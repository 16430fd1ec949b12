//! Privacy: nothing a single customer wrote becomes public. Every output file is read as a visitor
//! would get it (gzip and brotli files decoded, search index shards included).

use serde_json::json;

use crate::scan::Output;
use crate::search::search;
use crate::support::{TempSite, guildhall};

const NOW: &str = "2026-02-01T12:00:00Z";

#[test]
fn a_surname_a_pin_and_a_postcode_in_answered_phrasings_are_not_searchable() {
    let site = TempSite::fixture("faq", "basic");
    site.write(
        "content/faq/pin.md",
        "+++\nquestion = \"How do I change my PIN?\"\ntopics = [\"orders\"]\n+++\n\nOpen your account settings and choose a new PIN.\n",
    );
    site.write(
        "data/support/helpdesk.csv",
        "Created,Tag,Customer message,Tickets,Agent reply\n\
         2026-01-03,orders,\"I am Gwendolyn Featherstonehaugh, how do I change my PIN?\",1,\n\
         2026-01-04,orders,how do I change my PIN? My PIN is 4821,1,\n\
         2026-01-05,orders,\"how do I change my pin, I live at SW1A 1AA\",1,\n\
         2026-01-06,orders,how do i change my PIN featherstonehaugh,1,\n\
         2026-01-07,orders,how do I change my pin number quickly,1,\n",
    );
    site.build(&["--now", NOW, "--format", "short"])
        .assert_success();
    let secrets = ["featherstonehaugh", "gwendolyn", "4821", "sw1a", "1aa"];
    Output::read(&site.public()).assert_absent(&secrets);
    let mut queries: Vec<_> = secrets.iter().map(|s| json!(s)).collect();
    queries.push(json!("change pin"));
    let answers = search(&site.public(), &queries);
    for (secret, answer) in secrets.iter().zip(&answers) {
        assert_eq!(answer["total"], 0, "searching {secret} finds {answer}");
    }
    let found = answers.last().unwrap();
    assert!(
        found["results"][0]["url"].as_str() == Some("/faq/pin/"),
        "the entry is still found by its own words: {found}"
    );
}

#[test]
fn consent_ending_mid_series_leaves_the_member_out_everywhere_and_the_build_succeeds() {
    let site = TempSite::fixture("community", "basic");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>";
    site.write("static/avatars/cy-face.svg", svg);
    site.write("static/images/cy-sweater.svg", svg);
    site.write("static/avatars/ada-face.svg", svg);
    let members = std::fs::read_to_string(site.path().join("data/members.toml")).unwrap();
    let members = members
        .replace(
            "name = \"Cy Expired\"",
            "name = \"Cy Expired\"\navatar = \"/avatars/cy-face.svg\"\navatar_alt = \"Cy\"",
        )
        .replace(
            "name = \"Ada Consenting\"",
            "name = \"Ada Consenting\"\navatar = \"/avatars/ada-face.svg\"\navatar_alt = \"Ada\"",
        );
    site.write("data/members.toml", &members);
    let story = std::fs::read_to_string(site.path().join("content/stories/cy-story.md")).unwrap();
    site.write(
        "content/stories/cy-story.md",
        &story.replace(
            "member = \"cy\"",
            "member = \"cy\"\nphotos = [{ src = \"/images/cy-sweater.svg\", alt = \"A sweater\" }]",
        ),
    );
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace(
            "pages = [\"pages/welcome.md\", \"guides/first.md\", \"guides/second.md\"]",
            "pages = [\"pages/welcome.md\", \"stories/cy-story.md\", \"guides/first.md\"]",
        ),
    );
    site.write(
        "content/events/cy-circle.md",
        "+++\ntitle = \"Knitting circle\"\nsummary = \"Weekly.\"\ndate = 2025-11-01\nstart = 2025-11-05T19:00:00\nend = 2025-11-05T20:00:00\ntimezone = \"Europe/London\"\nrepeat = { freq = \"weekly\", byday = [\"WE\"], count = 20 }\nhost = \"cy\"\nlocation = { online = \"https://meet.example/circle\" }\n+++\n\nEvery Wednesday.\n",
    );
    // While consent holds, Cy is on the path, hosts the circle and shows their photos.
    site.build(&["--now", "2025-12-20T12:00:00Z", "--format", "short"])
        .assert_success();
    assert!(site.public().join("avatars/cy-face.svg").is_file());
    assert!(
        site.read("events/cy-circle/index.html")
            .contains("Cy Expired")
    );
    // The build the day consent ends succeeds, with a warning for the path.
    let run = site.build(&["--now", "2026-01-01T00:00:00Z", "--format", "short"]);
    run.assert_success();
    assert!(
        run.stderr.contains("stories/cy-story.md") && run.stderr.contains("warning"),
        "{}",
        run.stderr
    );
    Output::read(&site.public()).assert_absent(&[
        "Cy Expired",
        "cy-story",
        "cy-face",
        "cy-sweater",
        "/members/cy/",
        "Agreed once",
    ]);
    assert!(!site.public().join("avatars/cy-face.svg").exists());
    assert!(!site.public().join("images/cy-sweater.svg").exists());
    assert!(site.public().join("avatars/ada-face.svg").is_file());
    assert!(
        site.public().join("images/x.svg").is_file(),
        "a file a published story shows stays"
    );
    assert!(site.public().join("events/cy-circle/index.html").is_file());
}

/// Writes generated messages as the basic FAQ fixture's export: each row a message, every third
/// with an agent reply in HTML that quotes another message and carries markup.
fn write_export(site: &TempSite, messages: &[crate::pii::Message]) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "Created",
            "Tag",
            "Customer message",
            "Tickets",
            "Agent reply",
        ])
        .unwrap();
    for (index, message) in messages.iter().enumerate() {
        let reply = if index % 3 == 0 {
            let quoted = &messages[(index + 1) % messages.len()].text;
            format!(
                "<p>Hi! You wrote: {quoted}</p><script>alert(1)</script><a href=\"javascript:alert(2)\">track</a>"
            )
        } else {
            String::new()
        };
        writer
            .write_record([
                "2026-01-10",
                "orders",
                message.text.as_str(),
                "1",
                reply.as_str(),
            ])
            .unwrap();
    }
    site.write(
        "data/support/helpdesk.csv",
        &String::from_utf8(writer.into_inner().unwrap()).unwrap(),
    );
    let products: String = crate::pii::SKUS
        .iter()
        .map(|sku| {
            format!("[[products]]\nsku = \"{sku}\"\nname = \"Item {sku}\"\nurl = \"https://shop.example/p/{sku}\"\n\n")
        })
        .collect();
    site.write("data/products.toml", &products);
}

#[test]
fn generated_personal_data_is_in_no_output_report_or_draft() {
    let messages = crate::pii::messages(18, 14 * 12);
    let baseline = TempSite::fixture("faq", "basic");
    write_export(&baseline, &[]);
    baseline
        .build(&["--now", NOW, "--format", "short"])
        .assert_success();
    let baseline = Output::read(&baseline.public());

    let site = TempSite::fixture("faq", "basic");
    write_export(&site, &messages);
    site.build(&["--now", NOW, "--format", "short"])
        .assert_success();
    let output = Output::read(&site.public());
    let mut seen: Vec<(String, String)> = Vec::new();
    let root = site.path().to_str().unwrap().to_string();
    for format in ["human", "json"] {
        let run = guildhall(
            &[
                "faq", "--root", &root, "--now", NOW, "--format", format, "--limit", "1000",
            ],
            site.path(),
        );
        run.assert_success();
        seen.push((format!("faq --format {format}"), run.stdout.to_lowercase()));
        if format == "json" {
            let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            let ids: Vec<String> = report["unanswered"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .take(12)
                .collect();
            assert!(ids.len() >= 3, "{report:#}");
            for id in ids {
                guildhall(&["new", "faq", "--from", &id, "--root", &root], site.path())
                    .assert_success();
            }
        }
    }
    let drafts = std::fs::read_dir(site.path().join("content/faq")).unwrap();
    let mut draft_count = 0;
    for entry in drafts {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("draft = true") {
            draft_count += 1;
            assert!(!text.contains("<script") && !text.contains("<a "), "{text}");
            seen.push((path.display().to_string(), text.to_lowercase()));
        }
    }
    assert!(draft_count >= 3);
    let mut checked = 0;
    for message in &messages {
        for (kind, value) in &message.planted {
            if !baseline.files_containing(value).is_empty() {
                continue;
            }
            checked += 1;
            let found = output.files_containing(value);
            assert!(
                found.is_empty(),
                "{kind:?} {value:?} from {:?} is in {found:?}",
                message.text
            );
            let value = value.to_lowercase();
            for (path, text) in &seen {
                assert!(
                    !text.contains(&value),
                    "{kind:?} {value:?} from {:?} is in {path}",
                    message.text
                );
            }
        }
    }
    assert!(checked > messages.len() * 9 / 10, "{checked} items checked");
}
