//! `guildhall init` creates a hub that builds at once, and never overwrites one.

use crate::support::guildhall;

#[test]
fn init_creates_a_hub_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    guildhall(&["init", "hub"], dir.path()).assert_success();
    let run = guildhall(&["build", "--root", "hub"], dir.path());
    run.assert_success();
    assert!(
        run.stderr.is_empty(),
        "the starter hub has warnings: {}",
        run.stderr
    );
    assert!(
        dir.path()
            .join("hub/public/guides/your-first-guide/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_an_existing_hub() {
    let dir = tempfile::tempdir().unwrap();
    guildhall(&["init", "hub"], dir.path()).assert_success();
    std::fs::write(dir.path().join("hub/guildhall.toml"), "title = \"mine\"\n").unwrap();
    let run = guildhall(&["init", "hub"], dir.path());
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hub/guildhall.toml")).unwrap(),
        "title = \"mine\"\n"
    );
}
