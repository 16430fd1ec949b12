//! How guildhall reaches its users: the release profiles, the container recipe (linted by hadolint
//! and read by dockerfile-parse), the release workflow, and the deploy recipes' use of the build
//! cache and of the annotation formats.

use std::process::Command;

use serde_json::Value;

use crate::support::{repo_root, validator_python};

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_release_binary_is_stripped_and_profiling_and_dist_profiles_inherit_it() {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    let profiles = manifest["profile"].as_table().expect("[profile.*]");
    assert_eq!(profiles["release"]["strip"].as_bool(), Some(true));
    assert_eq!(profiles["profiling"]["inherits"].as_str(), Some("release"));
    assert_eq!(
        profiles["profiling"]["debug"].as_str(),
        Some("line-tables-only")
    );
    assert_eq!(profiles["profiling"]["strip"].as_bool(), Some(false));
    assert_eq!(profiles["dist"]["inherits"].as_str(), Some("release"));
}

/// The Dockerfile's instructions, as dockerfile-parse reads them: `[{"instruction", "value"}]`.
fn dockerfile_instructions() -> Vec<Value> {
    let script = "import json, sys\nfrom dockerfile_parse import DockerfileParser\n\
                  parser = DockerfileParser(path=sys.argv[1])\n\
                  print(json.dumps(parser.structure))\n";
    let output = Command::new(validator_python())
        .args(["-c", script])
        .arg(repo_root().join("Dockerfile"))
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("JSON")
}

#[test]
fn the_container_recipe_is_multi_stage_small_and_runs_guildhall_build_as_a_user() {
    let instructions = dockerfile_instructions();
    let of = |name: &str| -> Vec<String> {
        instructions
            .iter()
            .filter(|i| i["instruction"] == name)
            .map(|i| i["value"].as_str().unwrap().to_string())
            .collect()
    };
    let stages = of("FROM");
    assert_eq!(stages.len(), 2, "{stages:?}");
    assert!(stages[0].ends_with(" AS build"), "{stages:?}");
    assert!(
        stages[1].contains("distroless"),
        "a small final image: {stages:?}"
    );
    let last_from = instructions
        .iter()
        .rposition(|i| i["instruction"] == "FROM")
        .unwrap();
    let final_stage = &instructions[last_from..];
    let value = |name: &str| -> Option<String> {
        final_stage
            .iter()
            .find(|i| i["instruction"] == name)
            .map(|i| i["value"].as_str().unwrap().to_string())
    };
    let copy = value("COPY").expect("the final stage copies the binary");
    assert!(copy.starts_with("--from=build "), "{copy}");
    let user = value("USER").expect("the final stage sets a user");
    let uid: u32 = user
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("a numeric user");
    assert_ne!(uid, 0, "not root");
    let entrypoint: Vec<String> = serde_json::from_str(&value("ENTRYPOINT").unwrap()).unwrap();
    assert!(entrypoint[0].ends_with("/guildhall"), "{entrypoint:?}");
    let command: Vec<String> = serde_json::from_str(&value("CMD").unwrap()).unwrap();
    assert_eq!(command, ["build"]);
    assert!(of("RUN")[0].contains("cargo build --release --locked"));
    assert!(read(".dockerignore").contains("target/"));
}

#[test]
fn hadolint_finds_nothing_in_the_dockerfile() {
    let python = validator_python();
    let beside = python.with_file_name("hadolint");
    let hadolint = if beside.is_file() {
        beside
    } else {
        "hadolint".into()
    };
    let output = Command::new(&hadolint)
        .arg(repo_root().join("Dockerfile"))
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", hadolint.display()));
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_release_workflow_builds_every_platform_with_the_dist_profile() {
    let workflow: Value = serde_norway::from_str(&read(".github/workflows/release.yml")).unwrap();
    let targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a matrix")
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&target), "no {target}: {targets:?}");
    }
    let steps = workflow["jobs"]["build"]["steps"].to_string();
    assert!(steps.contains("--profile dist"), "{steps}");
    assert!(steps.contains("--locked"), "{steps}");
    let release = workflow["jobs"]["release"].to_string();
    assert!(release.contains("gh release create"), "{release}");
}

#[test]
fn the_ci_recipes_keep_the_build_cache_and_annotate_for_their_host() {
    for (recipe, job) in [
        ("github-pages.yml", "build"),
        ("cloudflare-pages.yml", "deploy"),
    ] {
        let text = read(&format!("examples/deploy/{recipe}"));
        let workflow: Value = serde_norway::from_str(&text).unwrap();
        let steps = workflow["jobs"][job]["steps"].as_array().unwrap();
        let cached = steps.iter().position(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
                && step["with"]["path"] == ".guildhall/cache"
        });
        let built = steps.iter().position(|step| {
            step["run"]
                .as_str()
                .is_some_and(|r| r.contains("guildhall build"))
        });
        assert!(
            cached.is_some() && cached < built,
            "{recipe}: restore .guildhall/cache before the build"
        );
        assert!(text.contains("guildhall build --format github"), "{recipe}");
    }
    let gitlab: Value = serde_norway::from_str(&read("examples/deploy/gitlab-ci.yml")).unwrap();
    for job in ["pages", "check"] {
        let paths = gitlab[job]["cache"]["paths"].to_string();
        let report = &gitlab[job]["artifacts"]["reports"]["codequality"];
        assert_eq!(report, "gl-code-quality-report.json", "{job}");
        let script = gitlab[job]["script"].to_string();
        assert!(
            script.contains("--format gitlab --report gl-code-quality-report.json"),
            "{job}: {script}"
        );
        if job == "pages" {
            assert!(paths.contains(".guildhall/cache/"), "{paths}");
        }
    }
    let netlify: toml::Table = toml::from_str(&read("examples/deploy/netlify.toml")).unwrap();
    let plugins = netlify["plugins"].as_array().unwrap();
    assert!(plugins.iter().any(|p| {
        p["package"].as_str() == Some("netlify-plugin-cache")
            && p["inputs"]["paths"].as_array().unwrap()[0].as_str() == Some(".guildhall/cache")
    }));
}
