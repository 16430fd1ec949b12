//! The formats CI hosts read, through the real binary on a broken hub: GitHub's workflow commands
//! and GitLab's code quality report.

use std::collections::HashSet;

use crate::diagnostics::EXPECTED;
use crate::support::TempSite;

/// A workflow command split into its name, properties (unescaped) and message (unescaped).
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("a command starts with ::");
    let (head, message) = rest.split_once("::").expect("properties end with ::");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let unescape = |text: &str| {
        text.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_string(), unescape(value))
        })
        .collect();
    (name.to_string(), properties, unescape(message))
}

#[test]
fn github_format_annotates_every_problem_at_its_line_and_column() {
    let site = TempSite::fixture("diagnostics", "many-mistakes");
    let run = site.build(&["--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let commands: Vec<_> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(parse_command)
        .collect();
    assert_eq!(commands.len(), EXPECTED.len(), "{}", run.stdout);
    for (name, properties, message) in &commands {
        assert_eq!(name, "error");
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["file", "line", "col", "title"], "{properties:?}");
        assert!(properties[0].1.starts_with("content/"), "{properties:?}");
        assert!(!message.is_empty());
    }
    let anchor = commands
        .iter()
        .find(|(_, p, _)| p[0].1 == "content/guides/missing-anchor.md")
        .expect("the missing anchor");
    assert_eq!((anchor.1[1].1.as_str(), anchor.1[2].1.as_str()), ("6", "7"));
    // The hint follows the message on its own line, escaped so the command stays one line.
    assert!(
        anchor.2.contains("\nhint: its headings are: #somewhere"),
        "{:?}",
        anchor.2
    );
    // Every raw line is one command: nothing the message holds breaks it.
    for line in run.stdout.lines().filter(|l| l.starts_with("::")) {
        let message = line.splitn(3, "::").nth(2).unwrap();
        assert!(!message.contains('\r'));
    }
    let count = format!("{} errors", EXPECTED.len());
    assert!(run.stderr.contains(&count), "{}", run.stderr);
}

#[test]
fn gitlab_format_writes_a_code_quality_report_with_every_required_field() {
    let site = TempSite::fixture("diagnostics", "many-mistakes");
    let report = site.path().join("gl-code-quality-report.json");
    let run = site.build(&["--format", "gitlab", "--report", report.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(&report).expect("the report is written");
    let issues: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    let issues = issues.as_array().expect("an array of issues");
    assert_eq!(issues.len(), EXPECTED.len());
    let mut fingerprints = HashSet::new();
    for issue in issues {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            let value = issue[field].as_str().unwrap_or_default();
            assert!(!value.is_empty(), "no {field} in {issue}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        assert!(
            fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()),
            "fingerprints are unique: {issue}"
        );
        let path = issue["location"]["path"].as_str().expect("location.path");
        assert!(path.starts_with("content/"), "{issue}");
        let begin = issue["location"]["lines"]["begin"]
            .as_u64()
            .expect("location.lines.begin");
        assert!(begin >= 1);
    }
    let anchor = issues
        .iter()
        .find(|i| i["location"]["path"] == "content/guides/missing-anchor.md")
        .expect("the missing anchor");
    assert_eq!(anchor["location"]["lines"]["begin"], 6);
    assert_eq!(anchor["severity"], "major");
    // The job log still lists the problems; standard output stays free for the build's summary.
    assert!(
        run.stderr
            .contains("content/guides/missing-anchor.md:6:7: error")
    );
    // Fingerprints stay the same from run to run, so GitLab can tell fixed problems from new ones.
    let again = site.build(&["--format", "gitlab"]);
    let second: serde_json::Value = serde_json::from_str(&again.stdout).expect("JSON on stdout");
    let second: HashSet<String> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(second, fingerprints);
}

#[test]
fn gitlab_format_writes_an_empty_report_for_a_clean_hub() {
    let site = TempSite::copy_of(&crate::support::repo_root().join("examples/skincare"));
    let report = site.path().join("report.json");
    let run = site.build(&["--format", "gitlab", "--report", report.to_str().unwrap()]);
    run.assert_success();
    let text = std::fs::read_to_string(&report).expect("the report is written");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        serde_json::json!([])
    );
}
