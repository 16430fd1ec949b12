//! `guildhall cms`: the Decap CMS configuration of the demo hub, loaded by Decap's own schema
//! validation (decap-cms-core, pinned in tests/cms), with the fields of every content kind.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{TempSite, guildhall, repo_root};

/// Runs `tests/cms/check-config.mjs` on a configuration and returns what it printed.
fn check_with_decap(config: &Path) -> Value {
    let dir = repo_root().join("tests/cms");
    assert!(
        dir.join("node_modules/decap-cms-core").is_dir()
            && dir.join("node_modules/esbuild").is_dir(),
        "the CMS check needs its npm packages: run `.ci/install-deps`"
    );
    let output = Command::new("node")
        .arg(dir.join("check-config.mjs"))
        .arg(config)
        .current_dir(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Decap refused the configuration:\n{stdout}\n{stderr}"
    );
    // A bundled storage library may log after the result; the result is the line of JSON.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("{\"valid\""))
        .expect("the checker's result");
    serde_json::from_str(line).expect("the checker prints JSON")
}

fn field<'a>(collections: &'a Value, kind: &str, name: &str) -> &'a Value {
    let collection = collections
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == kind)
        .unwrap_or_else(|| panic!("no collection {kind}"));
    collection["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {kind}"))
}

#[test]
fn the_cms_configuration_passes_decaps_own_validation() {
    let site = TempSite::copy_of(&repo_root());
    let root = site.path().to_str().unwrap();
    let run = guildhall(&["cms", "--root", root], site.path());
    run.assert_success();
    assert!(
        run.stdout
            .contains("topics 8, products 12, members 5 to choose from"),
        "{}",
        run.stdout
    );
    let config = site.path().join("static/admin/config.yml");
    let checked = check_with_decap(&config);
    assert_eq!(checked["valid"], true);
    assert_eq!(checked["media_folder"], "static/images/uploads");
    let collections = &checked["collections"];
    let names: Vec<&str> = collections
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "guides", "stories", "events", "faq", "updates", "topics", "pages"
        ]
    );
    for collection in collections.as_array().unwrap() {
        assert_eq!(collection["format"], "toml-frontmatter");
        assert!(
            collection["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["name"] == "body")
        );
    }
    // What each kind requires is required; the rest is optional.
    assert_eq!(field(collections, "guides", "level")["required"], true);
    assert_eq!(field(collections, "stories", "member")["required"], true);
    assert_eq!(field(collections, "stories", "date")["required"], true);
    assert_eq!(field(collections, "events", "start")["required"], true);
    assert_eq!(field(collections, "faq", "question")["required"], true);
    assert_eq!(field(collections, "faq", "title")["required"], false);
    assert_eq!(field(collections, "guides", "summary")["required"], false);
    for (kind, name) in [
        ("guides", "topics"),
        ("guides", "products"),
        ("stories", "member"),
        ("topics", "related"),
    ] {
        assert_eq!(
            field(collections, kind, name)["widget"],
            "select",
            "{kind}.{name}"
        );
    }
    for name in [
        "location",
        "repeat",
        "exceptions",
        "timezone",
        "host",
        "status",
        "end",
    ] {
        field(collections, "events", name);
    }
    for name in ["photos", "quote"] {
        field(collections, "stories", name);
    }
    // Members who did not agree to appear (june) or whose consent lapsed (dot) are no choice.
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("value: \"maren\""), "{text}");
    assert!(
        !text.contains("\"june\"") && !text.contains("\"dot\""),
        "{text}"
    );
    let page = std::fs::read_to_string(site.path().join("static/admin/index.html")).unwrap();
    assert!(
        page.contains("<script src=\"decap-cms.js\"></script>"),
        "{page}"
    );
    assert!(page.contains("noindex"), "{page}");
    // The hub still builds, with the admin files published as static files.
    site.build(&[]).assert_success();
    assert!(site.public().join("admin/config.yml").is_file());
}

#[test]
fn the_cms_files_are_never_overwritten() {
    let site = TempSite::fixture("yaml", "front-matter");
    let root = site.path().to_str().unwrap();
    site.write("static/admin/config.yml", "# mine\n");
    let run = guildhall(
        &[
            "cms",
            "--root",
            root,
            "--backend",
            "github",
            "--repo",
            "brand/hub",
            "--cdn",
        ],
        site.path(),
    );
    run.assert_success();
    assert_eq!(
        std::fs::read_to_string(site.path().join("static/admin/config.yml")).unwrap(),
        "# mine\n"
    );
    assert!(run.stdout.contains("kept"), "{}", run.stdout);
    let page = std::fs::read_to_string(site.path().join("static/admin/index.html")).unwrap();
    assert!(page.contains("https://unpkg.com/decap-cms@"), "{page}");
    let run = guildhall(&["cms", "--root", root, "--backend", "gitlab"], site.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("needs --repo OWNER/NAME"),
        "{}",
        run.stderr
    );
}
