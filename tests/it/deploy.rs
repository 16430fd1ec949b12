//! The deploy recipes in `examples/deploy/`: each one parses, builds with `guildhall build`, publishes
//! `public/`, keeps `.guildhall/` out of the upload, and calls guildhall only with flags that its
//! `--help` lists, so a recipe that drifts from the command line fails here. Netlify and Cloudflare
//! Pages leave headers to the `_headers` file guildhall writes, which is built and read here. The S3
//! script is run for real, on an example hub with precompressed copies, with a stand-in `aws` that
//! records its arguments: it must cache as `_headers` does and leave out `_headers` and the copies.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::Value;

use crate::support::{Run, TempSite, guildhall, repo_root};

const RECIPES: [&str; 5] = [
    "github-pages.yml",
    "gitlab-ci.yml",
    "netlify.toml",
    "cloudflare-pages.yml",
    "s3.sh",
];

fn deploy_dir() -> PathBuf {
    repo_root().join("examples/deploy")
}

fn read_recipe(name: &str) -> String {
    let path = deploy_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A YAML recipe parsed by a real YAML parser into a JSON value, for structural checks.
fn yaml(name: &str) -> Value {
    serde_norway::from_str(&read_recipe(name))
        .unwrap_or_else(|e| panic!("examples/deploy/{name} is not valid YAML: {e}"))
}

/// The value at a JSON pointer such as `/on/push`, or a failure naming the recipe and the path.
fn at<'a>(value: &'a Value, pointer: &str, recipe: &str) -> &'a Value {
    value
        .pointer(pointer)
        .unwrap_or_else(|| panic!("examples/deploy/{recipe} has no `{pointer}`"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

// ---- GitHub Actions workflows ----

fn steps<'a>(workflow: &'a Value, job: &str, recipe: &str) -> &'a [Value] {
    at(workflow, &format!("/jobs/{job}/steps"), recipe)
        .as_array()
        .unwrap_or_else(|| panic!("examples/deploy/{recipe}: job `{job}` has no list of steps"))
}

/// The job and index of the first step that satisfies `predicate`, searching every job.
fn find_step(
    workflow: &Value,
    recipe: &str,
    what: &str,
    predicate: impl Fn(&Value) -> bool,
) -> (String, usize) {
    let jobs = at(workflow, "/jobs", recipe).as_object().unwrap();
    for (job, body) in jobs {
        let Some(steps) = body.get("steps").and_then(Value::as_array) else {
            continue;
        };
        if let Some(index) = steps.iter().position(&predicate) {
            return (job.clone(), index);
        }
    }
    panic!("examples/deploy/{recipe} has no step that {what}")
}

fn uses(step: &Value, action: &str) -> bool {
    text(&step["uses"]).starts_with(&format!("{action}@"))
}

fn runs(step: &Value, command: &str) -> bool {
    text(&step["run"]).contains(command)
}

/// A job's permissions: its own when it sets them (they replace the workflow's), else the workflow's.
fn permissions(workflow: &Value, job: &str) -> serde_json::Map<String, Value> {
    let own = &workflow["jobs"][job]["permissions"];
    let granted = if own.is_object() {
        own
    } else {
        &workflow["permissions"]
    };
    granted.as_object().cloned().unwrap_or_default()
}

/// The workflow runs on push to main, hourly, and on demand.
fn assert_push_schedule_and_dispatch(workflow: &Value, recipe: &str) {
    let branches = at(workflow, "/on/push/branches", recipe);
    assert!(
        branches.as_array().unwrap().iter().any(|b| b == "main"),
        "examples/deploy/{recipe}: on.push.branches should include main, got {branches}"
    );
    let schedule = at(workflow, "/on/schedule", recipe).as_array().unwrap();
    let cron = text(&schedule[0]["cron"]);
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert!(
        fields.len() == 5 && fields[0].parse::<u8>().is_ok() && fields[1..] == ["*"; 4],
        "examples/deploy/{recipe}: the schedule should be hourly (`M * * * *`), got `{cron}`"
    );
    assert!(
        workflow["on"].get("workflow_dispatch").is_some(),
        "examples/deploy/{recipe}: on.workflow_dispatch is missing"
    );
}

/// guildhall is installed with `cargo install --locked guildhall`, its binary cached in ~/.cargo/bin.
fn assert_installs_guildhall(workflow: &Value, recipe: &str) {
    let (job, cache) = find_step(workflow, recipe, "caches guildhall", |step| {
        uses(step, "actions/cache") && text(&step["with"]["path"]).contains("~/.cargo/bin")
    });
    let (install_job, install) = find_step(workflow, recipe, "installs guildhall", |step| {
        runs(step, "cargo install --locked guildhall")
    });
    assert_eq!(job, install_job);
    assert!(
        cache < install,
        "examples/deploy/{recipe}: restore the cache before installing"
    );
}

/// Check, then build, then remove `.guildhall/`, then `upload`; all in one job. Returns the job and
/// the build step.
fn assert_check_build_clean_upload<'a>(
    workflow: &'a Value,
    recipe: &str,
    upload: impl Fn(&Value) -> bool,
) -> (String, &'a Value) {
    let (job, check) = find_step(workflow, recipe, "runs `guildhall check`", |step| {
        runs(step, "guildhall check")
    });
    let (build_job, build) = find_step(workflow, recipe, "runs `guildhall build`", |step| {
        runs(step, "guildhall build")
    });
    let (clean_job, clean) = find_step(workflow, recipe, "removes public/.guildhall", |step| {
        runs(step, "rm -rf public/.guildhall")
    });
    let (upload_job, upload) = find_step(workflow, recipe, "uploads public/", upload);
    assert!(
        [&build_job, &clean_job, &upload_job]
            .iter()
            .all(|j| **j == job),
        "examples/deploy/{recipe}: check, build, cleaning and upload belong in one job"
    );
    assert!(
        check < build && build < clean && clean < upload,
        "examples/deploy/{recipe}: the order should be check, build, remove .guildhall, upload"
    );
    let build_step = &steps(workflow, &job, recipe)[build];
    (job, build_step)
}

#[test]
fn the_github_pages_workflow_builds_on_push_hourly_and_on_demand() {
    let workflow = yaml("github-pages.yml");
    assert_push_schedule_and_dispatch(&workflow, "github-pages.yml");
    assert_installs_guildhall(&workflow, "github-pages.yml");
}

#[test]
fn the_github_pages_workflow_builds_for_the_pages_url_and_uploads_public_without_dot_guildhall() {
    let recipe = "github-pages.yml";
    let workflow = yaml(recipe);
    let (job, configure) = find_step(&workflow, recipe, "uses actions/configure-pages", |step| {
        uses(step, "actions/configure-pages")
    });
    let configure_id = text(&steps(&workflow, &job, recipe)[configure]["id"]).to_string();
    assert!(
        !configure_id.is_empty(),
        "the configure-pages step needs an id"
    );

    let (build_job, build) = assert_check_build_clean_upload(&workflow, recipe, |step| {
        uses(step, "actions/upload-pages-artifact") && step["with"]["path"] == "public"
    });
    assert_eq!(build_job, job);
    let command = text(&build["run"]);
    assert!(
        command.contains(&format!(
            "--base-url \"${{{{ steps.{configure_id}.outputs.base_url }}}}\""
        )),
        "the build should take --base-url from the configure-pages output, got `{command}`"
    );
}

#[test]
fn the_github_pages_workflow_deploys_with_pages_permissions_one_run_at_a_time() {
    let recipe = "github-pages.yml";
    let workflow = yaml(recipe);
    let (job, _) = find_step(&workflow, recipe, "uses actions/deploy-pages", |step| {
        uses(step, "actions/deploy-pages")
    });
    let granted = permissions(&workflow, &job);
    assert_eq!(granted.get("pages"), Some(&Value::from("write")));
    assert_eq!(granted.get("id-token"), Some(&Value::from("write")));
    assert_eq!(
        workflow["jobs"][&job]["environment"]["name"], "github-pages",
        "deploy-pages needs the github-pages environment"
    );
    let (upload_job, _) = find_step(&workflow, recipe, "uploads the artifact", |step| {
        uses(step, "actions/upload-pages-artifact")
    });
    if upload_job != job {
        let needs = &workflow["jobs"][&job]["needs"];
        assert!(
            needs == &upload_job
                || needs
                    .as_array()
                    .is_some_and(|n| n.contains(&Value::from(upload_job.clone()))),
            "the deploy job should need the build job, got needs: {needs}"
        );
    }
    assert!(
        !text(at(&workflow, "/concurrency/group", recipe)).is_empty(),
        "deployments should share a concurrency group"
    );
}

#[test]
fn the_gitlab_pages_job_publishes_public_built_for_ci_pages_url_on_the_default_branch() {
    let recipe = "gitlab-ci.yml";
    let pipeline = yaml(recipe);
    let paths = at(&pipeline, "/pages/artifacts/paths", recipe);
    assert!(
        paths.as_array().unwrap().iter().any(|p| p == "public"),
        "GitLab Pages publishes the artifact path `public`, got {paths}"
    );
    let script: Vec<&str> = at(&pipeline, "/pages/script", recipe)
        .as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    let position = |needle: &str| {
        script
            .iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("the pages script has no line with `{needle}`: {script:?}"))
    };
    let install = position("cargo install --locked guildhall");
    let check = position("guildhall check");
    let build = position("guildhall build");
    let clean = position("rm -rf public/.guildhall");
    assert!(install < check && check < build && build < clean);
    assert!(
        script[build].contains("--base-url \"$CI_PAGES_URL\""),
        "the build should use $CI_PAGES_URL, got `{}`",
        script[build]
    );
    let rules = at(&pipeline, "/pages/rules", recipe).to_string();
    assert!(
        rules.contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"),
        "the pages job should run on the default branch only, got {rules}"
    );
    assert!(read_recipe(recipe).contains("Pipeline schedules"));
}

fn netlify() -> toml::Table {
    toml::from_str(&read_recipe("netlify.toml"))
        .unwrap_or_else(|e| panic!("examples/deploy/netlify.toml is not valid TOML: {e}"))
}

fn netlify_command<'a>(config: &'a toml::Table, context: Option<&str>) -> &'a str {
    let table = match context {
        None => &config["build"],
        Some(context) => &config["context"][context],
    };
    table
        .get("command")
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("netlify.toml has no command for {context:?}"))
}

#[test]
fn the_netlify_config_publishes_public_and_builds_previews_for_their_own_address_with_drafts() {
    let config = netlify();
    assert_eq!(config["build"]["publish"].as_str(), Some("public"));

    let production = netlify_command(&config, None);
    assert!(production.contains("guildhall check --format short"));
    assert!(production.contains("guildhall build"));
    assert!(
        !production.contains("--base-url") && !production.contains("--drafts"),
        "production builds for base_url in guildhall.toml, without drafts: `{production}`"
    );

    let preview = netlify_command(&config, Some("deploy-preview"));
    let build = preview
        .split("&&")
        .find(|part| part.contains("guildhall build"))
        .expect("the deploy preview runs guildhall build");
    assert!(
        build.contains("--base-url \"$DEPLOY_PRIME_URL\"") && build.contains("--drafts"),
        "deploy previews build for $DEPLOY_PRIME_URL with drafts: `{build}`"
    );
    let branch = netlify_command(&config, Some("branch-deploy"));
    assert!(branch.contains("--base-url \"$DEPLOY_PRIME_URL\""));
    for command in [production, preview, branch] {
        assert!(
            command.contains("cargo install --locked")
                && command.contains("rm -rf public/.guildhall"),
            "every context installs guildhall and removes public/.guildhall: `{command}`"
        );
    }
}

#[test]
fn the_cloudflare_workflow_deploys_public_with_wrangler_and_the_account_secrets() {
    let recipe = "cloudflare-pages.yml";
    let workflow = yaml(recipe);
    assert_push_schedule_and_dispatch(&workflow, recipe);
    assert_installs_guildhall(&workflow, recipe);
    let (job, build) = assert_check_build_clean_upload(&workflow, recipe, |step| {
        uses(step, "cloudflare/wrangler-action")
    });
    assert!(text(&build["run"]).contains("guildhall build"));
    let (_, deploy) = find_step(&workflow, recipe, "uses wrangler-action", |step| {
        uses(step, "cloudflare/wrangler-action")
    });
    let with = &steps(&workflow, &job, recipe)[deploy]["with"];
    let command = text(&with["command"]);
    assert!(
        command.starts_with("pages deploy public ") && command.contains("--project-name="),
        "wrangler should run `pages deploy public --project-name=...`, got `{command}`"
    );
    assert_eq!(with["apiToken"], "${{ secrets.CLOUDFLARE_API_TOKEN }}");
    assert_eq!(with["accountId"], "${{ secrets.CLOUDFLARE_ACCOUNT_ID }}");
}

// ---- The `_headers` file guildhall writes, which Netlify and Cloudflare Pages read ----

/// One rule of a `_headers` file or of netlify.toml's `[[headers]]`: a path pattern and the
/// headers it sets, as (name, value).
#[derive(Debug)]
struct HeaderRule {
    pattern: String,
    headers: Vec<(String, String)>,
}

/// Parses a `_headers` file: a path on a line of its own, then its `Name: value` lines indented.
fn parse_headers_file(text: &str) -> Vec<HeaderRule> {
    let mut rules: Vec<HeaderRule> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push(HeaderRule {
                pattern: line.trim().to_string(),
                headers: Vec::new(),
            });
            continue;
        }
        let (name, value) = line
            .trim()
            .split_once(':')
            .unwrap_or_else(|| panic!("_headers: `{line}` is not `Name: value`"));
        let rule = rules
            .last_mut()
            .unwrap_or_else(|| panic!("_headers: `{line}` comes before any path"));
        rule.headers
            .push((name.trim().to_string(), value.trim().to_string()));
    }
    rules
}

/// netlify.toml's `[[headers]]` rules; a config without any has none.
fn netlify_header_rules(config: &toml::Table) -> Vec<HeaderRule> {
    let Some(rules) = config.get("headers") else {
        return Vec::new();
    };
    let rules = rules.as_array().expect("`headers` is an array of tables");
    rules
        .iter()
        .map(|rule| HeaderRule {
            pattern: rule["for"]
                .as_str()
                .expect("a [[headers]] `for`")
                .to_string(),
            headers: rule
                .get("values")
                .and_then(toml::Value::as_table)
                .map(|values| {
                    values
                        .iter()
                        .map(|(name, value)| {
                            (name.clone(), value.as_str().unwrap_or("").to_string())
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// The headers that the rules matching `path` set, as (name, value), in order. Netlify and
/// Cloudflare Pages match `*` across `/`, as `fnmatch` does.
fn headers_for<'r>(rules: &'r [HeaderRule], path: &str) -> Vec<(&'r str, &'r str)> {
    rules
        .iter()
        .filter(|rule| fnmatch(&rule.pattern, path))
        .flat_map(|rule| rule.headers.iter())
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// Whether the rules give `path` a year of caching.
fn immutable(rules: &[HeaderRule], path: &str) -> bool {
    headers_for(rules, path).iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("Cache-Control") && value.contains("immutable")
    })
}

/// The headers that both `config` and `written` set for one of `paths`, as `path: Name`: the host
/// would send such a header twice, or join the values.
fn duplicated_headers(
    config: &[HeaderRule],
    written: &[HeaderRule],
    paths: &[String],
) -> Vec<String> {
    let mut duplicated = Vec::new();
    for path in paths {
        let from_file = headers_for(written, path);
        for (name, _) in headers_for(config, path) {
            if from_file
                .iter()
                .any(|(other, _)| other.eq_ignore_ascii_case(name))
            {
                duplicated.push(format!("{path}: {name}"));
            }
        }
    }
    duplicated
}

/// The skincare example, built into its `public/`.
fn built_example() -> TempSite {
    let site = TempSite::copy_of(&repo_root().join("examples/skincare"));
    site.build(&[]).assert_success();
    site
}

/// Site paths (`/index.html`) of every file of a built site, and of the split search index files
/// that small hubs do not have.
fn site_paths(public: &Path) -> Vec<String> {
    output_files(public)
        .iter()
        .map(String::as_str)
        .chain(HASHED_INDEX_FILES)
        .map(|file| format!("/{file}"))
        .collect()
}

#[test]
fn the_headers_file_guildhall_writes_caches_content_hashed_files_for_a_year() {
    let site = built_example();
    let text = site.read("_headers");
    assert!(
        text.starts_with("# Written by guildhall"),
        "the example has no static/_headers, so guildhall writes its own:\n{text}"
    );
    let rules = parse_headers_file(&text);
    let assets: Vec<String> = output_files(&site.public())
        .into_iter()
        .filter(|file| file.starts_with("assets/"))
        .collect();
    assert!(
        assets.iter().any(|file| file.ends_with(".css")),
        "the example should have a hashed stylesheet under assets/: {assets:?}"
    );
    for file in assets.iter().map(String::as_str).chain(HASHED_INDEX_FILES) {
        assert!(
            immutable(&rules, &format!("/{file}")),
            "{file} should be cached for a year"
        );
    }
    for changing in [
        "/search/index.gz",
        "/search/index.html",
        "/index.html",
        "/style.css",
        "/guildhall-embed.js",
    ] {
        assert!(
            !immutable(&rules, changing),
            "{changing} changes under its name: no immutable"
        );
    }
    assert!(
        headers_for(&rules, "/products/dp-daily-spf50.json")
            .contains(&("Access-Control-Allow-Origin", "*")),
        "the store's pages read the product JSON from another origin"
    );
}

#[test]
fn the_netlify_config_sets_no_header_that_the_headers_file_already_sets() {
    let text = read_recipe("netlify.toml");
    assert!(
        text.contains("guildhall writes public/_headers"),
        "netlify.toml should say that guildhall writes the headers"
    );
    let site = built_example();
    let written = parse_headers_file(&site.read("_headers"));
    let config = netlify_header_rules(&netlify());
    let duplicated = duplicated_headers(&config, &written, &site_paths(&site.public()));
    assert!(
        duplicated.is_empty(),
        "netlify.toml sets headers that _headers already sets: {duplicated:?}"
    );
}

#[test]
fn the_duplicate_header_check_catches_a_netlify_rule_that_the_headers_file_already_sets() {
    let config: toml::Table = toml::from_str(
        "[[headers]]\n  for = \"/search/t/*\"\n  [headers.values]\n    Cache-Control = \"public, max-age=31536000, immutable\"\n\n[[headers]]\n  for = \"/feeds/*\"\n  [headers.values]\n    Cache-Control = \"public, max-age=60\"\n",
    )
    .unwrap();
    let written = parse_headers_file(
        "# A comment.\n/*\n  X-Content-Type-Options: nosniff\n/search/t/*\n  Cache-Control: public, max-age=31536000, immutable\n",
    );
    let paths = ["/search/t/kn.a2b3c.gz", "/feeds/atom.xml", "/index.html"].map(String::from);
    assert_eq!(
        duplicated_headers(&netlify_header_rules(&config), &written, &paths),
        ["/search/t/kn.a2b3c.gz: Cache-Control"]
    );
}

/// The text of a `## TITLE` section of examples/deploy/README.md.
fn readme_section(title: &str) -> String {
    let readme = read_recipe("README.md");
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("examples/deploy/README.md has no `## {title}`"));
    let section = &readme[start + 1..];
    let end = section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3);
    section[..end].to_string()
}

#[test]
fn the_cloudflare_recipe_leaves_headers_to_the_file_guildhall_writes() {
    let recipe = read_recipe("cloudflare-pages.yml");
    assert!(
        recipe.contains("guildhall writes public/_headers"),
        "cloudflare-pages.yml should say that guildhall writes the headers"
    );
    let section = readme_section("Cloudflare Pages");
    assert!(
        section.contains("`_headers` file guildhall writes"),
        "{section}"
    );
    for (name, text) in [("cloudflare-pages.yml", &recipe), ("README.md", &section)] {
        assert!(
            !text.contains("Cache-Control:") && !text.contains("does not write"),
            "{name} should not ask for a hand-written static/_headers"
        );
    }
}

#[test]
fn the_readme_says_which_hosts_use_precompressed_copies() {
    let section = readme_section("Precompressed copies");
    for needle in [
        "precompress = [\"gzip\", \"brotli\"]",
        "GitLab Pages",
        "gzip_static",
        "brotli_static",
        "CloudFront",
        "compress on the fly",
        "search/**/*.gz",
    ] {
        assert!(
            section.contains(needle),
            "the README's precompressed copies section should mention `{needle}`"
        );
    }
    assert!(
        read_recipe("gitlab-ci.yml").contains("precompress = [\"gzip\", \"brotli\"]"),
        "GitLab Pages serves precompressed copies: gitlab-ci.yml should say how to turn them on"
    );
}

// ---- The S3 script ----

#[test]
fn the_s3_script_is_posix_shell_that_builds_and_syncs_public() {
    let script = deploy_dir().join("s3.sh");
    let syntax = Command::new("sh")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("sh runs");
    assert!(
        syntax.status.success(),
        "sh -n examples/deploy/s3.sh:\n{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let text = read_recipe("s3.sh");
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains("\nset -eu\n"));
    for needle in [
        "guildhall build",
        "aws s3 sync public",
        "immutable",
        "--delete",
        "--endpoint-url",
    ] {
        assert!(text.contains(needle), "s3.sh should contain `{needle}`");
    }
}

/// One `aws s3 sync` call as the stand-in recorded it.
#[derive(Debug, Default)]
struct Sync {
    source: String,
    destination: String,
    /// `--exclude` (false) and `--include` (true) patterns in order: the last match wins.
    filters: Vec<(bool, String)>,
    cache_control: Option<String>,
    content_type: Option<String>,
    content_encoding: Option<String>,
    endpoint_url: Option<String>,
    delete: bool,
}

impl Sync {
    fn parse(args: &[String]) -> Sync {
        assert!(
            args.len() >= 4 && args[0] == "s3" && args[1] == "sync",
            "the script should only run `aws s3 sync`, got {args:?}"
        );
        let mut sync = Sync::default();
        let mut positional = Vec::new();
        let mut rest = args[2..].iter();
        while let Some(arg) = rest.next() {
            let mut value = || rest.next().cloned().expect("an option value");
            match arg.as_str() {
                "--exclude" => sync.filters.push((false, value())),
                "--include" => sync.filters.push((true, value())),
                "--cache-control" => sync.cache_control = Some(value()),
                "--content-type" => sync.content_type = Some(value()),
                "--content-encoding" => sync.content_encoding = Some(value()),
                "--endpoint-url" => sync.endpoint_url = Some(value()),
                "--delete" => sync.delete = true,
                "--no-progress" => {}
                option if option.starts_with("--") => {
                    panic!("s3.sh passes {option}, which this test does not model")
                }
                _ => positional.push(arg.clone()),
            }
        }
        assert_eq!(positional.len(), 2, "source and destination: {args:?}");
        sync.source = positional[0].clone();
        sync.destination = positional[1].clone();
        sync
    }

    /// Whether this call uploads `path` (relative to the source), as the aws CLI filters: every
    /// file starts included and each matching `--exclude`/`--include` in turn decides.
    fn selects(&self, path: &str) -> bool {
        let mut included = true;
        for (include, pattern) in &self.filters {
            if fnmatch(pattern, path) {
                included = *include;
            }
        }
        included
    }
}

/// Python's `fnmatch`, which the aws CLI uses for its filters: `*` matches anything, `/` included.
fn fnmatch(pattern: &str, path: &str) -> bool {
    let mut regex = String::from("^");
    for c in pattern.chars() {
        match c {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            c => regex.push_str(&regex::escape(&c.to_string())),
        }
    }
    regex.push('$');
    Regex::new(&regex).unwrap().is_match(path)
}

/// Runs examples/deploy/s3.sh in `site` with guildhall and a recording `aws` first on the PATH.
#[cfg(unix)]
fn run_s3_script(site: &TempSite, env: &[(&str, &str)]) -> (Run, Vec<Sync>) {
    use std::os::unix::fs::PermissionsExt as _;

    let tools = tempfile::tempdir().unwrap();
    let calls = tools.path().join("aws-calls");
    let aws = tools.path().join("aws");
    std::fs::write(
        &aws,
        "#!/bin/sh\nprintf '%s\\037' \"$@\" >> \"$AWS_CALLS\"\nprintf '\\n' >> \"$AWS_CALLS\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_guildhall"),
        tools.path().join("guildhall"),
    )
    .unwrap();

    let path = format!(
        "{}:{}",
        tools.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("sh");
    command
        .arg(deploy_dir().join("s3.sh"))
        .current_dir(site.path())
        .env("PATH", path)
        .env("AWS_CALLS", &calls)
        .env("S3_BUCKET", "community-test");
    for variable in [
        "SOURCE_DATE_EPOCH",
        "S3_PREFIX",
        "S3_ENDPOINT_URL",
        "BASE_URL",
    ] {
        command.env_remove(variable);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("sh runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let log = std::fs::read_to_string(&calls).unwrap_or_default();
    let syncs = log
        .lines()
        .map(|line| {
            let args: Vec<String> = line
                .split('\x1f')
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect();
            Sync::parse(&args)
        })
        .collect();
    (run, syncs)
}

/// Every file of a built site, relative and with `/`, sorted.
fn output_files(public: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(public).unwrap();
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

/// Names as guildhall's search index gives them once a hub's index is split (src/search/files.rs).
const HASHED_INDEX_FILES: [&str; 7] = [
    "search/t/kn.a2b3c.gz",
    "search/p/a2b3c4d5e6.gz",
    "search/f/kn.a2b3c.gz",
    "search/m/0.a2b3c.gz",
    "search/x.a2b3c.gz",
    "search/d.a2b3c.gz",
    "search/z.a2b3c.gz",
];

#[cfg(unix)]
#[test]
fn the_s3_script_caches_hashed_files_for_a_year_and_leaves_out_headers_and_precompressed_copies() {
    let site = TempSite::copy_of(&repo_root().join("examples/skincare"));
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[output]\nprecompress = [\"gzip\", \"brotli\"]\n"),
    );
    let (run, syncs) = run_s3_script(&site, &[]);
    run.assert_success();
    assert!(
        site.public().join("index.html").is_file(),
        "the script builds the hub"
    );

    let built = output_files(&site.public());
    for needed in [
        "search/index.gz",
        ".guildhall/next-build.json",
        ".guildhall-output",
        "_headers",
        "index.html.gz",
        "index.html.br",
        "search/index.html.gz",
    ] {
        assert!(
            built.contains(needed),
            "the example should produce {needed}"
        );
    }
    for (what, suffix) in [
        ("calendars", ".ics"),
        ("feeds", "atom.xml"),
        ("precompressed calendars", ".ics.gz"),
    ] {
        assert!(
            built.iter().any(|f| f.ends_with(suffix)),
            "the example has {what}"
        );
    }
    assert!(
        built
            .iter()
            .any(|f| f.starts_with("assets/") && f.ends_with(".css")),
        "the example has a content-hashed stylesheet under assets/"
    );
    assert!(
        built
            .iter()
            .any(|f| f.starts_with("assets/") && f.ends_with(".css.gz")),
        "the example has a precompressed copy under assets/"
    );
    // What Netlify and Cloudflare Pages would send, for comparison.
    let written = parse_headers_file(&site.read("_headers"));

    assert!(!syncs.is_empty(), "the script ran no `aws s3 sync`");
    for sync in &syncs {
        assert_eq!(sync.source, "public");
        assert_eq!(sync.destination, "s3://community-test/");
        assert_eq!(sync.endpoint_url, None);
        assert_eq!(
            sync.content_encoding, None,
            "nothing is uploaded with Content-Encoding: the search client decompresses the index"
        );
    }
    let (last, earlier) = syncs.split_last().unwrap();
    assert!(
        last.delete,
        "the last pass deletes what the build no longer has"
    );
    assert!(
        earlier.iter().all(|sync| !sync.delete),
        "only the last pass may delete, once everything new is uploaded"
    );

    let files = built
        .iter()
        .map(String::as_str)
        .chain(HASHED_INDEX_FILES)
        .collect::<BTreeSet<_>>();
    for file in files {
        let first = syncs.iter().find(|sync| sync.selects(file));
        if file.starts_with(".guildhall/") || file == ".guildhall-output" || file == "_headers" {
            assert!(first.is_none(), "{file} must stay out of the bucket");
            continue;
        }
        let precompressed_copy = [".gz", ".br"].iter().any(|suffix| {
            file.strip_suffix(suffix)
                .is_some_and(|original| built.contains(original))
        });
        if precompressed_copy {
            assert!(
                first.is_none(),
                "{file} is a precompressed copy, which a bucket would serve with the wrong headers"
            );
            continue;
        }
        // Each file keeps the headers of the first pass that uploads it; later passes skip it.
        let first = first.unwrap_or_else(|| panic!("no pass uploads {file}"));
        let cache = first.cache_control.as_deref().unwrap_or("");
        let search_index = file.starts_with("search/") && file.ends_with(".gz");
        let hashed = file.starts_with("assets/") || (search_index && file != "search/index.gz");
        if hashed {
            assert_eq!(cache, "public, max-age=31536000, immutable", "{file}");
        } else {
            assert_eq!(cache, "public, max-age=300", "{file}");
        }
        assert_eq!(
            hashed,
            immutable(&written, &format!("/{file}")),
            "{file}: the bucket should cache it as _headers does"
        );
        let content_type = first.content_type.as_deref();
        if search_index {
            assert_eq!(content_type, Some("application/gzip"), "{file}");
        } else if file.ends_with(".ics") {
            assert_eq!(content_type, Some("text/calendar; charset=utf-8"), "{file}");
        } else if file.ends_with("atom.xml") {
            assert_eq!(
                content_type,
                Some("application/atom+xml; charset=utf-8"),
                "{file}"
            );
        } else {
            assert_eq!(content_type, None, "{file}: leave the type to the aws CLI");
        }
        assert!(
            last.selects(file),
            "the deleting pass must cover {file}, or its stale copies are never removed"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_s3_script_passes_the_endpoint_prefix_and_base_url_to_every_call() {
    let site = TempSite::copy_of(&repo_root().join("examples/skincare"));
    let (run, syncs) = run_s3_script(
        &site,
        &[
            ("S3_ENDPOINT_URL", "http://127.0.0.1:9000"),
            ("S3_PREFIX", "/community/"),
            ("BASE_URL", "https://preview.example/community/"),
        ],
    );
    run.assert_success();
    assert!(!syncs.is_empty());
    for sync in &syncs {
        assert_eq!(sync.endpoint_url.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(sync.destination, "s3://community-test/community/");
    }
    assert!(
        site.read("index.html").contains("href=\"/community/"),
        "BASE_URL reaches guildhall build --base-url"
    );
}

#[cfg(unix)]
#[test]
fn the_s3_script_uploads_nothing_when_the_content_has_errors() {
    let site = TempSite::copy_of(&repo_root().join("examples/skincare"));
    site.write(
        "content/pages/broken.md",
        "+++\ntitle = \"Broken\"\ntitel = \"typo\"\n+++\nText.\n",
    );
    let (run, syncs) = run_s3_script(&site, &[]);
    assert_ne!(run.code, 0, "the script should fail:\n{}", run.stderr);
    assert!(
        run.stderr.contains("content/pages/broken.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        syncs.is_empty(),
        "nothing may be uploaded after a failed check"
    );
}

// ---- Every recipe ----

/// The guildhall command lines in a text, comments and prose included: (subcommand, flags). Shell
/// line continuations are joined first; a command ends at `&&`, `||`, `;`, `|` or a backtick.
fn guildhall_commands(text: &str) -> Vec<(String, Vec<String>)> {
    let joined = Regex::new(r"\\\n\s*").unwrap().replace_all(text, " ");
    let command = Regex::new(r"\bguildhall\s+(build|check|serve|new|init|faq)\b").unwrap();
    let flag = Regex::new(r"(?:^|[^A-Za-z0-9_-])(--[a-z][a-z0-9-]*)").unwrap();
    command
        .captures_iter(&joined)
        .map(|found| {
            let after = &joined[found.get(0).unwrap().end()..];
            let line = after.split('\n').next().unwrap_or("");
            let end = ["&&", "||", ";", "|", "`"]
                .iter()
                .filter_map(|separator| line.find(separator))
                .min()
                .unwrap_or(line.len());
            let flags = flag
                .captures_iter(&line[..end])
                .map(|f| f[1].to_string())
                .collect();
            (found[1].to_string(), flags)
        })
        .collect()
}

/// The flags in `text`'s guildhall commands that `guildhall SUBCOMMAND --help` does not list.
fn unknown_flags(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    for (subcommand, flags) in guildhall_commands(text) {
        let help = guildhall(&[&subcommand, "--help"], &repo_root());
        help.assert_success();
        for flag in flags {
            let listed = Regex::new(&format!(
                r"(?m)^\s+(?:-[A-Za-z], )?{}(?:[ =]|$)",
                regex::escape(&flag)
            ))
            .unwrap();
            if !listed.is_match(&help.stdout) {
                unknown.push(format!("guildhall {subcommand} {flag}"));
            }
        }
    }
    unknown
}

#[test]
fn every_recipe_calls_guildhall_only_with_flags_its_help_lists() {
    for name in RECIPES.iter().copied().chain(["README.md"]) {
        let text = read_recipe(name);
        let commands = guildhall_commands(&text);
        assert!(
            commands.iter().any(|(subcommand, _)| subcommand == "build"),
            "examples/deploy/{name} has no `guildhall build`"
        );
        let unknown = unknown_flags(&text);
        assert!(
            unknown.is_empty(),
            "examples/deploy/{name} uses flags guildhall does not have: {unknown:?}"
        );
    }
}

#[test]
fn the_flag_check_catches_a_flag_guildhall_does_not_have() {
    let text = "run: |\n  guildhall check --format short && guildhall build \\\n    --bse-url \"$URL\" --drafts\n# guildhall serve --watch-all\n";
    assert_eq!(
        guildhall_commands(text),
        [
            ("check".to_string(), vec!["--format".to_string()]),
            (
                "build".to_string(),
                vec!["--bse-url".to_string(), "--drafts".to_string()]
            ),
            ("serve".to_string(), vec!["--watch-all".to_string()]),
        ]
    );
    assert_eq!(
        unknown_flags(text),
        ["guildhall build --bse-url", "guildhall serve --watch-all"]
    );
}

#[test]
fn every_recipe_builds_with_the_installed_guildhall_and_publishes_public() {
    let readme = read_recipe("README.md");
    for name in RECIPES {
        let text = read_recipe(name);
        assert!(
            !text.contains("cargo run"),
            "{name}: use the installed guildhall"
        );
        let builds: Vec<_> = guildhall_commands(&text)
            .into_iter()
            .filter(|(subcommand, _)| subcommand == "build")
            .collect();
        assert!(!builds.is_empty(), "{name} never runs guildhall build");
        assert!(
            builds
                .iter()
                .all(|(_, flags)| !flags.iter().any(|f| f == "--out" || f == "--root")),
            "{name}: build into the default public/ at the hub's root"
        );
        assert!(
            text.contains("public/.guildhall"),
            "{name} should keep public/.guildhall out of the upload"
        );
        if name != "s3.sh" {
            assert!(
                text.contains("cargo install --locked guildhall")
                    || text.contains("cargo install --locked --force guildhall"),
                "{name} installs guildhall with cargo install --locked"
            );
        }
        assert!(
            readme.contains(&format!("]({name})")),
            "examples/deploy/README.md should link {name}"
        );
    }
}

/// Whether `sh -n` accepts a command, with GitHub's `${{ ... }}` expressions filled in first.
fn shell_parses(command: &str) -> Result<(), String> {
    let expression = Regex::new(r"\$\{\{[^}]*\}\}").unwrap();
    let command = expression.replace_all(command, "value");
    let output = Command::new("sh")
        .args(["-n", "-c", &command])
        .output()
        .expect("sh runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn every_shell_command_in_the_recipes_parses() {
    let mut commands = Vec::new();
    for recipe in ["github-pages.yml", "cloudflare-pages.yml"] {
        let workflow = yaml(recipe);
        for job in at(&workflow, "/jobs", recipe).as_object().unwrap().keys() {
            for step in steps(&workflow, job, recipe) {
                if let Some(run) = step["run"].as_str() {
                    commands.push((recipe, run.to_string()));
                }
            }
        }
    }
    let pipeline = yaml("gitlab-ci.yml");
    for line in at(&pipeline, "/pages/script", "gitlab-ci.yml")
        .as_array()
        .unwrap()
    {
        commands.push(("gitlab-ci.yml", text(line).to_string()));
    }
    let config = netlify();
    commands.push(("netlify.toml", netlify_command(&config, None).to_string()));
    for context in ["deploy-preview", "branch-deploy"] {
        commands.push((
            "netlify.toml",
            netlify_command(&config, Some(context)).to_string(),
        ));
    }
    assert!(
        commands.len() > 10,
        "found only {} commands",
        commands.len()
    );
    for (recipe, command) in commands {
        if let Err(error) = shell_parses(&command) {
            panic!("examples/deploy/{recipe}: `{command}` does not parse: {error}");
        }
    }
    assert!(
        shell_parses("guildhall build && (").is_err(),
        "sh -n catches errors"
    );
}
