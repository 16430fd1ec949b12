//! Privacy: nothing a single customer wrote becomes public. Every output file is read as a visitor
//! would get it (gzip and brotli files decoded, search index shards included).

use std::io::Read as _;
use std::path::Path;

use serde_json::json;

use crate::search::search;
use crate::support::{TempSite, snapshot_tree};

const NOW: &str = "2026-02-01T12:00:00Z";

/// Every output file below `public` as text, compressed files (`.gz`, `.br`) decoded.
pub(crate) fn decoded_output(public: &Path) -> Vec<(String, String)> {
    let files = snapshot_tree(public);
    assert!(!files.is_empty(), "no output in {}", public.display());
    files
        .into_iter()
        .map(|(path, bytes)| {
            let mut raw = Vec::new();
            if path.ends_with(".gz") {
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut raw)
                    .unwrap_or_else(|e| panic!("{path} is not gzip: {e}"));
            } else if path.ends_with(".br") {
                brotli::Decompressor::new(&bytes[..], 4096)
                    .read_to_end(&mut raw)
                    .unwrap_or_else(|e| panic!("{path} is not brotli: {e}"));
            } else {
                raw = bytes;
            }
            (path, String::from_utf8_lossy(&raw).into_owned())
        })
        .collect()
}

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
    for (path, text) in decoded_output(&site.public()) {
        let text = text.to_lowercase();
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} is in {path}");
        }
    }
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
    for (path, text) in decoded_output(&site.public()) {
        for word in [
            "Cy Expired",
            "cy-story",
            "cy-face",
            "cy-sweater",
            "/members/cy/",
            "Agreed once",
        ] {
            assert!(!text.contains(word), "{path} contains `{word}`");
        }
    }
    assert!(!site.public().join("avatars/cy-face.svg").exists());
    assert!(!site.public().join("images/cy-sweater.svg").exists());
    assert!(site.public().join("avatars/ada-face.svg").is_file());
    assert!(
        site.public().join("images/x.svg").is_file(),
        "a file a published story shows stays"
    );
    assert!(site.public().join("events/cy-circle/index.html").is_file());
}
