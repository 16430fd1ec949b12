//! FAQs from support exports: customer text never reaches the output raw, malformed exports give
//! `file:line` diagnostics without stopping the build, entries are ranked by support volume, and the
//! editor's report and drafts work end to end.

use serde_json::Value;

use crate::scan::Output;
use crate::support::{TempSite, guildhall, repo_root};

const NOW: &str = "2026-02-01T12:00:00Z";

/// Personal data and markup planted in tests/sites/faq/basic/data/support/helpdesk.csv.
pub(crate) const PLANTED: &[&str] = &[
    "jo.doe@mail.example",
    "returns@shop.example",
    "help@shop.example",
    "7946 0958",
    "4111 1111",
    "88231177",
    "zebra",
    "<script>alert(1)</script>",
];

/// The words of the planted values that no page of the fixture uses: none may be a search term.
pub(crate) const PLANTED_TERMS: &[&str] = &[
    "doe", "7946", "0958", "4111", "1111", "88231177", "zebra", "script", "alert",
];

/// Fails when a planted value is anywhere in the output (compressed copies and the search index
/// decoded) or one of its words is a search term.
pub(crate) fn assert_nothing_planted_in(output: &Output) {
    output.assert_absent(PLANTED);
    let terms = output.terms();
    assert!(terms.contains("parcel"), "the scan sees the index's terms");
    for word in PLANTED_TERMS {
        assert!(
            !terms.contains(word),
            "`{word}` is a term of the search index"
        );
    }
}

fn built() -> TempSite {
    let site = TempSite::fixture("faq", "basic");
    site.build(&["--now", NOW, "--format", "short"])
        .assert_success();
    site
}

fn faq_json(site: &TempSite) -> Value {
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(
        &["faq", "--root", &root, "--now", NOW, "--format", "json"],
        site.path(),
    );
    run.assert_success();
    serde_json::from_str(&run.stdout).expect("faq --format json prints one JSON object")
}

/// The JSON of every `<script type="application/ld+json">` element of a page.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = rest.split("</script>").next().unwrap();
            serde_json::from_str(json).expect("JSON-LD parses")
        })
        .collect()
}

#[test]
fn planted_personal_data_and_markup_never_reach_the_output_or_the_report() {
    let site = built();
    let output = Output::read(&site.public());
    assert!(output.files.len() > 5);
    assert_nothing_planted_in(&output);
    let root = site.path().to_str().unwrap().to_string();
    for format in ["human", "json"] {
        let run = guildhall(
            &["faq", "--root", &root, "--now", NOW, "--format", format],
            site.path(),
        );
        run.assert_success();
        for planted in PLANTED {
            assert!(
                !run.stdout.contains(planted) && !run.stderr.contains(planted),
                "{planted} leaked into the {format} report:\n{}",
                run.stdout
            );
        }
    }
    let report = faq_json(&site).to_string();
    assert!(
        report.contains("[email]") || report.contains("[redacted]"),
        "redacted placeholders show where data was: {report}"
    );
}

#[test]
fn the_faq_is_ordered_by_support_volume_with_faqpage_structured_data() {
    let site = built();
    let index = site.read("faq/index.html");
    let parcel = index.find("/faq/parcel/").expect("parcel entry listed");
    let returns = index.find("/faq/returns/").expect("returns entry listed");
    let gift = index
        .find("/faq/old-question/")
        .expect("unmatched entry listed");
    assert!(
        parcel < returns,
        "10 parcel questions outrank 8 return questions"
    );
    assert!(returns < gift, "entries with a topic come before the rest");
    assert!(
        !index.contains("Asked 10 times"),
        "volumes are private by default"
    );
    let ld = json_ld(&index);
    assert_eq!(ld.len(), 2, "the FAQPage, then the page's breadcrumbs");
    assert_eq!(ld[1]["@graph"][0]["@type"], "BreadcrumbList");
    assert_eq!(ld[0]["@type"], "FAQPage");
    let questions = ld[0]["mainEntity"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    assert_eq!(questions[0]["@type"], "Question");
    assert_eq!(questions[0]["name"], "Where is my parcel?");
    assert_eq!(questions[0]["acceptedAnswer"]["@type"], "Answer");
    assert!(
        questions[0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap()
            .contains("tracking link")
    );
    let entry = site.read("faq/returns/index.html");
    let ld = json_ld(&entry);
    assert_eq!(
        ld[0]["mainEntity"][0]["name"], "How do I return yarn?",
        "{entry}"
    );
    assert!(entry.contains("<h1>How do I return yarn?</h1>"));
    let topic = site.read("topics/orders/index.html");
    assert!(topic.contains("Top questions"));
    assert!(topic.find("/faq/parcel/").unwrap() < topic.find("/faq/returns/").unwrap());
}

#[test]
fn volumes_are_shown_when_the_site_asks() {
    let site = TempSite::fixture("faq", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("[faq]\n", "[faq]\nshow_volume = true\n"),
    );
    site.build(&["--now", NOW]).assert_success();
    let index = site.read("faq/index.html");
    assert!(index.contains("Asked 9 times"), "{index}");
    assert!(index.contains("Asked 8 times"), "{index}");
}

#[test]
fn malformed_rows_are_warnings_at_their_line_and_the_rest_still_counts() {
    let site = TempSite::fixture("faq", "basic");
    let run = site.build(&["--now", NOW, "--format", "short"]);
    run.assert_success();
    for expected in [
        "data/support/helpdesk.csv:16:1: warning: the count is not a whole number; the row is skipped",
        "data/support/helpdesk.csv:17:1: warning: this row has 3 fields where the header has 5",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.starts_with(expected)),
            "missing: {expected}\n{}",
            run.stderr
        );
    }
    let report = faq_json(&site);
    assert_eq!(report["rows"], 12, "14 data rows, 2 skipped");
}

#[test]
fn a_missing_mapped_column_is_an_error_at_the_header_with_a_hint() {
    let site = TempSite::fixture("faq", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("count = \"Tickets\"", "count = \"Tickts\""),
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/support/helpdesk.csv:1:1: error: the export has no `Tickts` column for the count (hint: did you mean `Tickets`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_redaction_pattern_points_into_the_config() {
    let site = TempSite::fixture("faq", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("redact = [", "redact = [\"(unclosed\", "),
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "guildhall.toml:9:11: error: this redaction pattern is not a valid regular expression"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_report_lists_unanswered_clusters_coverage_and_stale_entries() {
    let site = built();
    let report = faq_json(&site);
    assert_eq!(report["rows"], 12);
    assert_eq!(report["total_volume"], 23);
    // "parcel not arrived card ..." is in the parcel cluster, but its words point to the gift-card
    // entry, so the parcel entry is not credited with it.
    assert_eq!(report["covered_volume"], 17);
    assert_eq!(report["coverage"], 0.739);
    let unanswered = report["unanswered"].as_array().unwrap();
    assert_eq!(unanswered.len(), 1, "{report:#}");
    assert_eq!(unanswered[0]["volume"], 5);
    assert_eq!(unanswered[0]["tag"], "needles");
    assert_eq!(
        unanswered[0]["suggested_path"],
        "content/faq/which-needle-size-for-dk-yarn.md"
    );
    assert_eq!(
        unanswered[0]["suggested_title"],
        "Which needle size for dk yarn?"
    );
    assert_eq!(report["unanswered_total"], 1);
    let stale: Vec<&str> = report["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["content/faq/old-question.md"]);

    let root = site.path().to_str().unwrap().to_string();
    let human = guildhall(&["faq", "--root", &root, "--now", NOW], site.path());
    human.assert_success();
    assert!(
        human
            .stdout
            .contains("confidently answers 73.9% of support volume (17 of 23)"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("\"which needle size for dk yarn\""),
        "{}",
        human.stdout
    );
}

#[test]
fn every_row_can_be_traced_to_its_cluster() {
    // A support lead audits a cluster by its rows: the JSON and `--members` list every row by
    // file and line, and rows without usable words are counted, not dropped.
    let site = built();
    let report = faq_json(&site);
    let mut lines: Vec<u64> = report["members"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["rows"].as_array().unwrap().iter())
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    lines.extend(
        report["without_words"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap()),
    );
    assert_eq!(
        lines.len() as u64,
        report["rows"].as_u64().unwrap(),
        "{report:#}"
    );
    let root = site.path().to_str().unwrap().to_string();
    let members = site.path().join("members.csv");
    let run = guildhall(
        &[
            "faq",
            "--root",
            &root,
            "--now",
            NOW,
            "--members",
            members.to_str().unwrap(),
        ],
        site.path(),
    );
    run.assert_success();
    let csv = std::fs::read_to_string(&members).unwrap();
    assert!(csv.starts_with("file,line,cluster\n"), "{csv}");
    assert_eq!(
        csv.lines().count() as u64,
        1 + report["rows"].as_u64().unwrap()
    );
    let needles = report["unanswered"][0]["id"].as_str().unwrap();
    assert!(
        csv.contains(&format!("data/support/helpdesk.csv,13,{needles}")),
        "{csv}"
    );
}

#[test]
fn small_clusters_are_not_listed_as_needs_and_the_limit_is_said() {
    let site = built();
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(
        // The needles cluster has 5 rows (by their counts): under a minimum of 6 it is not a need.
        &["faq", "--root", &root, "--now", NOW, "--min-size", "6"],
        site.path(),
    );
    run.assert_success();
    assert!(
        run.stdout.contains("Biggest unanswered questions (0 of 0;"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("not listed: 1 cluster of fewer than 6 rows"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_json_says_when_the_list_of_needs_was_cut() {
    let site = built();
    // Without the returns entry, its cluster is a need no entry answers, beside the needles one.
    std::fs::remove_file(site.path().join("content/faq/returns.md")).unwrap();
    let root = site.path().to_str().unwrap().to_string();
    let report = |limit: &str| -> Value {
        let run = guildhall(
            &[
                "faq",
                "--root",
                &root,
                "--now",
                NOW,
                "--format",
                "json",
                "--min-size",
                "1",
                "--limit",
                limit,
            ],
            site.path(),
        );
        run.assert_success();
        serde_json::from_str(&run.stdout).unwrap()
    };
    let all = report("0");
    let total = all["unanswered_total"].as_u64().unwrap();
    assert!(
        total >= 2,
        "the fixture has several unanswered needs: {all:#}"
    );
    assert_eq!(all["unanswered"].as_array().unwrap().len() as u64, total);
    assert_eq!(all["unanswered_truncated"], false);
    assert_eq!(all["unanswered_limit"], Value::Null);
    let cut = report("1");
    assert_eq!(cut["unanswered"].as_array().unwrap().len(), 1);
    assert_eq!(cut["unanswered_total"].as_u64().unwrap(), total);
    assert_eq!(cut["unanswered_truncated"], true);
    assert_eq!(cut["unanswered_limit"], 1);
}

#[test]
fn recent_means_within_the_configured_window() {
    let site = built();
    let root = site.path().to_str().unwrap().to_string();
    let later = guildhall(
        &[
            "faq",
            "--root",
            &root,
            "--now",
            "2026-12-01",
            "--format",
            "json",
        ],
        site.path(),
    );
    later.assert_success();
    let report: Value = serde_json::from_str(&later.stdout).unwrap();
    assert_eq!(
        report["stale"].as_array().unwrap().len(),
        3,
        "all questions are older than 180 days by December: {report:#}"
    );
}

#[test]
fn a_draft_from_a_cluster_prefills_the_redacted_agent_answer_and_builds() {
    let site = built();
    let report = faq_json(&site);
    let id = report["unanswered"][0]["id"].as_str().unwrap().to_string();
    let root = site.path().to_str().unwrap().to_string();
    let run = guildhall(&["new", "faq", "--from", &id, "--root", &root], site.path());
    run.assert_success();
    let draft = std::fs::read_to_string(
        site.path()
            .join("content/faq/which-needle-size-for-dk-yarn.md"),
    )
    .expect("the draft is written where the report said");
    assert!(draft.contains("question = \"Which needle size for dk yarn\""));
    assert!(draft.contains("draft = true"));
    assert!(draft.contains("what needle size do I need for dk"));
    assert!(
        draft.contains("Use 4 mm needles; mail [email] for more."),
        "{draft}"
    );
    assert!(!draft.contains("help@shop.example"));
    // A second draft of the same cluster never overwrites the first.
    guildhall(&["new", "faq", "--from", &id, "--root", &root], site.path()).assert_success();
    assert!(
        site.path()
            .join("content/faq/which-needle-size-for-dk-yarn-2.md")
            .is_file()
    );
    let build = site.build(&["--now", NOW, "--format", "short"]);
    build.assert_success();
    assert!(
        !site
            .public()
            .join("faq/which-needle-size-for-dk-yarn/index.html")
            .exists(),
        "drafts are not published"
    );
    let unknown = guildhall(
        &["new", "faq", "--from", "q00000000", "--root", &root],
        site.path(),
    );
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no cluster has the id q00000000"));
}

#[test]
fn the_labelled_sample_builds_and_its_order_numbers_stay_private() {
    let site = TempSite::fixture("faq", "basic");
    std::fs::remove_file(site.path().join("data/support/helpdesk.csv")).unwrap();
    let sample = repo_root().join("tests/data/support/bitext-customer-support-sample.csv");
    std::fs::copy(&sample, site.path().join("data/support/sample.csv")).unwrap();
    site.write(
        "guildhall.toml",
        "title = \"Shop help\"\nbase_url = \"https://help.example/\"\n\n[faq.columns]\nquestion = \"instruction\"\ntopic = \"category\"\nanswer = \"response\"\n",
    );
    site.build(&["--now", NOW, "--format", "short"])
        .assert_success();
    let report = faq_json(&site);
    assert_eq!(report["rows"], 4514);
    let clusters = report["clusters"].as_u64().unwrap();
    assert!(
        (27..=108).contains(&clusters),
        "{clusters} clusters for 27 intents"
    );
    // Every order number the sample marks in its questions must be gone from the report and site.
    let mut reader = csv::Reader::from_path(&sample).unwrap();
    let headers = reader.headers().unwrap().clone();
    let kind = headers.iter().position(|h| h == "entity_type").unwrap();
    let value = headers.iter().position(|h| h == "entity_value").unwrap();
    let numbers: Vec<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| r.get(kind) == Some("order_id") || r.get(kind) == Some("invoice_id"))
        .map(|r| r.get(value).unwrap().trim_start_matches('#').to_string())
        .filter(|n| n.len() >= 5)
        .collect();
    assert!(numbers.len() > 50);
    // Line numbers of rows are not order numbers, however alike they look.
    let mut report = report;
    report["members"] = Value::Null;
    report["without_words"] = Value::Null;
    let text = report.to_string();
    for number in &numbers {
        assert!(!text.contains(number.as_str()), "{number} in the report");
    }
    let output = Output::read(&site.public());
    let terms = output.terms();
    for number in &numbers {
        assert_eq!(
            output.files_containing(number),
            Vec::<String>::new(),
            "{number}"
        );
        assert!(
            !terms.contains(number.to_lowercase().as_str()),
            "{number} is a search term"
        );
    }
}
