//! The repository's demo hub and every example build without a single diagnostic.

use crate::support::{TempSite, repo_root};

fn builds_cleanly(relative: &str) -> TempSite {
    let site = TempSite::copy_of(&repo_root().join(relative));
    let run = site.build(&["--format", "short"]);
    run.assert_success();
    assert!(
        run.stderr.is_empty(),
        "{relative} has diagnostics:\n{}",
        run.stderr
    );
    site
}

#[test]
fn the_demo_hub_builds_cleanly() {
    let site = builds_cleanly(".");
    assert!(site.read("index.html").contains("Brightloom"));
    assert!(site.public().join("start-here/index.html").is_file());
    assert!(
        site.public()
            .join("community-guidelines/index.html")
            .is_file()
    );
    assert!(
        site.read("events/index.html")
            .contains("Tuesday knit-along")
    );
    assert!(site.public().join("events/calendar.ics").is_file());
    let cards = crate::images::assert_pictures_sized_and_cards_per_page(
        &site.public(),
        "https://community.brightloom.example/",
    );
    assert!(cards > 50, "{cards} pages have their own card");
}

#[test]
fn every_example_builds_cleanly() {
    // README.md names the three starter hubs of examples/.
    let examples = repo_root().join("examples");
    let mut built = Vec::new();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.join("guildhall.toml").is_file() {
            builds_cleanly(path.strip_prefix(repo_root()).unwrap().to_str().unwrap());
            built.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    built.sort();
    assert_eq!(built, ["accessories", "outdoor-gear", "skincare"]);
}
